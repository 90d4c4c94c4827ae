package hub

import (
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// Observer is told of a port's traffic and of changes of its modem lines,
// as they happen (package trigger watches a port through one). Its
// methods are called from the port's goroutines, Received and Modem with
// the port's lock held, so they must not block (hand off to a bounded
// queue); b is never modified afterwards and may be kept. The port owns it: Close closes it,
// before the Recorder.
type Observer interface {
	Received(t time.Time, b []byte)
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
	if p.cfg.Observer != nil {
		p.cfg.Observer.Modem(time.Now(), m)
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
