package hub_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// slowSetupFake is a controlledFake whose first SetSettings, the one a port
// makes while it sets the device up after opening it, waits for release.
type slowSetupFake struct {
	*controlledFake
	entered chan struct{} // closed when the first SetSettings starts
	release chan struct{} // closed by the test to let it finish
	first   bool
}

func (d *slowSetupFake) SetSettings(s device.Settings) error {
	if !d.first {
		d.first = true
		close(d.entered)
		<-d.release
	}
	return d.controlledFake.SetSettings(s)
}

// neverWatch is a Config.Watch that never says the device is back.
func neverWatch() *device.Watcher { return &device.Watcher{} }

// TestChangeDuringSetupSurvives changes the settings and DTR while the port
// is still setting up a device that was slow to open: both changes are
// acknowledged, and both are what the device and the port end up with.
// (When the device was set up off the goroutine that carries out changes,
// the setup wrote back its stale copy of the settings and never applied the
// new DTR.)
func TestChangeDuringSetupSurvives(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		dev := &slowSetupFake{controlledFake: &controlledFake{fakeDevice: newFakeDevice()}, entered: make(chan struct{}), release: make(chan struct{})}
		opening, openNow := make(chan struct{}), make(chan struct{})
		p, err := hub.Open(hub.Config{
			Name: "slow", Device: "fake://", Logger: quietLogger(), Watch: neverWatch,
			Open: func(ctx context.Context, _ string, _ device.Settings) (device.Device, error) {
				close(opening)
				select {
				case <-openNow:
					return dev, nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()

		// While the device opens (with the default settings): kept for
		// it, and acknowledged.
		<-opening
		if err := p.ChangeSettings(ctx, func(s device.Settings) device.Settings { s.Baud = 19200; return s }); err != nil {
			t.Fatalf("settings while opening: %v", err)
		}
		close(openNow)
		<-dev.entered // the port is applying 19200 to the device it just opened

		done := make(chan error, 2)
		go func() {
			done <- p.ChangeSettings(ctx, func(s device.Settings) device.Settings { s.Baud = 38400; return s })
		}()
		dtr := false
		go func() { done <- p.SetLines(ctx, &dtr, nil) }()
		synctest.Wait() // each change is acknowledged or waits its turn
		close(dev.release)
		for range 2 {
			if err := <-done; err != nil {
				t.Fatalf("change during setup: %v", err)
			}
		}
		synctest.Wait()

		info := p.Info()
		if info.State != hub.StateOpen || info.Settings.Baud != 38400 || info.Lines.DTR {
			t.Fatalf("port: state %s, baud %d, DTR %v; want open, 38400, false", info.State, info.Settings.Baud, info.Lines.DTR)
		}
		// The device saw the setup's 19200, then both changes, in some
		// order: 38400 is the last baud it was given and DTR went down.
		got := dev.Written()
		if want := "[settings 38400 8N1]"; !containsAfter(got, "[settings 19200 8N1]", want) {
			t.Fatalf("device saw %q: want %s after the setup's 19200", got, want)
		}
		if want := "[dtr=false rts=true]"; !containsAfter(got, "[settings 19200 8N1]", want) {
			t.Fatalf("device saw %q: want %s after the setup", got, want)
		}
	})
}

// containsAfter reports whether s has want somewhere after first.
func containsAfter(s, first, want string) bool {
	i := strings.Index(s, first)
	return i >= 0 && strings.Contains(s[i+len(first):], want)
}

// stuckDevice takes no byte: its Write blocks until Close, like a line
// whose flow control is held or a pty nobody reads.
type stuckDevice struct {
	*fakeDevice
	writing chan struct{} // closed when a Write starts blocking
}

func (d *stuckDevice) Write(p []byte) (int, error) {
	close(d.writing)
	<-d.done
	return 0, device.ErrClosed
}

// TestWriteStuckInTheDevice: a caller whose context ends stops waiting for
// a write the device does not take, and Close ends the write itself.
func TestWriteStuckInTheDevice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dev := &stuckDevice{fakeDevice: newFakeDevice(), writing: make(chan struct{})}
		p, err := hub.Open(hub.Config{Name: "stuck", Device: "fake://", Logger: quietLogger(), Watch: neverWatch, Open: openThis(dev)})
		if err != nil {
			t.Fatal(err)
		}
		synctest.Wait() // open

		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- p.Write(ctx, []byte("never taken")) }()
		<-dev.writing
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("Write after its context ended = %v, want context.Canceled", err)
		}
		// Another client is not held up behind it either.
		ctx2, cancel2 := context.WithCancel(t.Context())
		go func() { done <- p.Write(ctx2, []byte("queued")) }()
		synctest.Wait()
		cancel2()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("second Write = %v, want context.Canceled", err)
		}
		p.Close() // returns: closing the device ends the stuck write
		if got := p.Info().Drops.Refused; got != uint64(len("never taken")+len("queued")) {
			t.Fatalf("refused bytes = %d, want %d", got, len("never taken")+len("queued"))
		}
	})
}

