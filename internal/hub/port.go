// Package hub shares each device with any number of subscribers.
//
// A Port owns one device. One goroutine owns it: it opens it, sets it up,
// writes what all clients send and carries out their controls, one request
// at a time, and closes it. While it is open a second goroutine reads it
// with blocking reads and hands every chunk, with the time it was read, to
// the port's scrollback and to each Subscriber's bounded queue without ever
// waiting on a subscriber. A subscriber that falls behind loses whole
// chunks, never parts of them, and finds a Message with Missed set at the
// exact place of the gap. The port counts every byte lost, by reason
// (DropReason). A subscriber may have a name (SubscribeOptions): every
// status then says who is connected and who wrote last (presence.go).
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

// At most clientCountRate status messages a second tell subscribers that
// the number of clients changed.
const clientCountRate = 10

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

	// Observers are told of the port's traffic and modem lines
	// (observe.go): its triggers, its decoder. The port owns them: Close
	// closes them.
	Observers []Observer

	// Watch tells the port when a device that is away may be back, so it
	// tries at once rather than at the end of its backoff; nil means
	// device.WatchDevice(Device, "").
	Watch func() *device.Watcher

	// Open opens the device; nil means device.Open (serial paths,
	// loop://, sim:// and tcp://; serialhub passes the opener its main
	// builds, which adds rfc2217:// and the modem helper). The context
	// ends when the port closes: an open still dialling must then give
	// up. Tests use it to count, slow down or fail opens.
	Open device.Opener

	// Origin, if set, says the port is another server's (a fleet
	// gateway's, at the central): its snapshots carry what it returns
	// (Info.Origin), and it may be named SERVER/PORT (ValidRemoteName).
	// It is called with the port's lock held: it must be quick and must
	// not call the port. After what it returns changes, call Refresh.
	Origin func() *Origin

	Logger *slog.Logger // nil: slog.Default()

	// onChange is called when the port's state, error or Origin changed:
	// set by Hub.Add (Hub.Watch). Called with the port's lock held.
	onChange func()
}

// Origin is where a port's device is when it is another server's port.
type Origin struct {
	Gateway  string            // the server that has the device
	Online   bool              // that server is reachable
	LastSeen time.Time         // when it was last heard from
	Tags     map[string]string // its tags; shared: never modify
}

// Recorder keeps a copy of a port's traffic. Its methods are called from
// the port's reader and owner goroutines with the port's lock held, so
// they must not block; b is never modified afterwards and may be kept.
type Recorder interface {
	Received(t time.Time, b []byte)
	Sent(t time.Time, b []byte)
	Note(t time.Time, msg string)
	// Dropped returns the bytes the recorder could not keep (the disk
	// fell behind or failed); the port reports them as DropCapture.
	Dropped() uint64
	Close() error
}

// Info is a snapshot of a port (the server sends it to clients as
// protocol.Port).
type Info struct {
	Name         string
	Stream       string // names this port's stream: a new one after a restart, so offsets are only compared within one
	Description  string
	Device       string
	Settings     device.Settings
	Lines        device.Lines  // DTR and RTS as set; applied at every open
	Modem        *device.Modem // as last read; nil if unknown or not supported
	ModemError   string        // why Modem is nil while the device is open
	ModemEvents  bool          // the open device tells when its modem lines change, and every change is sent at once
	State        State
	Error        string
	Clients      int
	BytesIn      uint64    // read from the device
	BytesOut     uint64    // written to the device
	DroppedBytes uint64    // not delivered to slow subscribers, summed over them: Drops.Slow
	Drops        Drops     // every byte lost, by reason
	Reopens      uint64    // times the device was opened again after it went away or failed
	Capture      bool      // the port's traffic is recorded (GET /api/ports/{name}/capture)
	Removable    bool      // opened at runtime; DELETE /api/ports/{name} closes it
	Exclusive    bool      // the port has a write lock
	Lock         *LockInfo // who holds the write lock; nil if no one

	// Presence (presence.go). Watchers is shared by snapshots: never
	// modify it.
	Watchers     []Watcher // the named subscribers: the first MaxWatchers names in order, with how many have each
	WatchersMore int       // how many names Watchers leaves out
	Typing       *Typing   // the last named client whose write was carried out; nil until one has

	Origin *Origin // where the device is, for another server's port (Config.Origin); nil for a local one

	Decode *DecodeStats // the port's decoder (an Observer that decodes); nil if it has none

	Job *JobInfo // the port's job, running or the last one (PublishJob); nil if none; never modify
}

