// Package trigger runs a port's triggers: on a regular expression in the
// data the port received or sent, or on a change of one of its modem
// lines, a trigger does its actions (POST a webhook, send bytes to the
// port, write a note in the capture, raise a notice for the port's
// clients), at most once per hold-off; matches within the hold-off are
// counted as suppressed (docs/automation.md, "Triggers").
//
// An Engine watches one port. The port hands it what it receives and
// sends, and its modem lines (it is the port's hub.Observer), without
// ever waiting: the engine queues them, up to a bound, and counts what it
// had to drop. One goroutine of the engine takes the queue, matches and
// acts; a second posts webhooks from a bounded queue, so a slow webhook
// never holds up the port nor the other actions. Close stops both and
// waits for them.
//
// A Manager keeps the engines of a server's ports by name, for the REST
// API and the metrics.
package trigger

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/protocol"
)

// Errors callers test for.
var (
	ErrExists   = errors.New("a trigger of the port has that id")
	ErrNotFound = errors.New("no such trigger")
	ErrTooMany  = errors.New("the port has its maximum of triggers")
	ErrClosed   = errors.New("trigger engine closed")
)

// Defaults for Config.
const (
	DefaultQueueBytes     = 1 << 20          // bytes of traffic an engine may have queued before it drops
	DefaultWebhookQueue   = 64               // webhooks waiting to be posted, per port
	DefaultWebhookTimeout = 10 * time.Second // for each webhook's request
	DefaultSendTimeout    = 10 * time.Second // for a send action's write
)

// eventOverhead is what a queued event costs the queue's budget on top of
// its bytes, so that a queue of one-byte reads is bounded too.
const eventOverhead = 64

// Port is what an engine acts on: the port it watches.
type Port interface {
	// Write writes b to the port as a client with no subscription does,
	// obeying the port's write lock.
	Write(ctx context.Context, b []byte) error
	// Note writes msg in the port's capture, if it has one.
	Note(msg string)
	// Notify raises a notice for the port's clients.
	Notify(trigger, text string, t time.Time)
}

// Config configures a Manager's engines. Zero values take the documented
// defaults.
type Config struct {
	Logger *slog.Logger // nil: slog.Default()
	// Audit, if set, records every firing.
	Audit *slog.Logger
	// Client posts webhooks; nil: http.DefaultClient. Each request is
	// bounded by WebhookTimeout whatever the client's own timeout.
	Client         *http.Client
	WebhookTimeout time.Duration // default DefaultWebhookTimeout
	SendTimeout    time.Duration // default DefaultSendTimeout
	QueueBytes     int           // default DefaultQueueBytes
	WebhookQueue   int           // default DefaultWebhookQueue
}

// Manager keeps the engines of a server's ports by port name. Its methods
// are safe for concurrent use.
type Manager struct {
	cfg Config // static after NewManager

	mu      sync.Mutex
	engines map[string]*Engine // guarded by mu
}

// NewManager returns a Manager whose engines take cfg.
func NewManager(cfg Config) *Manager {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Client == nil {
		cfg.Client = http.DefaultClient
	}
	if cfg.WebhookTimeout <= 0 {
		cfg.WebhookTimeout = DefaultWebhookTimeout
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = DefaultSendTimeout
	}
	if cfg.QueueBytes <= 0 {
		cfg.QueueBytes = DefaultQueueBytes
	}
	if cfg.WebhookQueue <= 0 {
		cfg.WebhookQueue = DefaultWebhookQueue
	}
	return &Manager{cfg: cfg, engines: make(map[string]*Engine)}
}

