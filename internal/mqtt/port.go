package mqtt

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/wire"
)

// portRun bridges one port: a reader takes the port's stream (and a
// second goroutine its values), and a publisher drains what they queue.
// The readers never wait for the broker.
type portRun struct {
	// Static after startRun.
	b      *Bridge
	port   *hub.Port
	name   string // the port's name
	topic  string // "serialhub/GATEWAY/PORT/"
	sub    *hub.Subscriber
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when the run's goroutines have ended
	ended  chan struct{} // closed by read when the port closed: publish what is left, then stop
	wake   chan struct{} // capacity 1: something was queued
	resync chan struct{} // capacity 1: (re)connected: publish status and values again

	mu        sync.Mutex
	lines     [][]byte          // guarded by mu: at most cfg.Queue, oldest first
	status    []byte            // guarded by mu: the latest status object (JSON)
	statusNew bool              // guarded by mu: status is not published yet
	values    map[string]string // guarded by mu: the latest payload of each value name
	fresh     map[string]bool   // guarded by mu: value names whose payload is not published yet
	dropped   uint64            // guarded by mu: drops not logged yet
	loggedAt  time.Time         // guarded by mu: when drops were last logged
}

// startRun subscribes to p and starts its goroutines; b.mu is held. It
// returns nil if p is closed.
func (b *Bridge) startRun(p *hub.Port) *portRun {
	sub, err := p.SubscribeWith(hub.SubscribeOptions{Name: "mqtt"})
	if err != nil {
		return nil // closed: the watch will see it go
	}
	r := &portRun{
		b: b, port: p, name: p.Name(), sub: sub,
		topic:  b.prefix + TopicName(p.Name()) + "/",
		done:   make(chan struct{}),
		ended:  make(chan struct{}),
		wake:   make(chan struct{}, 1),
		resync: make(chan struct{}, 1),
		values: make(map[string]string),
		fresh:  make(map[string]bool),
	}
	r.ctx, r.cancel = context.WithCancel(b.ctx)
	var wg sync.WaitGroup
	wg.Go(r.read)
	wg.Go(r.publish)
	if b.cfg.Values != nil {
		wg.Go(r.listen)
	}
	b.wg.Go(func() {
		wg.Wait()
		close(r.done)
	})
	return r
}

// stop ends the run and waits for its goroutines. (A run whose port
// closed ends by itself once it has published the port's last status.)
func (r *portRun) stop() {
	r.cancel()
	r.sub.Close()
	<-r.done
}

// read takes the port's stream until the port or the run ends.
func (r *portRun) read() {
	defer close(r.ended) // the publisher publishes what is left and ends the run
	var (
		buf   []hub.Message
		lines lineSplitter
		err   error
	)
	emit := func(line []byte) { r.queueLine(line) }
	for {
		buf, err = r.sub.Receive(r.ctx, buf)
		if err != nil {
			return
		}
		for _, m := range buf {
			switch {
			case m.Data != nil:
				lines.feed(m.Data, emit)
			case m.Missed > 0:
				lines.reset()
			case m.Status != nil:
				r.setStatus(*m.Status)
			}
		}
	}
}

// queueLine queues a copy of line, or drops it if the queue is full.
func (r *portRun) queueLine(line []byte) {
	r.mu.Lock()
	if len(r.lines) >= r.b.cfg.Queue {
		r.mu.Unlock()
		r.drop(1)
		if r.b.cfg.queued != nil {
			r.b.cfg.queued(true)
		}
		return
	}
	r.lines = append(r.lines, append([]byte(nil), line...))
	r.mu.Unlock()
	signal(r.wake)
	if r.b.cfg.queued != nil {
		r.b.cfg.queued(false)
	}
}

// drop counts n messages dropped and logs, at most once per
// dropLogInterval, how many were since the last log.
func (r *portRun) drop(n uint64) {
	r.b.count(r.name, func(c *Counts) { c.Dropped += n })
	r.mu.Lock()
	r.dropped += n
	now := time.Now()
	var report uint64
	if now.Sub(r.loggedAt) >= dropLogInterval {
		report, r.dropped, r.loggedAt = r.dropped, 0, now
	}
	r.mu.Unlock()
	if report > 0 {
		r.b.log.Warn("mqtt: dropped messages: the broker is away or slow", "port", r.name, "dropped", report, "queue", r.b.cfg.Queue)
	}
}

// setStatus keeps the port's latest status for the publisher.
func (r *portRun) setStatus(i hub.Info) {
	js, err := json.Marshal(wire.PortObject(i))
	if err != nil {
		return // a protocol.Port always marshals
	}
	r.mu.Lock()
	r.status, r.statusNew = js, true
	r.mu.Unlock()
	signal(r.wake)
}

