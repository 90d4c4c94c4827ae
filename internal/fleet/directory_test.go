package fleet

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// centralEnv is a central: its hub and its directory of the fleet.
type centralEnv struct {
	*fleetEnv
	hub     *hub.Hub
	dir     *Directory
	changed chan struct{} // capacity 1: the directory changed
}

func startDirectory(t *testing.T, e *fleetEnv) *centralEnv {
	t.Helper()
	h, err := hub.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	c := &centralEnv{fleetEnv: e, hub: h, changed: make(chan struct{}, 1)}
	c.dir, err = StartDirectory(e.ctx, DirectoryConfig{
		Conn: e.connect(t), Hub: h, Logger: quiet(), RequestTimeout: 5 * time.Second, AliveTTL: e.ttl,
		Port:     hub.Config{Logger: quiet(), RetryMin: 10 * time.Millisecond, RetryMax: 100 * time.Millisecond},
		OnChange: func() { signal(c.changed) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.dir.Close)
	return c
}

// port waits until the central's hub has the port called name.
func (c *centralEnv) port(t *testing.T, name string) *hub.Port {
	t.Helper()
	for {
		if p, ok := c.hub.Port(name); ok {
			return p
		}
		select {
		case <-c.changed:
		case <-c.ctx.Done():
			t.Fatalf("the central never listed %s", name)
		}
	}
}

// subscribeOpen subscribes to a fleet port at the central and waits until
// it is open.
func subscribeOpen(t *testing.T, ctx context.Context, p *hub.Port) (*hub.Subscriber, hub.Info) {
	t.Helper()
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	info, err := serialtest.WaitStatus(ctx, s, serialtest.StateIs(hub.StateOpen))
	if err != nil {
		t.Fatalf("%s: %v", p.Name(), err)
	}
	return s, info
}

// receive reads s until it has n bytes (live or replayed) and returns
// them, with every chunk's read time and the bytes told missed.
func receive(t *testing.T, ctx context.Context, s *hub.Subscriber, n int) (data []byte, times []time.Time, missed uint64, upstream uint64) {
	t.Helper()
	var msgs []hub.Message
	var err error
	for len(data)+int(missed) < n {
		msgs, err = s.Receive(ctx, msgs)
		if err != nil {
			t.Fatalf("after %d bytes: %v", len(data), err)
		}
		for _, m := range msgs {
			if m.Replay != nil {
				for c := range m.Replay.Chunks() {
					data = append(data, c.Data...)
					times = append(times, c.Time)
				}
			}
			if len(m.Data) > 0 {
				data = append(data, m.Data...)
				times = append(times, m.Time)
			}
			missed += m.Missed
			if m.Upstream {
				upstream += m.Missed
			}
		}
	}
	return data, times, missed, upstream
}

// Every gateway port appears at the central as GATEWAY/PORT, with the
// gateway's tags, online; every byte value the device sends reaches a
// central subscriber in order, with read times taken at the gateway; what
// the central writes reaches the device; settings changed at the central
// reach the gateway's pty, and DTR the gateway's port; a change made at
// the gateway shows at the central.
func TestFleetPortsAtTheCentral(t *testing.T) {
	e := startFleet(t, AliveTTL)
	dut, pt := openPTYPort(t, e.ctx, "dut")
	sim, err := hub.Open(hub.Config{Name: "board.1", Device: "sim://", Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{dut, sim}, Tags: map[string]string{"room": "lab2"}})
	c := startDirectory(t, e)

	p := c.port(t, "pi/dut")
	s, info := subscribeOpen(t, e.ctx, p)
	if o := info.Origin; o == nil || o.Gateway != "pi" || !o.Online || o.Tags["room"] != "lab2" || o.LastSeen.IsZero() {
		t.Fatalf("origin of pi/dut: %+v", info.Origin)
	}
	if info.Device != pt.Path {
		t.Fatalf("device %q; want the gateway's %q", info.Device, pt.Path)
	}

	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	before := time.Now()
	if _, err := pt.Master.Write(all); err != nil {
		t.Fatal(err)
	}
	data, times, missed, _ := receive(t, e.ctx, s, len(all))
	if !bytes.Equal(data, all) || missed != 0 {
		t.Fatalf("the central got %d bytes (%d missed), not the 256 values in order: %x", len(data), missed, data)
	}
	for _, tm := range times {
		if tm.Before(before) || tm.After(time.Now()) {
			t.Fatalf("read time %v is not the gateway's read time (between %v and now)", tm, before)
		}
	}

	if err := p.Write(e.ctx, all); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(all))
	if _, err := io.ReadFull(pt.Master, got); err != nil || !bytes.Equal(got, all) {
		t.Fatalf("the device got %x (%v); want the 256 values", got, err)
	}

	// (A pty takes baud rates and stop bits, not data bits or parity.)
	set := device.Settings{Baud: 9600, DataBits: 8, Parity: device.ParityNone, StopBits: device.StopBits2, FlowControl: device.FlowNone}
	if err := p.SetSettings(e.ctx, set); err != nil {
		t.Fatal(err)
	}
	line, err := pt.Line()
	if err != nil {
		t.Fatal(err)
	}
	if line.Baud != 9600 || line.StopBits != 2 {
		t.Fatalf("the gateway's pty is %+v; want 9600 8N2", line)
	}
	if got := dut.Info().Settings; got != set {
		t.Fatalf("the gateway's port says %s; want %s", got, set)
	}
	// DTR: a pty has no modem lines, and says so as it would locally.
	off := false
	if err := p.SetLines(e.ctx, &off, nil); !errors.Is(err, device.ErrNotSupported) {
		t.Fatalf("DTR on the pty through the central: %v; want not supported", err)
	}

	b := c.port(t, "pi/board.1")
	bs, _ := subscribeOpen(t, e.ctx, b)
	if err := b.SetLines(e.ctx, &off, nil); err != nil {
		t.Fatal(err)
	}
	if l := sim.Info().Lines; l.DTR || !l.RTS {
		t.Fatalf("the gateway's sim has %+v; want DTR off, RTS on", l)
	}
	// A change made at the gateway shows at the central.
	on := true
	if err := sim.SetLines(e.ctx, &on, &off); err != nil {
		t.Fatal(err)
	}
	if _, err := serialtest.WaitStatus(e.ctx, bs, func(i hub.Info) bool { return i.Lines == device.Lines{DTR: true} }); err != nil {
		t.Fatalf("the gateway's change of lines never reached the central: %v", err)
	}
	if err := b.Break(e.ctx, 20*time.Millisecond); err != nil {
		t.Fatalf("a break through the central: %v", err)
	}
}

// A gateway that leaves shows offline at the central, and its port
// disconnected; its clients stay and are told; when it comes back (a new
// gateway process, a new stream) the port opens again and its bytes flow
// to the same clients.
func TestFleetGatewayLeavesAndComesBack(t *testing.T) {
	e := startFleet(t, AliveTTL)
	dut, pt := openPTYPort(t, e.ctx, "dut")
	g := startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{dut}})
	c := startDirectory(t, e)
	p := c.port(t, "pi/dut")
	s, _ := subscribeOpen(t, e.ctx, p)

	g.Close()
	info, err := serialtest.WaitStatus(e.ctx, s, func(i hub.Info) bool {
		return i.State == hub.StateDisconnected && i.Origin != nil && !i.Origin.Online
	})
	if err != nil {
		t.Fatalf("the central never said the gateway left: %v", err)
	}
	if info.Error == "" {
		t.Fatal("disconnected without saying why")
	}
	if err := p.Write(e.ctx, []byte("x")); !errors.Is(err, hub.ErrNotOpen) {
		t.Fatalf("writing while the gateway is away: %v; want not open", err)
	}

	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{dut}})
	if _, err := serialtest.WaitStatus(e.ctx, s, func(i hub.Info) bool {
		return i.State == hub.StateOpen && i.Origin != nil && i.Origin.Online
	}); err != nil {
		t.Fatalf("the port never opened again: %v", err)
	}
	if _, err := pt.Master.Write([]byte("back")); err != nil {
		t.Fatal(err)
	}
	if data, _, _, _ := receive(t, e.ctx, s, 4); string(data) != "back" {
		t.Fatalf("after the gateway came back the client got %q", data)
	}
}

