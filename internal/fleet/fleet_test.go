package fleet

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/serialhub/serialhub/internal/serialtest"
)

func TestMain(m *testing.M) { serialtest.Main(m) }

func TestSubjects(t *testing.T) {
	for _, tc := range []struct {
		gateway, port, kind string
		want                string
	}{
		{"pi-07", "dut", KindOut, "serialhub.pi-07.dut.out"},
		{"lab_A", "ttyUSB0", KindCtl, "serialhub.lab_A.ttyUSB0.ctl"},
		{"pi", "board.1", KindIn, "serialhub.pi.board~1.in"}, // a dot in a port name is one token
		{"pi", "a.b.c", KindStatus, "serialhub.pi.a~b~c.status"},
	} {
		got, err := Subject(tc.gateway, tc.port, tc.kind)
		if err != nil || got != tc.want {
			t.Errorf("Subject(%q, %q, %q) = %q, %v; want %q", tc.gateway, tc.port, tc.kind, got, err, tc.want)
			continue
		}
		g, p, k, err := ParseSubject(got)
		if err != nil || g != tc.gateway || p != tc.port || k != tc.kind {
			t.Errorf("ParseSubject(%q) = %q %q %q, %v; want back %q %q %q", got, g, p, k, err, tc.gateway, tc.port, tc.kind)
		}
	}
	for _, tc := range []struct{ gateway, port, kind string }{
		{"pi.07", "dut", KindOut}, // a dot would split the gateway's token
		{"pi*", "dut", KindOut},
		{">", "dut", KindOut},
		{"", "dut", KindOut},
		{"pi", "du t", KindOut},
		{"pi", "dut>", KindOut},
		{"pi", "dut", "data"},
	} {
		if s, err := Subject(tc.gateway, tc.port, tc.kind); !errors.Is(err, ErrBadName) {
			t.Errorf("Subject(%q, %q, %q) = %q, %v; want ErrBadName", tc.gateway, tc.port, tc.kind, s, err)
		}
	}
	for _, s := range []string{"serialhub.pi.dut", "other.pi.dut.out", "serialhub.pi.dut.out.x", "serialhub.p*.dut.out"} {
		if _, _, _, err := ParseSubject(s); !errors.Is(err, ErrBadName) {
			t.Errorf("ParseSubject(%q): %v, want ErrBadName", s, err)
		}
	}
	if got := GatewaySubjects("pi-07"); got != "serialhub.pi-07.>" {
		t.Errorf("GatewaySubjects = %q", got)
	}
}