// New starts the engine of the port called port, with the triggers of its
// configuration (source protocol.TriggerFromConfig), and registers it
// under the port's name in place of any other. Give it to the port as its
// hub.Observer, then Attach the port: the engine acts once attached. The
// port closes it (or the caller, if the port never opened).
func (m *Manager) New(port string, triggers []protocol.ParsedTrigger) (*Engine, error) {
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{
		cfg:      m.cfg,
		manager:  m,
		port:     port,
		log:      m.cfg.Logger.With("port", port),
		ctx:      ctx,
		cancel:   cancel,
		attached: make(chan struct{}),
		notify:   make(chan struct{}, 1),
		hooks:    make(chan hook, m.cfg.WebhookQueue),
	}
	for _, t := range triggers {
		if _, err := e.Add(t, protocol.TriggerFromConfig); err != nil {
			cancel()
			return nil, fmt.Errorf("port %s: %w", port, err)
		}
	}
	e.wg.Add(2)
	go e.run()
	go e.postHooks()
	m.mu.Lock()
	m.engines[port] = e
	m.mu.Unlock()
	return e, nil
}

// Engine returns the engine of the port called port.
func (m *Manager) Engine(port string) (*Engine, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.engines[port]
	return e, ok
}

// Stats are the counts of a port's triggers, for the metrics.
type Stats struct {
	Port     string
	Dropped  uint64 // bytes of traffic the triggers did not see: the engine fell behind
	Triggers []protocol.Trigger
}

// Stats returns the counts of every engine's triggers, ports in no
// particular order.
func (m *Manager) Stats() []Stats {
	m.mu.Lock()
	engines := make([]*Engine, 0, len(m.engines))
	for _, e := range m.engines {
		engines = append(engines, e)
	}
	m.mu.Unlock()
	out := make([]Stats, 0, len(engines))
	for _, e := range engines {
		out = append(out, Stats{Port: e.port, Dropped: e.dropped.Load(), Triggers: e.List()})
	}
	return out
}

func (m *Manager) forget(e *Engine) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.engines[e.port] == e {
		delete(m.engines, e.port)
	}
}

// Engine runs one port's triggers. It is the port's hub.Observer. Its
// methods are safe for concurrent use.
type Engine struct {
	// Static after New.
	cfg      Config
	manager  *Manager
	port     string
	log      *slog.Logger
	ctx      context.Context // ends with Close
	cancel   context.CancelFunc
	wg       sync.WaitGroup // run and postHooks
	attached chan struct{}  // closed by Attach, after actor is set
	notify   chan struct{}  // capacity 1: the queue has something for run
	hooks    chan hook      // webhooks for postHooks; never closed

	attachOnce sync.Once
	actor      Port // set once by Attach before attached closes; read by run after
	closeOnce  sync.Once

	// want says, per kind of event, whether a trigger wants it, so that
	// a port no trigger watches costs nothing.
	want    [numKinds]atomic.Bool
	dropped atomic.Uint64 // bytes (and modem changes) not queued: the queue was full

	qmu    sync.Mutex
	queue  []event        // guarded by qmu
	queued int            // guarded by qmu: bytes charged for queue
	inGap  [numKinds]bool // guarded by qmu: the last event of that kind was dropped (a gap event is queued)
	closed bool           // guarded by qmu

	mu       sync.Mutex
	triggers []*trigger // guarded by mu, in the order they were added
	nextID   int        // guarded by mu: the number of the next id the engine gives

	// Owned by run.
	windows [2]window     // received, sent
	modem   *device.Modem // the lines as last known; nil: not known (the next reading is a baseline)
	batch   []event
}

type kind int

const (
	kindReceived kind = iota
	kindSent
	kindModem
	numKinds
)

func kindOf(on string) kind {
	switch on {
	case protocol.TriggerReceived:
		return kindReceived
	case protocol.TriggerSent:
		return kindSent
	}
	return kindModem
}

// event is what the port told the engine.
type event struct {
	kind  kind
	t     time.Time
	data  []byte        // received, sent
	modem *device.Modem // modem; nil: not known
	// gap: events of this kind were dropped here; matching starts
	// afresh after it.
	gap bool
}

