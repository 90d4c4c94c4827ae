package hub

import (
	"iter"
	"time"
)

// A port's bytes live in pages: blocks of pageSize bytes that are filled
// once, in order, and never written again below their length. A chunk
// handed to subscribers, and a replay of the scrollback, are slices of
// pages, shared by every subscriber and never copied per subscriber; the
// garbage collector frees a page once the scrollback has moved past it
// and no queue holds a slice of it.
//
// Each page also keeps the read time of every chunk in it (a mark), so the
// time a byte was read travels with it, into the scrollback and out to
// every client, as it does into the capture.

// pageSize is the size of a page: a reader's chunk (readSize) spans at
// most three.
const pageSize = 16 << 10

// A Chunk is bytes the device delivered in one read.
type Chunk struct {
	// Data is the bytes. It is shared with other subscribers: never
	// modify it.
	Data []byte
	// Offset is the stream offset of Data[0]: the number of bytes the port
	// read before it.
	Offset uint64
	// Time is when the port read Data from the device.
	Time time.Time
}

// mark records that the bytes of a page from index at on were read at t
// (until the next mark).
type mark struct {
	at int
	t  time.Time
}

// page is a block of a port's stream. Only the port's reader appends to it,
// under the port's lock; slices of it below their length never change.
type page struct {
	off   uint64 // stream offset of data[0]
	data  []byte // capacity pageSize
	marks []mark // marks[0].at == 0; at increasing
}

// scrollback keeps the newest size bytes of a port's stream (and up to a
// page more) with their read times. It is not safe for concurrent use; Port
// guards it with its mutex.
type scrollback struct {
	size  int
	pages []*page // oldest first; the last one is being filled
	held  int     // bytes in pages
	next  uint64  // stream offset of the next byte
}

func newScrollback(size int) *scrollback { return &scrollback{size: max(size, 0)} }

// Write appends b, read at t, and returns it as chunks of pages (one, or
// more when b crosses a page boundary) for the subscribers. b is copied.
func (s *scrollback) Write(b []byte, t time.Time, out []Chunk) []Chunk {
	for len(b) > 0 {
		p := s.tail()
		if len(p.data) == cap(p.data) {
			p = &page{off: s.next, data: make([]byte, 0, pageSize)}
			s.pages = append(s.pages, p)
		}
		at := len(p.data)
		n := min(len(b), cap(p.data)-at)
		p.data = append(p.data, b[:n]...)
		if k := len(p.marks); k == 0 || !p.marks[k-1].t.Equal(t) {
			p.marks = append(p.marks, mark{at: at, t: t})
		}
		out = append(out, Chunk{Data: p.data[at : at+n : at+n], Offset: s.next, Time: t})
		s.next += uint64(n)
		s.held += n
		b = b[n:]
	}
	// Drop whole pages the scrollback no longer needs, keeping the one
	// being filled.
	for len(s.pages) > 1 && s.held-len(s.pages[0].data) >= s.size {
		s.held -= len(s.pages[0].data)
		s.pages[0] = nil
		s.pages = s.pages[1:]
	}
	return out
}

// Skip notes that the stream's next n bytes were lost before they came:
// offsets move on by n, and the scrollback is emptied, so that a replay
// never runs across the hole (a client resuming from before it is told
// how many bytes it missed, the hole with them).
func (s *scrollback) Skip(n uint64) {
	clear(s.pages)
	s.pages, s.held = s.pages[:0], 0
	s.next += n
}

// tail returns the page being filled, making the first one if need be.
func (s *scrollback) tail() *page {
	if len(s.pages) == 0 {
		s.pages = append(s.pages, &page{off: s.next, data: make([]byte, 0, pageSize)})
	}
	return s.pages[len(s.pages)-1]
}

// Len returns the bytes a replay can give: at most size.
func (s *scrollback) Len() int { return min(s.held, s.size) }

// Since returns a Replay of the bytes from stream offset from on, which
// must be within the last Len bytes. It copies no bytes: the Replay holds
// slices of the pages as they are now.
func (s *scrollback) Since(from uint64) *Replay {
	r := &Replay{Offset: from, Len: int(s.next - from)}
	for _, p := range s.pages {
		end := p.off + uint64(len(p.data))
		if end <= from || len(p.data) == 0 {
			continue
		}
		r.pages = append(r.pages, pageView{off: p.off, data: p.data[:len(p.data):len(p.data)], marks: p.marks[:len(p.marks):len(p.marks)]})
	}
	return r
}

// Replay is a port's scrollback as a new subscriber gets it: Len bytes from
// stream offset Offset, with their read times. It is shared with nothing
// that changes it and may be read from any goroutine.
type Replay struct {
	Offset uint64 // stream offset of the first byte
	Len    int    // bytes
	pages  []pageView
}

// pageView is a page as it was when a Replay was taken.
type pageView struct {
	off   uint64
	data  []byte
	marks []mark
}

// Chunks yields the replay's bytes in order, as runs read at one time.
func (r *Replay) Chunks() iter.Seq[Chunk] {
	return func(yield func(Chunk) bool) {
		for _, p := range r.pages {
			for i, m := range p.marks {
				end := len(p.data)
				if i+1 < len(p.marks) {
					end = p.marks[i+1].at
				}
				from, to := p.off+uint64(m.at), p.off+uint64(end)
				if to <= r.Offset {
					continue
				}
				from = max(from, r.Offset)
				data := p.data[from-p.off : end]
				if len(data) == 0 {
					continue
				}
				if !yield(Chunk{Data: data, Offset: from, Time: m.t}) {
					return
				}
			}
		}
	}
}

// Bytes returns a copy of the replay's bytes.
func (r *Replay) Bytes() []byte {
	out := make([]byte, 0, r.Len)
	for c := range r.Chunks() {
		out = append(out, c.Data...)
	}
	return out
}