// Batches the central never got make it ask the gateway for them; what
// the gateway's scrollback no longer holds, and what the gateway lost, is
// told to the central's clients as lost upstream, with the exact count,
// and the stream goes on, bytes sent twice taken once.
func TestFleetLossIsCounted(t *testing.T) {
	e := startFleet(t, AliveTTL)
	nc := e.connect(t)
	// A gateway played by the test: its record, alive key and status,
	// then batches with a hole.
	rec := `{"name":"pi","ports":[{"name":"dut","device":"/dev/ttyX"}],"started":"2026-11-30T12:00:00Z"}`
	if _, err := e.reg.Gateways.Put(e.ctx, "pi", []byte(rec)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.reg.Alive.Put(e.ctx, "pi", []byte("up")); err != nil {
		t.Fatal(err)
	}
	ctl := e.listen(t, nc, subject(t, "pi", "dut", KindCtl))
	hist := e.listen(t, nc, subject(t, "pi", "dut", KindHistory))
	c := startDirectory(t, e)
	p := c.port(t, "pi/dut")
	// The directory asks the port's status, then its history (none);
	// the test answers.
	m := e.next(t, ctl, "the central's status request")
	if err := m.Respond([]byte(`{"type":"status","port":{"name":"dut","stream":"s1","state":"open","settings":{"baud":115200,"dataBits":8,"parity":"none","stopBits":"1","flowControl":"none"}}}`)); err != nil {
		t.Fatal(err)
	}
	m = e.next(t, hist, "the central's history request")
	end := nats.NewMsg(m.Reply)
	end.Header.Set(HeaderStream, "s1")
	end.Header.Set(HeaderEnd, "0")
	if err := nc.PublishMsg(end); err != nil {
		t.Fatal(err)
	}
	s, _ := subscribeOpen(t, e.ctx, p)
	out := subject(t, "pi", "dut", KindOut)
	now := time.Now()
	for _, b := range []Batch{
		{Stream: "s1", Offset: 0, Data: []byte("abc"), Stamps: []Stamp{{0, now}}},
		{Stream: "s1", Offset: 103, Data: []byte("def"), Stamps: []Stamp{{0, now}}}, // 100 never came
		{Stream: "s1", Offset: 106, Missed: 50},                                     // the gateway lost 50
		{Stream: "s1", Offset: 156, Data: []byte("ghi"), Stamps: []Stamp{{0, now}}},
		{Stream: "s1", Offset: 157, Data: []byte("hij"), Stamps: []Stamp{{0, now}}}, // sent twice in part
	} {
		if err := nc.PublishMsg(b.Message(out)); err != nil {
			t.Fatal(err)
		}
	}
	// The hole makes the central ask for the history from offset 3;
	// the gateway's scrollback no longer holds the 100 bytes.
	m = e.next(t, hist, "the central's history request after the hole")
	if string(m.Data) != `{"stream":"s1","since":3}` {
		t.Fatalf("history request %s; want from offset 3 of s1", m.Data)
	}
	for _, b := range []Batch{
		{Stream: "s1", Offset: 3, Missed: 100},
		{Stream: "s1", Offset: 103, Data: []byte("def"), Stamps: []Stamp{{0, now}}},
	} {
		if err := nc.PublishMsg(b.Message(m.Reply)); err != nil {
			t.Fatal(err)
		}
	}
	end = nats.NewMsg(m.Reply)
	end.Header.Set(HeaderStream, "s1")
	end.Header.Set(HeaderEnd, "106")
	if err := nc.PublishMsg(end); err != nil {
		t.Fatal(err)
	}
	data, _, missed, upstream := receive(t, e.ctx, s, 3+100+3+50+4)
	if string(data) != "abcdefghij" || missed != 150 || upstream != 150 {
		t.Fatalf("got %q, %d missed (%d upstream); want abcdefghij and 150 lost upstream", data, missed, upstream)
	}
	if d := p.Info().Drops; d.Upstream != 150 {
		t.Fatalf("the port counts %+v; want 150 upstream", d)
	}
}

// A gateway's error answers reach the central's callers with the same
// codes as locally.
func TestRemoteErrorCodes(t *testing.T) {
	for code, want := range map[string]error{
		protocol.CodeLocked:       hub.ErrLocked,
		protocol.CodeNotOpen:      hub.ErrNotOpen,
		protocol.CodeBadSettings:  device.ErrInvalidSettings,
		protocol.CodeNotSupported: device.ErrNotSupported,
	} {
		if err := error(&RemoteError{Code: code}); !errors.Is(err, want) {
			t.Errorf("code %s does not match %v", code, want)
		}
	}
}

// A central that starts after a gateway's device has spoken gets what the
// gateway's scrollback holds, with the gateway's read times: its first
// client sees the port's recent output, as a local client would.
func TestFleetHistoryAtStart(t *testing.T) {
	e := startFleet(t, AliveTTL)
	dut, pt := openPTYPort(t, e.ctx, "dut")
	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{dut}})
	local, err := dut.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	before := time.Now()
	if _, err := pt.Master.Write([]byte("boot log\r\n")); err != nil {
		t.Fatal(err)
	}
	receive(t, e.ctx, local, 10) // the gateway has read it
	written := time.Now()

	c := startDirectory(t, e)
	p := c.port(t, "pi/dut")
	if _, err := serialtest.WaitPort(e.ctx, p, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	s, err := p.Subscribe(true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data, times, _, _ := receive(t, e.ctx, s, 10)
	if string(data) != "boot log\r\n" {
		t.Fatalf("a new client of the central got %q; want the gateway's scrollback", data)
	}
	for _, tm := range times {
		if tm.Before(before) || tm.After(written) {
			t.Fatalf("replayed bytes read at %v, not at the gateway between %v and %v", tm, before, written)
		}
	}
}

// cutter is a TCP proxy between a gateway and NATS whose link the test
// cuts as a network would: while cut, bytes go nowhere (nothing is
// closed; the two ends learn of it when their pings go unanswered).
// Mend closes the dead connections and lets new ones through.
type cutter struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	cut   bool
	conns []net.Conn
}

