//go:build linux

package bench

import (
	"bytes"
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

// TestStreamCountsWhatIsMissing feeds stream the pattern as a TCP client
// would receive it, with pieces missing or wrong, and checks that what it
// counts as lost (all it did not match) is exactly that.
func TestStreamCountsWhatIsMissing(t *testing.T) {
	pat := pattern()
	const total = 3 * patternSize // crosses the pattern's wrap twice
	at := func(off, n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = pat[(off+i)%patternSize]
		}
		return b
	}
	type cut struct{ off, n int } // bytes left out
	tests := []struct {
		name  string
		cuts  []cut
		wrong []int // offsets of bytes received wrong
		slack int   // bytes that may be counted lost besides
	}{
		{name: "all there"},
		{name: "one byte", cuts: []cut{{1000, 1}}},
		// Gaps are found to within a multiple of 2048 bytes: after a big
		// one stream is out of step with the pattern's wrap, and may
		// count a few bytes there as wrong.
		{name: "gaps", cuts: []cut{{5000, 100}, {20000, 4101}, {300000, 70001}, {2*patternSize + 9, 55555}}, slack: 64},
		{name: "a period of the bytes", cuts: []cut{{7000, 2048}, {9500, 3 * 2048}}},
		{name: "wrong bytes", wrong: []int{17, 18, 40000, patternSize + 3}},
		// The bytes just after the wrap match no place near the gap's
		// start.
		{name: "across the wrap", cuts: []cut{{patternSize - 10000, 9990}}, slack: 64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sent []byte
			want := 0
			for off := 0; off < total; {
				end := total
				for _, c := range tt.cuts {
					if c.off == off {
						off += c.n
						want += c.n
					}
					if c.off > off && c.off < end {
						end = c.off
					}
				}
				if off < end {
					sent = append(sent, at(off, end-off)...)
					off = end
				}
			}
			for _, w := range tt.wrong {
				sent[w] ^= 0x55
				want++
			}
			s := stream{pat: pat}
			// Reads of odd sizes, as TCP gives them.
			for i, n := 0, 1; i < len(sent); n = n*7%65521 + 1 {
				m := min(n, len(sent)-i)
				s.add(sent[i : i+m])
				i += m
			}
			if lost := total - s.matched; lost < want || lost > want+tt.slack {
				t.Fatalf("counted %d bytes lost, want %d (slack %d)", lost, want, tt.slack)
			}
		})
	}
}

// TestTCPClientEnds checks that a TCP client stops at the end marker, even
// one split across reads, and hands on the data before it.
func TestTCPClientEnds(t *testing.T) {
	server, conn := net.Pipe()
	defer server.Close()
	defer conn.Close()
	go func() {
		server.Write([]byte("data"))
		server.Write(endMarker[:5]) // the first marker split, as a slow client may read it
		server.Write(endMarker[5:])
		server.Write(append(endMarker, "after"...))
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []byte
	c := &tcpClient{conn: conn}
	if err := c.receive(ctx, func(b []byte) bool {
		got = append(got, b...)
		return false
	}, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, []byte("data")) || bytes.Contains(got, []byte("after")) {
		t.Fatalf("got %q", got)
	}

	// Nothing comes: the context ends the wait.
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if err := c.receive(ctx, func([]byte) bool { return false }, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("receive after cancel: %v", err)
	}
}
