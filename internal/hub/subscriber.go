package hub

import (
	"context"
	"sync"

	"github.com/serialhub/serialhub/internal/decode"
)

// Message is one item of a subscriber's stream. Exactly one of Data (in
// Chunk), Replay, Missed, Status, LockRequest, Lease, Values, Notice and
// Job is set.
type Message struct {
	// Chunk is live bytes from the device, with their stream offset and
	// the time they were read.
	Chunk
	// Replay is the scrollback sent on subscribing (perhaps empty),
	// before the live stream.
	Replay *Replay
	// Missed counts bytes this subscriber lost here: because it fell
	// behind (consecutive losses add up in one Message), or, with Away
	// set, because a resumed subscriber asked for bytes older than the
	// scrollback holds, or, with Upstream set, because they were lost
	// before they reached this port (a fleet gateway's link lost them:
	// every subscriber gets the same count).
	Missed   uint64
	Away     bool
	Upstream bool
	// Status is the port's state after a change. The snapshot is shared
	// by every subscriber told of that change: never modify it.
	Status *Info

	// LockRequest, if not empty, names a client asking this subscriber,
	// the holder of the port's write lock, to let go.
	LockRequest string

	// Lease tells a subscriber acting under a lease, or waiting for one,
	// what happened to it.
	Lease *LeaseEvent

	// Values are records decoded from the stream (SubscribeOptions.
	// Values; shared: never modify them), after ValuesMissed records
	// this subscriber missed.
	Values       []decode.Record
	ValuesMissed uint64

	// Notice, if set, is a notice for the people watching (Port.Notify).
	Notice *Notice

	// Job, if set, is a job's progress (Port.PublishJob); shared: never
	// modify it.
	Job *JobInfo
}

// Subscriber receives a port's stream: either a goroutine waits in
// Receive, or (SetWake) the subscriber calls a function when there is
// something to take with TryReceive, so that a client with nothing to
// receive needs no goroutine. Receive and TryReceive are for one goroutine
// at a time; Close may be called from any goroutine, more than once.
type Subscriber struct {
	port     *Port         // static
	name     string        // static: how people know the client (SubscribeOptions.Name)
	limit    int           // static: budget in bytes for queued messages
	noStatus bool          // static: status messages are not queued (SubscribeData)
	values   bool          // static: decoded records are queued (SubscribeOptions.Values)
	noData   bool          // static: device bytes are not queued (SubscribeOptions.ValuesOnly)
	internal bool          // static: the server's own, not a client (SubscribeOptions.Internal)
	notify   chan struct{} // capacity 1: a message was queued or the subscriber closed
	wake     func()        // guarded by mu: set once by SetWake; replaces notify
	// told is the port's presence generation (who is connected) of the
	// last status queued for this one, so announce tells only those who
	// do not know.
	told uint64 // guarded by port.mu
	// lease is the id of the lease the subscriber acts under, or waits
	// for (Port.UseLease, LeaseRequest.Sub).
	lease string // guarded by port.mu

	mu     sync.Mutex
	queue  []Message // guarded by mu
	queued int       // guarded by mu: bytes charged for live messages in queue
	missed uint64    // guarded by mu: total bytes missed
	// valuesMissed counts records not queued (the budget was spent)
	// since the last Values message: the next one says so.
	valuesMissed uint64 // guarded by mu
	closed       bool   // guarded by mu
}

// enqueueData queues a chunk, or records it as missed if the subscriber's
// budget is spent. It never blocks and reports whether the chunk was queued.
func (s *Subscriber) enqueueData(c Chunk) bool {
	if s.noData {
		return true // it takes none
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return true // nobody is waiting for it
	}
	n := len(c.Data)
	cost := n + chunkOverhead
	if s.queued+cost > s.limit {
		s.missed += uint64(n)
		if k := len(s.queue); k > 0 && s.queue[k-1].Missed > 0 && !s.queue[k-1].Upstream && !s.queue[k-1].Away {
			s.queue[k-1].Missed += uint64(n)
		} else {
			s.queue = append(s.queue, Message{Missed: uint64(n)})
			s.queued += chunkOverhead
		}
		s.signal()
		return false
	}
	s.queue = append(s.queue, Message{Chunk: c})
	s.queued += cost
	s.signal()
	return true
}