// trigger is one of an engine's triggers.
type trigger struct {
	// Static after Add.
	p      protocol.ParsedTrigger // Spec.ID set
	kind   kind
	source string

	fired, suppressed, errors atomic.Uint64
	last                      atomic.Pointer[time.Time] // when it last fired

	// Owned by run.
	seen    bool   // run has seen the trigger: from is set
	from    uint64 // matches start at or after this offset of its window
	pending uint64 // matches suppressed since the last firing, for the next one's report
}

// Attach gives the engine the port it acts on; only the first call
// counts. Events queued before it are acted on once it comes.
func (e *Engine) Attach(p Port) {
	e.attachOnce.Do(func() {
		e.actor = p
		close(e.attached)
	})
}

// Received is the port's hub.Observer: b was read from the device at t.
func (e *Engine) Received(t time.Time, _ uint64, b []byte) {
	if e.want[kindReceived].Load() {
		e.enqueue(event{kind: kindReceived, t: t, data: b})
	}
}

// Sent is the port's hub.Observer: b was written to the device at t.
func (e *Engine) Sent(t time.Time, b []byte) {
	if e.want[kindSent].Load() {
		e.enqueue(event{kind: kindSent, t: t, data: b})
	}
}

// Modem is the port's hub.Observer: the modem lines read at t, or nil.
func (e *Engine) Modem(t time.Time, m *device.Modem) {
	// Every reading is queued, trigger or not (the port sends at most
	// a few dozen a second): a trigger added later then knows the lines
	// from before it, and fires on the first change after it.
	e.enqueue(event{kind: kindModem, t: t, modem: m})
}

// enqueue queues ev for run, or drops it if the queue is full; it never
// blocks.
func (e *Engine) enqueue(ev event) {
	e.qmu.Lock()
	defer e.qmu.Unlock()
	if e.closed {
		return
	}
	cost := len(ev.data) + eventOverhead
	if e.queued+cost > e.cfg.QueueBytes {
		n := uint64(len(ev.data))
		if ev.kind == kindModem {
			n = 1
		}
		e.dropped.Add(n)
		if !e.inGap[ev.kind] {
			// A gap costs nothing: there is at most one after each
			// event queued. (handle logs it, off the port's path.)
			e.queue = append(e.queue, event{kind: ev.kind, gap: true})
			e.inGap[ev.kind] = true
		}
		return
	}
	e.queue = append(e.queue, ev)
	e.queued += cost
	e.inGap[ev.kind] = false
	select {
	case e.notify <- struct{}{}:
	default:
	}
}

// Close stops the engine and waits for its goroutines; a webhook being
// posted is abandoned. It is idempotent.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.qmu.Lock()
		e.closed = true
		e.queue = nil
		e.qmu.Unlock()
		e.cancel()
		e.wg.Wait()
		e.manager.forget(e)
	})
	return nil
}

// Add adds a trigger, checked by protocol.CheckTrigger, from source (the
// config file or the API), and returns it as listed. A trigger without an
// id gets one: t1, t2, …
func (e *Engine) Add(p protocol.ParsedTrigger, source string) (protocol.Trigger, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ctx.Err() != nil {
		return protocol.Trigger{}, ErrClosed
	}
	if len(e.triggers) >= protocol.MaxTriggersPerPort {
		return protocol.Trigger{}, fmt.Errorf("%w (%d)", ErrTooMany, protocol.MaxTriggersPerPort)
	}
	taken := func(id string) bool {
		return slices.ContainsFunc(e.triggers, func(t *trigger) bool { return t.p.Spec.ID == id })
	}
	if p.Spec.ID == "" {
		for {
			e.nextID++
			if id := "t" + strconv.Itoa(e.nextID); !taken(id) {
				p.Spec.ID = id
				break
			}
		}
	} else if taken(p.Spec.ID) {
		return protocol.Trigger{}, fmt.Errorf("trigger %q: %w", p.Spec.ID, ErrExists)
	}
	t := &trigger{p: p, kind: kindOf(p.Spec.On), source: source}
	e.triggers = append(e.triggers, t)
	e.want[t.kind].Store(true)
	return t.listed(), nil
}

