package hub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// ErrLocked is returned (wrapped) when another client holds the port's
// write lock or lease.
var ErrLocked = errors.New("another client holds the port's write lock")

// ErrNoLease is returned (wrapped) for a lease that is not held: it
// expired, was released or broken, or never was.
var ErrNoLease = errors.New("no such lease")

// ErrQueueFull is returned (wrapped) when MaxLeaseWaiters already wait
// for a port's lease.
var ErrQueueFull = errors.New("too many clients wait for the lease")

// MaxLeaseWaiters bounds a port's queue for its lease.
const MaxLeaseWaiters = 64

// LockInfo says who holds a port's write lock: a connection's lock (Lock)
// or a lease (TakeLease).
type LockInfo struct {
	Holder  string // who, as the server names them (a user, or "a browser at …" without users)
	Since   time.Time
	Note    string    // a lease's note
	Expires time.Time // when a lease ends unless renewed; zero for a connection's lock
	Lease   bool      // it is a lease rather than a connection's lock
	Queue   []Waiting // who waits for it, next first; never modify
}

// Waiting is a client in the queue for a port's lease.
type Waiting struct {
	Holder string
	Note   string
	Since  time.Time // when it began to wait
}

// A lease reserves a port's write access for a while: Lease describes one.
type Lease struct {
	ID      string // the holder's proof: requests that carry it act as the holder; secret
	Holder  string
	Note    string
	Since   time.Time
	Expires time.Time
	TTL     time.Duration
}

// LeaseRequest asks TakeLease for a lease, or to renew one.
type LeaseRequest struct {
	Renew  string        // the id of the lease to renew; "" asks for a new lease
	Holder string        // who asks, as people will see them
	Note   string        // what for; a renewal with none keeps the old
	TTL    time.Duration // how long it lasts unless renewed; required
	Wait   bool          // queue behind the holder (FIFO) rather than fail with ErrLocked
	// Sub, if set, acts under the lease (UseLease) and receives its
	// events (Message.Lease), its place in the queue among them.
	Sub *Subscriber
}

// LeaseEventKind says what happened to a lease.
type LeaseEventKind string

// The kinds of LeaseEvent.
const (
	LeaseQueued   LeaseEventKind = "queued"   // waiting; Position says where
	LeaseGranted  LeaseEventKind = "granted"  // held
	LeaseRenewed  LeaseEventKind = "renewed"  // held for longer
	LeaseReleased LeaseEventKind = "released" // its holder let go
	LeaseExpired  LeaseEventKind = "expired"  // not renewed in time
	LeaseBroken   LeaseEventKind = "broken"   // taken away by someone else (By)
)

// LeaseEvent tells the subscribers that act under a lease, or wait for it,
// what happened to it (Message.Lease). Everyone else learns from the
// port's status (Info.Lock).
type LeaseEvent struct {
	Kind     LeaseEventKind
	Lease    Lease  // Expires is the new end for LeaseGranted and LeaseRenewed
	By       string // who broke it
	Position int    // LeaseQueued: 1 is next
}

// writeLock is the port's write lock: free, a connection's (a subscriber's,
// for as long as it is subscribed), or a lease's (whoever carries its id,
// until it expires).
type writeLock struct {
	owner *Subscriber // a connection's lock: the holder; nil otherwise
	lease Lease       // a lease's: ID is set; zero otherwise
	info  LockInfo    // Holder and Since for either; the rest for a lease
	timer *time.Timer // a lease's expiry
	// kept: the lease was taken elsewhere and is known from the port's
	// LeaseKeeper (KeptLease): another server's client holds it.
	kept bool
}

func (l *writeLock) held() bool { return l.owner != nil || l.lease.ID != "" }

// heldBy reports whether the request lc is the holder's.
func (l *writeLock) heldBy(lc lockCheck) bool {
	if l.owner != nil {
		return lc.sub == l.owner
	}
	id := l.lease.ID
	return id != "" && (lc.anyLease || lc.lease == id || (lc.sub != nil && lc.sub.lease == id))
}

