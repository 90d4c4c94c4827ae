package hub_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// mirrorFake plays another server's port (a fleet gateway's): its bytes
// come with their own read times or as losses, its settings and lines are
// set elsewhere, and it times breaks itself.
type mirrorFake struct {
	reads   chan stamped
	done    chan struct{}
	once    sync.Once
	changes chan struct{}

	mu       sync.Mutex
	settings device.Settings
	lines    device.Lines
	log      []string
}

type stamped struct {
	data   []byte
	t      time.Time
	missed uint64
}

func newMirrorFake() *mirrorFake {
	return &mirrorFake{
		reads: make(chan stamped), done: make(chan struct{}), changes: make(chan struct{}, 1),
		settings: device.Settings{Baud: 9600, DataBits: 7, Parity: device.ParityEven, StopBits: device.StopBits1, FlowControl: device.FlowNone},
		lines:    device.Lines{DTR: false, RTS: true},
	}
}

func (d *mirrorFake) Read(p []byte) (int, error) {
	panic("the hub reads a StampedReader with ReadStamped")
}

func (d *mirrorFake) ReadStamped(p []byte) (int, time.Time, uint64, error) {
	select {
	case r := <-d.reads:
		return copy(p, r.data), r.t, r.missed, nil
	case <-d.done:
		return 0, time.Time{}, 0, device.ErrClosed
	}
}

func (d *mirrorFake) Write(p []byte) (int, error) { return len(p), nil }
func (d *mirrorFake) Close() error {
	d.once.Do(func() { close(d.done) })
	return nil
}

func (d *mirrorFake) Current() (device.Settings, device.Lines) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.settings, d.lines
}

// changeAtSource changes the settings and lines as another client of the
// source would, and tells the hub.
func (d *mirrorFake) changeAtSource(s device.Settings, l device.Lines) {
	d.mu.Lock()
	d.settings, d.lines = s, l
	d.mu.Unlock()
	select {
	case d.changes <- struct{}{}:
	default:
	}
}

func (d *mirrorFake) ModemChanges() <-chan struct{} { return d.changes }
func (d *mirrorFake) Modem() (device.Modem, error)  { return device.Modem{DSR: true}, nil }
func (d *mirrorFake) SetSettings(s device.Settings) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.settings = s
	return nil
}
func (d *mirrorFake) SetLines(l device.Lines) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lines = l
	return nil
}
func (d *mirrorFake) SetBreak(on bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.log = append(d.log, "SetBreak")
	return nil
}
func (d *mirrorFake) Break(time.Duration) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.log = append(d.log, "Break")
	return nil
}

func (d *mirrorFake) feed(t *testing.T, s stamped) {
	t.Helper()
	select {
	case d.reads <- s:
	case <-d.done:
		t.Fatal("feed: device closed")
	}
}

// TestMirroredDevice: a port whose device is another server's takes that
// server's settings and lines (not its own) when it opens and whenever
// they change there, keeps the bytes' own read times, and times a break
// with one call.
func TestMirroredDevice(t *testing.T) {
	dev := newMirrorFake()
	p, s, info := openSubscribed(t, hub.Config{Device: "fleet://gw/port", Open: openThis(dev)})
	if want, _ := dev.Current(); info.Settings != want || info.Lines != (device.Lines{RTS: true}) {
		t.Fatalf("opened with %s %+v; want the source's %s dtr=false rts=true", info.Settings, info.Lines, want)
	}

	changed := device.Settings{Baud: 57600, DataBits: 8, Parity: device.ParityNone, StopBits: device.StopBits2, FlowControl: device.FlowRTSCTS}
	dev.changeAtSource(changed, device.Lines{DTR: true, RTS: false})
	for {
		info = nextStatus(t, s)
		if info.Settings == changed && info.Lines == (device.Lines{DTR: true}) {
			break
		}
	}

	read := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	dev.feed(t, stamped{data: []byte("hello"), t: read})
	if m := nextData(t, s); string(m.Data) != "hello" || !m.Time.Equal(read) {
		t.Fatalf("got %q read at %v; want hello read at %v", m.Data, m.Time, read)
	}

	if err := p.Break(context.Background(), 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	dev.mu.Lock()
	log := dev.log
	dev.mu.Unlock()
	if len(log) != 1 || log[0] != "Break" {
		t.Fatalf("the break went to the device as %v; want one Break", log)
	}
}

// TestLossUpstream: bytes lost before they reached the port are told to
// every subscriber with their count, move the stream's offsets on, and
// empty the scrollback, so that a client resuming from before the hole
// is told of it too.
func TestLossUpstream(t *testing.T) {
	dev := newMirrorFake()
	p, s, _ := openSubscribed(t, hub.Config{Device: "fleet://gw/port", Open: openThis(dev)})
	now := time.Now()
	dev.feed(t, stamped{data: []byte("0123456789"), t: now})
	dev.feed(t, stamped{missed: 1000})
	dev.feed(t, stamped{data: []byte("after"), t: now})

	var got []hub.Message
	for len(got) < 3 {
		msgs, err := s.Receive(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Status == nil {
				got = append(got, m)
			}
		}
	}
	if !got[1].Upstream || got[1].Missed != 1000 || got[2].Offset != 1010 || string(got[2].Data) != "after" {
		t.Fatalf("after 10 bytes and a loss of 1000: %+v, then %q at %d; want an upstream loss of 1000, then after at 1010", got[1], got[2].Data, got[2].Offset)
	}
	info := p.Info()
	if info.Drops.Upstream != 1000 || info.BytesIn != 1015 {
		t.Fatalf("drops %+v, bytes in %d; want 1000 upstream, 1015 in", info.Drops, info.BytesIn)
	}
	if s.Missed() != 1000 {
		t.Fatalf("the subscriber counts %d missed; want 1000", s.Missed())
	}

	// A client that read the first 4 bytes resumes: it missed 6 held
	// before the hole, the 1000 of it; "after" follows.
	r, err := p.Resume(info.Stream, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, missed := collect(t, r, 1011)
	if string(data) != "after" || missed != 1006 {
		t.Fatalf("resumed from 4: %q and %d missed; want after and 1006", data, missed)
	}
}

// nextData reads s until the next live chunk.
func nextData(t *testing.T, s *hub.Subscriber) hub.Message {
	t.Helper()
	for {
		msgs, err := s.Receive(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if len(m.Data) > 0 {
				return m
			}
		}
	}
}

// TestRemoteNames: SERVER/PORT names a port only when it has an Origin.
func TestRemoteNames(t *testing.T) {
	h, err := hub.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	cfg := hub.Config{Name: "pi-07/dut", Device: "fleet://pi-07/dut", Logger: quietLogger(), Open: openThis(newMirrorFake())}
	if _, err := h.Add(cfg); err == nil {
		t.Fatal("a local port named pi-07/dut was added")
	}
	seen := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	cfg.Origin = func() *hub.Origin { return &hub.Origin{Gateway: "pi-07", Online: true, LastSeen: seen} }
	p, err := h.Add(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if o := p.Info().Origin; o == nil || o.Gateway != "pi-07" || !o.LastSeen.Equal(seen) {
		t.Fatalf("origin %+v", o)
	}
	for _, bad := range []string{"pi.07/dut", "/dut", "pi-07/", "a/b/c", "pi-07/-x", "-pi/dut", "_pi/dut"} {
		if hub.ValidRemoteName(bad) {
			t.Errorf("ValidRemoteName(%q) = true", bad)
		}
	}
}