func TestBatchRoundTrip(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 123456000, time.UTC)
	data := make([]byte, 256) // every byte value
	for i := range data {
		data[i] = byte(i)
	}
	b := Batch{Stream: "s-1", Offset: 1 << 40, Data: data, Stamps: []Stamp{{0, t0}, {100, t0.Add(1500 * time.Microsecond)}, {255, t0.Add(time.Second)}}}
	got, err := DecodeBatch(b.Message("serialhub.pi.dut.out"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Stream != b.Stream || got.Offset != b.Offset || !bytes.Equal(got.Data, b.Data) || len(got.Stamps) != 3 {
		t.Fatalf("decoded %+v, want %+v", got, b)
	}
	for i, s := range got.Stamps {
		if s.At != b.Stamps[i].At || !s.Time.Equal(b.Stamps[i].Time) {
			t.Errorf("stamp %d: %v at %d, want %v at %d", i, s.Time, s.At, b.Stamps[i].Time, b.Stamps[i].At)
		}
	}
}

func TestBadBatchesAreRefused(t *testing.T) {
	ok := func() *nats.Msg {
		return Batch{Stream: "s", Offset: 5, Data: []byte("abc"), Stamps: []Stamp{{0, time.UnixMicro(1)}}}.Message("x")
	}
	for name, spoil := range map[string]func(m *nats.Msg){
		"no headers":          func(m *nats.Msg) { m.Header = nil },
		"no stream":           func(m *nats.Msg) { m.Header.Del(HeaderStream) },
		"offset not a number": func(m *nats.Msg) { m.Header.Set(HeaderOffset, "x") },
		"offset overflows":    func(m *nats.Msg) { m.Header.Set(HeaderOffset, "18446744073709551615") },
		"no data":             func(m *nats.Msg) { m.Data = nil },
		"too much data":       func(m *nats.Msg) { m.Data = make([]byte, MaxBatch+1) },
		"no stamps":           func(m *nats.Msg) { m.Header.Del(HeaderStamps) },
		"first stamp not 0":   func(m *nats.Msg) { m.Header.Set(HeaderStamps, "1 5") },
		"stamp past the end":  func(m *nats.Msg) { m.Header.Set(HeaderStamps, "0 5,3 6") },
		"stamps not rising":   func(m *nats.Msg) { m.Header.Set(HeaderStamps, "0 5,2 6,1 7") },
		"stamp not numbers":   func(m *nats.Msg) { m.Header.Set(HeaderStamps, "0 x") },
		"more stamps than bytes": func(m *nats.Msg) {
			m.Header.Set(HeaderStamps, "0 1,1 1,2 1,3 1")
		},
		"missed with data":    func(m *nats.Msg) { m.Header.Set(HeaderMissed, "3") },
		"missed with stamps":  func(m *nats.Msg) { m.Data = nil; m.Header.Set(HeaderMissed, "3") },
		"missed not a number": func(m *nats.Msg) { m.Data = nil; m.Header.Del(HeaderStamps); m.Header.Set(HeaderMissed, "x") },
		"missed zero":         func(m *nats.Msg) { m.Data = nil; m.Header.Del(HeaderStamps); m.Header.Set(HeaderMissed, "0") },
		"missed overflows": func(m *nats.Msg) {
			m.Data = nil
			m.Header.Del(HeaderStamps)
			m.Header.Set(HeaderMissed, "18446744073709551615")
		},
	} {
		m := ok()
		spoil(m)
		if _, err := DecodeBatch(m); !errors.Is(err, ErrBadBatch) {
			t.Errorf("%s: %v, want ErrBadBatch", name, err)
		}
	}
	if _, err := DecodeBatch(ok()); err != nil {
		t.Fatalf("the unspoilt batch: %v", err)
	}
}

// A loss notice (HeaderMissed) goes through alone: no data, no stamps.
func TestMissedBatchRoundTrip(t *testing.T) {
	sent := Batch{Stream: "s", Offset: 1 << 20, Missed: 4096}
	m := sent.Message("x")
	if len(m.Data) != 0 || m.Header.Get(HeaderStamps) != "" {
		t.Fatalf("a loss notice carries %d bytes and stamps %q", len(m.Data), m.Header.Get(HeaderStamps))
	}
	got, err := DecodeBatch(m)
	if err != nil || got.Stream != sent.Stream || got.Offset != sent.Offset || got.Missed != sent.Missed || got.Data != nil || got.Stamps != nil {
		t.Fatalf("decoded %+v, %v; want %+v", got, err, sent)
	}
}

// FuzzDecodeBatch: a batch from the network never panics, and one that
// decodes is consistent: stamps within the data, rising, first at 0.
func FuzzDecodeBatch(f *testing.F) {
	f.Add("s", "0", "0 1", []byte("a"))
	f.Add("s-1", "1099511627776", "0 1764496800123456,100 1764496800125000", bytes.Repeat([]byte{0}, 200))
	f.Add("", "-1", "0 1,0 2", []byte{})
	f.Add("s", "10", "4096", []byte{}) // a loss notice
	f.Fuzz(func(t *testing.T, stream, offset, stamps string, data []byte) {
		m := nats.NewMsg("x")
		m.Data = data
		m.Header.Set(HeaderStream, stream)
		m.Header.Set(HeaderOffset, offset)
		m.Header.Set(HeaderStamps, stamps)
		if len(data) == 0 && stamps != "" {
			// A loss notice, with the count where the stamps were.
			m.Header.Del(HeaderStamps)
			m.Header.Set(HeaderMissed, stamps)
		}
		b, err := DecodeBatch(m)
		if err != nil {
			return
		}
		if b.Missed > 0 {
			if len(b.Data) != 0 || len(b.Stamps) != 0 || b.Offset+b.Missed < b.Offset {
				t.Fatalf("loss notice decoded as %+v", b)
			}
			return
		}
		if len(b.Stamps) == 0 || b.Stamps[0].At != 0 || len(b.Data) == 0 {
			t.Fatalf("decoded %+v", b)
		}
		if !slices.IsSortedFunc(b.Stamps, func(x, y Stamp) int { return x.At - y.At }) || b.Stamps[len(b.Stamps)-1].At >= len(b.Data) {
			t.Fatalf("stamps %+v for %d bytes", b.Stamps, len(b.Data))
		}
		again, err := DecodeBatch(b.Message("x"))
		if err != nil || again.Offset != b.Offset || !bytes.Equal(again.Data, b.Data) || len(again.Stamps) != len(b.Stamps) {
			t.Fatalf("re-encoded batch decodes as %+v, %v", again, err)
		}
	})
}

// The central's embedded NATS server takes connections, a batch published
// there arrives whole, and the registry tells a watcher when a gateway's
// alive key expires: how the central learns that a gateway went away.
func TestCentralAndRegistry(t *testing.T) {
	c, err := StartCentral(CentralConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	defer c.Close() // idempotent
	nc, err := c.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	// A batch through the server.
	subject, _ := Subject("pi", "dut", KindOut)
	msgs := make(chan *nats.Msg, 1)
	sub, err := nc.ChanSubscribe(subject, msgs)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	sent := Batch{Stream: "s", Offset: 7, Data: []byte("hello\x00\xff"), Stamps: []Stamp{{0, time.UnixMicro(1764496800123456)}}}
	if err := nc.PublishMsg(sent.Message(subject)); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-msgs:
		got, err := DecodeBatch(m)
		if err != nil || !bytes.Equal(got.Data, sent.Data) || got.Offset != 7 || !got.Stamps[0].Time.Equal(sent.Stamps[0].Time) {
			t.Fatalf("received %+v, %v; want %+v", got, err, sent)
		}
	case <-ctx.Done():
		t.Fatal("the batch did not arrive")
	}

	// The registry: a gateway's alive key, watched, expires.
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	const ttl = time.Second
	reg, err := OpenRegistry(ctx, js, ttl, 0)
	if err != nil {
		t.Fatal(err)
	}
	w, err := reg.Alive.Watch(ctx, "pi", jetstream.UpdatesOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	put := time.Now() // before the server takes the put: its TTL runs from then on
	if _, err := reg.Alive.Put(ctx, "pi", []byte("up")); err != nil {
		t.Fatal(err)
	}
	var ops []jetstream.KeyValueOp
	for len(ops) < 2 {
		select {
		case e := <-w.Updates():
			if e != nil {
				ops = append(ops, e.Operation())
			}
		case <-ctx.Done():
			t.Fatalf("watching the alive key: saw %v, want a put then its expiry", ops)
		}
	}
	if ops[0] != jetstream.KeyValuePut || ops[1] == jetstream.KeyValuePut {
		t.Fatalf("the alive key went %v, want a put then a removal", ops)
	}
	if gone := time.Since(put); gone < ttl {
		t.Fatalf("the alive key was gone after %v, before its TTL of %v", gone, ttl)
	}
}
