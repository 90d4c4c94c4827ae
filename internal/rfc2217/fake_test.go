package rfc2217

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// testTimeout bounds every wait of the tests; nothing waits for it to pass.
const testTimeout = 10 * time.Second

// fakePort is a Port in memory that records what sessions do to it. With
// echo set it is a loopback: what is written comes back to every stream, as
// from a device.
type fakePort struct {
	echo bool // static

	mu       sync.Mutex
	settings device.Settings
	lines    device.Lines
	brk      bool
	modem    *device.Modem // nil: the device has no modem lines
	fixed    bool          // data bits and parity cannot change, as on a pty
	noLines  bool          // SetLines and SetBreak are not supported, as on a pty
	refuse   error         // returned by every control, which then changes nothing (a write lock)
	written  []byte        // everything written to the device
	calls    []string      // control calls, in order
	streams  map[*fakeStream]bool
	changed  chan struct{} // closed and replaced on every change
	subErr   error         // returned by Subscribe
	paused   int           // bytes sessions reported lost while their client paused the flow
}

// Paused makes fakePort a LossReporter.
func (p *fakePort) Paused(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paused += n
}

func (p *fakePort) pausedBytes() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

func newFakePort() *fakePort {
	return &fakePort{
		settings: device.DefaultSettings,
		lines:    device.DefaultLines,
		streams:  map[*fakeStream]bool{},
		changed:  make(chan struct{}),
	}
}

// changedLocked wakes the waiters; p.mu is held.
func (p *fakePort) changedLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *fakePort) call(format string, args ...any) {
	p.calls = append(p.calls, fmt.Sprintf(format, args...))
	p.changedLocked()
}

func (p *fakePort) Settings() device.Settings {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.settings
}

func (p *fakePort) SetSettings(ctx context.Context, s device.Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refuse != nil {
		p.call("refused %s", s)
		return p.refuse
	}
	if p.fixed && (s.DataBits != p.settings.DataBits || s.Parity != p.settings.Parity) {
		p.call("refused %s", s)
		return fmt.Errorf("set %s: invalid argument: %w", s, device.ErrNotSupported)
	}
	p.settings = s
	p.call("settings %s", s)
	p.publishLocked(Event{Settings: &s})
	return nil
}

func (p *fakePort) SetLines(ctx context.Context, dtr, rts *bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if dtr != nil {
		p.call("dtr %v", *dtr)
	}
	if rts != nil {
		p.call("rts %v", *rts)
	}
	if p.refuse != nil {
		return p.refuse
	}
	if p.noLines {
		return fmt.Errorf("set lines: %w", device.ErrNotSupported)
	}
	if dtr != nil {
		p.lines.DTR = *dtr
	}
	if rts != nil {
		p.lines.RTS = *rts
	}
	return nil
}

func (p *fakePort) SetBreak(ctx context.Context, on bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.call("break %v", on)
	if p.refuse != nil {
		return p.refuse
	}
	if p.noLines {
		return fmt.Errorf("set break: %w", device.ErrNotSupported)
	}
	p.brk = on
	return nil
}

func (p *fakePort) Modem(ctx context.Context) (device.Modem, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.modem == nil {
		return device.Modem{}, fmt.Errorf("modem lines: %w", device.ErrNotSupported)
	}
	return *p.modem, nil
}

func (p *fakePort) Write(ctx context.Context, b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.written = append(p.written, b...)
	p.changedLocked()
	if p.echo {
		p.publishLocked(Event{Data: append([]byte(nil), b...)})
	}
	return nil
}

func (p *fakePort) Subscribe() (Stream, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.subErr != nil {
		return nil, p.subErr
	}
	s := &fakeStream{port: p, ch: make(chan Event, 1024), done: make(chan struct{})}
	p.streams[s] = true
	p.changedLocked()
	return s, nil
}

// setModem changes the modem lines and tells the streams.
func (p *fakePort) setModem(m device.Modem) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.modem = &m
	p.publishLocked(Event{Modem: &m})
}

// publish sends ev to every stream.
func (p *fakePort) publish(ev Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.publishLocked(ev)
}

func (p *fakePort) publishLocked(ev Event) {
	for s := range p.streams {
		select {
		case s.ch <- ev:
		default:
			panic("fake stream full")
		}
	}
}

// closeStreams ends every stream, as a port that closes.
func (p *fakePort) closeStreams() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.streams {
		s.closeLocked()
	}
}

// waitFor waits until cond, called with p.mu held, is true.
func (p *fakePort) waitFor(t *testing.T, what string, cond func(p *fakePort) bool) {
	t.Helper()
	timer := time.NewTimer(testTimeout)
	defer timer.Stop()
	for {
		p.mu.Lock()
		ok, ch := cond(p), p.changed
		p.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			p.mu.Lock()
			defer p.mu.Unlock()
			t.Fatalf("timed out waiting for %s; calls %q, written %q", what, p.calls, p.written)
		}
	}
}

func (p *fakePort) subscribers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.streams)
}

type fakeStream struct {
	port *fakePort
	ch   chan Event
	done chan struct{} // closed by close; guarded by port.mu
}

func (s *fakeStream) Next(ctx context.Context) (Event, error) {
	select {
	case ev := <-s.ch:
		return ev, nil
	default:
	}
	select {
	case ev := <-s.ch:
		return ev, nil
	case <-s.done:
		return Event{}, errors.New("stream closed")
	case <-ctx.Done():
		return Event{}, ctx.Err()
	}
}

func (s *fakeStream) Close() {
	s.port.mu.Lock()
	defer s.port.mu.Unlock()
	s.closeLocked()
}

func (s *fakeStream) closeLocked() {
	if s.port.streams[s] {
		delete(s.port.streams, s)
		close(s.done)
		s.port.changedLocked()
	}
}

// testServer serves port on 127.0.0.1 with srv until the test ends.
type testServer struct {
	addr string
	errs chan error // each session's result
}

func startServer(t *testing.T, port Port, srv *Server) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{addr: ln.Addr().String(), errs: make(chan error, 100)}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { ts.errs <- srv.Serve(ctx, conn, port) })
		}
	})
	t.Cleanup(func() {
		cancel()
		ln.Close()
		wg.Wait()
	})
	return ts
}

// sessionResult waits for the next session to end and returns its error.
func (ts *testServer) sessionResult(t *testing.T) error {
	t.Helper()
	select {
	case err := <-ts.errs:
		return err
	case <-time.After(testTimeout):
		t.Fatal("timed out waiting for a session to end")
		return nil
	}
}