func startCutter(t *testing.T, target string) *cutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{ln: ln, target: target}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.conns = append(c.conns, in, out)
			c.mu.Unlock()
			wg.Go(func() { c.pipe(out, in) })
			wg.Go(func() { c.pipe(in, out) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		c.mend()
		wg.Wait()
	})
	return c
}

// pipe copies from src to dst, dropping what comes while the link is cut.
func (c *cutter) pipe(dst, src net.Conn) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		c.mu.Lock()
		cut := c.cut
		c.mu.Unlock()
		if n > 0 && !cut {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (c *cutter) URL() string { return "nats://" + c.ln.Addr().String() }

func (c *cutter) setCut(cut bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cut = cut
}

// mend closes the connections that were cut and lets new ones through.
func (c *cutter) mend() {
	c.mu.Lock()
	conns := c.conns
	c.conns, c.cut = nil, false
	c.mu.Unlock()
	for _, conn := range conns {
		conn.Close()
	}
}

// A gateway whose network goes away for a while: what its device said
// meanwhile reaches the central's client once it is back, every byte in
// order, from the gateway's scrollback, even the bytes that went into the
// dead connection; with a scrollback too small for all of it, the client
// is told exactly how many bytes it missed.
func TestFleetGatewayNetworkCut(t *testing.T) {
	for _, tc := range []struct {
		name       string
		scrollback int
		lost       uint64
	}{
		{"scrollback holds it", 0, 0},
		{"scrollback too small", 100, 2000 - 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := startFleet(t, time.Second)
			pt, err := serialtest.OpenPTY()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { pt.Close() })
			dut, err := hub.Open(hub.Config{Name: "dut", Device: pt.Path, Logger: quiet(), Scrollback: tc.scrollback})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { dut.Close() })
			cut := startCutter(t, e.central.URL()[len("nats://"):])
			disconnected := make(chan struct{}, 1)
			creds, err := AddGateway(e.store, "pi")
			if err != nil {
				t.Fatal(err)
			}
			opts, err := GatewayOptions("pi", writeCreds(t, "pi", creds))
			if err != nil {
				t.Fatal(err)
			}
			gnc, err := nats.Connect(cut.URL(), append(opts, nats.PingInterval(100*time.Millisecond), nats.MaxPingsOutstanding(2),
				nats.ReconnectWait(50*time.Millisecond), nats.MaxReconnects(-1),
				nats.DisconnectErrHandler(func(*nats.Conn, error) { signal(disconnected) }))...)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(gnc.Close)
			startGateway(t, GatewayConfig{Conn: gnc, Name: "pi", Ports: []*hub.Port{dut}, AliveEvery: 100 * time.Millisecond})
			c := startDirectory(t, e)
			p := c.port(t, "pi/dut")
			s, _ := subscribeOpen(t, e.ctx, p)

			local, err := dut.Subscribe(false)
			if err != nil {
				t.Fatal(err)
			}
			defer local.Close()
			cut.setCut(true)
			// What the device says now goes into the dead connection,
			// then, once the gateway knows it is cut, into its buffer.
			said := bytes.Repeat([]byte("0123456789"), 200)
			if _, err := pt.Master.Write(said[:1000]); err != nil {
				t.Fatal(err)
			}
			receive(t, e.ctx, local, 1000) // the gateway has read it
			select {
			case <-disconnected:
			case <-e.ctx.Done():
				t.Fatal("the gateway never noticed its link was cut")
			}
			if _, err := pt.Master.Write(said[1000:]); err != nil {
				t.Fatal(err)
			}
			if _, err := serialtest.WaitStatus(e.ctx, s, func(i hub.Info) bool { return i.Origin != nil && !i.Origin.Online }); err != nil {
				t.Fatalf("the central never saw the gateway go: %v", err)
			}
			cut.mend()
			data, _, missed, upstream := receive(t, e.ctx, s, len(said))
			if missed != tc.lost || upstream != tc.lost || !bytes.Equal(data, said[tc.lost:]) {
				t.Fatalf("after the cut the client got %d bytes and %d missed (%d upstream); want %d bytes, the last of them, and %d missed", len(data), missed, upstream, len(said)-int(tc.lost), tc.lost)
			}
		})
	}
}

