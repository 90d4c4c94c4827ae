package firmware

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzMarlinLine checks the parser of Marlin's numbered lines on any
// input: it never panics, the checksum is the XOR of the bytes before the
// last '*', and a line formatted again from what it read reads the same.
func FuzzMarlinLine(f *testing.F) {
	for _, s := range []string{"N1 G1 X1*95", "M105", "N-5 M110 N0*12", "  N 7 G28 * 1", "N*", "*", "N99999999999999999999999 G1*3", "G1 X1*x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := parseMarlinLine(s)
		body := strings.TrimLeft(s, " ")
		if i := strings.LastIndexByte(body, '*'); i >= 0 != l.HasSum {
			t.Fatalf("%q: HasSum %v", s, l.HasSum)
		} else if i >= 0 {
			var sum byte
			for _, c := range []byte(body[:i]) {
				sum ^= c
			}
			if sum != l.Computed {
				t.Fatalf("%q: computed %d, want %d", s, l.Computed, sum)
			}
		}
		if strings.ContainsAny(s, "\r\n") || !l.Numbered {
			return
		}
		again := fmt.Sprintf("N%d %s", l.N, l.Cmd)
		var sum byte
		for _, c := range []byte(again) {
			sum ^= c
		}
		again = fmt.Sprintf("%s*%d", again, sum)
		l2 := parseMarlinLine(again)
		if !l2.Numbered || l2.N != l.N || l2.Cmd != l.Cmd || !l2.HasSum || l2.Sum != int64(l2.Computed) {
			t.Fatalf("%q read %+v; formatted again %q read %+v", s, l, again, l2)
		}
	})
}

// FuzzMarlinInput feeds any bytes to Marlin's state as if they arrived on
// the line: it never panics and never holds more than its buffer and
// queue allow.
func FuzzMarlinInput(f *testing.F) {
	f.Add([]byte("N1 G1 X1*95\nN2 G4 P1*1\nM110 N5\r\nG1 X1 ; c\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &marlin{corrupt: 0.5, rng: newRand(1), busy: time.Millisecond, slots: 4, bufSize: 128, log: &Log{}, tx: newTxQueue()}
		now := time.Unix(0, 0)
		for len(b) > 0 {
			n := min(len(b), 17)
			s.receive(b[:n])
			b = b[n:]
			s.step(now)
			now = now.Add(time.Millisecond)
			if len(s.rx) > s.bufSize || len(s.queue) > s.slots {
				t.Fatalf("rx %d bytes, queue %d commands", len(s.rx), len(s.queue))
			}
		}
	})
}
