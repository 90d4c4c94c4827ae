package firmware

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultBaud is the line speed of an emulator whose SetBaud was never
// called.
const DefaultBaud = 115200

// chunk is the most bytes the emulators read or write in one batch: small
// enough that the firmware sees its receive buffer fill about as a real one
// would, large enough that the pacing timer fires rarely.
const chunk = 64

// wire is a line's speed, shared by SetBaud and the pacing goroutines.
type wire struct {
	baud atomic.Int64 // bits per second; 0 means DefaultBaud
}

// set changes the speed; a baud rate that is not positive is ignored.
func (w *wire) set(baud int) {
	if baud > 0 {
		w.baud.Store(int64(baud))
	}
}

// time is how long n bytes take on the wire: ten bits each (8N1).
func (w *wire) time(n int) time.Duration {
	baud := w.baud.Load()
	if baud <= 0 {
		baud = DefaultBaud
	}
	return time.Duration(n) * 10 * time.Second / time.Duration(baud)
}

// txQueue is what the firmware has to send, waiting for the transmitter.
// It never blocks its writers: the firmware's main loop and its serial
// interrupt both write to it.
type txQueue struct {
	ready chan struct{} // capacity 1: signalled when bytes are added

	mu  sync.Mutex
	buf []byte // guarded by mu
}

func newTxQueue() *txQueue { return &txQueue{ready: make(chan struct{}, 1)} }

// write queues s to be sent.
func (q *txQueue) write(s string) {
	q.mu.Lock()
	q.buf = append(q.buf, s...)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default: // the transmitter is already told
	}
}

// take removes and returns up to n queued bytes.
func (q *txQueue) take(n int) []byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	n = min(n, len(q.buf))
	b := append([]byte(nil), q.buf[:n]...)
	q.buf = q.buf[n:]
	if len(q.buf) == 0 {
		q.buf = nil
	}
	return b
}

// machine is a firmware's state. Its methods are called with the mutex
// serve is given held, from the serial interrupt (receive) and from the
// main loop (start, step).
type machine interface {
	// start prints the banner.
	start(now time.Time)
	// receive takes bytes as they arrive, as a serial interrupt does.
	receive(b []byte)
	// step runs the firmware up to now and returns when it next needs to
	// run (a move or a dwell ends), or the zero time if only input can
	// wake it.
	step(now time.Time) time.Time
}

// deadliner is a stream whose blocked reads and writes a deadline wakes
// (net.Conn, a pollable *os.File).
type deadliner interface {
	SetDeadline(time.Time) error
}

// serve runs m on conn until ctx ends or conn fails: a receiver goroutine
// (the serial interrupt), a transmitter goroutine and the main loop, which
// runs here. It waits for both goroutines before it returns.
func serve(ctx context.Context, conn io.ReadWriter, w *wire, mu *sync.Mutex, m machine, tx *txQueue) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wake := make(chan struct{}, 1) // signalled when input arrives
	errc := make(chan error, 2)    // the goroutines' failures
	var wg sync.WaitGroup
	defer wg.Wait()
	// When serve ends, wake the goroutines from conn's reads and writes:
	// a deadline in the past where conn takes one; otherwise the caller
	// closes conn (see Grbl.Serve).
	defer func() {
		cancel()
		if d, ok := conn.(deadliner); ok {
			d.SetDeadline(time.Unix(1, 0))
		}
	}()

	mu.Lock()
	m.start(time.Now())
	mu.Unlock()
	wg.Go(func() {
		err := receive(ctx, conn, w, func(b []byte) {
			mu.Lock()
			m.receive(b)
			mu.Unlock()
			select {
			case wake <- struct{}{}:
			default:
			}
		})
		if err != nil {
			errc <- err
		}
	})
	wg.Go(func() {
		if err := transmit(ctx, conn, w, tx); err != nil {
			errc <- err
		}
	})

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		mu.Lock()
		next := m.step(time.Now())
		mu.Unlock()
		if next.IsZero() {
			timer.Stop()
		} else {
			timer.Reset(time.Until(next))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errc:
			return err
		case <-wake:
		case <-timer.C:
		}
	}
}

// receive reads conn in batches, holds each batch until its last byte
// would have arrived at the current baud rate, and hands it to isr. It
// returns nil when ctx ends, or the error that ended the reading.
func receive(ctx context.Context, conn io.Reader, w *wire, isr func([]byte)) error {
	buf := make([]byte, chunk)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var arrival time.Time // the virtual arrival time of the last byte received
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			arrival = later(arrival, time.Now()).Add(w.time(n))
			timer.Reset(time.Until(arrival))
			select {
			case <-timer.C:
			case <-ctx.Done():
				return nil
			}
			isr(buf[:n])
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("firmware: read: the line closed: %w", err)
			}
			return fmt.Errorf("firmware: read: %w", err)
		}
	}
}

// transmit sends what tx holds in batches, each when its last byte would
// have left at the current baud rate. It returns nil when ctx ends, or
// the error that ended the writing.
func transmit(ctx context.Context, conn io.Writer, w *wire, tx *txQueue) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var departure time.Time // the virtual time the last byte sent was on the wire
	for {
		b := tx.take(chunk)
		if len(b) == 0 {
			select {
			case <-tx.ready:
				continue
			case <-ctx.Done():
				return nil
			}
		}
		departure = later(departure, time.Now()).Add(w.time(len(b)))
		timer.Reset(time.Until(departure))
		select {
		case <-timer.C:
		case <-ctx.Done():
			return nil
		}
		if _, err := conn.Write(b); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("firmware: write: %w", err)
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
