package fleet

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// A fleet port's lease has one holder at the central and the gateway,
// kept in the registry with compare-and-set: a lease taken at the central
// holds the gateway's port (its clients are refused, the holder's writes
// reach the device); a client waiting at the gateway gets it when the
// central's holder lets go, and the central sees it; an admin at the
// central breaks it and its holder at the gateway is told who. The
// gateway works with its own credential, and cannot touch another
// gateway's leases.
func TestFleetLease(t *testing.T) {
	store := t.TempDir()
	e := startStoreFleet(t, store, nil)
	pi := e.addGateway(t, store, "pi")
	other := e.addGateway(t, store, "pi-b")
	pt, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pt.Close() })
	dut, err := hub.Open(hub.Config{Name: "dut", Device: pt.Path, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dut.Close() })
	if _, err := serialtest.WaitPort(e.ctx, dut, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	startGateway(t, GatewayConfig{Conn: pi.nc, Name: "pi", Ports: []*hub.Port{dut}})
	c := startDirectory(t, e)
	p := c.port(t, "pi/dut")
	if _, err := serialtest.WaitPort(e.ctx, p, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	holds := func(port *hub.Port, who string) {
		t.Helper()
		if _, err := serialtest.WaitPort(e.ctx, port, func(i hub.Info) bool {
			if who == "" {
				return i.Lock == nil
			}
			return i.Lock != nil && i.Lock.Holder == who && i.Lock.Lease
		}); err != nil {
			t.Fatalf("%s never showed the lease of %q: %v", port.Name(), who, err)
		}
	}

	alice, err := p.TakeLease(e.ctx, hub.LeaseRequest{Holder: "alice", Note: "flash", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	holds(dut, "alice")
	if err := dut.As(nil).Write(e.ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
		t.Fatalf("a gateway client's write under alice's lease: %v; want locked", err)
	}
	if _, err := dut.TakeLease(e.ctx, hub.LeaseRequest{Holder: "bob", TTL: time.Hour}); !errors.Is(err, hub.ErrLocked) || !strings.Contains(err.Error(), "alice") {
		t.Fatalf("bob's lease at the gateway: %v; want locked, naming alice", err)
	}
	if err := p.As(nil).Write(e.ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
		t.Fatalf("another central client's write: %v; want locked", err)
	}
	if err := p.As(nil).WithLease(alice.ID).Write(e.ctx, []byte("a")); err != nil {
		t.Fatalf("alice's write at the central: %v", err)
	}
	got := make([]byte, 1)
	if _, err := io.ReadFull(pt.Master, got); err != nil || string(got) != "a" {
		t.Fatalf("the device got %q (%v)", got, err)
	}

	// carol waits at the gateway; alice lets go at the central.
	carolSub, err := dut.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer carolSub.Close()
	carol := make(chan error, 1)
	go func() {
		_, err := dut.TakeLease(e.ctx, hub.LeaseRequest{Holder: "carol", TTL: time.Hour, Wait: true, Sub: carolSub})
		carol <- err
	}()
	if _, err := serialtest.WaitPort(e.ctx, dut, func(i hub.Info) bool { return i.Lock != nil && len(i.Lock.Queue) == 1 }); err != nil {
		t.Fatal(err)
	}
	if err := p.ReleaseLease(e.ctx, alice.ID); err != nil {
		t.Fatal(err)
	}
	if err := <-carol; err != nil {
		t.Fatalf("carol's wait at the gateway: %v", err)
	}
	holds(p, "carol")
	if _, err := p.TakeLease(e.ctx, hub.LeaseRequest{Holder: "dave", TTL: time.Hour}); !errors.Is(err, hub.ErrLocked) {
		t.Fatalf("dave's lease at the central while carol holds it at the gateway: %v; want locked", err)
	}

	// An admin at the central breaks it: carol hears who.
	if _, err := p.BreakLease(e.ctx, "root"); err != nil {
		t.Fatal(err)
	}
	holds(dut, "")
	for broken := false; !broken; {
		msgs, err := carolSub.Receive(e.ctx, nil)
		if err != nil {
			t.Fatalf("carol was never told: %v", err)
		}
		for _, m := range msgs {
			if m.Lease != nil && m.Lease.Kind == hub.LeaseBroken {
				if m.Lease.By != "root" {
					t.Fatalf("carol's lease broken by %q, want root", m.Lease.By)
				}
				broken = true
			}
		}
	}
	// Free again, on both.
	if _, err := dut.TakeLease(e.ctx, hub.LeaseRequest{Holder: "erin", TTL: time.Minute}); err != nil {
		t.Fatalf("a lease after the break: %v", err)
	}
	holds(p, "erin")

	// Another gateway cannot touch pi's leases: each refusal is the
	// server's permissions violation (the request itself is then left to
	// time out: a short wait).
	noViolation(t, pi)
	js, err := jetstream.New(other.nc)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := js.KeyValue(e.ctx, BucketLeases)
	if err != nil {
		t.Fatalf("pi-b opens %s: %v", BucketLeases, err)
	}
	key := "$KV." + BucketLeases + "." + LeaseKey("pi", "dut")
	ctx, cancel := context.WithTimeout(e.ctx, 500*time.Millisecond)
	defer cancel()
	if _, err := kv.Put(ctx, LeaseKey("pi", "dut"), []byte(`{}`)); err == nil {
		t.Fatal("pi-b put pi's lease")
	}
	e.violation(t, other, "Publish", key)
	ctx, cancel = context.WithTimeout(e.ctx, 500*time.Millisecond)
	defer cancel()
	if _, err := kv.Get(ctx, LeaseKey("pi", "dut")); err == nil {
		t.Fatal("pi-b read pi's lease")
	}
	e.violation(t, other, "Publish", "$JS.API.DIRECT.GET.KV_"+BucketLeases+"."+key)
}
