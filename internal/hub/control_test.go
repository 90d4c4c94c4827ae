package hub_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// controlledFake is a fakeDevice with controls, which it records in the
// same log as the bytes written, so the order of the two shows.
type controlledFake struct {
	*fakeDevice
	settingsErr error // returned by SetSettings
}

func (d *controlledFake) log(format string, args ...any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(&d.written, "["+format+"]", args...)
}

func (d *controlledFake) SetSettings(s device.Settings) error {
	if d.settingsErr != nil {
		return d.settingsErr
	}
	d.log("settings %s", s)
	return nil
}

func (d *controlledFake) SetLines(l device.Lines) error {
	d.log("dtr=%v rts=%v", l.DTR, l.RTS)
	return nil
}

func (d *controlledFake) SetBreak(on bool) error {
	d.log("break %v", on)
	return nil
}

func (d *controlledFake) Modem() (device.Modem, error) {
	return device.Modem{CTS: true}, nil
}

func openControlled(t *testing.T) (*hub.Port, *controlledFake, *hub.Subscriber) {
	t.Helper()
	dev := &controlledFake{fakeDevice: newFakeDevice()}
	p, s, _ := openSubscribed(t, hub.Config{Device: "fake://", Open: openThis(dev)})
	return p, dev, s
}

// openThis is a Config.Open that opens dev.
func openThis(dev device.Device) device.Opener {
	return func(context.Context, string, device.Settings) (device.Device, error) { return dev, nil }
}

// openSubscribed opens a port named "test" with cfg and a subscriber to it,
// and waits until it is open; it returns the status that said so.
func openSubscribed(t *testing.T, cfg hub.Config) (*hub.Port, *hub.Subscriber, hub.Info) {
	t.Helper()
	cfg.Name, cfg.Logger = "test", quietLogger()
	p, err := hub.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return p, s, waitStatusOn(t, s, hub.StateOpen)
}

// nextStatus reads s until the next status message.
func nextStatus(t *testing.T, s *hub.Subscriber) hub.Info {
	t.Helper()
	for {
		msgs, err := s.Receive(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Status != nil {
				return *m.Status
			}
		}
	}
}

func TestSettingsChangeTellsEveryone(t *testing.T) {
	p, dev, s := openControlled(t)
	ctx := context.Background()
	if info := p.Info(); info.Modem == nil || !info.Modem.CTS || info.Lines != device.DefaultLines {
		t.Fatalf("at open: modem %+v, lines %+v", info.Modem, info.Lines)
	}
	want := device.Settings{Baud: 9600, DataBits: 7, Parity: device.ParityEven, StopBits: device.StopBits2, FlowControl: device.FlowRTSCTS}
	if err := p.SetSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	if info := nextStatus(t, s); info.Settings != want {
		t.Fatalf("status after the change has settings %+v, want %+v", info.Settings, want)
	}
	if got := dev.Written(); got != "[settings 9600 7E2 rtscts]" {
		t.Fatalf("device saw %q", got)
	}

	// Invalid settings and settings the device refuses change nothing.
	for _, bad := range []device.Settings{{Baud: 0, DataBits: 8, Parity: "none", StopBits: "1", FlowControl: "none"}, {Baud: 9600, DataBits: 9, Parity: "none", StopBits: "1", FlowControl: "none"}, {Baud: 9600, DataBits: 8, Parity: "q", StopBits: "1", FlowControl: "none"}} {
		if err := p.SetSettings(ctx, bad); err == nil {
			t.Errorf("SetSettings(%+v) succeeded", bad)
		}
	}
	dev.settingsErr = fmt.Errorf("7 data bits: %w", device.ErrNotSupported)
	if err := p.SetSettings(ctx, device.DefaultSettings); !errors.Is(err, device.ErrNotSupported) {
		t.Fatalf("refused change = %v, want ErrNotSupported", err)
	}
	if got := p.Info().Settings; got != want {
		t.Fatalf("after refused changes the settings are %+v, want %+v", got, want)
	}
}

