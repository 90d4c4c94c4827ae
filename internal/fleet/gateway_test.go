package fleet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// fleetEnv is a central with its registry, and connections to it.
type fleetEnv struct {
	ctx     context.Context
	central *Central
	reg     Registry
	ttl     time.Duration // the alive keys'
	store   string        // the central's store folder
}

// startFleet starts a central and its registry (the alive keys expiring
// after ttl), as the central does.
func startFleet(t *testing.T, ttl time.Duration) *fleetEnv {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	store := t.TempDir()
	c, err := StartCentral(CentralConfig{Listen: "127.0.0.1:0", StoreDir: store})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	e := &fleetEnv{ctx: ctx, central: c, ttl: ttl, store: store}
	js, err := jetstream.New(e.connect(t))
	if err != nil {
		t.Fatal(err)
	}
	if e.reg, err = OpenRegistry(ctx, js, ttl, 0); err != nil {
		t.Fatal(err)
	}
	return e
}

// connect opens a NATS connection to the central, as the central (every
// right), closed at the test's end.
func (e *fleetEnv) connect(t *testing.T) *nats.Conn {
	t.Helper()
	nc, err := e.central.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// listen subscribes nc to subject, registered at the server on return.
func (e *fleetEnv) listen(t *testing.T, nc *nats.Conn, subject string) chan *nats.Msg {
	t.Helper()
	ch := make(chan *nats.Msg, 4096)
	sub, err := nc.ChanSubscribe(subject, ch)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sub.Unsubscribe() })
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return ch
}