// Remove removes the trigger called id.
func (e *Engine) Remove(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	i := slices.IndexFunc(e.triggers, func(t *trigger) bool { return t.p.Spec.ID == id })
	if i < 0 {
		return fmt.Errorf("trigger %q: %w", id, ErrNotFound)
	}
	k := e.triggers[i].kind
	e.triggers = slices.Delete(e.triggers, i, i+1)
	e.want[k].Store(slices.ContainsFunc(e.triggers, func(t *trigger) bool { return t.kind == k }))
	return nil
}

// List returns the triggers with their counts, in the order they were
// added.
func (e *Engine) List() []protocol.Trigger {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]protocol.Trigger, 0, len(e.triggers))
	for _, t := range e.triggers {
		out = append(out, t.listed())
	}
	return out
}

func (t *trigger) listed() protocol.Trigger {
	l := protocol.Trigger{
		TriggerSpec: t.p.Spec,
		Source:      t.source,
		Fired:       t.fired.Load(),
		Suppressed:  t.suppressed.Load(),
		Errors:      t.errors.Load(),
		LastFired:   t.last.Load(),
	}
	l.Actions = slices.Clone(l.Actions)
	return l
}

// run takes the queue and acts on it, once the port is attached, until
// Close.
func (e *Engine) run() {
	defer e.wg.Done()
	select {
	case <-e.attached:
	case <-e.ctx.Done():
		return
	}
	for {
		select {
		case <-e.notify:
		case <-e.ctx.Done():
			return
		}
		e.qmu.Lock()
		e.batch, e.queue = e.queue, e.batch[:0]
		e.queued = 0
		e.qmu.Unlock()
		e.mu.Lock()
		triggers := slices.Clone(e.triggers)
		e.mu.Unlock()
		for _, ev := range e.batch {
			if e.ctx.Err() != nil {
				return
			}
			e.handle(ev, triggers)
		}
		clear(e.batch) // no chunk kept alive by the scratch slice
	}
}

// handle matches one event against the triggers.
func (e *Engine) handle(ev event, triggers []*trigger) {
	if ev.gap {
		e.log.Warn("triggers fell behind the port: traffic dropped, not matched", "kind", [...]string{"received", "sent", "modem"}[ev.kind])
	}
	switch {
	case ev.gap && ev.kind == kindModem:
		e.modem = nil // the next reading is a baseline
		return
	case ev.gap:
		e.windows[ev.kind].skip()
		return
	}
	if ev.kind == kindModem {
		old := e.modem
		if ev.modem == nil {
			e.modem = nil
			return
		}
		m := *ev.modem
		e.modem = &m
		if old == nil {
			return // a baseline: the first reading since the device opened
		}
		for _, t := range triggers {
			if t.kind != kindModem {
				continue
			}
			was, is := line(*old, t.p.Spec.Line), line(m, t.p.Spec.Line)
			if was == is {
				continue
			}
			edge := "fall"
			if is {
				edge = "rise"
			}
			if t.p.Spec.Edge == "any" || t.p.Spec.Edge == edge {
				e.fire(t, ev.t, "", edge)
			}
		}
		return
	}
	w := &e.windows[ev.kind]
	before := w.end()
	w.add(ev.data, ev.t)
	for _, t := range triggers {
		if t.kind != ev.kind {
			continue
		}
		if !t.seen {
			t.seen, t.from = true, before
		}
		for {
			from := max(t.from, w.start)
			if from >= w.end() {
				break
			}
			loc := t.p.Pattern.FindIndex(w.buf[from-w.start:])
			if loc == nil {
				break
			}
			start, end := from+uint64(loc[0]), from+uint64(loc[1])
			t.from = end
			if end == start { // never: CheckTrigger refuses patterns that match empty text
				t.from++
			}
			match := w.buf[start-w.start : end-w.start]
			if len(match) > protocol.MaxTriggerMatch {
				match = match[:protocol.MaxTriggerMatch] // in a long read: reported bounded
			}
			e.fire(t, w.timeOf(end), string(match), "")
		}
	}
	w.trim(protocol.MaxTriggerMatch)
}

