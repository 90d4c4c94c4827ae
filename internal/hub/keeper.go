package hub

import (
	"context"
	"time"
)

// LeaseKeeper keeps a port's lease where another server that shares the
// port sees it too (a fleet's registry, which the central and the
// gateway share: package fleet), so that one holder holds the port on
// both. The port claims a new lease there before it holds the port with
// it, renews it there first, and says there when it ends; the keeper
// tells the port of the leases taken elsewhere with KeptLease. Its
// methods are called without the port's lock held, and may block until
// ctx ends.
type LeaseKeeper interface {
	// Claim records l as the port's lease unless another that has not
	// expired is recorded: then it fails with ErrLocked (wrapped, saying
	// who holds it and until when).
	Claim(ctx context.Context, l Lease) error
	// Renew records l's new end and note, if l is still the port's
	// lease; otherwise it fails with ErrNoLease.
	Renew(ctx context.Context, l Lease) error
	// Release records that l ended (broken by by, if set), if it is
	// still the port's lease.
	Release(ctx context.Context, l Lease, by string) error
}

// SetLeaseKeeper gives the port a keeper for its leases, before it has
// any.
func (p *Port) SetLeaseKeeper(k LeaseKeeper) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keeper = k
}

// KeptLease tells the port what its keeper holds now: l, or with l nil
// no lease (ended there, broken by by if set). A lease of another server
// holds the port here too, and whatever held it here ends; the port's own
// lease, gone from the keeper, was broken there. An expired l counts as
// none.
func (p *Port) KeptLease(l *Lease, by string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return
	}
	if l != nil && !l.Expires.After(time.Now()) {
		l = nil
	}
	cur := &p.lock
	switch {
	case l == nil:
		if cur.lease.ID == "" {
			return // free, or a connection's lock: the keeper has neither
		}
		switch {
		case by != "":
			p.endLeaseLocked(LeaseBroken, by)
		case cur.kept:
			p.endLeaseLocked(LeaseReleased, "")
		default:
			p.endLeaseLocked(LeaseBroken, "another server")
		}
	case l.ID == cur.lease.ID:
		if !l.Expires.Equal(cur.lease.Expires) || l.Note != cur.lease.Note {
			p.renewLocked(*l)
			p.tellLeaseLocked(LeaseEvent{Kind: LeaseRenewed, Lease: cur.lease})
			p.broadcastLocked()
		}
	default:
		if cur.held() {
			p.endLeaseLocked(LeaseBroken, l.Holder)
		}
		p.holdLocked(*l, nil)
		p.lock.kept = true
		p.broadcastLocked()
	}
}
