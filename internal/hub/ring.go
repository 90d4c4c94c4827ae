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

// Bytes returns a copy of the bytes held, oldest first.
func (r *ring) Bytes() []byte {
	out := make([]byte, r.n)
	c := copy(out, r.buf[r.start:min(r.start+r.n, len(r.buf))])
	copy(out[c:], r.buf[:r.n-c])
	return out
}