func line(m device.Modem, name string) bool {
	switch name {
	case "CTS":
		return m.CTS
	case "DSR":
		return m.DSR
	case "DCD":
		return m.DCD
	}
	return m.RI
}

// fire does t's actions for a match (or a line's edge) at t, unless t is
// within its hold-off, when it counts the match as suppressed.
func (e *Engine) fire(t *trigger, at time.Time, match, edge string) {
	if l := t.last.Load(); l != nil && at.Before(l.Add(t.p.Holdoff)) {
		t.pending++
		t.suppressed.Add(1)
		return
	}
	suppressed := t.pending
	t.pending = 0
	t.fired.Add(1)
	t.last.Store(&at)
	spec := t.p.Spec
	args := []any{"port", e.port, "trigger", spec.ID, "on", spec.On, "time", at.Format(time.RFC3339Nano), "suppressed", suppressed}
	if spec.On == protocol.TriggerModem {
		args = append(args, "line", spec.Line, "edge", edge)
	} else {
		args = append(args, "match", match)
	}
	if e.cfg.Audit != nil {
		e.cfg.Audit.Info("trigger fired", args...)
	}
	e.log.Debug("trigger fired", args...)
	for i, a := range spec.Actions {
		switch {
		case a.Webhook != "":
			firing := protocol.TriggerFiring{Port: e.port, Trigger: spec.ID, On: spec.On, Match: match, Time: at, Suppressed: suppressed}
			if spec.On == protocol.TriggerModem {
				firing.Line, firing.Edge = spec.Line, edge
			}
			body, err := json.Marshal(firing)
			if err != nil { // never: the firing is plain data
				e.failed(t, "webhook", err)
				continue
			}
			select {
			case e.hooks <- hook{t: t, url: a.Webhook, body: body}:
			default:
				e.failed(t, "webhook", fmt.Errorf("%d webhooks are waiting already: dropped", cap(e.hooks)))
			}
		case a.Send != "":
			ctx, cancel := context.WithTimeout(e.ctx, e.cfg.SendTimeout)
			err := e.actor.Write(ctx, t.p.Send[i])
			cancel()
			if err != nil {
				e.failed(t, "send", err)
			}
		case a.Note != "":
			e.actor.Note("trigger " + spec.ID + ": " + a.Note)
		case a.Notice != "":
			e.actor.Notify(spec.ID, a.Notice, at)
		}
	}
}

// failed counts and logs an action that failed.
func (e *Engine) failed(t *trigger, action string, err error) {
	t.errors.Add(1)
	e.log.Warn("trigger action failed", "trigger", t.p.Spec.ID, "action", action, "err", err)
	if e.cfg.Audit != nil {
		e.cfg.Audit.Info("trigger action failed", "port", e.port, "trigger", t.p.Spec.ID, "action", action, "err", err.Error())
	}
}

// hook is a webhook to post.
type hook struct {
	t    *trigger
	url  string
	body []byte
}

// postHooks posts the webhooks queued, one at a time, until Close.
func (e *Engine) postHooks() {
	defer e.wg.Done()
	for {
		select {
		case h := <-e.hooks:
			if err := e.post(h); err != nil {
				e.failed(h.t, "webhook", err)
			}
		case <-e.ctx.Done():
			return
		}
	}
}

func (e *Engine) post(h hook) error {
	ctx, cancel := context.WithTimeout(e.ctx, e.cfg.WebhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(h.body))
	if err != nil {
		return fmt.Errorf("webhook %s: %w", h.url, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "serialhub-trigger")
	resp, err := e.cfg.Client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s: %s", h.url, resp.Status)
	}
	return nil
}
