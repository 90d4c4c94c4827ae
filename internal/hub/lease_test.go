package hub_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
)

// openLeased opens a port on a fake device in a synctest bubble, with
// exclusive as given, and waits until it is open.
func openLeased(t *testing.T, exclusive bool) (*hub.Port, *fakeDevice) {
	t.Helper()
	dev := newFakeDevice()
	p, err := hub.Open(hub.Config{Name: "dut", Device: "fake://", Logger: quietLogger(), Watch: neverWatch, Exclusive: exclusive, Open: openThis(dev)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	synctest.Wait()
	return p, dev
}

// leaseEvents returns the lease events s has queued now.
func leaseEvents(t *testing.T, s *hub.Subscriber) []hub.LeaseEvent {
	t.Helper()
	var evs []hub.LeaseEvent
	for {
		msgs, err := s.TryReceive(nil)
		if err != nil || len(msgs) == 0 {
			return evs
		}
		for _, m := range msgs {
			if m.Lease != nil {
				evs = append(evs, *m.Lease)
			}
		}
	}
}

func subscribe(t *testing.T, p *hub.Port) *hub.Subscriber {
	t.Helper()
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// A lease keeps everyone else from writing or changing the port until it
// expires; its holder, by id or by a subscriber using it, may; renewing
// it moves its end; an expired lease cannot be renewed, and a client
// still carrying it is told so.
func TestLeaseHoldsRenewsAndExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		p, dev := openLeased(t, false)
		start := time.Now()
		l, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "alice", Note: "nightly flash", TTL: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.ID) != 32 || l.Holder != "alice" || !l.Expires.Equal(start.Add(time.Minute)) {
			t.Fatalf("lease %+v", l)
		}
		info := p.Info()
		if info.Lock == nil || !info.Lock.Lease || info.Lock.Holder != "alice" || info.Lock.Note != "nightly flash" || !info.Lock.Expires.Equal(l.Expires) {
			t.Fatalf("port's lock %+v, want alice's lease", info.Lock)
		}

		err = p.As(nil).Write(ctx, []byte("other"))
		if !errors.Is(err, hub.ErrLocked) || !strings.Contains(err.Error(), "alice") || !strings.Contains(err.Error(), "until") || !strings.Contains(err.Error(), "nightly flash") {
			t.Fatalf("another's write: %v; want ErrLocked naming alice, the end and the note", err)
		}
		if _, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "bob", TTL: time.Minute}); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("bob's lease while alice holds it: %v, want ErrLocked", err)
		}
		if err := p.As(nil).WithLease(l.ID).Write(ctx, []byte("a")); err != nil {
			t.Fatalf("the holder's write by id: %v", err)
		}
		s := subscribe(t, p)
		if err := p.As(s).Write(ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("a subscriber not using the lease: %v, want ErrLocked", err)
		}
		if err := p.UseLease(s, l.ID); err != nil {
			t.Fatal(err)
		}
		if err := p.As(s).Write(ctx, []byte("b")); err != nil {
			t.Fatalf("a subscriber using the lease: %v", err)
		}
		if err := p.UseLease(s, "0123"); !errors.Is(err, hub.ErrNoLease) {
			t.Fatalf("UseLease of a made-up id: %v, want ErrNoLease", err)
		}

		time.Sleep(50 * time.Second)
		r, err := p.TakeLease(ctx, hub.LeaseRequest{Renew: l.ID, TTL: time.Minute})
		if err != nil || r.ID != l.ID || r.Note != "nightly flash" || !r.Expires.Equal(time.Now().Add(time.Minute)) {
			t.Fatalf("renewal: %+v, %v", r, err)
		}
		time.Sleep(50 * time.Second) // past the first end: renewed, still held
		synctest.Wait()
		if info := p.Info(); info.Lock == nil || info.Lock.Holder != "alice" {
			t.Fatalf("a renewed lease ended at its first end: %+v", info.Lock)
		}
		time.Sleep(11 * time.Second)
		synctest.Wait()
		if info := p.Info(); info.Lock != nil {
			t.Fatalf("an unrenewed lease did not expire: %+v", info.Lock)
		}
		var kinds []hub.LeaseEventKind
		for _, ev := range leaseEvents(t, s) {
			kinds = append(kinds, ev.Kind)
		}
		if strings.Join(toStrings(kinds), " ") != "renewed expired" {
			t.Fatalf("the lease's subscriber heard %v, want [renewed expired]", kinds)
		}
		if _, err := p.TakeLease(ctx, hub.LeaseRequest{Renew: l.ID, TTL: time.Minute}); !errors.Is(err, hub.ErrNoLease) {
			t.Fatalf("renewing an expired lease: %v, want ErrNoLease", err)
		}
		if err := p.As(nil).WithLease(l.ID).Write(ctx, []byte("late")); !errors.Is(err, hub.ErrNoLease) {
			t.Fatalf("a write carrying the expired lease: %v, want ErrNoLease", err)
		}
		if err := p.As(s).Write(ctx, []byte("c")); err != nil {
			t.Fatalf("the subscriber told its lease expired is an ordinary client again: %v", err)
		}
		if err := p.As(nil).Write(ctx, []byte("d")); err != nil {
			t.Fatalf("anyone may write once the lease expired: %v", err)
		}
		if got := dev.Written(); got != "abcd" {
			t.Fatalf("device saw %q, want abcd", got)
		}
	})
}

