package hub

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"
)

// TestScrollbackMatchesModel writes random chunks, each read at its own
// time, and checks every replay the scrollback can give against the
// obvious model: the tail of everything written, each byte with the time of
// the chunk it came in.
func TestScrollbackMatchesModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for round := range 80 {
		size := []int{0, 1, 7, pageSize - 1, pageSize, pageSize + 3, 3 * pageSize}[rng.IntN(7)]
		s := newScrollback(size)
		var all []byte
		var times []time.Time // times[i]: when byte i was read
		for i := range rng.IntN(25) {
			n := 1 + rng.IntN([]int{4, 100, 2 * pageSize}[rng.IntN(3)])
			b := make([]byte, n)
			for j := range b {
				b[j] = byte(rng.IntN(256))
			}
			at := base.Add(time.Duration(round*1000+i) * time.Millisecond)
			chunks := s.Write(b, at, nil)
			// The live chunks are b, in order, at their offsets and time.
			var got []byte
			for _, c := range chunks {
				if c.Offset != uint64(len(all)+len(got)) || !c.Time.Equal(at) {
					t.Fatalf("round %d: chunk at offset %d time %v, want %d, %v", round, c.Offset, c.Time, len(all)+len(got), at)
				}
				got = append(got, c.Data...)
			}
			if !bytes.Equal(got, b) {
				t.Fatalf("round %d: chunks do not add up to the write", round)
			}
			all = append(all, b...)
			for range b {
				times = append(times, at)
			}
		}
		if s.next != uint64(len(all)) {
			t.Fatalf("round %d: next %d, want %d", round, s.next, len(all))
		}
		want := min(size, len(all))
		if s.Len() != want {
			t.Fatalf("round %d (size %d): Len %d, want %d", round, size, s.Len(), want)
		}
		for _, from := range []int{len(all) - want, len(all) - want/2, len(all)} {
			r := s.Since(uint64(from))
			if r.Offset != uint64(from) || r.Len != len(all)-from {
				t.Fatalf("round %d: replay from %d: offset %d len %d", round, from, r.Offset, r.Len)
			}
			off := from
			for c := range r.Chunks() {
				if c.Offset != uint64(off) {
					t.Fatalf("round %d: replay chunk at %d, want %d", round, c.Offset, off)
				}
				if !bytes.Equal(c.Data, all[off:off+len(c.Data)]) {
					t.Fatalf("round %d: replay bytes at %d differ", round, off)
				}
				for i := range c.Data {
					if !times[off+i].Equal(c.Time) {
						t.Fatalf("round %d: byte %d replayed with time %v, read at %v", round, off+i, c.Time, times[off+i])
					}
				}
				off += len(c.Data)
			}
			if off != len(all) {
				t.Fatalf("round %d: replay from %d ended at %d, want %d", round, from, off, len(all))
			}
		}
		// Pages the scrollback no longer needs are let go: at most a page
		// beyond its size is held.
		if s.held > size+pageSize {
			t.Fatalf("round %d: holds %d bytes for a scrollback of %d", round, s.held, size)
		}
	}
}

// TestReplayIsNotChangedByLaterWrites: a replay handed to a subscriber is
// a view of the pages as they were, whatever the reader writes next.
func TestReplayIsNotChangedByLaterWrites(t *testing.T) {
	s := newScrollback(pageSize)
	now := time.Now()
	s.Write([]byte("before"), now, nil)
	r := s.Since(0)
	for range 3 {
		s.Write(bytes.Repeat([]byte("x"), pageSize), now, nil)
	}
	if got := string(r.Bytes()); got != "before" {
		t.Fatalf("replay = %q, want %q", got, "before")
	}
}
