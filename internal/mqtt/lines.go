package mqtt

import "bytes"

// MaxLine is the longest line published: a longer one is published in
// pieces of MaxLine bytes.
const MaxLine = 4096

// lineSplitter cuts a byte stream into lines: LF ends a line, a CR
// before it is removed. Used by one goroutine.
type lineSplitter struct {
	buf []byte // the line so far, at most MaxLine bytes
}

// feed appends b and calls emit with each line it completes (without
// its LF or CR; emit must copy it to keep it).
func (s *lineSplitter) feed(b []byte, emit func([]byte)) {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		part := b
		if i >= 0 {
			part = b[:i]
		}
		for len(s.buf)+len(part) >= MaxLine && !(i >= 0 && len(s.buf)+len(part) == MaxLine) {
			n := MaxLine - len(s.buf)
			s.buf = append(s.buf, part[:n]...)
			emit(s.buf)
			s.buf = s.buf[:0]
			part = part[n:]
		}
		s.buf = append(s.buf, part...)
		if i < 0 {
			return
		}
		emit(bytes.TrimSuffix(s.buf, []byte("\r")))
		s.buf = s.buf[:0]
		b = b[i+1:]
	}
}

// reset forgets a partial line (bytes were lost in the middle of it).
func (s *lineSplitter) reset() { s.buf = s.buf[:0] }