func toStrings(kinds []hub.LeaseEventKind) []string {
	var out []string
	for _, k := range kinds {
		out = append(out, string(k))
	}
	return out
}

// Waiters queue in order and are told their place; the first gets the
// lease when its holder lets go; one that gives up leaves the queue.
func TestLeaseQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		p, _ := openLeased(t, false)
		alice, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "alice", TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		type result struct {
			l   hub.Lease
			err error
		}
		wait := func(who string, sub *hub.Subscriber, ctx context.Context) chan result {
			c := make(chan result, 1)
			go func() {
				l, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: who, Note: who + "'s test", TTL: time.Minute, Wait: true, Sub: sub})
				c <- result{l, err}
			}()
			synctest.Wait()
			return c
		}
		bobSub, carolSub, daveSub := subscribe(t, p), subscribe(t, p), subscribe(t, p)
		bob := wait("bob", bobSub, ctx)
		carolCtx, carolGivesUp := context.WithCancel(ctx)
		carol := wait("carol", carolSub, carolCtx)
		dave := wait("dave", daveSub, ctx)
		q := p.Info().Lock.Queue
		if len(q) != 3 || q[0].Holder != "bob" || q[1].Holder != "carol" || q[2].Holder != "dave" || q[1].Note != "carol's test" {
			t.Fatalf("queue %+v, want bob, carol, dave", q)
		}
		last := func(s *hub.Subscriber) hub.LeaseEvent {
			evs := leaseEvents(t, s)
			if len(evs) == 0 {
				t.Fatal("no lease event")
			}
			return evs[len(evs)-1]
		}
		if ev := last(carolSub); ev.Kind != hub.LeaseQueued || ev.Position != 2 {
			t.Fatalf("carol heard %+v, want queued at 2", ev)
		}
		if ev := last(daveSub); ev.Kind != hub.LeaseQueued || ev.Position != 3 {
			t.Fatalf("dave heard %+v, want queued at 3", ev)
		}

		carolGivesUp()
		if r := <-carol; r.err == nil || !errors.Is(r.err, context.Canceled) {
			t.Fatalf("carol gave up: %+v", r)
		}
		synctest.Wait()
		if ev := last(daveSub); ev.Kind != hub.LeaseQueued || ev.Position != 2 {
			t.Fatalf("dave heard %+v after carol left, want queued at 2", ev)
		}

		if err := p.ReleaseLease(ctx, alice.ID); err != nil {
			t.Fatal(err)
		}
		r := <-bob
		if r.err != nil || r.l.Holder != "bob" || r.l.TTL != time.Minute {
			t.Fatalf("bob's wait: %+v", r)
		}
		synctest.Wait()
		if ev := last(bobSub); ev.Kind != hub.LeaseGranted || ev.Lease.ID != r.l.ID {
			t.Fatalf("bob heard %+v, want granted", ev)
		}
		if err := p.As(bobSub).Write(ctx, []byte("bob")); err != nil {
			t.Fatalf("bob's subscriber writes under the lease it waited for: %v", err)
		}
		if info := p.Info(); info.Lock == nil || info.Lock.Holder != "bob" || len(info.Lock.Queue) != 1 || info.Lock.Queue[0].Holder != "dave" {
			t.Fatalf("lock %+v, want bob's with dave waiting", info.Lock)
		}
		if ev := last(daveSub); ev.Kind != hub.LeaseQueued || ev.Position != 1 {
			t.Fatalf("dave heard %+v, want queued at 1", ev)
		}

		// Bob's lease expires: dave's turn.
		time.Sleep(time.Minute + time.Second)
		if r := <-dave; r.err != nil || r.l.Holder != "dave" {
			t.Fatalf("dave's wait: %+v", r)
		}
		if ev := last(bobSub); ev.Kind != hub.LeaseExpired {
			t.Fatalf("bob heard %+v, want expired", ev)
		}
	})
}

