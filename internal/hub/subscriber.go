package hub

import (
	"context"
	"sync"
)

// Message is one item of a subscriber's stream. Exactly one of Data,
// Missed and Status is set.
type Message struct {
	// Data is bytes from the device. It is shared with other subscribers:
	// never modify it.
	Data []byte
	// Replay marks Data as the scrollback sent on subscribing; Offset is
	// the stream offset of its first byte (the port's BytesIn when that
	// byte was read).
	Replay bool
	Offset uint64
	// Missed counts bytes this subscriber lost here: because it fell
	// behind (consecutive losses add up in one Message), or, with Away
	// set, because a resumed subscriber asked for bytes older than the
	// scrollback holds.
	Missed uint64
	Away   bool
	// Status is the port's state after a change.
	Status *Info

	// LockRequest, if not empty, names a client asking this subscriber,
	// the holder of the port's write lock, to let go.
	LockRequest string
}

// Subscriber receives a port's stream. Receive is for one goroutine; Close
// may be called from any goroutine, more than once.
type Subscriber struct {
	port   *Port         // static
	limit  int           // static: budget in bytes for queued messages
	notify chan struct{} // capacity 1: a message was queued or the subscriber closed

	mu     sync.Mutex
	queue  []Message // guarded by mu
	queued int       // guarded by mu: bytes charged for live messages in queue
	missed uint64    // guarded by mu: total bytes missed
	closed bool      // guarded by mu
}

// enqueueData queues a chunk, or records it as missed if the subscriber's
// budget is spent. It never blocks and reports whether the chunk was queued.
func (s *Subscriber) enqueueData(chunk []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return true // nobody is waiting for it
	}
	cost := len(chunk) + chunkOverhead
	if s.queued+cost > s.limit {
		s.missed += uint64(len(chunk))
		if n := len(s.queue); n > 0 && s.queue[n-1].Missed > 0 {
			s.queue[n-1].Missed += uint64(len(chunk))
		} else {
			s.queue = append(s.queue, Message{Missed: uint64(len(chunk))})
			s.queued += chunkOverhead
		}
		s.signal()
		return false
	}
	s.queue = append(s.queue, Message{Data: chunk})
	s.queued += cost
	s.signal()
	return true
}

// enqueueStatus queues a status message. Status messages are never
// dropped; one that follows another with nothing between replaces it, which
// keeps their number bounded by the data around them.
func (s *Subscriber) enqueueStatus(info Info) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if n := len(s.queue); n > 0 && s.queue[n-1].Status != nil {
		s.queue[n-1].Status = &info
	} else {
		s.queue = append(s.queue, Message{Status: &info})
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

func (s *Subscriber) signal() {
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// Receive waits until messages are queued and returns all of them, in
// order, reusing buf's storage. Once the subscriber is closed and its queue
// drained it returns ErrClosed; it returns ctx's error if ctx ends first.
func (s *Subscriber) Receive(ctx context.Context, buf []Message) ([]Message, error) {
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			out := s.queue
			clear(buf)
			s.queue, s.queued = buf[:0], 0
			s.mu.Unlock()
			return out, nil
		}
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return nil, ErrClosed
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

// Close unsubscribes. Messages already queued can still be received.
func (s *Subscriber) Close() {
	s.port.unsubscribe(s)
	s.close()
}

func (s *Subscriber) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.signal()
}
