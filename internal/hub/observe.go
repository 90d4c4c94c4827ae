package hub

import (
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
)

// Observer is told of a port's traffic and of changes of its modem lines,
// as they happen (package trigger watches a port through one). Its
// methods are called from the port's goroutines, Received and Modem with
// the port's lock held, so they must not block (hand off to a bounded
// queue); b is never modified afterwards and may be kept. The port owns it: Close closes it,
// before the Recorder.
type Observer interface {
	// Received: b was read at t; its first byte is at stream offset off
	// (a jump from the last chunk's end is bytes lost upstream).
	Received(t time.Time, off uint64, b []byte)
	Sent(t time.Time, b []byte)
	// Modem gives the modem lines as read at t when they changed, and at
	// each open of the device (its first reading); nil when they are no
	// longer known (the device closed, or they cannot be read).
	Modem(t time.Time, m *device.Modem)
	Close() error
}

// Notice is a message for the people watching a port (a trigger's
// notice): every subscriber that gets status messages receives it.
type Notice struct {
	From string    // what raised it: a trigger's id
	Text string    // for people
	Time time.Time // when it was raised
}

// Notify queues n for every subscriber that gets status messages
// (SubscribeData's do not). It never blocks: a subscriber whose queue is
// full misses it.
func (p *Port) Notify(n Notice) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return
	}
	for s := range p.subs {
		s.enqueueNotice(&n)
	}
}

// Note writes msg, at the time now, in the port's capture, if it has one.
func (p *Port) Note(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cfg.Recorder != nil && !p.closing {
		p.cfg.Recorder.Note(time.Now(), msg)
	}
}

// observeModemLocked tells the Observer the modem lines now known.
func (p *Port) observeModemLocked(m *device.Modem) {
	for _, o := range p.cfg.Observers {
		o.Modem(time.Now(), m)
	}
}

// enqueueNotice queues a notice, unless the subscriber takes no status
// messages or its queue is full.
func (s *Subscriber) enqueueNotice(n *Notice) {
	if s.noStatus {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.queued+chunkOverhead > s.limit {
		return
	}
	s.queue = append(s.queue, Message{Notice: n})
	s.queued += chunkOverhead
	s.signal()
}

// recordCost is what a decoded record costs a subscriber's budget.
const recordCost = 128

// PublishValues queues records decoded from the port's stream (package
// values) for every subscriber that asked for them (SubscribeOptions.
// Values), as one Message. It never blocks: a subscriber whose budget is
// spent misses them, and its next Values message counts them
// (Message.ValuesMissed). The records are shared: never modify them.
func (p *Port) PublishValues(recs []decode.Record) {
	if len(recs) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return
	}
	for s := range p.subs {
		if s.values {
			s.enqueueValues(recs)
		}
	}
}

func (s *Subscriber) enqueueValues(recs []decode.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	cost := len(recs)*recordCost + chunkOverhead
	if s.queued+cost > s.limit {
		s.valuesMissed += uint64(len(recs))
		return
	}
	s.queue = append(s.queue, Message{Values: recs, ValuesMissed: s.valuesMissed})
	s.valuesMissed = 0
	s.queued += cost
	s.signal()
}

// DecodeStats says how a port's decoder fares: an Observer that decodes
// (package values) reports it, and the port's snapshots carry it
// (Info.Decode).
type DecodeStats struct {
	Decoder string // its name: nmea, csv, …
	Records uint64 // records decoded since the port started
	Errors  uint64 // pieces of input it could not decode
	Dropped uint64 // bytes it could not keep up with, not decoded
}

// decodeStatser is an Observer that decodes: false while it has no
// decoder.
type decodeStatser interface{ DecodeStats() (DecodeStats, bool) }

// decodeStatsLocked is the port's decoder's stats, or nil.
func (p *Port) decodeStatsLocked() *DecodeStats {
	for _, o := range p.cfg.Observers {
		if d, ok := o.(decodeStatser); ok {
			if st, ok := d.DecodeStats(); ok {
				return &st
			}
		}
	}
	return nil
}