// Port shares one device. Its methods are safe for concurrent use.
type Port struct {
	// Static after construction.
	cfg    Config
	log    *slog.Logger
	ops    chan op // to the owner goroutine (run)
	stream string  // random: Info.Stream
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // the owner goroutine (which waits for those it starts) and announce
	// presenceChanged (capacity 1) wakes announce: subscribers joined or
	// left, or a write is news (presence.go).
	presenceChanged chan struct{}

	// Counters, updated atomically.
	bytesOut, reopens atomic.Uint64
	drops             [numDropReasons]atomic.Uint64

	closeOnce sync.Once

	// modemMu makes each reading of the modem lines and its recording one
	// step, so that of two readings (the owner's after a control, and
	// followModem's) the later is what subscribers see. Taken before mu.
	modemMu sync.Mutex

	mu       sync.Mutex
	state    State                    // guarded by mu
	errMsg   string                   // guarded by mu
	settings device.Settings          // guarded by mu; changed by the owner only
	lines    device.Lines             // guarded by mu; changed by the owner only
	modem    *device.Modem            // guarded by mu: as last read
	modemErr string                   // guarded by mu: why modem is nil
	modemEvt bool                     // guarded by mu: the open device tells of modem changes (Info.ModemEvents)
	dev      device.Device            // guarded by mu; nil unless open; set and cleared by the owner
	scroll   *scrollback              // guarded by mu; its next is the stream offset of the next byte
	chunks   []Chunk                  // guarded by mu: publish's scratch
	subs     map[*Subscriber]struct{} // guarded by mu
	closing  bool                     // guarded by mu: Close has begun
	// countStale: subscribers joined or left since the last status they
	// were all sent.
	countStale bool        // guarded by mu
	lock       writeLock   // guarded by mu
	waiters    []*waiter   // guarded by mu: queued for the lease, first first
	keeper     LeaseKeeper // guarded by mu: SetLeaseKeeper
	claiming   bool        // guarded by mu: a new lease is being claimed at the keeper
	// srcHolder: who holds the device's lock at its source
	// (device.Locker.Holder), as last told to subscribers.
	srcHolder string   // guarded by mu
	pres      presence // guarded by mu: who is connected, who wrote last
	// internal counts the subscribers that are the server's own
	// (SubscribeOptions.Internal): not clients.
	internal int
	job      *jobHold // guarded by mu: the job holding the port (BeginJob); nil if none
	jobInfo  *JobInfo // guarded by mu: Info.Job
}

// op is a request for the owner goroutine: bytes to write, or a control
// to carry out on the device (nil while it is not open), in the order
// clients sent them.
type op struct {
	write   []byte
	control func(dev device.Device) error
	read    bool       // the control only reads (the modem lines): no job holds it up
	lock    lockCheck  // whose request it is, for the write lock
	done    chan error // buffered; receives exactly one result
}

