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
	Name    string         // the decoder's name, for people (decode.Spec.Name)
	Decoder decode.Decoder // required
	// New makes another decoder like Decoder, for decoding a capture
	// (ExportCSV); nil: the port's values cannot be exported.
	New      func() (decode.Decoder, error)
	Keep     int          // records kept for Since; 0: DefaultKeep
	QueueLen int          // bytes of the port's output queued for the decoder; 0: DefaultQueueLen
	Logger   *slog.Logger // nil: slog.Default()
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

	queued  atomic.Int64  // bytes in in
	records atomic.Uint64 // decoded
	errors  atomic.Uint64 // the decoder's count, as of its last batch
	dropped atomic.Uint64 // bytes not decoded: the queue was full

	port atomic.Pointer[hub.Port] // set by Attach

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
func New(cfg Config) *Engine {
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
	e := &Engine{cfg: cfg, log: log.With("decoder", cfg.Name), in: make(chan chunk, 1024), done: make(chan struct{})}
	e.wg.Add(1)
	go e.run()
	return e
}

// Attach gives the engine its port, to which it publishes records.
func (e *Engine) Attach(p *hub.Port) { e.port.Store(p) }

// Received is the port's hub.Observer: b was read at t, at offset off.
// It never blocks.
func (e *Engine) Received(t time.Time, off uint64, b []byte) {
	if e.queued.Load()+int64(len(b)) > int64(e.cfg.QueueLen) {
		e.drop(len(b))
		return
	}
	select {
	case e.in <- chunk{t, off, b}:
		e.queued.Add(int64(len(b)))
	default:
		e.drop(len(b))
	}
}

func (e *Engine) drop(n int) {
	if e.dropped.Add(uint64(n)) == uint64(n) {
		e.log.Warn("the decoder fell behind the port: bytes not decoded (counted in decodeDropped)", "bytes", n)
	}
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

// NewDecoder makes another decoder like the engine's (Config.New), for
// decoding the port's capture.
func (e *Engine) NewDecoder() (decode.Decoder, error) {
	if e.cfg.New == nil {
		return nil, errors.New("this port's decoder cannot be made again")
	}
	return e.cfg.New()
}

// DecodeStats reports the engine's counts (the port's Info.Decode).
func (e *Engine) DecodeStats() hub.DecodeStats {
	return hub.DecodeStats{Decoder: e.cfg.Name, Records: e.records.Load(), Errors: e.errors.Load(), Dropped: e.dropped.Load()}
}

func (e *Engine) run() {
	defer e.wg.Done()
	var (
		recs []decode.Record
		next uint64 // the offset the next chunk should have
		seen bool
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
		if seen && c.off != next {
			e.cfg.Decoder.Gap() // bytes lost upstream, or dropped here
		}
		seen, next = true, c.off+uint64(len(c.b))
		recs = e.cfg.Decoder.Feed(recs[:0], c.b, c.t, c.off)
		e.errors.Store(e.cfg.Decoder.Errors())
		if len(recs) == 0 {
			continue
		}
		// The port's subscribers and the ring share the records: a new
		// slice each batch.
		batch := append([]decode.Record(nil), recs...)
		e.keep(batch)
		e.records.Add(uint64(len(batch)))
		if p := e.port.Load(); p != nil {
			p.PublishValues(batch)
		}
	}
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
