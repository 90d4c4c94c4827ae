package trigger

import "time"

// window is the end of one direction's stream, kept so that a match may
// span the chunks the device was read in: at most the last
// protocol.MaxTriggerMatch bytes after each chunk's matching, with the
// read time of each chunk, so that a match's time is that of its last
// byte.
type window struct {
	buf   []byte
	start uint64 // the stream offset (counted by the engine) of buf[0]
	marks []mark // the chunks of buf, in order
}

// mark says the bytes up to offset end were read at t.
type mark struct {
	end uint64
	t   time.Time
}

func (w *window) end() uint64 { return w.start + uint64(len(w.buf)) }

func (w *window) add(b []byte, t time.Time) {
	w.buf = append(w.buf, b...)
	w.marks = append(w.marks, mark{end: w.end(), t: t})
}

// timeOf returns the read time of the byte just before offset end.
func (w *window) timeOf(end uint64) time.Time {
	for _, m := range w.marks {
		if m.end >= end {
			return m.t
		}
	}
	return w.marks[len(w.marks)-1].t
}

// trim keeps the last n bytes.
func (w *window) trim(n int) {
	if len(w.buf) <= n {
		return
	}
	cut := len(w.buf) - n
	w.start += uint64(cut)
	w.buf = w.buf[:copy(w.buf, w.buf[cut:])] // at most n bytes moved; the array is kept
	i := 0
	for i < len(w.marks) && w.marks[i].end <= w.start {
		i++
	}
	w.marks = w.marks[:copy(w.marks, w.marks[i:])]
}

// skip forgets what the window holds: the stream has a hole here.
func (w *window) skip() {
	w.start = w.end() + 1 // no match spans the hole
	w.buf, w.marks = nil, nil
}
