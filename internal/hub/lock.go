package hub

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// ErrLocked is returned (wrapped) when another client holds an exclusive
// port's write lock.
var ErrLocked = errors.New("another client holds the port's write lock")

// LockInfo says who holds an exclusive port's write lock.
type LockInfo struct {
	Holder string // who, as the server names them (a user, or "a browser at …" without users)
	Since  time.Time
}

// writeLock is an exclusive port's lock: held by one subscriber at a time.
type writeLock struct {
	owner *Subscriber // nil when free
	info  LockInfo
}

// An exclusive port (Config.Exclusive) has a write lock. While a
// subscriber holds it, only that subscriber may write to the port or
// change it (mayChange says); while no one does, anyone may, and anyone may
// take it. Others can ask the holder to let go (RequestLock). A holder that
// unsubscribes lets go.

// Lock gives s the write lock, naming it who. It fails with ErrLocked if
// another subscriber holds it, and if the port is not exclusive.
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

// lockedByOtherLocked is the error for s taking the lock another
// subscriber holds, or nil.
func (p *Port) lockedByOtherLocked(s *Subscriber) error {
	if p.lock.owner != nil && p.lock.owner != s {
		return fmt.Errorf("port %s: %w: %s, since %s", p.cfg.Name, ErrLocked, p.lock.info.Holder, p.lock.info.Since.Format(time.TimeOnly))
	}
	return nil
}

// Unlock lets go of the lock if s holds it.
func (p *Port) Unlock(s *Subscriber) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.unlockLocked(s) && !p.closing {
		p.broadcastLocked()
	}
}

// unlockLocked frees the lock if s holds it, and reports whether it did;
// the caller tells the subscribers.
func (p *Port) unlockLocked(s *Subscriber) bool {
	if p.lock.owner == nil || p.lock.owner != s {
		return false
	}
	p.lock = writeLock{}
	if l, ok := p.dev.(device.Locker); ok {
		l.Unlock()
	}
	return true
}

// mayChange reports (as nil) whether s, or a client with no subscription
// when s is nil, may write to the port or change it now.
func (p *Port) mayChange(s *Subscriber) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lock.owner == nil || p.lock.owner == s {
		return nil
	}
	return fmt.Errorf("port %s: %w: %s, since %s (ask them to let go)", p.cfg.Name, ErrLocked, p.lock.info.Holder, p.lock.info.Since.Format(time.TimeOnly))
}

// RequestLock asks the lock's holder, on behalf of who, to let go: the
// holder's subscriber receives a Message with LockRequest set. It fails if
// no one holds the lock.
func (p *Port) RequestLock(who string) error {
	p.mu.Lock()
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

// Modem is Port.Modem: reading the lines changes nothing, and any client
// may.
func (c Client) Modem(ctx context.Context) (device.Modem, error) { return c.port.Modem(ctx) }
