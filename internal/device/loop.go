package device

import (
	"fmt"
	"sync"
)

// Loop is a loopback device (loop://): every byte written is read back, in
// order. Writes block while 64 chunks are waiting to be read, as a real line
// would push back with flow control.
type Loop struct {
	ch   chan []byte   // written chunks, each a private copy
	done chan struct{} // closed by Close
	once sync.Once

	r chunkReader // owned by the reader

	nullModem // its controls: a null-modem plug
}

// NewLoop returns an open loopback device.
func NewLoop() *Loop {
	l := &Loop{ch: make(chan []byte, 64), done: make(chan struct{}), nullModem: newNullModem(DefaultSettings)}
	l.r = chunkReader{name: "loop://", ch: l.ch, done: l.done}
	return l
}

// Read blocks until written data is available or the device is closed.
func (l *Loop) Read(p []byte) (int, error) { return l.r.Read(p) }

// Write queues a copy of p to be read back.
func (l *Loop) Write(p []byte) (int, error) {
	select {
	case <-l.done:
		return 0, fmt.Errorf("write loop://: %w", ErrClosed)
	default:
	}
	if len(p) == 0 {
		return 0, nil
	}
	select {
	case l.ch <- append([]byte(nil), p...):
		return len(p), nil
	case <-l.done:
		return 0, fmt.Errorf("write loop://: %w", ErrClosed)
	}
}

// Close closes the device; it is idempotent.
func (l *Loop) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// SetBreak starts or ends a break; a loopback has no line to break.
func (l *Loop) SetBreak(on bool) error {
	l.setBreak(on)
	return nil
}
