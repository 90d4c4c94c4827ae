package hub

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestRing(t *testing.T) {
	tests := []struct {
		name   string
		size   int
		writes []string
		want   string
	}{
		{"empty", 4, nil, ""},
		{"partial", 8, []string{"abc"}, "abc"},
		{"exactly full", 4, []string{"ab", "cd"}, "abcd"},
		{"wraps", 4, []string{"abc", "def"}, "cdef"},
		{"write larger than ring", 4, []string{"x", "abcdefgh"}, "efgh"},
		{"many wraps", 3, []string{"a", "b", "c", "d", "e", "f", "g"}, "efg"},
		{"zero size keeps nothing", 0, []string{"abc"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRing(tt.size)
			for _, w := range tt.writes {
				r.Write([]byte(w))
			}
			if got := string(r.Bytes()); got != tt.want {
				t.Fatalf("Bytes() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRingMatchesTail checks the ring against the obvious model: the tail
// of everything written.
func TestRingMatchesTail(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		size := rng.IntN(64) + 1
		r := newRing(size)
		var all []byte
		for range rng.IntN(20) {
			p := make([]byte, rng.IntN(100))
			for i := range p {
				p[i] = byte(rng.IntN(256))
			}
			r.Write(p)
			all = append(all, p...)
		}
		want := all[max(0, len(all)-size):]
		if got := r.Bytes(); !bytes.Equal(got, want) {
			t.Fatalf("size %d: Bytes() = %x, want %x", size, got, want)
		}
		if r.Len() != len(want) {
			t.Fatalf("size %d: Len() = %d, want %d", size, r.Len(), len(want))
		}
		for n := range r.Len() + 1 {
			if got := r.Last(n); !bytes.Equal(got, want[len(want)-n:]) {
				t.Fatalf("size %d: Last(%d) = %x, want %x", size, n, got, want[len(want)-n:])
			}
		}
	}
}