// TestCloseEndsAnOpen: closing a port whose device is still opening (a
// remote device dialling) ends the open through its context instead of
// waiting for it.
func TestCloseEndsAnOpen(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ended := make(chan error, 1)
		p, err := hub.Open(hub.Config{
			Name: "dialling", Device: "fake://", Logger: quietLogger(), Watch: neverWatch,
			Open: func(ctx context.Context, _ string, _ device.Settings) (device.Device, error) {
				<-ctx.Done()
				ended <- ctx.Err()
				return nil, ctx.Err()
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		// Requests are served while it opens.
		if err := p.SetSettings(t.Context(), device.Settings{Baud: 9600}.WithDefaults()); err != nil {
			t.Fatalf("settings while opening: %v", err)
		}
		if err := p.Write(t.Context(), []byte("x")); !errors.Is(err, hub.ErrNotOpen) {
			t.Fatalf("write while opening = %v, want ErrNotOpen", err)
		}
		p.Close()
		if err := <-ended; !errors.Is(err, context.Canceled) {
			t.Fatalf("the open ended with %v, want context.Canceled", err)
		}
		if s := p.Info().State; s != hub.StateClosed {
			t.Fatalf("state %s, want closed", s)
		}
	})
}

// TestJoinsAreAnnouncedTogether: many subscribers joining at once cost the
// others a few status messages, not one each, and the last one counts
// them all; a subscriber that wants no status (SubscribeData) gets none.
func TestJoinsAreAnnouncedTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dev := newFakeDevice()
		p, err := hub.Open(hub.Config{Name: "crowd", Device: "fake://", Logger: quietLogger(), Watch: neverWatch, Open: openThis(dev)})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		first, err := p.Subscribe(false)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := p.SubscribeData()
		if err != nil {
			t.Fatal(err)
		}
		synctest.Wait() // open, and the joins so far announced
		first.TryReceive(nil)
		var statuses []*hub.Info
		take := func() {
			msgs, _ := first.TryReceive(nil)
			for _, m := range msgs {
				if m.Status != nil {
					statuses = append(statuses, m.Status)
				}
			}
		}
		// first takes what it is sent after each join, as a client that
		// keeps up does.
		const joins = 500
		for range joins {
			s, err := p.Subscribe(false)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			synctest.Wait()
			take()
		}
		time.Sleep(time.Second) // the bubble's clock: the announcements' pace
		synctest.Wait()
		take()
		if len(statuses) == 0 || len(statuses) > 2 {
			t.Fatalf("%d joins made %d status messages for an earlier subscriber, want 1 or 2", joins, len(statuses))
		}
		if got := statuses[len(statuses)-1].Clients; got != joins+2 {
			t.Fatalf("the last status counts %d clients, want %d", got, joins+2)
		}
		if msgs, _ := raw.TryReceive(nil); len(msgs) != 0 {
			t.Fatalf("a data-only subscriber got %d messages, want none", len(msgs))
		}
		raw.Close()
		first.Close()
	})
}

// gatedDevice is a controlledFake whose first Write waits for open.
type gatedDevice struct {
	*controlledFake
	writing chan struct{} // closed when the first Write starts waiting
	open    chan struct{} // closed by the test to let it through
	first   sync.Once
}

func (d *gatedDevice) Write(p []byte) (int, error) {
	d.first.Do(func() {
		close(d.writing)
		<-d.open
	})
	return d.controlledFake.Write(p)
}

// TestLockIsJudgedWhenCarriedOut: a client's write and controls obey the
// write lock as it is when the port carries them out, not as it was when
// they were asked: a lock taken while they waited their turn refuses
// them. (Judged when asked, they slipped past a lock taken meanwhile.)
func TestLockIsJudgedWhenCarriedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		dev := &gatedDevice{controlledFake: &controlledFake{fakeDevice: newFakeDevice()}, writing: make(chan struct{}), open: make(chan struct{})}
		p, err := hub.Open(hub.Config{Name: "locked", Device: "fake://", Logger: quietLogger(), Watch: neverWatch, Exclusive: true, Open: openThis(dev)})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		holder, err := p.Subscribe(false)
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Close()
		synctest.Wait() // open

		// The port is busy with a write; requests queue behind it.
		busy := make(chan error, 1)
		go func() { busy <- p.Write(ctx, []byte("first")) }()
		<-dev.writing
		other := p.As(nil)
		dtr := false
		done := make(chan error, 3)
		go func() { done <- other.SetLines(ctx, &dtr, nil) }()
		go func() { done <- other.Write(ctx, []byte("late")) }()
		go func() { done <- other.SetSettings(ctx, device.Settings{Baud: 300}.WithDefaults()) }()
		synctest.Wait() // each waits its turn, asked while no one held the lock
		if err := p.Lock(holder, "alice"); err != nil {
			t.Fatal(err)
		}
		close(dev.open)
		if err := <-busy; err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if err := <-done; !errors.Is(err, hub.ErrLocked) {
				t.Errorf("a request carried out after the lock was taken: %v, want ErrLocked", err)
			}
		}
		if got := dev.Written(); got != "first" {
			t.Fatalf("device saw %q, want only the write made before the lock", got)
		}
		info := p.Info()
		if !info.Lines.DTR || info.Settings.Baud == 300 || info.Drops.Refused != uint64(len("late")) {
			t.Fatalf("port: DTR %v, baud %d, refused %d; want DTR on, baud unchanged, 4 bytes refused", info.Lines.DTR, info.Settings.Baud, info.Drops.Refused)
		}
		// The holder itself may.
		if err := p.As(holder).Write(ctx, []byte("mine")); err != nil {
			t.Fatalf("the holder's write: %v", err)
		}
	})
}
