// Package hub shares each device with any number of subscribers.
//
// A Port owns one device. One goroutine reads it with blocking reads and
// hands every chunk to the port's scrollback ring and to each Subscriber's
// bounded queue without ever waiting on a subscriber; another goroutine
// writes what all clients send, one write at a time. A subscriber that falls
// behind loses whole chunks, never parts of them, and finds a Message with
// Missed set at the exact place of the gap; the port counts every byte so
// dropped.
package hub

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/serialhub/serialhub/internal/device"
)

// Errors callers test for. The port's controls also return errors wrapping
// device.ErrNotSupported when the device lacks a control.
var (
	// ErrNotOpen is returned by Write and Break while the port's device is
	// not open.
	ErrNotOpen = errors.New("port is not open")
	// ErrClosed is returned once the port or the subscriber is closed.
	ErrClosed = errors.New("port closed")
)

// State is the state of a port's device.
type State string

// The states of a port.
const (
	StateOpening State = "opening" // the device is being opened
	StateOpen    State = "open"    // the device is open and being read
	StateError   State = "error"   // the device could not be opened yet; Info.Error says why; retrying
	StateClosed  State = "closed"  // the port was closed

	// StateDisconnected: the device was open and went away (unplugged, a
	// read error); Info.Error says why. The port reopens it when it can.
	StateDisconnected State = "disconnected"
)

// Defaults for Config.
const (
	DefaultScrollback   = 64 << 10 // bytes of recent output replayed to a new subscriber
	DefaultClientBuffer = 1 << 20  // bytes a subscriber may have queued before it loses data

	DefaultRetryMin = 250 * time.Millisecond // first wait before reopening a device
	DefaultRetryMax = 5 * time.Second        // longest wait between attempts
)

// At most modemEventRate status messages a second (after a burst of
// modemEventBurst) come from modem lines the device changes by itself.
const (
	modemEventRate  = 50
	modemEventBurst = 10
)

// chunkOverhead is what a queued message costs a subscriber's budget on top
// of its bytes, so that a queue of one-byte reads is bounded too.
const chunkOverhead = 64

// readSize is the size of the reader's buffer.
const readSize = 32 << 10

// Config describes a port. The zero values of the optional fields take the
// defaults documented beside them.
type Config struct {
	Name        string          // required: the port's name in URLs
	Device      string          // required: the device spec for device.Open
	Settings    device.Settings // line settings; zero fields: device.DefaultSettings
	Description string          // optional: what the port is, for people
	Removable   bool            // opened at runtime by a client (--allow-open), who may close it
	Exclusive   bool            // has a write lock: while a client holds it, only that client writes

	Scrollback   int // bytes replayed to late subscribers; 0: DefaultScrollback; negative: none
	ClientBuffer int // bytes a subscriber may queue; 0: DefaultClientBuffer

	// A device that cannot be opened, or goes away, is reopened after
	// RetryMin, doubling up to RetryMax while attempts fail. Defaults:
	// DefaultRetryMin, DefaultRetryMax.
	RetryMin, RetryMax time.Duration

	// Recorder, if set, gets every byte the port receives and sends, and
	// notes of what happens to it (package capture writes them to disk).
	// The port owns it: Close closes it.
	Recorder Recorder

	// Watch tells the port when a device that is away may be back, so it
	// tries at once rather than at the end of its backoff; nil means
	// device.WatchDevice(Device, "").
	Watch func() *device.Watcher

	// Open opens the device; nil means device.Open. Tests use it to count
	// or fail opens.
	Open device.Opener

	Logger *slog.Logger // nil: slog.Default()
}

// Recorder keeps a copy of a port's traffic. Its methods are called from
// the port's reader and writer goroutines with the port's lock held, so
// they must not block; b is never modified afterwards and may be kept.
type Recorder interface {
	Received(t time.Time, b []byte)
	Sent(t time.Time, b []byte)
	Note(t time.Time, msg string)
	Close() error
}