// The write lock of a port that has one: a client of the central that
// takes it takes the gateway's too, so the gateway's own clients cannot
// write (they are told who holds it), nor can the central's others; when
// it lets go, everyone may. A client at the gateway that holds it there
// keeps the central's clients from writing and from taking it, and is
// asked to let go when one of them asks.
func TestFleetWriteLock(t *testing.T) {
	e := startFleet(t, AliveTTL)
	pt, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pt.Close() })
	dut, err := hub.Open(hub.Config{Name: "dut", Device: pt.Path, Exclusive: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dut.Close() })
	if _, err := serialtest.WaitPort(e.ctx, dut, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{dut}})
	c := startDirectory(t, e)
	p := c.port(t, "pi/dut")
	alice, _ := subscribeOpen(t, e.ctx, p)
	bob, _ := subscribeOpen(t, e.ctx, p)
	if !p.Info().Exclusive {
		t.Fatal("the central's port has no write lock though the gateway's has")
	}
	local, err := dut.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()

	if err := p.Lock(alice, "alice"); err != nil {
		t.Fatal(err)
	}
	if info := dut.Info(); info.Lock == nil || info.Lock.Holder != "alice (at the fleet central)" {
		t.Fatalf("the gateway's lock: %+v; want alice's, at the central", info.Lock)
	}
	if err := dut.As(local).Write(e.ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
		t.Fatalf("a gateway client's write while alice holds the lock: %v; want locked", err)
	}
	if err := p.As(bob).Write(e.ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
		t.Fatalf("bob's write while alice holds the lock: %v; want locked", err)
	}
	if err := p.As(alice).Write(e.ctx, []byte("a")); err != nil {
		t.Fatalf("alice's write: %v", err)
	}
	p.Unlock(alice)
	// The unlock goes without waiting; a write through the gateway after
	// it is carried out after it.
	if err := p.As(bob).Write(e.ctx, []byte("b")); err != nil {
		t.Fatalf("bob's write once alice let go: %v", err)
	}
	if info := dut.Info(); info.Lock != nil {
		t.Fatalf("the gateway's lock after alice let go: %+v", info.Lock)
	}
	if err := dut.As(local).Write(e.ctx, []byte("c")); err != nil {
		t.Fatalf("a gateway client's write once alice let go: %v", err)
	}
	got := make([]byte, 3)
	if _, err := io.ReadFull(pt.Master, got); err != nil || string(got) != "abc" {
		t.Fatalf("the device got %q (%v); want abc", got, err)
	}

	// A client at the gateway holds it.
	if err := dut.Lock(local, "carol"); err != nil {
		t.Fatal(err)
	}
	if err := p.As(alice).Write(e.ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
		t.Fatalf("alice's write while carol holds the gateway's lock: %v; want locked", err)
	}
	// The central's clients are told who holds it.
	if _, err := serialtest.WaitStatus(e.ctx, alice, func(i hub.Info) bool {
		return i.Lock != nil && i.Lock.Holder == "carol (at gateway pi)"
	}); err != nil {
		t.Fatalf("the central never said carol holds the lock: %v", err)
	}
	if err := p.Lock(alice, "alice"); !errors.Is(err, hub.ErrLocked) || !strings.Contains(err.Error(), "carol") {
		t.Fatalf("alice taking the lock carol holds at the gateway: %v; want locked, naming carol", err)
	}
	if err := p.RequestLock("alice"); err != nil {
		t.Fatal(err)
	}
	for {
		msgs, err := local.Receive(e.ctx, nil)
		if err != nil {
			t.Fatalf("carol was never asked to let go: %v", err)
		}
		if slices.ContainsFunc(msgs, func(m hub.Message) bool { return strings.HasPrefix(m.LockRequest, "alice") }) {
			break
		}
	}
}