// lockCheck says whether a request obeys the write lock, and for whom.
type lockCheck struct {
	obey  bool        // judge the request by the lock when it is carried out
	sub   *Subscriber // the client: nil for one with no subscription
	lease string      // the lease the client carries (Client.WithLease), if any
	// anyLease: the client acts for whoever holds the port's lease
	// (Client.ForAnyLease).
	anyLease bool
	job      string // the job the request is from (Port.JobClient), if any
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
		cfg:             cfg,
		log:             log.With("port", cfg.Name, "device", cfg.Device),
		ops:             make(chan op),
		presenceChanged: make(chan struct{}, 1),
		stream:          newStreamID(),
		ctx:             ctx,
		cancel:          cancel,
		state:           StateOpening,
		settings:        cfg.Settings,
		lines:           device.DefaultLines,
		scroll:          newScrollback(cfg.Scrollback),
		subs:            make(map[*Subscriber]struct{}),
	}
	p.wg.Add(2)
	go p.run()
	go p.announce()
	return p, nil
}

// Name returns the port's name.
func (p *Port) Name() string { return p.cfg.Name }

// Recorder returns the port's Recorder, or nil.
func (p *Port) Recorder() Recorder { return p.cfg.Recorder }

// Info returns a snapshot of the port. Its Watchers are up to date while
// there are at most MaxWatchers names; with more, they are as the port
// last told its subscribers (announce builds the list at most
// clientCountRate times a second), so that asking costs no pass over
// every name.
func (p *Port) Info() Info {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.snapshotLocked(p.pres.small())
}

func (p *Port) infoLocked() Info { return p.snapshotLocked(true) }

// snapshotLocked is infoLocked, but for a list of watchers that is out
// of date, which is built again only if rebuild is set.
func (p *Port) snapshotLocked(rebuild bool) Info {
	watchers, more, _ := p.pres.watchers(rebuild)
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
		Clients:      len(p.subs) - p.internal,
		BytesIn:      p.scroll.next,
		BytesOut:     p.bytesOut.Load(),
		DroppedBytes: p.drops[DropSlow].Load(),
		Drops:        p.dropsNow(),
		Reopens:      p.reopens.Load(),
		Capture:      p.cfg.Recorder != nil,
		Removable:    p.cfg.Removable,
		Exclusive:    p.cfg.Exclusive,
		Lock:         p.lockInfoLocked(),
		Decode:       p.decodeStatsLocked(),
		Job:          p.jobInfo,
		Watchers:     watchers,
		WatchersMore: more,
		Typing:       p.pres.typing,
		Origin:       p.Origin(),
	}
}

// Origin returns where the port's device is (Config.Origin), or nil for
// a local port.
func (p *Port) Origin() *Origin {
	if p.cfg.Origin == nil {
		return nil
	}
	return p.cfg.Origin()
}

// Restate sends every subscriber a status, for a change of what the port
// reports that is not news to Hub.Watch (its decoder's counts, Info.Decode).
func (p *Port) Restate() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closing {
		p.broadcastLocked()
	}
}

// Refresh sends every subscriber a status: for a change the port cannot
// see itself, such as its Origin's.
func (p *Port) Refresh() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closing {
		p.broadcastLocked()
		if p.cfg.onChange != nil {
			p.cfg.onChange()
		}
	}
}

func (p *Port) lockInfoLocked() *LockInfo {
	if !p.lock.held() {
		// A client of the program that keeps the device's lock may
		// hold it there (device.Locker).
		if l, ok := p.dev.(device.Locker); ok {
			if who, since := l.Holder(); who != "" {
				return &LockInfo{Holder: who, Since: since}
			}
		}
		return nil
	}
	info := p.lock.info
	if len(p.waiters) > 0 {
		info.Queue = make([]Waiting, len(p.waiters))
		for i, w := range p.waiters {
			info.Queue[i] = Waiting{Holder: w.req.Holder, Note: w.req.Note, Since: w.since}
		}
	}
	return &info
}

// setState records a state change and tells every subscriber.
func (p *Port) setState(s State, errMsg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing && s != StateClosed {
		return
	}
	changed := p.state != s || p.errMsg != errMsg
	if changed {
		p.noteLocked(s, errMsg)
	}
	p.state, p.errMsg = s, errMsg
	p.broadcastLocked()
	if changed && p.cfg.onChange != nil {
		p.cfg.onChange()
	}
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
	p.countStale = false   // the snapshot has the subscribers
	info := p.infoLocked() // one snapshot, shared by every subscriber
	for s := range p.subs {
		s.told = p.pres.gen
		s.enqueueStatus(&info)
	}
	p.pres.toldAll()
}