// listen takes the port's decoded values until the run ends.
func (r *portRun) listen() {
	err := r.b.cfg.Values.Listen(r.ctx, r.name, r.setValues)
	if err != nil && !errors.Is(err, ErrNoDecoder) && r.ctx.Err() == nil {
		r.b.log.Warn("mqtt: values", "port", r.name, "err", err)
	}
}

// setValues keeps the latest payload of each value of recs.
func (r *portRun) setValues(recs []decode.Record) {
	var over uint64
	r.mu.Lock()
	for _, rec := range recs {
		for _, v := range rec.Values {
			if v.Name == "" {
				continue
			}
			if _, ok := r.values[v.Name]; !ok && len(r.values) >= MaxValueNames {
				over++
				continue
			}
			r.values[v.Name] = valuePayload(v)
			r.fresh[v.Name] = true
		}
	}
	r.mu.Unlock()
	if over > 0 {
		r.drop(over)
	}
	signal(r.wake)
}

// valuePayload is a value as plain text: a number in Go's shortest
// form (strconv 'g'), or the text.
func valuePayload(v decode.Value) string {
	if v.IsText {
		return v.Text
	}
	return strconv.FormatFloat(v.Num, 'g', -1, 64)
}

// outgoing is one message to publish.
type outgoing struct {
	topic    string
	retained bool
	payload  []byte
	line     bool // a line: dropped (and counted) if it cannot be published
}

// publish drains what the readers queue into the broker, while it is
// connected, until the run ends. Status messages are at least
// StatusInterval apart; the last is never held back longer.
func (r *portRun) publish() {
	var (
		lastStatus time.Time
		timer      *time.Timer
		timerC     <-chan time.Time
		everything bool                // publish status and every value again
		last       bool                // the port closed: this is the last round
		ended      = r.ended           // nil once seen
		announced  = map[string]bool{} // value names given a discovery config
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
		r.cancel() // the values' listener stops too
	}()
	for {
		if !r.b.conn.Connected() {
			// onConnect signals resync once it is up.
			select {
			case <-r.resync:
				everything = true
				continue
			case <-ended:
				last, ended = true, nil // publish the last status once connected
				continue
			case <-r.ctx.Done():
				return
			}
		}
		var batch []outgoing
		wait := time.Duration(0)
		r.mu.Lock()
		for _, l := range r.lines {
			batch = append(batch, outgoing{topic: r.topic + "line", payload: l, line: true})
		}
		clear(r.lines)
		r.lines = r.lines[:0]
		if r.status != nil && (r.statusNew || everything) {
			if since := time.Since(lastStatus); since >= r.b.cfg.StatusInterval || everything || last {
				batch = append(batch, outgoing{topic: r.topic + "status", retained: true, payload: r.status})
				r.statusNew = false
				lastStatus = time.Now()
			} else {
				wait = r.b.cfg.StatusInterval - since
			}
		}
		for name, payload := range r.values {
			if !r.fresh[name] && !everything {
				continue
			}
			delete(r.fresh, name)
			if r.b.cfg.Discovery && (!announced[name] || everything) {
				announced[name] = true
				batch = append(batch, r.discovery(name))
			}
			batch = append(batch, outgoing{topic: r.topic + "values/" + TopicName(name), retained: true, payload: []byte(payload)})
		}
		r.mu.Unlock()
		everything = false

		failed := false
		for i, m := range batch {
			if r.ctx.Err() != nil {
				return
			}
			if err := r.b.conn.Publish(m.topic, m.retained, m.payload); err != nil {
				// The lines left are lost; the status and the values are
				// published again at the next round (after a reconnect,
				// or when something new comes), not at once: a broker
				// that fails fast is not retried in a loop.
				n := uint64(0)
				for _, m := range batch[i:] {
					if m.line {
						n++
					}
				}
				if n > 0 {
					r.drop(n)
				}
				failed, everything = true, true
				break
			}
			r.b.count(r.name, func(c *Counts) { c.Published++ })
		}
		if last && !failed {
			return
		}
		if len(batch) > 0 && !failed {
			continue // more may have come meanwhile
		}
		if wait > 0 && timerC == nil {
			timer = time.NewTimer(wait)
			timerC = timer.C
		}
		select {
		case <-r.wake:
		case <-r.resync:
			everything = true
		case <-timerC:
			timerC = nil
		case <-ended:
			last, ended = true, nil
		case <-r.ctx.Done():
			return
		}
	}
}