// A central that starts while a gateway's alive key is still there but
// the gateway is not yet back on the link (both restarted, say) cannot
// get its ports' state or history: it asks again at the gateway's next
// sign of life, and the port opens with the gateway's scrollback.
func TestFleetAsksAgainWhenTheGatewayIsBack(t *testing.T) {
	e := startFleet(t, AliveTTL)
	rec := `{"name":"pi","ports":[{"name":"dut","device":"/dev/ttyX"}],"started":"2026-11-30T12:00:00Z"}`
	if _, err := e.reg.Alive.Put(e.ctx, "pi", []byte("up")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.reg.Gateways.Put(e.ctx, "pi", []byte(rec)); err != nil {
		t.Fatal(err)
	}
	c := startDirectory(t, e)
	p := c.port(t, "pi/dut")
	s, err := p.Subscribe(true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	dut, pt := openPTYPort(t, e.ctx, "dut")
	local, err := dut.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	if _, err := pt.Master.Write([]byte("said before the gateway joined\r\n")); err != nil {
		t.Fatal(err)
	}
	receive(t, e.ctx, local, 32)
	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{dut}, AliveEvery: 100 * time.Millisecond})
	if _, err := serialtest.WaitStatus(e.ctx, s, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatalf("the port never opened once the gateway was back: %v", err)
	}
	if data, _, _, _ := receive(t, e.ctx, s, 32); string(data) != "said before the gateway joined\r\n" {
		t.Fatalf("the central's client got %q; want the gateway's scrollback", data)
	}
}