func TestControlsRunInOrderWithWrites(t *testing.T) {
	p, dev, s := openControlled(t)
	ctx := context.Background()
	off := false
	steps := []func() error{
		func() error { return p.Write(ctx, []byte("a")) },
		func() error { return p.SetLines(ctx, &off, nil) },
		func() error { return p.Break(ctx, time.Millisecond) },
		func() error { return p.Write(ctx, []byte("b")) },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if got, want := dev.Written(), "a[dtr=false rts=true][break true][break false]b"; got != want {
		t.Fatalf("device saw %q, want %q", got, want)
	}
	if info := nextStatus(t, s); info.Lines != (device.Lines{DTR: false, RTS: true}) {
		t.Fatalf("status after SetLines: lines %+v", info.Lines)
	}
	for _, d := range []time.Duration{0, -time.Second, hub.MaxBreak + 1} {
		if err := p.Break(ctx, d); err == nil {
			t.Errorf("Break(%s) succeeded", d)
		}
	}
}

// A device with no controls (the hub's own fake) takes settings without
// effect but says that it has no DTR, RTS, break or modem lines.
func TestControlsOfADeviceWithoutThem(t *testing.T) {
	p, _ := openFake(t, hub.Config{})
	ctx := context.Background()
	on := true
	if err := p.SetLines(ctx, &on, &on); !errors.Is(err, device.ErrNotSupported) {
		t.Errorf("SetLines = %v, want ErrNotSupported", err)
	}
	if err := p.Break(ctx, time.Millisecond); !errors.Is(err, device.ErrNotSupported) {
		t.Errorf("Break = %v, want ErrNotSupported", err)
	}
	if _, err := p.Modem(ctx); !errors.Is(err, device.ErrNotSupported) {
		t.Errorf("Modem = %v, want ErrNotSupported", err)
	}
	if info := p.Info(); info.Modem != nil || info.ModemError == "" {
		t.Errorf("info: modem %+v, modemError %q", info.Modem, info.ModemError)
	}
	s := device.DefaultSettings
	s.Baud = 9600
	if err := p.SetSettings(ctx, s); err != nil || p.Info().Settings.Baud != 9600 {
		t.Errorf("SetSettings = %v, settings %+v", err, p.Info().Settings)
	}
}

// Settings and lines chosen while the device is away are the ones it is
// opened with when it comes back; a break needs the device.
func TestControlsWhileTheDeviceIsAway(t *testing.T) {
	plugged := make(chan struct{}) // closed when the device may open
	opened := make(chan *controlledFake, 1)
	settings := make(chan device.Settings, 1)
	p, err := hub.Open(hub.Config{
		Name: "away", Device: "fake://", Logger: quietLogger(),
		RetryMin: time.Millisecond, RetryMax: time.Millisecond,
		Open: func(_ context.Context, _ string, s device.Settings) (device.Device, error) {
			select {
			case <-plugged:
			default:
				return nil, errors.New("no such device")
			}
			dev := &controlledFake{fakeDevice: newFakeDevice()}
			settings <- s
			opened <- dev
			return dev, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	waitState(t, p, hub.StateError)
	ctx := context.Background()
	if err := p.Break(ctx, time.Millisecond); !errors.Is(err, hub.ErrNotOpen) {
		t.Fatalf("Break while away = %v, want ErrNotOpen", err)
	}
	want := device.DefaultSettings
	want.Baud = 57600
	off := false
	if err := p.SetSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := p.SetLines(ctx, &off, nil); err != nil {
		t.Fatal(err)
	}
	close(plugged)
	if got := <-settings; got != want {
		t.Fatalf("reopened with %+v, want %+v", got, want)
	}
	dev := <-opened
	waitState(t, p, hub.StateOpen)
	if got := dev.Written(); !strings.Contains(got, "[dtr=false rts=true]") {
		t.Fatalf("device saw %q, want DTR set off at open", got)
	}
}

// watchingFake is a controlledFake that tells of modem changes the test
// makes, as a device whose far end drops CTS does.
type watchingFake struct {
	*controlledFake
	changes chan struct{}

	mu    sync.Mutex
	modem device.Modem // guarded by mu
}

func (d *watchingFake) Modem() (device.Modem, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.modem, nil
}

func (d *watchingFake) ModemChanges() <-chan struct{} { return d.changes }

// setModem changes the inputs and tells the port, as the device would.
func (d *watchingFake) setModem(m device.Modem) {
	d.mu.Lock()
	d.modem = m
	d.mu.Unlock()
	d.changes <- struct{}{}
}

// A change of the modem inputs that no control caused reaches every
// subscriber at once; a device that stops telling says so in the status.
func TestModemChangesAreSentAtOnce(t *testing.T) {
	dev := &watchingFake{
		controlledFake: &controlledFake{fakeDevice: newFakeDevice()},
		changes:        make(chan struct{}),
		modem:          device.Modem{CTS: true, DSR: true},
	}
	_, s, info := openSubscribed(t, hub.Config{Device: "fake://", Open: openThis(dev)})
	if !info.ModemEvents || info.Modem == nil || *info.Modem != dev.modem {
		t.Fatalf("at open: modemEvents %v, modem %+v", info.ModemEvents, info.Modem)
	}
	for _, m := range []device.Modem{{DSR: true}, {DSR: true, RI: true}, {}} {
		dev.setModem(m)
		if got := nextStatus(t, s); got.Modem == nil || *got.Modem != m {
			t.Fatalf("after the device changed its lines to %+v the status says %+v", m, got.Modem)
		}
	}
	close(dev.changes)
	if got := nextStatus(t, s); got.ModemEvents || got.Modem == nil {
		t.Fatalf("after the device stopped telling: modemEvents %v, modem %+v; want false and the lines kept", got.ModemEvents, got.Modem)
	}
}

// A write held back by the device (flow control: the far end dropped CTS)
// does not hold back the news of the modem lines: that is when it matters.
func TestModemChangesPassAStuckWrite(t *testing.T) {
	dev := &watchingFake{
		controlledFake: &controlledFake{fakeDevice: newFakeDevice()},
		changes:        make(chan struct{}),
		modem:          device.Modem{CTS: true},
	}
	stuck := &stuckWrites{watchingFake: dev, entered: make(chan struct{}), release: make(chan struct{})}
	p, s, _ := openSubscribed(t, hub.Config{Device: "fake://", Open: openThis(stuck)})
	written := make(chan error, 1)
	go func() { written <- p.Write(context.Background(), []byte("held")) }()
	<-stuck.entered
	dev.setModem(device.Modem{})
	if got := nextStatus(t, s); got.Modem == nil || got.Modem.CTS {
		t.Fatalf("with a write stuck, CTS dropping shows as %+v", got.Modem)
	}
	close(stuck.release)
	if err := <-written; err != nil {
		t.Fatal(err)
	}
}

// stuckWrites is a watchingFake whose writes wait until release is closed,
// as a line's do while flow control holds them.
type stuckWrites struct {
	*watchingFake
	entered chan struct{} // closed when the first write waits
	release chan struct{}
	once    sync.Once
}

func (d *stuckWrites) Write(p []byte) (int, error) {
	d.once.Do(func() { close(d.entered) })
	select {
	case <-d.release:
	case <-d.done:
		return 0, device.ErrClosed
	}
	return d.watchingFake.Write(p)
}

// Many changes in a row are merged as needed, but the last state is always
// the one subscribers end with.
func TestModemChangesEndOnTheLastState(t *testing.T) {
	dev := &watchingFake{
		controlledFake: &controlledFake{fakeDevice: newFakeDevice()},
		changes:        make(chan struct{}),
		modem:          device.Modem{CTS: true},
	}
	_, s, _ := openSubscribed(t, hub.Config{Device: "fake://", Open: openThis(dev)})
	for i := range 30 {
		dev.setModem(device.Modem{CTS: i%2 == 1, DCD: i == 29})
	}
	for {
		got := nextStatus(t, s)
		if got.Modem != nil && *got.Modem == (device.Modem{CTS: true, DCD: true}) {
			return
		}
	}
}

// The simulator's "line" command is a change its far end makes: it reaches
// subscribers with no control asked for.
func TestSimModemLineChangeReachesSubscribers(t *testing.T) {
	p, s, info := openSubscribed(t, hub.Config{Device: "sim://"})
	if !info.ModemEvents {
		t.Fatal("the simulator's port does not say it tells of modem changes")
	}
	if err := p.Write(context.Background(), []byte("line ri on\r")); err != nil {
		t.Fatal(err)
	}
	if got := nextStatus(t, s); got.Modem == nil || !got.Modem.RI {
		t.Fatalf("after the simulator raised RI the status says %+v", got.Modem)
	}
}
