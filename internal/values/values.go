// Package values runs a port's decoder (package decode) beside the port:
// it is the port's hub.Observer, decodes what the device sends in a
// goroutine of its own, keeps the recent records for REST clients, and
// hands each batch to the port, which queues it for the clients that ask
// (hub.Port.PublishValues). The port never waits for it: chunks beyond
// its bounded queue are dropped, counted and decoded as a gap.
package values

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// Defaults of Config.
const (
	DefaultKeep     = 10000   // records kept for Since
	DefaultQueueLen = 1 << 20 // bytes queued for the decoder
)

// Config configures an Engine.
type Config struct {
	// Spec is the decoder the engine starts with, from the port's first
	// byte; with none (and no Decoder) the engine decodes nothing until
	// SetDecoder gives it one.
	Spec *decode.Spec
	// Name and Decoder, instead of Spec, give it a decoder made
	// otherwise (Name is for people).
	Name    string
	Decoder decode.Decoder
	// New makes another decoder like Decoder, for decoding a capture
	// (ExportCSV); nil: the port's values cannot be exported.
	New      func() (decode.Decoder, error)
	Keep     int          // records kept for Since; 0: DefaultKeep
	QueueLen int          // bytes of the port's output queued for the decoder; 0: DefaultQueueLen
	Logger   *slog.Logger // nil: slog.Default()
}

// current is the engine's decoder; replaced whole (SetDecoder).
type current struct {
	name string
	spec *decode.Spec // as set by SetDecoder; nil when set by Config
	dec  decode.Decoder
	new  func() (decode.Decoder, error)
	// Counts for this decoder, read by DecodeStats; records and errors
	// written by run only.
	records, errors, dropped atomic.Uint64
}

// Engine decodes one port. Its methods are safe for concurrent use.
type Engine struct {
	// Static.
	cfg  Config
	log  *slog.Logger
	in   chan chunk    // to run; its bytes are bounded by queued
	done chan struct{} // closed by Close: run drains nothing more
	wg   sync.WaitGroup
	once sync.Once

	queued atomic.Int64            // bytes in in
	cur    atomic.Pointer[current] // nil: no decoder

	port atomic.Pointer[hub.Port] // set by Attach
	// restating: a status with the decoder's new counts is due
	// (countsChanged) and its timer armed.
	restating atomic.Bool

	mu   sync.Mutex
	ring []decode.Record // guarded by mu: the last Keep records, oldest first once full
	head int             // guarded by mu: where the next record goes once ring is full
}

type chunk struct {
	t   time.Time
	off uint64
	b   []byte
}

// New starts an engine. Give it to the port as an Observer (the port
// closes it), then Attach the port.
func New(cfg Config) (*Engine, error) {
	if cfg.Keep <= 0 {
		cfg.Keep = DefaultKeep
	}
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = DefaultQueueLen
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	e := &Engine{cfg: cfg, log: log, in: make(chan chunk, 1024), done: make(chan struct{})}
	switch {
	case cfg.Spec != nil && cfg.Spec.Name != "":
		dec, err := decode.New(*cfg.Spec)
		if err != nil {
			return nil, err
		}
		s := *cfg.Spec
		e.cur.Store(&current{name: s.Name, spec: &s, dec: dec, new: func() (decode.Decoder, error) { return decode.New(s) }})
	case cfg.Decoder != nil:
		e.cur.Store(&current{name: cfg.Name, dec: cfg.Decoder, new: cfg.New})
	}
	e.wg.Add(1)
	go e.run()
	return e, nil
}

// Attach gives the engine its port, to which it publishes records.
func (e *Engine) Attach(p *hub.Port) { e.port.Store(p) }

// Received is the port's hub.Observer: b was read at t, at offset off.
// It never blocks.
func (e *Engine) Received(t time.Time, off uint64, b []byte) {
	c := e.cur.Load()
	if c == nil {
		return // no decoder: nothing to do
	}
	if e.queued.Load()+int64(len(b)) > int64(e.cfg.QueueLen) {
		e.drop(c, len(b))
		return
	}
	select {
	case e.in <- chunk{t, off, b}:
		e.queued.Add(int64(len(b)))
	default:
		e.drop(c, len(b))
	}
}

func (e *Engine) drop(c *current, n int) {
	if c.dropped.Add(uint64(n)) == uint64(n) {
		e.log.Warn("the decoder fell behind the port: bytes not decoded (counted in decodeDropped)", "decoder", c.name, "bytes", n)
	}
}

// SetDecoder makes the port decoded by spec from its next byte on (the
// decoder starts as after a gap: a line or frame under way is not
// decoded), or, with spec nil, by no decoder. The counts start again;
// the records kept stay.
func (e *Engine) SetDecoder(spec *decode.Spec) error {
	if spec == nil || spec.Name == "" {
		e.cur.Store(nil)
		e.log.Info("decoder removed")
		return nil
	}
	dec, err := decode.New(*spec)
	if err != nil {
		return err
	}
	dec.Gap() // it starts mid-stream: what is under way is not its to decode
	s := *spec
	e.cur.Store(&current{name: s.Name, spec: &s, dec: dec, new: func() (decode.Decoder, error) { return decode.New(s) }})
	e.log.Info("decoder set", "decoder", s.Name)
	return nil
}

