package hub_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
)

// memKeeper is a LeaseKeeper in memory that two ports share, as a fleet's
// central and gateway share its registry: it compares and sets, and tells
// every port of each change.
type memKeeper struct {
	mu    sync.Mutex
	cur   *hub.Lease
	ports []*hub.Port
}

func (k *memKeeper) tell(l *hub.Lease, by string) {
	for _, p := range k.ports {
		p.KeptLease(l, by)
	}
}

func (k *memKeeper) Claim(_ context.Context, l hub.Lease) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cur != nil && k.cur.Expires.After(time.Now()) {
		return fmt.Errorf("%w: %s", hub.ErrLocked, k.cur.Holder)
	}
	k.cur = &l
	k.tell(&l, "")
	return nil
}

func (k *memKeeper) Renew(_ context.Context, l hub.Lease) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cur == nil || k.cur.ID != l.ID {
		return hub.ErrNoLease
	}
	k.cur = &l
	k.tell(&l, "")
	return nil
}

func (k *memKeeper) Release(_ context.Context, l hub.Lease, by string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cur != nil && k.cur.ID == l.ID {
		k.cur = nil
		k.tell(nil, by)
	}
	return nil
}

// Two ports sharing a keeper have one holder: a lease taken on one holds
// the other, whose clients wait for it there; releasing, breaking and
// expiring reach both.
func TestLeaseKeeperSharesOneHolder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		central, _ := openLeased(t, false)
		gateway, dev := openLeased(t, false)
		k := &memKeeper{ports: []*hub.Port{central, gateway}}
		central.SetLeaseKeeper(k)
		gateway.SetLeaseKeeper(k)

		alice, err := central.TakeLease(ctx, hub.LeaseRequest{Holder: "alice", Note: "flash", TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if info := gateway.Info(); info.Lock == nil || info.Lock.Holder != "alice" || info.Lock.Note != "flash" {
			t.Fatalf("the gateway's lock %+v, want alice's lease", info.Lock)
		}
		if err := gateway.As(nil).Write(ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("a gateway client's write: %v, want ErrLocked", err)
		}
		if err := gateway.As(nil).WithLease(alice.ID).Write(ctx, []byte("a")); err != nil {
			t.Fatalf("a write carrying alice's lease at the gateway: %v", err)
		}
		if _, err := gateway.TakeLease(ctx, hub.LeaseRequest{Holder: "bob", TTL: time.Hour}); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("bob's lease at the gateway: %v, want ErrLocked", err)
		}

		// carol waits at the gateway; alice lets go at the central.
		carolSub := subscribe(t, gateway)
		carol := make(chan error, 1)
		go func() {
			_, err := gateway.TakeLease(ctx, hub.LeaseRequest{Holder: "carol", TTL: time.Hour, Wait: true, Sub: carolSub})
			carol <- err
		}()
		synctest.Wait()
		if q := gateway.Info().Lock.Queue; len(q) != 1 || q[0].Holder != "carol" {
			t.Fatalf("the gateway's queue %+v", q)
		}
		if err := central.ReleaseLease(ctx, alice.ID); err != nil {
			t.Fatal(err)
		}
		if err := <-carol; err != nil {
			t.Fatalf("carol's wait: %v", err)
		}
		if info := central.Info(); info.Lock == nil || info.Lock.Holder != "carol" {
			t.Fatalf("the central's lock %+v, want carol's lease", info.Lock)
		}
		if err := central.As(nil).Write(ctx, []byte("y")); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("a central client's write under carol's lease: %v, want ErrLocked", err)
		}

		// An admin at the central breaks carol's lease: carol, at the
		// gateway, is told who.
		leaseEvents(t, carolSub)
		if _, err := central.BreakLease(ctx, "root"); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		evs := leaseEvents(t, carolSub)
		if len(evs) == 0 || evs[len(evs)-1].Kind != hub.LeaseBroken || evs[len(evs)-1].By != "root" {
			t.Fatalf("carol heard %+v, want broken by root", evs)
		}
		if gateway.Info().Lock != nil || central.Info().Lock != nil {
			t.Fatal("the port is still held after the break")
		}

		// A lease expires on both.
		if _, err := gateway.TakeLease(ctx, hub.LeaseRequest{Holder: "dave", TTL: time.Minute}); err != nil {
			t.Fatal(err)
		}
		if central.Info().Lock == nil {
			t.Fatal("the central does not see dave's lease")
		}
		time.Sleep(time.Minute + time.Second)
		synctest.Wait()
		if gateway.Info().Lock != nil || central.Info().Lock != nil {
			t.Fatal("an expired lease still holds the port")
		}
		if _, err := central.TakeLease(ctx, hub.LeaseRequest{Holder: "erin", TTL: time.Minute}); err != nil {
			t.Fatalf("a lease after dave's expired: %v", err)
		}
		if got := dev.Written(); got != "a" {
			t.Fatalf("the gateway's device saw %q, want only alice's a", got)
		}
	})
}
