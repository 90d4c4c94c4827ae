package device

import "fmt"

// chunkReader reads a stream handed over as chunks on a channel: the read
// side of the in-process devices (loop://, sim://). It is owned by the
// device's single reader.
type chunkReader struct {
	name    string          // for errors, e.g. "loop://"
	ch      <-chan []byte   // chunks, never modified after they are sent
	done    <-chan struct{} // closed when the device closes
	pending []byte          // the rest of the current chunk
}

// Read blocks until a chunk is available or the device is closed.
func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.pending) == 0 {
		select {
		case b := <-r.ch:
			r.pending = b
		case <-r.done:
			return 0, fmt.Errorf("read %s: %w", r.name, ErrClosed)
		}
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}