// Breaking a lease ends its holder's write access at once and tells it;
// breaking a connection's lock does too.
func TestBreakLease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		p, _ := openLeased(t, true)
		holder := subscribe(t, p)
		l, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "alice", TTL: time.Hour, Sub: holder})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.BreakLease(ctx, "root"); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		evs := leaseEvents(t, holder)
		if len(evs) == 0 || evs[len(evs)-1].Kind != hub.LeaseBroken || evs[len(evs)-1].By != "root" {
			t.Fatalf("the holder heard %+v, want broken by root", evs)
		}
		if err := p.As(nil).WithLease(l.ID).Write(ctx, []byte("x")); !errors.Is(err, hub.ErrNoLease) {
			t.Fatalf("a write carrying the broken lease: %v, want ErrNoLease", err)
		}
		if _, err := p.BreakLease(ctx, "root"); !errors.Is(err, hub.ErrNoLease) {
			t.Fatalf("breaking a free port: %v, want ErrNoLease", err)
		}

		// A connection's lock, on an exclusive port.
		if err := p.Lock(holder, "alice"); err != nil {
			t.Fatal(err)
		}
		if _, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "bob", TTL: time.Hour}); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("a lease while a connection holds the lock: %v, want ErrLocked", err)
		}
		was, err := p.BreakLease(ctx, "root")
		if err != nil || was.Holder != "alice" || was.Lease {
			t.Fatalf("BreakLease = %+v, %v", was, err)
		}
		synctest.Wait()
		if evs := leaseEvents(t, holder); len(evs) != 1 || evs[0].Kind != hub.LeaseBroken {
			t.Fatalf("the lock's holder heard %+v, want broken", evs)
		}
		if p.Info().Lock != nil {
			t.Fatal("the lock is still held after it was broken")
		}
	})
}

// A connection's lock and a lease are one lock: each keeps the other out.
func TestLeaseAndLockAreOneLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		p, _ := openLeased(t, true)
		s := subscribe(t, p)
		l, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "alice", TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Lock(s, "bob"); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("Lock while leased: %v, want ErrLocked", err)
		}
		if err := p.RequestLock("bob"); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("RequestLock while leased: %v, want ErrLocked", err)
		}
		// Waiting for the lease behind a connection's lock: granted when
		// the connection lets go.
		if err := p.ReleaseLease(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		if err := p.Lock(s, "bob"); err != nil {
			t.Fatal(err)
		}
		got := make(chan error, 1)
		go func() {
			_, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "carol", TTL: time.Hour, Wait: true})
			got <- err
		}()
		synctest.Wait()
		s.Close() // the connection goes: its lock with it
		if err := <-got; err != nil {
			t.Fatalf("carol waited behind a connection's lock: %v", err)
		}
		if info := p.Info(); info.Lock == nil || info.Lock.Holder != "carol" {
			t.Fatalf("lock %+v, want carol's", info.Lock)
		}
	})
}

// Closing the port ends every wait, and the lease's timer with it.
func TestLeaseWaitEndsWhenThePortCloses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		p, _ := openLeased(t, false)
		if _, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "alice", TTL: time.Hour}); err != nil {
			t.Fatal(err)
		}
		got := make(chan error, 1)
		go func() {
			_, err := p.TakeLease(ctx, hub.LeaseRequest{Holder: "bob", TTL: time.Hour, Wait: true})
			got <- err
		}()
		synctest.Wait()
		p.Close()
		if err := <-got; !errors.Is(err, hub.ErrClosed) {
			t.Fatalf("a wait on a closed port: %v, want ErrClosed", err)
		}
	})
}