// Info is a snapshot of a port, as the API reports it.
type Info struct {
	Name         string          `json:"name"`
	Stream       string          `json:"stream"` // names this port's stream: a new one after a restart, so offsets are only compared within one
	Description  string          `json:"description,omitempty"`
	Device       string          `json:"device"`
	Settings     device.Settings `json:"settings"`
	Lines        device.Lines    `json:"lines"`                // DTR and RTS as set; applied at every open
	Modem        *device.Modem   `json:"modem"`                // as last read; nil if unknown or not supported
	ModemError   string          `json:"modemError,omitempty"` // why Modem is nil while the device is open
	ModemEvents  bool            `json:"modemEvents"`          // the open device tells when its modem lines change, and every change is sent at once
	State        State           `json:"state"`
	Error        string          `json:"error"`
	Clients      int             `json:"clients"`
	BytesIn      uint64          `json:"bytesIn"`      // read from the device
	BytesOut     uint64          `json:"bytesOut"`     // written to the device
	DroppedBytes uint64          `json:"droppedBytes"` // not delivered to slow subscribers, summed over them
	Reopens      uint64          `json:"reopens"`      // times the device was opened again after it went away or failed
	Capture      bool            `json:"capture"`      // the port's traffic is recorded (GET /api/ports/{name}/capture)
	Removable    bool            `json:"removable"`    // opened at runtime; DELETE /api/ports/{name} closes it
	Exclusive    bool            `json:"exclusive"`    // the port has a write lock
	Lock         *LockInfo       `json:"lock"`         // who holds the write lock; nil if no one
}

// Port shares one device. Its methods are safe for concurrent use.
type Port struct {
	// Static after construction.
	cfg    Config
	log    *slog.Logger
	ops    chan op // to the writer goroutine
	stream string  // random: Info.Stream
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // the reader and writer goroutines

	// Counters, updated atomically.
	bytesOut, dropped, reopens atomic.Uint64

	closeOnce sync.Once

	// modemMu makes each reading of the modem lines and its recording one
	// step, so that of two readings (the writer's after a control, and
	// followModem's) the later is what subscribers see. Taken before mu.
	modemMu sync.Mutex

	mu       sync.Mutex
	state    State                    // guarded by mu
	errMsg   string                   // guarded by mu
	settings device.Settings          // guarded by mu; changed by the writer only
	lines    device.Lines             // guarded by mu; changed by the writer only
	modem    *device.Modem            // guarded by mu: as last read
	modemErr string                   // guarded by mu: why modem is nil
	modemEvt bool                     // guarded by mu: the open device tells of modem changes (Info.ModemEvents)
	dev      device.Device            // guarded by mu; nil unless open
	ring     *ring                    // guarded by mu
	bytesIn  uint64                   // guarded by mu: bytes read; the stream offset of the next byte
	subs     map[*Subscriber]struct{} // guarded by mu
	closing  bool                     // guarded by mu: Close has begun
	lock     writeLock                // guarded by mu
}

// op is a request for the writer goroutine: bytes to write, or a control
// to carry out on the device (nil while it is not open), in the order
// clients sent them.
type op struct {
	write   []byte
	control func(dev device.Device) error
	done    chan error // buffered; receives exactly one result
}