// announceLocked tells the subscribers, their number and names, to those
// whose last status came before some joined or left. A subscriber that
// just joined was told in its first status, so a lone client hears
// nothing twice.
func (p *Port) announceLocked() {
	p.countStale = false
	var info *Info // one snapshot, made if anyone needs it
	for s := range p.subs {
		if s.told == p.pres.gen {
			continue
		}
		if info == nil {
			i := p.infoLocked()
			info = &i
		}
		s.told = p.pres.gen
		s.enqueueStatus(info)
	}
}

// run owns the device: it opens it, sets it up, carries out every write
// and control, closes it when it fails, and opens it again, until the port
// closes. Nothing else opens, sets up or writes the device, so a control
// can never be undone by a stale copy of the settings. While the device is
// open, a reader goroutine that run starts and waits for reads it (the
// only reader, across every reopen). Attempts to open are spaced by a
// backoff from RetryMin to RetryMax, so a device that is missing, or opens
// and fails at once, never makes it spin.
func (p *Port) run() {
	defer p.wg.Done()
	delay := p.cfg.RetryMin
	everOpen := false
	for attempt := 1; ; attempt++ {
		// Watching starts before the attempt, so a device that appears
		// while it fails is not missed.
		watch := p.cfg.Watch()
		dev, settings, err := p.open()
		if errors.Is(err, errStopping) {
			watch.Stop()
			return
		}
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
			err := p.serve(dev, modemChanges)
			if p.ctx.Err() != nil {
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

// errStopping is open's answer once the port is closing.
var errStopping = errors.New("port closing")

// open opens the device with the port's settings, carrying out requests
// meanwhile (settings and lines are kept for the device; writes fail). The
// open runs in a goroutine of its own, given the port's context, so that a
// slow open (a remote device still dialling) holds up neither the requests
// nor Close; open waits for it before it returns. It returns the settings
// the device was opened with, and errStopping once the port closes.
func (p *Port) open() (device.Device, device.Settings, error) {
	p.mu.Lock()
	settings := p.settings
	p.mu.Unlock()
	type result struct {
		dev device.Device
		err error
	}
	done := make(chan result, 1)
	go func() {
		dev, err := p.cfg.Open(p.ctx, p.cfg.Device, settings)
		done <- result{dev, err}
	}()
	for {
		select {
		case o := <-p.ops:
			p.carryOut(o, nil)
		case r := <-done:
			if r.err != nil {
				if p.ctx.Err() != nil {
					return nil, settings, errStopping
				}
				return nil, settings, r.err
			}
			if p.ctx.Err() != nil {
				r.dev.Close()
				return nil, settings, errStopping
			}
			return r.dev, settings, nil
		case <-p.ctx.Done():
			if r := <-done; r.err == nil { // the open sees the context end
				r.dev.Close()
			}
			return nil, settings, errStopping
		}
	}
}

// attach sets dev, just opened with settings, up as the port's device: the
// settings and lines clients chose while it was away, and a first reading
// of its modem lines; then makes it the port's device. If the port is
// closing it closes dev instead and reports false. It runs on run's
// goroutine, between requests, so nothing changes the settings meanwhile.
// It returns dev's channel of modem changes, if it has one.
func (p *Port) attach(dev device.Device, opened device.Settings) (modemChanges <-chan struct{}, ok bool) {
	p.mu.Lock()
	settings, lines := p.settings, p.lines
	p.mu.Unlock()
	if m, ok := dev.(device.Mirror); ok {
		// Another program owns the line: it says what is set.
		settings, lines = m.Current()
	} else if c, ok := dev.(device.Controller); ok {
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

	// A lock held while the device was away is taken there again; if
	// someone there took it meanwhile, this port's holder loses it.
	p.mu.Lock()
	holder := p.lock.info.Holder
	held := p.lock.held()
	p.mu.Unlock()
	var lockLost error
	if l, ok := dev.(device.Locker); ok && held {
		lockLost = l.Lock(holder)
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		dev.Close()
		return nil, false
	}
	if lockLost != nil && p.lock.held() {
		p.log.Warn("the write lock could not be taken again at the device's source; its holder lost it", "holder", p.lock.info.Holder, "err", lockLost)
		p.endLeaseLocked(LeaseBroken, "the device's source")
	}
	p.dev = dev
	p.settings, p.lines = settings, lines
	p.modem, p.modemErr = modem, modemErr
	p.modemEvt = modemChanges != nil
	p.observeModemLocked(modem)
	return modemChanges, true
}

// serve runs the attached dev until it fails or the port closes: a reader
// goroutine reads it, while serve carries out requests; modem changes are
// followed (followModem). Then it detaches and closes dev, and returns the
// reader's error.
func (p *Port) serve(dev device.Device, modemChanges <-chan struct{}) error {
	lost := make(chan error, 1)
	go func() { lost <- p.read(dev) }()
	stopModem := p.followModem(dev, modemChanges)
	var err error
loop:
	for {
		select {
		case o := <-p.ops:
			p.carryOut(o, dev)
		case err = <-lost:
			break loop
		case <-p.ctx.Done():
			dev.Close() // wakes the reader
			err = <-lost
			break loop
		}
	}
	stopModem()
	p.mu.Lock()
	p.dev = nil
	p.modem, p.modemErr, p.modemEvt = nil, "", false
	p.observeModemLocked(nil)
	p.mu.Unlock()
	dev.Close()
	return err
}

// followModem starts a goroutine that re-reads the modem lines of dev, just
// attached, whenever changes says they changed, so that subscribers hear of
// a change at once. It reads them itself rather than on the owner
// goroutine: a write held back by flow control must not hold back the news
// that CTS dropped. Status messages from it are limited to
// modemEventRate a second (a line toggled by flow control could otherwise
// flood every client); changes in between are merged, and the last state is
// always sent. The function it returns stops the goroutine and waits for
// it; serve calls it before dev closes. A nil changes starts
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

// read reads dev until it fails, publishing every chunk with the time it
// was read: now, or, for a device that knows (device.StampedReader), when
// it was read at its source, with the bytes lost on the way.
func (p *Port) read(dev device.Device) error {
	buf := make([]byte, readSize)
	if sr, ok := dev.(device.StampedReader); ok {
		for {
			n, t, missed, err := sr.ReadStamped(buf)
			switch {
			case n > 0:
				p.publish(buf[:n], t)
			case missed > 0:
				p.lose(missed)
			}
			if err != nil {
				return err
			}
		}
	}
	for {
		n, err := dev.Read(buf)
		if n > 0 {
			p.publish(buf[:n], time.Now())
		}
		if err != nil {
			return err
		}
	}
}

// wait waits for d or for a sign that the device is back, carrying out
// requests meanwhile, or reports false if the port closes first.
func (p *Port) wait(d time.Duration, back <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case o := <-p.ops:
			p.carryOut(o, nil)
		case <-t.C:
			return true
		case <-back:
			p.log.Debug("device may be back; trying now")
			return true
		case <-p.ctx.Done():
			return false
		}
	}
}

// publish appends b, read at t, to the scrollback and to every
// subscriber's queue. It never blocks on a subscriber. b is copied.
func (p *Port) publish(b []byte, t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.chunks = p.scroll.Write(b, t, p.chunks[:0])
	for _, c := range p.chunks {
		if p.cfg.Recorder != nil {
			p.cfg.Recorder.Received(t, c.Data)
		}
		for _, o := range p.cfg.Observers {
			o.Received(t, c.Offset, c.Data)
		}
		for s := range p.subs {
			if !s.enqueueData(c) {
				p.drops[DropSlow].Add(uint64(len(c.Data)))
			}
		}
	}
	clear(p.chunks) // no page kept alive by the scratch slice
}

// lose records that n bytes of the device's stream were lost before they
// reached the port: offsets move on by n, every subscriber is told, and
// the scrollback starts again after the hole (scrollback.Skip).
func (p *Port) lose(n uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scroll.Skip(n)
	p.drops[DropUpstream].Add(n)
	if p.cfg.Recorder != nil {
		p.cfg.Recorder.Note(time.Now(), fmt.Sprintf("lost %d bytes upstream", n))
	}
	for s := range p.subs {
		s.enqueueLost(n)
	}
}

// carryOut carries out a request on dev (nil while the device is not
// open) and answers it.
func (p *Port) carryOut(o op, dev device.Device) {
	// A job holding the port, and the lock, are judged now, as the
	// request is carried out: a job begun or a lock taken since the
	// request was made counts.
	if err := p.admit(o); err != nil {
		var w *jobWait
		if o.control == nil && !errors.As(err, &w) {
			p.Drop(DropRefused, len(o.write)) // refused; a write that waits is not lost
		}
		o.done <- err
		return
	}
	if o.control != nil {
		o.done <- o.control(dev)
		return
	}
	err := p.writeDevice(dev, o.write)
	if err == nil && o.lock.sub != nil && o.lock.sub.name != "" {
		p.typed(o.lock.sub.name)
	}
	o.done <- err
}

// admit reports (as nil) whether o may be carried out now: the job
// holding the port, if any (jobHoldsLocked), then, for a request that
// obeys it, the write lock (mayChangeLocked), judged under one hold of the
// port's lock.
func (p *Port) admit(o op) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.jobHoldsLocked(o); err != nil {
		return err
	}
	if o.lock.obey {
		return p.mayChangeLocked(o.lock)
	}
	return nil
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

// writeDevice writes b to dev, the open device or nil; bytes that do not
// reach it are counted as DropRefused.
func (p *Port) writeDevice(dev device.Device, b []byte) error {
	if dev == nil {
		p.Drop(DropRefused, len(b))
		return p.notOpen()
	}
	for len(b) > 0 {
		n, err := dev.Write(b)
		p.bytesOut.Add(uint64(n))
		if n > 0 && p.cfg.Recorder != nil {
			p.cfg.Recorder.Sent(time.Now(), b[:n:n])
		}
		if n > 0 {
			for _, o := range p.cfg.Observers {
				o.Sent(time.Now(), b[:n:n])
			}
		}
		if err != nil {
			p.Drop(DropRefused, len(b)-n)
			return fmt.Errorf("port %s: %w", p.cfg.Name, err)
		}
		b = b[n:]
	}
	return nil
}

// Write sends b to the device after what other clients sent before it and
// returns once the device took all of it. It fails with ErrNotOpen while the
// device is not open and with ErrClosed after Close; bytes it could not
// write are counted as DropRefused. If ctx ends first, Write returns its
// error at once; the bytes may still be written. b may be reused once
// Write returns: the port writes a copy.
func (p *Port) Write(ctx context.Context, b []byte) error { return p.write(ctx, lockCheck{}, b) }

func (p *Port) write(ctx context.Context, lc lockCheck, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	return p.do(ctx, op{write: bytes.Clone(b), lock: lc})
}

// do hands o to the owner goroutine and waits for its result, or for ctx
// to end: a caller is never held by a device that takes nothing. A request
// that must wait for a job to let go of the port (JobGate.Wait) waits,
// then is handed again. Bytes of a write that never reach the owner are
// counted as DropRefused (the owner counts those it refuses); a write
// whose ctx ends while the owner has it may still be written.
func (p *Port) do(ctx context.Context, o op) error {
	for {
		if err := p.hand(ctx, &o); err != nil {
			p.Drop(DropRefused, len(o.write))
			return err
		}
		err := p.await(ctx, o)
		var w *jobWait
		if !errors.As(err, &w) {
			return err
		}
		select {
		case <-w.ended:
		case <-ctx.Done():
			p.Drop(DropRefused, len(o.write))
			return ctx.Err()
		case <-p.ctx.Done():
			p.Drop(DropRefused, len(o.write))
			return fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
		}
	}
}

// hand gives o to the owner goroutine.
func (p *Port) hand(ctx context.Context, o *op) error {
	o.done = make(chan error, 1)
	select {
	case p.ops <- *o:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-p.ctx.Done():
		return fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
	}
}

// await waits for the answer to o, which the owner took, or for ctx to end.
func (p *Port) await(ctx context.Context, o op) error {
	// The owner always answers a request it took, even while closing: a
	// device write fails once Close has closed the device.
	select {
	case err := <-o.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SubscribeOptions say who a subscriber is and what it receives first.
// The zero value is an unnamed subscriber to the live stream, with
// status messages.
type SubscribeOptions struct {
	// Name is how people know the client (a user's name, or what and
	// where it is): the subscriber is counted under it in Info.Watchers,
	// and its writes through As name it in Info.Typing. "" names it
	// nowhere (it still counts in Info.Clients).
	Name string
	// Replay: the scrollback follows the first status (Subscribe).
	Replay bool
	// Resume: continue a stream read before from offset Since of stream
	// Stream (Resume); Replay is then implied.
	Resume bool
	Stream string
	Since  uint64
	// DataOnly: no status messages (SubscribeData).
	DataOnly bool
	// Values: the decoded records too (Message.Values; PublishValues).
	Values bool
	// ValuesOnly: only the decoded records: no bytes, no status
	// messages (a consumer of values, such as an MQTT bridge).
	ValuesOnly bool
	// Internal: the subscriber is the server's own (a job reading the
	// device's answers), not a client: Info.Clients does not count it,
	// and it has no name.
	Internal bool
}

// SubscribeWith adds a subscriber as o says: Subscribe, Resume and
// SubscribeData with a name.
func (p *Port) SubscribeWith(o SubscribeOptions) (*Subscriber, error) {
	switch {
	case o.Resume && o.Stream != "" && o.Stream != p.stream:
		return p.subscribe(o.Name, replayAll, 0, o)
	case o.Resume:
		return p.subscribe(o.Name, replaySince, o.Since, o)
	case o.Replay:
		return p.subscribe(o.Name, replayAll, 0, o)
	}
	return p.subscribe(o.Name, replayNone, 0, o)
}

// Subscribe adds a subscriber. Its queue starts with a status message and,
// if replay is true, the scrollback as one Message with Replay set; the
// live stream follows with no gap and no duplicate.
func (p *Port) Subscribe(replay bool) (*Subscriber, error) {
	return p.SubscribeWith(SubscribeOptions{Replay: replay})
}

// SubscribeData adds a subscriber to the live stream that gets no status
// messages: for a client that has no way to show them (raw TCP), so that
// a change of the port, or a client joining, costs it nothing.
func (p *Port) SubscribeData() (*Subscriber, error) {
	return p.SubscribeWith(SubscribeOptions{DataOnly: true})
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
	return p.SubscribeWith(SubscribeOptions{Resume: true, Stream: stream, Since: since})
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

func (p *Port) subscribe(name string, mode replayMode, since uint64, o SubscribeOptions) (*Subscriber, error) {
	noStatus := o.DataOnly || o.ValuesOnly
	if o.Internal {
		name = ""
	}
	s := &Subscriber{
		port:     p,
		name:     name,
		limit:    p.cfg.ClientBuffer,
		notify:   make(chan struct{}, 1),
		noStatus: noStatus,
		noData:   o.ValuesOnly,
		values:   o.Values || o.ValuesOnly,
		internal: o.Internal,
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return nil, fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
	}
	p.subs[s] = struct{}{}
	if s.internal {
		p.internal++
	}
	p.pres.joined(name)
	// The new subscriber learns the port's state, its own arrival
	// counted; the others learn of it from announce. Its list of
	// watchers is built again only while there are few names (bounded
	// work); otherwise it is the last one built, and announce, which
	// builds it once for everyone, tells it again.
	if !noStatus {
		info := p.snapshotLocked(p.pres.small())
		_, _, s.told = p.pres.watchers(false)
		s.queue = append(s.queue, Message{Status: &info})
	}
	// The scrollback is shared with the port (no copy) and is not charged
	// to the subscriber's budget.
	if mode != replayNone {
		next := p.scroll.next
		start := next - uint64(p.scroll.Len()) // stream offset of the oldest byte held
		from := start
		// A resume from within the stream replays from there; from beyond
		// it (the server restarted), everything held.
		if mode == replaySince && since <= next {
			if since < start {
				s.queue = append(s.queue, Message{Missed: start - since, Away: true})
			} else {
				from = since
			}
		}
		s.queue = append(s.queue, Message{Replay: p.scroll.Since(from)})
	}
	p.clientsChangedLocked()
	return s, nil
}

// clientsChangedLocked notes that subscribers joined or left, for
// announce to tell them.
func (p *Port) clientsChangedLocked() {
	p.countStale = true
	p.wakeAnnounceLocked()
}

// wakeAnnounceLocked has announce look at what changed.
func (p *Port) wakeAnnounceLocked() {
	select {
	case p.presenceChanged <- struct{}{}:
	default:
	}
}

// announce runs for the port's life: after subscribers join or leave, or
// a write is news (presence.go), it sends them a status, at most
// clientCountRate times a second. A join or a leave is then one step
// whatever the number of clients, rather than a status queued for every
// other client under the port's lock (10,000 joins made 50 million), and a
// storm of joins costs a few statuses each. News of a write goes to
// everyone, joins and leaves to those who have not heard of them.
func (p *Port) announce() {
	defer p.wg.Done()
	limit := rate.NewLimiter(clientCountRate, 1)
	for {
		select {
		case <-p.presenceChanged:
		case <-p.ctx.Done():
			return
		}
		if limit.Wait(p.ctx) != nil {
			return
		}
		p.mu.Lock()
		switch {
		case p.closing:
		case p.pres.typingStale:
			p.broadcastLocked()
		case p.countStale:
			p.announceLocked()
		}
		p.mu.Unlock()
	}
}

func (p *Port) unsubscribe(s *Subscriber) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.subs[s]; !ok {
		return
	}
	delete(p.subs, s)
	if s.internal {
		p.internal--
	}
	p.pres.left(s.name)
	if p.unlockLocked(s) && !p.closing {
		p.broadcastLocked() // the lock's holder left: everyone hears at once
		return
	}
	p.clientsChangedLocked()
}

// Close stops the port: it ends an open in progress, closes the device
// (which wakes a read, and a write on a line that takes nothing), waits for
// the port's goroutines, and closes every subscriber after a final status
// message. It is idempotent.
func (p *Port) Close() error {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closing = true
		dev := p.dev
		p.mu.Unlock()
		p.cancel()
		if dev != nil {
			dev.Close() // wakes the reader, and a write the owner is blocked in
		}
		p.wg.Wait()

		p.mu.Lock()
		if p.lock.timer != nil {
			p.lock.timer.Stop() // its expire finds the port closing, if it already fired
		}
		p.state, p.errMsg = StateClosed, ""
		p.noteLocked(StateClosed, "")
		p.broadcastLocked()
		subs := p.subs
		p.subs = make(map[*Subscriber]struct{})
		p.mu.Unlock()
		for s := range subs {
			s.close()
		}
		for _, o := range p.cfg.Observers {
			if err := o.Close(); err != nil {
				p.log.Warn("closing the observer failed", "err", err)
			}
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