// next returns the next message of ch, failing at the test's deadline.
func (e *fleetEnv) next(t *testing.T, ch chan *nats.Msg, what string) *nats.Msg {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-e.ctx.Done():
		t.Fatalf("waiting for %s: %v", what, e.ctx.Err())
		return nil
	}
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// openPTYPort opens a hub port on a pty and waits until it is open.
func openPTYPort(t *testing.T, ctx context.Context, name string) (*hub.Port, *serialtest.PTY) {
	t.Helper()
	pt, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pt.Close() })
	p, err := hub.Open(hub.Config{Name: name, Device: pt.Path, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if _, err := serialtest.WaitPort(ctx, p, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	return p, pt
}

func startGateway(t *testing.T, cfg GatewayConfig) *Gateway {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = quiet()
	}
	g, err := StartGateway(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g
}

func subject(t *testing.T, gateway, port, kind string) string {
	t.Helper()
	s, err := Subject(gateway, port, kind)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every byte value the device sends reaches a NATS subscriber on the out
// subject, in order, in batches of at most MaxBatch bytes whose offsets
// follow each other from the stream's start and whose stamps are read
// times of this test; the port object comes first on the status subject.
func TestGatewayPublishesTheDevicesBytes(t *testing.T) {
	e := startFleet(t, AliveTTL)
	port, pt := openPTYPort(t, e.ctx, "dut")
	watcher := e.connect(t)
	out := e.listen(t, watcher, subject(t, "pi", "dut", KindOut))
	status := e.listen(t, watcher, subject(t, "pi", "dut", KindStatus))
	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{port}})

	var first protocol.Port
	if err := json.Unmarshal(e.next(t, status, "the port's status").Data, &first); err != nil {
		t.Fatal(err)
	}
	stream := port.Info().Stream
	if first.Name != "dut" || first.Stream != stream || first.State != protocol.StateOpen {
		t.Fatalf("first status: %+v; want port dut, stream %s, open", first, stream)
	}

	want := bytes.Repeat(func() []byte {
		b := make([]byte, 256)
		for i := range b {
			b[i] = byte(i)
		}
		return b
	}(), 160) // 40 KiB: more than two batches' worth
	before := time.Now()
	for rest := want; len(rest) > 0; {
		n := min(len(rest), 3000)
		if _, err := pt.Master.Write(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	var got []byte
	last := before
	for batches := 0; len(got) < len(want); batches++ {
		b, err := DecodeBatch(e.next(t, out, fmt.Sprintf("byte %d of %d", len(got), len(want))))
		if err != nil {
			t.Fatalf("batch %d: %v", batches, err)
		}
		if b.Stream != stream || b.Offset != uint64(len(got)) || b.Missed != 0 {
			t.Fatalf("batch %d: stream %s offset %d missed %d; want stream %s offset %d, nothing missed", batches, b.Stream, b.Offset, b.Missed, stream, len(got))
		}
		for _, s := range b.Stamps {
			if s.Time.Before(last.Truncate(time.Microsecond)) || s.Time.After(time.Now()) {
				t.Fatalf("batch %d: stamp %v at %d: before the previous (%v) or in the future", batches, s.Time, s.At, last)
			}
			last = s.Time
		}
		got = append(got, b.Data...)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && got[i] == want[i] {
			i++
		}
		t.Fatalf("received %d bytes that differ from those sent from byte %d", len(got), i)
	}
}

// The batcher, on its own: chunks that follow each other make one batch,
// split at MaxBatch, cut when they were read more than BatchDelay after
// the batch's first; a loss becomes a loss notice at its exact offset;
// a status comes after the bytes before it.
func TestBatcher(t *testing.T) {
	type out struct {
		status bool
		b      Batch
	}
	var got []out
	bt := batcher{
		publish: func(b Batch) {
			b.Data, b.Stamps = bytes.Clone(b.Data), slices.Clone(b.Stamps) // reused after the call
			got = append(got, out{b: b})
		},
		publishStatus: func(i hub.Info) { got = append(got, out{status: true, b: Batch{Stream: i.Stream, Offset: i.BytesIn}}) },
	}
	t0 := time.UnixMicro(1764496800000000)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	chunk := func(off uint64, n int, at time.Time) hub.Message {
		return hub.Message{Chunk: hub.Chunk{Data: bytes.Repeat([]byte{byte(off)}, n), Offset: off, Time: at}}
	}
	big := MaxBatch + 100
	bt.take([]hub.Message{
		{Status: &hub.Info{Stream: "s", BytesIn: 100}},
		chunk(100, 3, ms(0)),
		chunk(103, 2, ms(1)),
		{Missed: 50},
		chunk(155, 1, ms(2)),
		chunk(156, big, ms(3)),
		chunk(156+uint64(big), 4, ms(4+int(BatchDelay.Milliseconds()))),
		{Status: &hub.Info{Stream: "s", BytesIn: 160 + uint64(big)}},
	})
	bt.take([]hub.Message{chunk(160+uint64(big), 1, ms(100))})
	want := []out{
		{status: true, b: Batch{Stream: "s", Offset: 100}},
		{b: Batch{Stream: "s", Offset: 100, Data: []byte("\x64\x64\x64\x67\x67"), Stamps: []Stamp{{0, ms(0)}, {3, ms(1)}}}},
		{b: Batch{Stream: "s", Offset: 105, Missed: 50}},
		{b: Batch{Stream: "s", Offset: 155, Data: nil, Stamps: []Stamp{{0, ms(2)}, {1, ms(3)}}}},                                    // 1 + MaxBatch-1 bytes
		{b: Batch{Stream: "s", Offset: 155 + MaxBatch, Data: nil, Stamps: []Stamp{{0, ms(3)}}}},                                     // the rest of the big chunk
		{b: Batch{Stream: "s", Offset: 156 + uint64(big), Data: nil, Stamps: []Stamp{{0, ms(4 + int(BatchDelay.Milliseconds()))}}}}, // read too late for the batch before
		{status: true, b: Batch{Stream: "s", Offset: 160 + uint64(big)}},
		{b: Batch{Stream: "s", Offset: 160 + uint64(big), Data: nil, Stamps: []Stamp{{0, ms(100)}}}},
	}
	wantLen := []int{0, 5, 0, MaxBatch, big - (MaxBatch - 1), 4, 0, 1}
	if len(got) != len(want) {
		var sum []string
		for _, g := range got {
			sum = append(sum, fmt.Sprintf("{status %v offset %d missed %d, %d bytes}", g.status, g.b.Offset, g.b.Missed, len(g.b.Data)))
		}
		t.Fatalf("published %d things, want %d: %v", len(got), len(want), sum)
	}
	for i, w := range want {
		g := got[i]
		if g.status != w.status || g.b.Stream != w.b.Stream || g.b.Offset != w.b.Offset || g.b.Missed != w.b.Missed || len(g.b.Data) != wantLen[i] {
			t.Errorf("%d: status %v, stream %s, offset %d, missed %d, %d bytes; want status %v, stream %s, offset %d, missed %d, %d bytes",
				i, g.status, g.b.Stream, g.b.Offset, g.b.Missed, len(g.b.Data), w.status, w.b.Stream, w.b.Offset, w.b.Missed, wantLen[i])
		}
		if w.b.Data != nil && !bytes.Equal(g.b.Data, w.b.Data) {
			t.Errorf("%d: data %q, want %q", i, g.b.Data, w.b.Data)
		}
		if !slices.EqualFunc(g.b.Stamps, w.b.Stamps, func(x, y Stamp) bool { return x.At == y.At && x.Time.Equal(y.Time) }) {
			t.Errorf("%d: stamps %v, want %v", i, g.b.Stamps, w.b.Stamps)
		}
		if !w.status {
			if _, err := DecodeBatch(g.b.Message("x")); err != nil {
				t.Errorf("%d: %v", i, err)
			}
		}
	}
}

// reply is any answer the gateway gives (ok, pong, status, error).
type reply struct {
	Type    string          `json:"type"`
	ID      json.RawMessage `json:"id"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Bytes   int             `json:"bytes"`
	Port    *protocol.Port  `json:"port"`
}

func (e *fleetEnv) request(t *testing.T, nc *nats.Conn, subject string, data []byte) reply {
	t.Helper()
	m, err := nc.RequestWithContext(e.ctx, subject, data)
	if err != nil {
		t.Fatalf("request %q on %s: %v", data, subject, err)
	}
	var r reply
	if err := json.Unmarshal(m.Data, &r); err != nil {
		t.Fatalf("reply %q: %v", m.Data, err)
	}
	return r
}

// Bytes sent on the in subject reach the device, and the sender gets an
// ok; a settings request on ctl changes the pty's baud, and its ok and the
// status both show it; requests the port cannot carry out get error
// replies with the codes a local client gets, and the request's id.
func TestGatewayWritesAndControls(t *testing.T) {
	e := startFleet(t, AliveTTL)
	port, pt := openPTYPort(t, e.ctx, "dut")
	central := e.connect(t)
	status := e.listen(t, central, subject(t, "pi", "dut", KindStatus))
	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{port}})
	e.next(t, status, "the first status")

	in, ctl := subject(t, "pi", "dut", KindIn), subject(t, "pi", "dut", KindCtl)
	sent := []byte("hello\x00\xff\r\n")
	if r := e.request(t, central, in, sent); r.Type != protocol.TypeOK {
		t.Fatalf("write answered %+v, want ok", r)
	}
	// A pty master's reads take no deadline: a mark written straight to
	// the port after the ok ends what the device reads, written or not.
	const mark = "|mark"
	if err := port.Write(e.ctx, []byte(mark)); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for !bytes.HasSuffix(got, []byte(mark)) {
		b := make([]byte, 64)
		n, err := pt.Master.Read(b)
		if err != nil {
			t.Fatalf("the device read %q, then %v", got, err)
		}
		got = append(got, b[:n]...)
	}
	if want := append(slices.Clone(sent), mark...); !bytes.Equal(got, want) {
		t.Fatalf("the device read %q, want %q", got, want)
	}

	r := e.request(t, central, ctl, []byte(`{"type":"settings","id":1,"settings":{"baud":9600}}`))
	if r.Type != protocol.TypeOK || string(r.ID) != "1" || r.Port == nil || r.Port.Settings.Baud != 9600 || r.Port.Name != "dut" {
		t.Fatalf("settings answered %+v (port %+v), want ok with id 1 and the port at 9600 baud", r, r.Port)
	}
	if l, err := pt.Line(); err != nil || l.Baud != 9600 {
		t.Fatalf("the pty runs at %d baud (%v), want 9600", l.Baud, err)
	}
	for {
		var p protocol.Port
		if err := json.Unmarshal(e.next(t, status, "a status at 9600 baud").Data, &p); err != nil {
			t.Fatal(err)
		}
		if p.Settings.Baud == 9600 {
			break
		}
	}

	for _, tc := range []struct {
		name, req, typ, code, id string
	}{
		{"ping", `{"type":"ping","id":"p"}`, protocol.TypePong, "", `"p"`},
		{"status", `{"type":"status","id":2}`, protocol.TypeStatus, "", "2"},
		{"not JSON", `baud 9600`, protocol.TypeError, protocol.CodeBadRequest, ""},
		{"settings without any", `{"type":"settings","id":3}`, protocol.TypeError, protocol.CodeBadRequest, "3"},
		{"unknown type", `{"type":"reboot","id":"x"}`, protocol.TypeError, protocol.CodeUnknownType, `"x"`},
		{"7 data bits on a pty", `{"type":"settings","id":4,"settings":{"dataBits":7}}`, protocol.TypeError, protocol.CodeNotSupported, "4"},
		{"modem lines of a pty", `{"type":"modem","id":5}`, protocol.TypeError, protocol.CodeNotSupported, "5"},
		{"lock of a port without a write lock", `{"type":"lock","id":6}`, protocol.TypeError, protocol.CodeFailed, "6"},
	} {
		r := e.request(t, central, ctl, []byte(tc.req))
		if r.Type != tc.typ || r.Code != tc.code || string(r.ID) != tc.id || (r.Type == protocol.TypeError && r.Message == "") {
			t.Errorf("%s: answered %+v; want type %s, code %q, id %s and a message if an error", tc.name, r, tc.typ, tc.code, tc.id)
		}
	}
	if l, _ := pt.Line(); l.Baud != 9600 || l.DataBits != 8 {
		t.Fatalf("after the refused requests the pty has %+v, want 9600 baud, 8 data bits", l)
	}
}

// A write to a port whose device is not open is refused with not_open and
// the count of bytes not written, as locally.
func TestGatewayWriteToAClosedDevice(t *testing.T) {
	e := startFleet(t, AliveTTL)
	port, err := hub.Open(hub.Config{Name: "gone", Device: "/dev/serialhub-test-no-such-device", Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { port.Close() })
	if _, err := serialtest.WaitPort(e.ctx, port, serialtest.StateIs(hub.StateError)); err != nil {
		t.Fatal(err)
	}
	central := e.connect(t)
	startGateway(t, GatewayConfig{Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{port}})
	r := e.request(t, central, subject(t, "pi", "gone", KindIn), []byte("abc"))
	if r.Type != protocol.TypeError || r.Code != protocol.CodeNotOpen || r.Bytes != 3 || r.Message == "" {
		t.Fatalf("write answered %+v, want a not_open error for 3 bytes", r)
	}
}

// The gateway puts its record (name, tags, ports, version, start) and its
// alive key, renews the key, and deletes it on Close, so the central sees
// it leave at once; the record stays.
func TestGatewayRegistry(t *testing.T) {
	// A TTL past the test's deadline: the key's removal seen here can
	// only be Close's.
	e := startFleet(t, 10*time.Minute)
	a, _ := openPTYPort(t, e.ctx, "dut")
	b, _ := openPTYPort(t, e.ctx, "board.1")
	w, err := e.reg.Alive.Watch(e.ctx, "pi", jetstream.UpdatesOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	start := time.Now()
	g := startGateway(t, GatewayConfig{
		Conn: e.connect(t), Name: "pi", Ports: []*hub.Port{a, b},
		Tags: map[string]string{"lab": "north", "rack": "3"}, Version: "v1.2.3", AliveEvery: 50 * time.Millisecond,
	})
	next := func(what string) jetstream.KeyValueEntry {
		t.Helper()
		for {
			select {
			case en := <-w.Updates():
				if en != nil {
					return en
				}
			case <-e.ctx.Done():
				t.Fatalf("waiting for %s of the alive key", what)
			}
		}
	}
	for i, what := range []string{"the put", "the renewal"} {
		if en := next(what); en.Operation() != jetstream.KeyValuePut {
			t.Fatalf("alive key, change %d: %v, want a put", i, en.Operation())
		}
	}
	en, err := e.reg.Gateways.Get(e.ctx, "pi")
	if err != nil {
		t.Fatal(err)
	}
	var rec GatewayRecord
	if err := json.Unmarshal(en.Value(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Name != "pi" || !slices.Equal(rec.Ports, []PortRecord{{Name: "dut", Device: a.Info().Device}, {Name: "board.1", Device: b.Info().Device}}) || rec.Tags["lab"] != "north" || rec.Tags["rack"] != "3" || len(rec.Tags) != 2 ||
		rec.Version != "v1.2.3" || rec.Started.Before(start.Add(-time.Second)) || rec.Started.After(time.Now()) {
		t.Fatalf("registry record %+v", rec)
	}

	g.Close()
	g.Close() // idempotent
	for {
		en := next("the deletion")
		if en.Operation() == jetstream.KeyValuePut {
			continue // a renewal before Close
		}
		if en.Operation() != jetstream.KeyValueDelete {
			t.Fatalf("the alive key went %v, want deleted", en.Operation())
		}
		break
	}
	if _, err := e.reg.Gateways.Get(e.ctx, "pi"); err != nil {
		t.Fatalf("the record after Close: %v, want it kept", err)
	}
}

// A gateway that cannot renew its key (its link is cut, as when it is
// killed) is seen to leave when the key expires.
func TestGatewayLinkCutExpires(t *testing.T) {
	const ttl = time.Second
	e := startFleet(t, ttl)
	port, _ := openPTYPort(t, e.ctx, "dut")
	w, err := e.reg.Alive.Watch(e.ctx, "pi", jetstream.UpdatesOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	nc := e.connect(t)
	startGateway(t, GatewayConfig{Conn: nc, Name: "pi", Ports: []*hub.Port{port}, AliveEvery: 100 * time.Millisecond})
	// While the link is up the renewals keep the key for longer than
	// its TTL.
	var first time.Time
	for {
		select {
		case en := <-w.Updates():
			if en == nil {
				continue
			}
			if en.Operation() != jetstream.KeyValuePut {
				t.Fatalf("the alive key of a gateway that is up went %v after %v", en.Operation(), time.Since(first))
			}
			if first.IsZero() {
				first = en.Created()
			}
			if en.Created().Sub(first) < 2*ttl {
				continue
			}
		case <-e.ctx.Done():
			t.Fatal("the alive key was not renewed")
		}
		break
	}
	nc.Close()
	for {
		select {
		case en := <-w.Updates():
			if en == nil || en.Operation() == jetstream.KeyValuePut {
				continue
			}
			return // expired
		case <-e.ctx.Done():
			t.Fatal("the alive key of a gateway cut off did not expire")
		}
	}
}

func TestStartGatewayRefuses(t *testing.T) {
	e := startFleet(t, AliveTTL)
	port, _ := openPTYPort(t, e.ctx, "dut")
	nc := e.connect(t)
	for name, cfg := range map[string]GatewayConfig{
		"no connection":  {Name: "pi", Ports: []*hub.Port{port}},
		"bad name":       {Conn: nc, Name: "pi.7", Ports: []*hub.Port{port}},
		"no ports":       {Conn: nc, Name: "pi"},
		"the same twice": {Conn: nc, Name: "pi", Ports: []*hub.Port{port, port}},
	} {
		if g, err := StartGateway(t.Context(), cfg); err == nil {
			g.Close()
			t.Errorf("%s: started", name)
		}
	}
	if _, err := StartGateway(t.Context(), GatewayConfig{Conn: nc, Name: "pi.7", Ports: []*hub.Port{port}}); !errors.Is(err, ErrBadName) {
		t.Errorf("bad name: %v, want ErrBadName", err)
	}
	if n := port.Info().Clients; n != 0 {
		t.Fatalf("the refused gateways left %d subscribers on the port", n)
	}
}