// enqueueStatus queues a status message. Status messages are never
// dropped; one that follows another with nothing between replaces it, which
// keeps their number bounded by the data around them.
// enqueueLost tells the subscriber that n bytes of the stream were lost
// before they reached the port. Never dropped, like a status.
func (s *Subscriber) enqueueLost(n uint64) {
	if s.noData {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.missed += n
	s.queue = append(s.queue, Message{Missed: n, Upstream: true})
	s.queued += chunkOverhead
	s.signal()
}

func (s *Subscriber) enqueueStatus(info *Info) {
	if s.noStatus {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if n := len(s.queue); n > 0 && s.queue[n-1].Status != nil {
		s.queue[n-1].Status = info
	} else {
		s.queue = append(s.queue, Message{Status: info})
		s.queued += chunkOverhead
	}
	s.signal()
}

func (s *Subscriber) enqueueLockRequest(who string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.queue = append(s.queue, Message{LockRequest: who})
	s.queued += chunkOverhead
	s.signal()
}

func (s *Subscriber) enqueueLease(ev LeaseEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.queue = append(s.queue, Message{Lease: &ev})
	s.queued += chunkOverhead
	s.signal()
}

// signal tells the receiver there is something to take; s.mu is held.
func (s *Subscriber) signal() {
	if s.wake != nil {
		s.wake()
		return
	}
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// SetWake makes s call wake whenever a message is queued or s closes
// (at once if some are queued or it is closed already), instead of waking
// Receive. wake runs with the port's locks held: it must not block or call
// the port or s; it typically starts a goroutine that takes the messages
// with TryReceive, if none is running. Call it once, before receiving.
func (s *Subscriber) SetWake(wake func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wake = wake
	if len(s.queue) > 0 || s.closed {
		wake()
	}
}

// TryReceive returns the messages queued, in order, reusing buf's storage,
// without waiting: none (and a nil error) if there are none yet. Once the
// subscriber is closed and its queue drained it returns ErrClosed.
func (s *Subscriber) TryReceive(buf []Message) ([]Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) > 0 {
		out := s.queue
		clear(buf)
		s.queue, s.queued = buf[:0], 0
		return out, nil
	}
	if s.closed {
		return nil, ErrClosed
	}
	return nil, nil
}

// Pending reports whether TryReceive would return something: messages,
// or ErrClosed.
func (s *Subscriber) Pending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue) > 0 || s.closed
}

// Receive waits until messages are queued and returns all of them, in
// order, reusing buf's storage. Once the subscriber is closed and its queue
// drained it returns ErrClosed; it returns ctx's error if ctx ends first.
func (s *Subscriber) Receive(ctx context.Context, buf []Message) ([]Message, error) {
	for {
		if out, err := s.TryReceive(buf); out != nil || err != nil {
			return out, err
		}
		select {
		case <-s.notify:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Missed returns the total bytes this subscriber has missed.
func (s *Subscriber) Missed() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.missed
}

// Port returns the port the subscriber listens to.
func (s *Subscriber) Port() *Port { return s.port }

// CutOff closes the subscriber of a client that is being disconnected
// with device bytes still queued for it (it took nothing for too long):
// they are counted as DropCutoff, with inFlight more bytes that were being
// sent to it, and the total is returned.
func (s *Subscriber) CutOff(inFlight int) uint64 {
	s.mu.Lock()
	n := uint64(max(inFlight, 0))
	for _, m := range s.queue {
		n += uint64(len(m.Data))
		if m.Replay != nil {
			n += uint64(m.Replay.Len)
		}
	}
	clear(s.queue)
	s.queue, s.queued = s.queue[:0], 0
	s.missed += n
	s.mu.Unlock()
	s.port.Drop(DropCutoff, int(n))
	s.Close()
	return n
}

// Close unsubscribes. Messages already queued can still be received.
func (s *Subscriber) Close() {
	s.port.unsubscribe(s)
	s.close()
}

func (s *Subscriber) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.signal()
}