// Spec returns the decoder's spec, and whether there is a decoder at all
// (one given as Config.Decoder has no spec: nil).
func (e *Engine) Spec() (spec *decode.Spec, ok bool) {
	c := e.cur.Load()
	if c == nil {
		return nil, false
	}
	return c.spec, true
}

// Sent is the port's hub.Observer: what clients send is not decoded.
func (e *Engine) Sent(time.Time, []byte) {}

// Modem is the port's hub.Observer.
func (e *Engine) Modem(time.Time, *device.Modem) {}

// Close stops the engine, once it has decoded what it was handed, and
// waits for it. The port calls it after its last Received. Idempotent.
func (e *Engine) Close() error {
	e.once.Do(func() {
		close(e.done)
		e.wg.Wait()
	})
	return nil
}

// NewDecoder makes another decoder like the engine's, for decoding the
// port's capture.
func (e *Engine) NewDecoder() (decode.Decoder, error) {
	c := e.cur.Load()
	if c == nil || c.new == nil {
		return nil, errors.New("this port's decoder cannot be made again")
	}
	return c.new()
}

// DecodeStats reports the decoder's counts (the port's Info.Decode), and
// false if there is no decoder.
func (e *Engine) DecodeStats() (hub.DecodeStats, bool) {
	c := e.cur.Load()
	if c == nil {
		return hub.DecodeStats{}, false
	}
	return hub.DecodeStats{Decoder: c.name, Records: c.records.Load(), Errors: c.errors.Load(), Dropped: c.dropped.Load()}, true
}

func (e *Engine) run() {
	defer e.wg.Done()
	var (
		recs []decode.Record
		next uint64 // the offset the next chunk should have
		seen bool
		last *current // the decoder of the last chunk
	)
	for {
		var c chunk
		select {
		case c = <-e.in:
		case <-e.done:
			// The port has stopped: what it handed over is decoded,
			// then the engine ends.
			select {
			case c = <-e.in:
			default:
				return
			}
		}
		e.queued.Add(-int64(len(c.b)))
		cur := e.cur.Load()
		if cur == nil {
			last = nil
			continue
		}
		if cur != last {
			last = cur // a decoder set meanwhile starts as after a gap (SetDecoder)
		} else if seen && c.off != next {
			cur.dec.Gap() // bytes lost upstream, or dropped here
		}
		seen, next = true, c.off+uint64(len(c.b))
		recs = cur.dec.Feed(recs[:0], c.b, c.t, c.off)
		if errs := cur.dec.Errors(); errs != cur.errors.Load() {
			cur.errors.Store(errs)
			e.countsChanged()
		}
		if len(recs) == 0 {
			continue
		}
		e.countsChanged()
		// The port's subscribers and the ring share the records: a new
		// slice each batch.
		batch := append([]decode.Record(nil), recs...)
		e.keep(batch)
		cur.records.Add(uint64(len(batch)))
		if p := e.port.Load(); p != nil {
			p.PublishValues(batch)
		}
	}
}

// StatusEvery is how often, at most, a port's clients get a status for
// its decoder's counts (decodedRecords, decodeErrors) while they change.
const StatusEvery = time.Second

// countsChanged has the port's clients told the decoder's counts, at most
// every StatusEvery: the first change arms a timer, whose status carries
// the counts as they are then, changes meanwhile included.
func (e *Engine) countsChanged() {
	if !e.restating.CompareAndSwap(false, true) {
		return
	}
	time.AfterFunc(StatusEvery, func() {
		e.restating.Store(false)
		if p := e.port.Load(); p != nil {
			p.Restate() // nothing once the port is closing
		}
	})
}

// keep adds a batch to the ring.
func (e *Engine) keep(batch []decode.Record) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range batch {
		if len(e.ring) < e.cfg.Keep {
			e.ring = append(e.ring, r)
			continue
		}
		e.ring[e.head] = r
		e.head = (e.head + 1) % len(e.ring)
	}
}

// Since returns the records kept whose Offset is past since (a previous
// record's Offset; 0 for all), oldest first, at most max of the newest
// of them (max <= 0: all).
func (e *Engine) Since(since uint64, max int) []decode.Record {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []decode.Record
	n := len(e.ring)
	for i := range n {
		r := e.ring[(e.head+i)%n]
		if r.Offset > since {
			out = append(out, r)
		}
	}
	if max > 0 && len(out) > max {
		out = out[len(out)-max:]
	}
	return out
}

// Listen calls fn with each batch of records port decodes from now on,
// from the calling goroutine, until ctx ends (it then returns ctx's
// error) or the port closes (nil). fn must not keep or modify the
// records. Batches a slow fn could not keep up with are missed, and the
// next batch's missed count says how many records (missed, to fn).
func Listen(ctx context.Context, port *hub.Port, fn func(recs []decode.Record, missed uint64)) error {
	sub, err := port.SubscribeWith(hub.SubscribeOptions{ValuesOnly: true})
	if err != nil {
		return err
	}
	defer sub.Close()
	var buf []hub.Message
	for {
		msgs, err := sub.Receive(ctx, buf)
		if errors.Is(err, hub.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.Values != nil {
				fn(m.Values, m.ValuesMissed)
			}
		}
		clear(msgs)
		buf = msgs[:0]
	}
}