// Open validates cfg and starts a port: its device is opened in the
// background, so a device that fails to open leaves the port in StateError
// rather than failing the call. Close stops it.
func Open(cfg Config) (*Port, error) {
	if cfg.Name == "" {
		return nil, errors.New("port name is empty")
	}
	if cfg.Device == "" {
		return nil, fmt.Errorf("port %s: device is empty", cfg.Name)
	}
	cfg.Settings = cfg.Settings.WithDefaults()
	if err := cfg.Settings.Validate(); err != nil {
		return nil, fmt.Errorf("port %s: %w", cfg.Name, err)
	}
	if cfg.Scrollback == 0 {
		cfg.Scrollback = DefaultScrollback
	}
	if cfg.ClientBuffer <= 0 {
		cfg.ClientBuffer = DefaultClientBuffer
	}
	if cfg.RetryMin <= 0 {
		cfg.RetryMin = DefaultRetryMin
	}
	if cfg.RetryMax < cfg.RetryMin {
		cfg.RetryMax = max(DefaultRetryMax, cfg.RetryMin)
	}
	if cfg.Open == nil {
		cfg.Open = device.Open
	}
	if cfg.Watch == nil {
		spec := cfg.Device
		cfg.Watch = func() *device.Watcher { return device.WatchDevice(spec, "") }
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Port{
		cfg:      cfg,
		log:      log.With("port", cfg.Name, "device", cfg.Device),
		ops:      make(chan op),
		stream:   newStreamID(),
		ctx:      ctx,
		cancel:   cancel,
		state:    StateOpening,
		settings: cfg.Settings,
		lines:    device.DefaultLines,
		ring:     newRing(max(cfg.Scrollback, 0)),
		subs:     make(map[*Subscriber]struct{}),
	}
	p.wg.Add(2)
	go p.readLoop()
	go p.writeLoop()
	return p, nil
}

// Name returns the port's name.
func (p *Port) Name() string { return p.cfg.Name }

// Recorder returns the port's Recorder, or nil.
func (p *Port) Recorder() Recorder { return p.cfg.Recorder }

// Info returns a snapshot of the port.
func (p *Port) Info() Info {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.infoLocked()
}

func (p *Port) infoLocked() Info {
	return Info{
		Name:         p.cfg.Name,
		Stream:       p.stream,
		Description:  p.cfg.Description,
		Device:       p.cfg.Device,
		Settings:     p.settings,
		Lines:        p.lines,
		Modem:        p.modem,
		ModemError:   p.modemErr,
		ModemEvents:  p.modemEvt,
		State:        p.state,
		Error:        p.errMsg,
		Clients:      len(p.subs),
		BytesIn:      p.bytesIn,
		BytesOut:     p.bytesOut.Load(),
		DroppedBytes: p.dropped.Load(),
		Reopens:      p.reopens.Load(),
		Capture:      p.cfg.Recorder != nil,
		Removable:    p.cfg.Removable,
		Exclusive:    p.cfg.Exclusive,
		Lock:         p.lockInfoLocked(),
	}
}

func (p *Port) lockInfoLocked() *LockInfo {
	if p.lock.owner == nil {
		return nil
	}
	info := p.lock.info
	return &info
}

// setState records a state change and tells every subscriber.
func (p *Port) setState(s State, errMsg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing && s != StateClosed {
		return
	}
	if p.state != s || p.errMsg != errMsg {
		p.noteLocked(s, errMsg)
	}
	p.state, p.errMsg = s, errMsg
	p.broadcastLocked()
}

// noteLocked records a state change in the capture.
func (p *Port) noteLocked(s State, errMsg string) {
	if p.cfg.Recorder == nil {
		return
	}
	msg := string(s)
	switch {
	case s == StateOpen:
		msg += " " + p.settings.String() + fmt.Sprintf(" dtr=%v rts=%v", p.lines.DTR, p.lines.RTS)
	case errMsg != "":
		msg += ": " + errMsg
	}
	p.cfg.Recorder.Note(time.Now(), msg)
}

// broadcastLocked queues a status message for every subscriber.
func (p *Port) broadcastLocked() {
	info := p.infoLocked()
	for s := range p.subs {
		s.enqueueStatus(info)
	}
}

// readLoop owns the device: it opens it, reads it until it fails, closes
// it, and opens it again, until the port closes. It is the only reader of
// the device, across every reopen. Attempts are spaced by a backoff from
// RetryMin to RetryMax, so a device that is missing, or opens and fails at
// once, never makes it spin.
func (p *Port) readLoop() {
	defer p.wg.Done()
	delay := p.cfg.RetryMin
	everOpen := false
	buf := make([]byte, readSize)
	for attempt := 1; ; attempt++ {
		// Watching starts before the attempt, so a device that appears
		// while it fails is not missed.
		watch := p.cfg.Watch()
		p.mu.Lock()
		settings := p.settings
		p.mu.Unlock()
		dev, err := p.cfg.Open(p.ctx, p.cfg.Device, settings)
		if err != nil {
			if attempt == 1 {
				p.log.Warn("open failed; retrying", "err", err)
			} else {
				p.log.Debug("open failed; retrying", "err", err, "attempt", attempt)
			}
			state := StateError
			if everOpen {
				state = StateDisconnected
			}
			p.setState(state, fmt.Sprintf("%v (retrying every %s at most)", err, p.cfg.RetryMax))
		} else {
			watch.Stop()
			modemChanges, ok := p.attach(dev, settings)
			if !ok {
				return
			}
			if everOpen {
				p.reopens.Add(1)
				p.log.Info("device reopened", "attempts", attempt)
			} else {
				p.log.Info("device open", "settings", settings.String())
			}
			everOpen, attempt = true, 0
			p.setState(StateOpen, "")
			opened := time.Now()
			stopModem := p.followModem(dev, modemChanges)
			closing, err := p.readUntilLost(dev, buf, stopModem)
			if closing {
				return
			}
			watch = p.cfg.Watch()
			p.log.Warn("device lost; reopening", "err", err)
			p.setState(StateDisconnected, err.Error())
			// A device that stayed open a while starts the backoff
			// afresh; one that fails as soon as it opens keeps backing off.
			if time.Since(opened) > p.cfg.RetryMax {
				delay = p.cfg.RetryMin
			}
		}
		back := p.wait(delay, watch.C)
		watch.Stop()
		if !back {
			return
		}
		delay = min(2*delay, p.cfg.RetryMax)
	}
}

// attach makes dev, just opened with settings, the port's device; if the
// port is closing it closes dev instead and reports false. Until dev is
// attached the writer cannot reach it, so attach alone sets it up: the
// settings and lines clients chose while it was away, and a first reading
// of its modem lines. It returns dev's channel of modem changes, if it has
// one.
func (p *Port) attach(dev device.Device, opened device.Settings) (modemChanges <-chan struct{}, ok bool) {
	p.mu.Lock()
	settings, lines := p.settings, p.lines
	p.mu.Unlock()
	if c, ok := dev.(device.Controller); ok {
		if settings != opened {
			if err := c.SetSettings(settings); err != nil {
				p.log.Warn("settings chosen while the device was away refused; keeping those it opened with", "settings", settings.String(), "err", err)
				settings = opened
			}
		}
		if lines != device.DefaultLines {
			if err := c.SetLines(lines); err != nil {
				p.log.Warn("could not set DTR/RTS", "err", err)
			}
		}
	}
	modem, err := readModem(dev)
	modemErr := ""
	if err != nil {
		modemErr = err.Error()
	}
	if w, ok := dev.(device.ModemWatcher); ok {
		modemChanges = w.ModemChanges()
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		dev.Close()
		return nil, false
	}
	p.dev = dev
	p.settings = settings
	p.modem, p.modemErr = modem, modemErr
	p.modemEvt = modemChanges != nil
	return modemChanges, true
}

// followModem starts a goroutine that re-reads the modem lines of dev, just
// attached, whenever changes says they changed, so that subscribers hear of
// a change at once. It reads them itself rather than on the writer
// goroutine: a write held back by flow control must not hold back the news
// that CTS dropped. Status messages from it are limited to
// modemEventRate a second (a line toggled by flow control could otherwise
// flood every client); changes in between are merged, and the last state is
// always sent. The function it returns stops the goroutine and waits for
// it; readUntilLost calls it before dev closes. A nil changes starts
// nothing.
func (p *Port) followModem(dev device.Device, changes <-chan struct{}) (stop func()) {
	if changes == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(p.ctx)
	done := make(chan struct{})
	limit := rate.NewLimiter(modemEventRate, modemEventBurst)
	go func() {
		defer close(done)
		for {
			select {
			case _, ok := <-changes:
				if !ok {
					p.log.Warn("the device no longer tells of modem line changes; they are read after controls and on request")
					p.mu.Lock()
					if p.dev == dev {
						p.modemEvt = false
						p.broadcastLocked()
					}
					p.mu.Unlock()
					return
				}
				if limit.Wait(ctx) != nil {
					return // stopped, or the port is closing
				}
				p.refreshModem(dev, false)
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// readUntilLost reads the attached dev until it fails, stops following its
// modem lines (stopModem), then detaches and closes it. It reports whether
// the port is closing (then the error means nothing) and the read error.
func (p *Port) readUntilLost(dev device.Device, buf []byte, stopModem func()) (closing bool, err error) {
	err = p.read(dev, buf)
	stopModem()
	p.mu.Lock()
	p.dev = nil
	p.modem, p.modemErr, p.modemEvt = nil, "", false
	closing = p.closing
	p.mu.Unlock()
	dev.Close()
	return closing, err
}

// read reads dev until it fails, publishing every chunk.
func (p *Port) read(dev device.Device, buf []byte) error {
	for {
		n, err := dev.Read(buf)
		if n > 0 {
			p.publish(bytes.Clone(buf[:n]))
		}
		if err != nil {
			return err
		}
	}
}

// wait waits for d or for a sign that the device is back, or reports
// false if the port closes first.
func (p *Port) wait(d time.Duration, back <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-back:
		p.log.Debug("device may be back; trying now")
		return true
	case <-p.ctx.Done():
		return false
	}
}

// publish appends a chunk to the scrollback and every subscriber's queue.
// It never blocks on a subscriber. chunk is shared and never modified.
func (p *Port) publish(chunk []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bytesIn += uint64(len(chunk))
	p.ring.Write(chunk)
	if p.cfg.Recorder != nil {
		p.cfg.Recorder.Received(time.Now(), chunk)
	}
	for s := range p.subs {
		if !s.enqueueData(chunk) {
			p.dropped.Add(uint64(len(chunk)))
		}
	}
}

// writeLoop carries out what clients send, bytes and controls, one request
// at a time, in the order they arrive.
func (p *Port) writeLoop() {
	defer p.wg.Done()
	for {
		select {
		case o := <-p.ops:
			p.mu.Lock()
			dev := p.dev
			p.mu.Unlock()
			if o.control != nil {
				o.done <- o.control(dev)
			} else {
				o.done <- p.writeDevice(dev, o.write)
			}
		case <-p.ctx.Done():
			return
		}
	}
}

// notOpen is the error for a request that needs the device while it is not
// open.
func (p *Port) notOpen() error {
	p.mu.Lock()
	state, errMsg := p.state, p.errMsg
	p.mu.Unlock()
	if errMsg != "" {
		return fmt.Errorf("port %s: %w (%s: %s)", p.cfg.Name, ErrNotOpen, state, errMsg)
	}
	return fmt.Errorf("port %s: %w (%s)", p.cfg.Name, ErrNotOpen, state)
}

func (p *Port) writeDevice(dev device.Device, b []byte) error {
	if dev == nil {
		return p.notOpen()
	}
	for len(b) > 0 {
		n, err := dev.Write(b)
		p.bytesOut.Add(uint64(n))
		if n > 0 && p.cfg.Recorder != nil {
			p.cfg.Recorder.Sent(time.Now(), bytes.Clone(b[:n]))
		}
		if err != nil {
			return fmt.Errorf("port %s: %w", p.cfg.Name, err)
		}
		b = b[n:]
	}
	return nil
}

// Write sends b to the device after what other clients sent before it and
// returns once the device took all of it. It fails with ErrNotOpen while the
// device is not open and with ErrClosed after Close. b may be reused once
// Write returns.
func (p *Port) Write(ctx context.Context, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	return p.do(ctx, op{write: b})
}

// do hands o to the writer and waits for its result.
func (p *Port) do(ctx context.Context, o op) error {
	o.done = make(chan error, 1)
	select {
	case p.ops <- o:
	case <-ctx.Done():
		return ctx.Err()
	case <-p.ctx.Done():
		return fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
	}
	// The writer always answers a request it took, even while closing:
	// a device write fails once the device is closed.
	return <-o.done
}

// Subscribe adds a subscriber. Its queue starts with a status message and,
// if replay is true, the scrollback as one Message with Replay set; the
// live stream follows with no gap and no duplicate.
func (p *Port) Subscribe(replay bool) (*Subscriber, error) {
	if replay {
		return p.subscribe(replayAll, 0)
	}
	return p.subscribe(replayNone, 0)
}

// Resume adds a subscriber that continues a stream read before, for a
// client that reconnects: after the status message comes a Replay message
// from stream offset since (a previous Info.BytesIn plus the bytes received
// since), then the live stream. If the scrollback no longer holds all of
// it, a Message with Missed and Away set counts the bytes lost before the
// replay. If stream is not the port's Info.Stream (the server restarted:
// the offset counts another stream), or since is beyond the stream, the
// whole scrollback is replayed; its Offset tells. An empty stream is taken
// to be this one.
func (p *Port) Resume(stream string, since uint64) (*Subscriber, error) {
	if stream != "" && stream != p.stream {
		return p.subscribe(replayAll, 0)
	}
	return p.subscribe(replaySince, since)
}

// newStreamID returns a random stream name.
func newStreamID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type replayMode int

const (
	replayNone replayMode = iota
	replayAll
	replaySince
)

func (p *Port) subscribe(mode replayMode, since uint64) (*Subscriber, error) {
	s := &Subscriber{
		port:   p,
		limit:  p.cfg.ClientBuffer,
		notify: make(chan struct{}, 1),
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return nil, fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
	}
	p.subs[s] = struct{}{}
	// Everyone, the new subscriber first, learns the new client count.
	info := p.infoLocked()
	s.queue = append(s.queue, Message{Status: &info})
	// The scrollback is bounded by its own size and is not charged to the
	// subscriber's budget.
	if mode != replayNone {
		start := p.bytesIn - uint64(p.ring.Len()) // stream offset of the oldest byte held
		from := start
		// A resume from within the stream replays from there; from beyond
		// it (the server restarted), everything held.
		if mode == replaySince && since <= p.bytesIn {
			if since < start {
				s.queue = append(s.queue, Message{Missed: start - since, Away: true})
			} else {
				from = since
			}
		}
		s.queue = append(s.queue, Message{Data: p.ring.Last(int(p.bytesIn - from)), Replay: true, Offset: from})
	}
	for o := range p.subs {
		if o != s {
			o.enqueueStatus(info)
		}
	}
	return s, nil
}

func (p *Port) unsubscribe(s *Subscriber) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.subs[s]; !ok {
		return
	}
	delete(p.subs, s)
	p.unlockLocked(s) // one status below tells both changes
	if !p.closing {
		p.broadcastLocked()
	}
}

// Close stops the port: it closes the device, waits for the reader and
// writer, and closes every subscriber after a final status message. It is
// idempotent.
func (p *Port) Close() error {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closing = true
		dev := p.dev
		p.mu.Unlock()
		p.cancel()
		if dev != nil {
			dev.Close() // wakes the reader
		}
		p.wg.Wait()

		p.mu.Lock()
		p.state, p.errMsg = StateClosed, ""
		p.noteLocked(StateClosed, "")
		p.broadcastLocked()
		subs := p.subs
		p.subs = make(map[*Subscriber]struct{})
		p.mu.Unlock()
		for s := range subs {
			s.close()
		}
		if p.cfg.Recorder != nil {
			if err := p.cfg.Recorder.Close(); err != nil {
				p.log.Warn("closing the capture failed", "err", err)
			}
		}
		p.log.Info("port closed")
	})
	return nil
}