// waiter is a client queued for the lease.
type waiter struct {
	req     LeaseRequest
	id      string        // the lease's id, once granted
	since   time.Time     // when it began to wait
	granted chan Lease    // capacity 1: the lease, once the waiter holds it
	left    chan struct{} // closed when the waiter is let go (ReleaseLease)
	// turn (capacity 1) wakes the first waiter of a port with a
	// LeaseKeeper when the lock is free: it claims the lease itself.
	turn chan struct{}
}

// A port has one write lock. While someone holds it, only they may write
// to the port or change it (mayChange says); while no one does, anyone
// with the control role may. Two kinds of holder share it:
//
//   - A connection (Lock), on an exclusive port (Config.Exclusive): it
//     holds the lock until it lets go or unsubscribes. Others can ask it to
//     let go (RequestLock).
//   - A lease (TakeLease), on any port: whoever carries its id holds it,
//     whatever connection they come on, until it is released, broken, or
//     expires unrenewed. Others may queue for it (LeaseRequest.Wait).
//
// When the lock is freed, the first in the queue gets it as a lease.

// Lock gives s the write lock, naming it who. It fails with ErrLocked if
// another subscriber or a lease holds it, and if the port is not
// exclusive.
func (p *Port) Lock(s *Subscriber, who string) error {
	if !p.cfg.Exclusive {
		return fmt.Errorf("port %s is not exclusive: anyone with control may write", p.cfg.Name)
	}
	p.mu.Lock()
	if err := p.lockedByOtherLocked(s); err != nil || p.lock.owner == s {
		p.mu.Unlock()
		return err
	}
	dev := p.dev
	p.mu.Unlock()
	// A device whose lock another program keeps is locked there first
	// (device.Locker): its own clients stop writing too.
	if l, ok := dev.(device.Locker); ok {
		if err := l.Lock(who); err != nil {
			return fmt.Errorf("port %s: %w", p.cfg.Name, err)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.lockedByOtherLocked(s); err != nil {
		// Another of this port's clients took it meanwhile: the device's
		// lock is theirs as much as it was to be this one's.
		return err
	}
	if p.lock.owner == s {
		return nil
	}
	p.lock = writeLock{owner: s, info: LockInfo{Holder: who, Since: time.Now()}}
	p.broadcastLocked()
	return nil
}

// lockedByOtherLocked is the error for s taking the lock someone else
// holds, or nil.
func (p *Port) lockedByOtherLocked(s *Subscriber) error {
	if p.lock.held() && !p.lock.heldBy(lockCheck{sub: s}) || p.lock.lease.ID != "" {
		return p.lockedErrLocked("")
	}
	return nil
}

// lockedErrLocked is ErrLocked, saying who holds the lock and until when.
func (p *Port) lockedErrLocked(hint string) error {
	i := p.lock.info
	until := ""
	if !i.Expires.IsZero() {
		until = ", until " + i.Expires.Format(time.TimeOnly)
	}
	if i.Note != "" {
		until += " (" + i.Note + ")"
	}
	return fmt.Errorf("port %s: %w: %s, since %s%s%s", p.cfg.Name, ErrLocked, i.Holder, i.Since.Format(time.TimeOnly), until, hint)
}

// Unlock lets go of the lock if s holds it as a connection's lock.
func (p *Port) Unlock(s *Subscriber) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.unlockLocked(s) && !p.closing {
		p.broadcastLocked()
	}
}

// unlockLocked frees a connection's lock if s holds it, and reports
// whether it did; the caller tells the subscribers.
func (p *Port) unlockLocked(s *Subscriber) bool {
	if p.lock.owner == nil || p.lock.owner != s {
		return false
	}
	p.freeLocked()
	return true
}

// freeLocked frees the lock, whoever holds it, and gives it to the first
// waiter; the caller tells the holder and the subscribers.
func (p *Port) freeLocked() {
	if p.lock.timer != nil {
		p.lock.timer.Stop()
	}
	wasLease := p.lock.lease.ID != ""
	p.lock = writeLock{}
	if l, ok := p.dev.(device.Locker); ok && (p.keeper == nil || !wasLease) {
		l.Unlock()
	}
	if p.closing || len(p.waiters) == 0 {
		return
	}
	if p.keeper != nil {
		p.wakeFirstLocked()
		return
	}
	w := p.waiters[0]
	p.waiters = p.waiters[1:]
	p.grantLocked(w.req, w.id)
	w.granted <- p.lock.lease
	p.queueChangedLocked()
}

// grantLocked makes a lease, with id, the holder of the free lock.
func (p *Port) grantLocked(req LeaseRequest, id string) {
	now := time.Now()
	l := Lease{ID: id, Holder: req.Holder, Note: req.Note, Since: now, Expires: now.Add(req.TTL), TTL: req.TTL}
	p.holdLocked(l, req.Sub)
	p.tellLeaseLocked(LeaseEvent{Kind: LeaseGranted, Lease: l})
	p.log.Info("lease granted", "holder", l.Holder, "ttl", l.TTL, "note", l.Note)
}

// holdLocked makes lease l the holder of the free lock, and sub, if set,
// act under it.
func (p *Port) holdLocked(l Lease, sub *Subscriber) {
	id := l.ID
	p.lock = writeLock{lease: l, info: LockInfo{Holder: l.Holder, Since: l.Since, Note: l.Note, Expires: l.Expires, Lease: true}}
	p.lock.timer = time.AfterFunc(time.Until(l.Expires), func() { p.expire(id) })
	if sub != nil {
		sub.lease = id
	}
}

// expire ends lease id if it still holds the lock: its time ran out. The
// lease's timer calls it.
func (p *Port) expire(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing || p.lock.lease.ID != id {
		return
	}
	if time.Now().Before(p.lock.lease.Expires) {
		return // renewed as the timer fired: its new timer ends it
	}
	p.endLeaseLocked(LeaseExpired, "")
}

// endLeaseLocked ends the lease or connection's lock that holds the lock,
// tells its holder why, frees the lock and tells everyone.
func (p *Port) endLeaseLocked(kind LeaseEventKind, by string) {
	ev := LeaseEvent{Kind: kind, Lease: p.lock.lease, By: by}
	if p.lock.owner != nil {
		ev.Lease.Holder = p.lock.info.Holder
		p.lock.owner.enqueueLease(ev)
	} else {
		p.tellLeaseLocked(ev)
	}
	p.log.Info("lease ended", "how", kind, "holder", p.lock.info.Holder, "by", by)
	if id := p.lock.lease.ID; id != "" {
		for s := range p.subs {
			if s.lease == id {
				s.lease = "" // an ordinary client again, told why
			}
		}
	}
	p.freeLocked()
	p.broadcastLocked()
}

// tellLeaseLocked queues ev for the subscribers acting under its lease.
func (p *Port) tellLeaseLocked(ev LeaseEvent) {
	for s := range p.subs {
		if s.lease == ev.Lease.ID {
			s.enqueueLease(ev)
		}
	}
}

// queueChangedLocked tells each waiter its place.
func (p *Port) queueChangedLocked() {
	for i, w := range p.waiters {
		p.tellLeaseLocked(LeaseEvent{Kind: LeaseQueued, Lease: Lease{ID: w.id, Holder: w.req.Holder, Note: w.req.Note}, Position: i + 1})
	}
}

// noLease is ErrNoLease for a lease that no longer holds the port.
func (p *Port) noLease() error {
	return fmt.Errorf("port %s: %w: it expired, was released or was broken", p.cfg.Name, ErrNoLease)
}

// NewLeaseID returns a new lease's id: 128 random bits.
func NewLeaseID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// TakeLease reserves the port for req.Holder for req.TTL, or renews the
// lease req.Renew. A new lease is granted at once if the lock is free;
// otherwise it fails with ErrLocked, or with req.Wait waits its turn
// (first come, first served) until ctx ends (leaving the queue) or it is
// granted. Renewing a lease that no longer holds the lock fails with
// ErrNoLease. A port with a LeaseKeeper claims the lease there first.
func (p *Port) TakeLease(ctx context.Context, req LeaseRequest) (Lease, error) {
	if req.TTL <= 0 {
		return Lease{}, fmt.Errorf("port %s: a lease needs a positive time to live", p.cfg.Name)
	}
	if req.Renew != "" {
		return p.renewLease(ctx, req)
	}
	id := NewLeaseID()
	var w *waiter // once queued
	p.mu.Lock()
	for {
		if p.closing {
			p.mu.Unlock()
			return Lease{}, fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
		}
		// Free for this request: no one holds it, no one is claiming it,
		// and no one queued before it.
		free := !p.lock.held() && !p.claiming && (len(p.waiters) == 0 || (w != nil && p.waiters[0] == w))
		if free && p.keeper == nil {
			if w != nil {
				p.waiters = p.waiters[1:]
				p.queueChangedLocked()
			}
			p.grantLocked(req, id)
			p.broadcastLocked()
			l := p.lock.lease
			p.mu.Unlock()
			return p.lockSource(l)
		}
		if free {
			l, err, done := p.claimLocked(ctx, req, id, w)
			if done {
				p.mu.Unlock()
				return l, err
			}
			// Held at the keeper by another: its lease comes to the
			// port (KeptLease); wait for the next turn.
		} else if !req.Wait {
			err := p.lockedErrLocked("")
			if p.claiming && !p.lock.held() {
				err = fmt.Errorf("port %s: %w: another client is taking the lease now", p.cfg.Name, ErrLocked)
			}
			p.mu.Unlock()
			return Lease{}, err
		}
		if w == nil {
			if len(p.waiters) >= MaxLeaseWaiters {
				p.mu.Unlock()
				return Lease{}, fmt.Errorf("port %s: %w (%d)", p.cfg.Name, ErrQueueFull, MaxLeaseWaiters)
			}
			w = &waiter{req: req, id: id, since: time.Now(), granted: make(chan Lease, 1), left: make(chan struct{}), turn: make(chan struct{}, 1)}
			p.waiters = append(p.waiters, w)
			if req.Sub != nil {
				req.Sub.lease = id
			}
			p.queueChangedLocked()
			p.broadcastLocked()
		}
		p.mu.Unlock()

		select {
		case l := <-w.granted:
			return p.lockSource(l)
		case <-w.turn:
			p.mu.Lock()
			continue
		case <-w.left:
			return Lease{}, fmt.Errorf("port %s: %w: left the queue", p.cfg.Name, ErrNoLease)
		case <-ctx.Done():
		case <-p.ctx.Done():
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		select {
		case l := <-w.granted:
			// Granted as the wait ended: let it go again.
			if p.lock.lease.ID == l.ID && !p.closing {
				p.endLeaseLocked(LeaseReleased, "")
			}
		default:
			p.removeWaiterLocked(w)
			p.wakeFirstLocked()
		}
		if p.closing {
			return Lease{}, fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
		}
		return Lease{}, fmt.Errorf("port %s: gave up waiting for the lease: %w", p.cfg.Name, context.Cause(ctx))
	}
}

// claimLocked claims a new lease at the port's keeper for req (waiter
// w, if it queued) while the lock is free here, and holds the port with
// it if the keeper agrees. p.mu is held, and let go during the claim.
// done is false when the keeper says another holds it and req waits.
func (p *Port) claimLocked(ctx context.Context, req LeaseRequest, id string, w *waiter) (l Lease, err error, done bool) {
	keeper := p.keeper
	p.claiming = true
	p.mu.Unlock()
	now := time.Now()
	l = Lease{ID: id, Holder: req.Holder, Note: req.Note, Since: now, Expires: now.Add(req.TTL), TTL: req.TTL}
	err = keeper.Claim(ctx, l)
	p.mu.Lock()
	p.claiming = false
	if err == nil && p.closing {
		err = fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
	}
	if err == nil {
		if p.lock.held() && p.lock.lease.ID != id {
			// Impossible while the keeper compares and sets; if it
			// happens, the keeper's word wins.
			p.endLeaseLocked(LeaseBroken, "the lease's keeper")
		}
		if w != nil {
			p.removeWaiterLocked(w)
		}
		if p.lock.lease.ID != id { // not already told by the keeper's echo (KeptLease)
			p.holdLocked(l, req.Sub)
		} else {
			p.lock.kept = false
			if req.Sub != nil {
				req.Sub.lease = id
			}
		}
		p.tellLeaseLocked(LeaseEvent{Kind: LeaseGranted, Lease: l})
		p.log.Info("lease granted", "holder", l.Holder, "ttl", l.TTL, "note", l.Note, "kept", true)
		p.broadcastLocked()
		return l, nil, true
	}
	if errors.Is(err, ErrLocked) && req.Wait && ctx.Err() == nil {
		return Lease{}, nil, false
	}
	if w != nil {
		p.removeWaiterLocked(w)
	}
	p.wakeFirstLocked()
	return Lease{}, fmt.Errorf("port %s: %w", p.cfg.Name, err), true
}

// wakeFirstLocked tells the first waiter of a port with a keeper that it
// may try to claim the lease.
func (p *Port) wakeFirstLocked() {
	if p.keeper == nil || len(p.waiters) == 0 {
		return
	}
	select {
	case p.waiters[0].turn <- struct{}{}:
	default:
	}
}

// renewLease renews lease req.Renew: at the keeper first, if the port has
// one.
func (p *Port) renewLease(ctx context.Context, req LeaseRequest) (Lease, error) {
	p.mu.Lock()
	if p.closing {
		p.mu.Unlock()
		return Lease{}, fmt.Errorf("port %s: %w", p.cfg.Name, ErrClosed)
	}
	if p.lock.lease.ID != req.Renew {
		p.mu.Unlock()
		return Lease{}, p.noLease()
	}
	l := p.lock.lease
	l.TTL, l.Expires = req.TTL, time.Now().Add(req.TTL)
	if req.Note != "" {
		l.Note = req.Note
	}
	keeper := p.keeper
	p.mu.Unlock()
	if keeper != nil {
		if err := keeper.Renew(ctx, l); err != nil {
			return Lease{}, fmt.Errorf("port %s: %w", p.cfg.Name, err)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lock.lease.ID != req.Renew {
		return Lease{}, p.noLease()
	}
	p.renewLocked(l)
	if req.Sub != nil {
		req.Sub.lease = l.ID
	}
	p.tellLeaseLocked(LeaseEvent{Kind: LeaseRenewed, Lease: l})
	p.broadcastLocked()
	return l, nil
}

// renewLocked gives the lease that holds the lock l's end, note and time.
func (p *Port) renewLocked(l Lease) {
	cur := &p.lock.lease
	cur.TTL, cur.Expires, cur.Note = l.TTL, l.Expires, l.Note
	p.lock.info.Expires, p.lock.info.Note = l.Expires, l.Note
	p.lock.timer.Reset(time.Until(l.Expires))
}

// lockSource takes the lock at the device's source for a lease just
// granted (device.Locker), and lets the lease go again if it cannot.
func (p *Port) lockSource(l Lease) (Lease, error) {
	p.mu.Lock()
	dev := p.dev
	p.mu.Unlock()
	lk, ok := dev.(device.Locker)
	if !ok {
		return l, nil
	}
	err := lk.Lock(l.Holder)
	if err == nil {
		return l, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lock.lease.ID == l.ID && !p.closing {
		p.endLeaseLocked(LeaseReleased, "")
	}
	return Lease{}, fmt.Errorf("port %s: %w", p.cfg.Name, err)
}

// removeWaiterLocked takes w out of the queue, if it is there.
func (p *Port) removeWaiterLocked(w *waiter) {
	i := slices.Index(p.waiters, w)
	if i < 0 {
		return
	}
	p.waiters = slices.Delete(p.waiters, i, i+1)
	if s := w.req.Sub; s != nil && s.lease == w.id {
		s.lease = ""
	}
	if !p.closing {
		p.queueChangedLocked()
		p.broadcastLocked()
	}
}

// ReleaseLease lets go of lease id, or leaves the queue if it waits.
func (p *Port) ReleaseLease(ctx context.Context, id string) error {
	p.mu.Lock()
	if id != "" && p.lock.lease.ID == id && !p.closing {
		l, keeper := p.lock.lease, p.keeper
		p.endLeaseLocked(LeaseReleased, "")
		p.mu.Unlock()
		p.releaseKept(ctx, keeper, l, "")
		return nil
	}
	defer p.mu.Unlock()
	for _, w := range p.waiters {
		if id != "" && w.id == id {
			p.removeWaiterLocked(w)
			close(w.left)
			p.wakeFirstLocked()
			return nil
		}
	}
	return p.noLease()
}

// BreakLease ends whatever holds the lock, a lease or a connection's lock,
// on behalf of by: the holder's write access ends at once, and it is told
// (LeaseBroken). The first waiter gets the lock. It fails with ErrNoLease
// if the lock is free.
func (p *Port) BreakLease(ctx context.Context, by string) (LockInfo, error) {
	p.mu.Lock()
	if !p.lock.held() || p.closing {
		p.mu.Unlock()
		return LockInfo{}, fmt.Errorf("port %s: %w: no one holds the port", p.cfg.Name, ErrNoLease)
	}
	was, l, keeper := p.lock.info, p.lock.lease, p.keeper
	p.endLeaseLocked(LeaseBroken, by)
	p.mu.Unlock()
	if l.ID != "" {
		p.releaseKept(ctx, keeper, l, by)
	}
	return was, nil
}

// releaseKept tells the port's keeper, if any, that lease l ended here
// (broken by by, if set), so that the other servers see the port free.
func (p *Port) releaseKept(ctx context.Context, keeper LeaseKeeper, l Lease, by string) {
	if keeper == nil {
		return
	}
	if err := keeper.Release(ctx, l, by); err != nil {
		p.log.Warn("the lease's keeper did not hear that it ended; others see it until it expires", "holder", l.Holder, "expires", l.Expires, "err", err)
	}
}

// UseLease makes s act under lease id: its writes and controls are the
// holder's, and it receives the lease's events. A client that reconnects
// within its lease's time uses it to hold the port again. It fails with
// ErrNoLease if id does not hold the lock.
func (p *Port) UseLease(s *Subscriber, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id == "" || p.lock.lease.ID != id {
		return p.noLease()
	}
	s.lease = id
	return nil
}

// mayChange reports (as nil) whether the request lc may write to the port
// or change it now.
func (p *Port) mayChange(lc lockCheck) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mayChangeLocked(lc)
}

func (p *Port) mayChangeLocked(lc lockCheck) error {
	if lc.lease != "" && lc.lease != p.lock.lease.ID {
		// A client that thinks it holds the port must learn that it
		// does not, rather than write among others.
		return fmt.Errorf("port %s: %w: the lease it carries expired, was released or was broken", p.cfg.Name, ErrNoLease)
	}
	if !p.lock.held() || p.lock.heldBy(lc) {
		return nil
	}
	if p.lock.owner != nil {
		return p.lockedErrLocked(" (ask them to let go)")
	}
	return p.lockedErrLocked("")
}

// RequestLock asks the lock's holder, on behalf of who, to let go: the
// holder's subscriber receives a Message with LockRequest set. It fails if
// no one holds the lock.
func (p *Port) RequestLock(who string) error {
	p.mu.Lock()
	if p.lock.lease.ID != "" {
		err := p.lockedErrLocked(": it is leased; wait for it, or ask an admin to break the lease")
		p.mu.Unlock()
		return err
	}
	if p.lock.owner != nil {
		p.lock.owner.enqueueLockRequest(who)
		p.mu.Unlock()
		return nil
	}
	dev := p.dev
	p.mu.Unlock()
	// The holder may be a client of the program that keeps the
	// device's lock.
	if l, ok := dev.(device.Locker); ok {
		if err := l.RequestLock(who); err != nil {
			return fmt.Errorf("port %s: %w", p.cfg.Name, err)
		}
		return nil
	}
	return fmt.Errorf("port %s: no one holds the write lock: take it", p.cfg.Name)
}

// Client is a port as one client uses it: each write and control it makes
// obeys the port's write lock, judged when the port's owner carries it out
// rather than when it was asked (a lock taken meanwhile counts). Bytes
// refused are counted as DropRefused. Get one with As; its methods are
// the Port's of the same names, and safe for concurrent use.
type Client struct {
	port *Port
	lc   lockCheck
}

// ForAnyLease returns the client acting for whoever holds the port's
// lease: another server that shares the port, and checked that the
// request's client holds the lease there (package fleet).
func (c Client) ForAnyLease() Client {
	c.lc.anyLease = true
	return c
}

// WithLease returns the client acting under lease id as well: while that
// lease holds the port, the client's requests are the holder's.
func (c Client) WithLease(id string) Client {
	c.lc.lease = id
	return c
}

// As returns the port as client s uses it: s is the client's subscriber,
// or nil for a client with no subscription (REST, raw TCP, RFC 2217).
func (p *Port) As(s *Subscriber) Client { return Client{port: p, lc: lockCheck{obey: true, sub: s}} }

// Write is Port.Write, refused with ErrLocked while another holds the lock.
func (c Client) Write(ctx context.Context, b []byte) error { return c.port.write(ctx, c.lc, b) }

// SetSettings is Port.SetSettings, obeying the lock.
func (c Client) SetSettings(ctx context.Context, s device.Settings) error {
	return c.port.changeSettings(ctx, c.lc, func(device.Settings) device.Settings { return s })
}

// ChangeSettings is Port.ChangeSettings, obeying the lock.
func (c Client) ChangeSettings(ctx context.Context, change func(device.Settings) device.Settings) error {
	return c.port.changeSettings(ctx, c.lc, change)
}

// SetLines is Port.SetLines, obeying the lock.
func (c Client) SetLines(ctx context.Context, dtr, rts *bool) error {
	return c.port.setLines(ctx, c.lc, dtr, rts)
}

// SetBreak is Port.SetBreak, obeying the lock.
func (c Client) SetBreak(ctx context.Context, on bool) error {
	return c.port.setBreakAs(ctx, c.lc, on)
}

// Break is Port.Break, obeying the lock.
func (c Client) Break(ctx context.Context, d time.Duration) error {
	return c.port.breakAs(ctx, c.lc, d)
}

// MayChange reports (as nil) whether the client may write to the port or
// change it now, by the write lock: what Write and the controls would
// find if they were carried out now.
func (c Client) MayChange() error { return c.port.mayChange(c.lc) }

// Modem is Port.Modem: reading the lines changes nothing, and any client
// may.
func (c Client) Modem(ctx context.Context) (device.Modem, error) { return c.port.Modem(ctx) }

// SubscriberLease returns the id of the lease s acts under or waits for,
// or "".
func (p *Port) SubscriberLease(s *Subscriber) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return s.lease
}
