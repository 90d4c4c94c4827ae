package hub

// ring keeps the last len(buf) bytes written to it: a port's scrollback.
// It is not safe for concurrent use; Port guards it with its mutex.
type ring struct {
	buf   []byte
	start int // index of the oldest byte
	n     int // bytes held, at most len(buf)
}

func newRing(size int) *ring { return &ring{buf: make([]byte, size)} }

// Write appends p, overwriting the oldest bytes once the ring is full.
func (r *ring) Write(p []byte) {
	size := len(r.buf)
	if size == 0 {
		return
	}
	if len(p) >= size {
		copy(r.buf, p[len(p)-size:])
		r.start, r.n = 0, size
		return
	}
	end := (r.start + r.n) % size
	c := copy(r.buf[end:], p)
	copy(r.buf, p[c:])
	r.n += len(p)
	if r.n > size {
		r.start = (r.start + r.n - size) % size
		r.n = size
	}
}

// Len returns the number of bytes held.
func (r *ring) Len() int { return r.n }

// Bytes returns a copy of the bytes held, oldest first.
func (r *ring) Bytes() []byte { return r.Last(r.n) }

// Last returns a copy of the newest n bytes held; n must be at most Len.
func (r *ring) Last(n int) []byte {
	out := make([]byte, n)
	if n == 0 {
		return out
	}
	from := (r.start + r.n - n) % len(r.buf)
	c := copy(out, r.buf[from:min(from+n, len(r.buf))])
	copy(out[c:], r.buf[:n-c])
	return out
}
