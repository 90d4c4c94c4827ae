//go:build linux

package mqtt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
)

func TestMain(m *testing.M) { serialtest.Main(m) }

// message is one message the fake broker got.
type message struct {
	topic    string
	retained bool
	payload  string
}

// fakeConn is a broker connection that hands what is published to the
// test. Connected is false until connect.
type fakeConn struct {
	msgs    chan message // what is published
	skipped []message    // what next passed over, for later calls (the test's goroutine only)

	mu        sync.Mutex
	connected bool          // guarded by mu
	fail      string        // guarded by mu: the next publish on this topic fails (a slow broker's timeout)
	failed    chan struct{} // if set, gets a value when a publish fails
}

func (f *fakeConn) Publish(topic string, retained bool, payload []byte) error {
	f.mu.Lock()
	up, fail := f.connected, f.fail == topic
	if fail {
		f.fail = ""
	}
	f.mu.Unlock()
	if !up {
		return errors.New("not connected")
	}
	if fail {
		if f.failed != nil {
			f.failed <- struct{}{}
		}
		return errors.New("publish: timed out")
	}
	f.msgs <- message{topic, retained, string(payload)}
	return nil
}

func (f *fakeConn) Connect() {}

func (f *fakeConn) Connected() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.connected
}

func (f *fakeConn) Disconnect() {
	f.mu.Lock()
	f.connected = false
	f.mu.Unlock()
}

// connect brings the fake up and tells b, as Paho would; it returns the
// filters b subscribed to.
func (f *fakeConn) connect(b *Bridge) []string {
	f.mu.Lock()
	f.connected = true
	f.mu.Unlock()
	var filters []string
	b.onConnect(func(filter string) error { filters = append(filters, filter); return nil })
	return filters
}

// fakeValues hands the records sent on recs to every port's listener.
type fakeValues struct{ recs chan []decode.Record }

func (v fakeValues) Listen(ctx context.Context, port string, fn func([]decode.Record)) error {
	if port != "dev" {
		return fmt.Errorf("port %s: %w", port, ErrNoDecoder)
	}
	for {
		select {
		case r := <-v.recs:
			fn(r)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// setup starts a hub with port "dev" on a pty and a bridge to a fake
// broker (not connected yet); edit may change the bridge's config.
// An edit that sets dial to nil has the bridge use Paho.
func setup(t *testing.T, edit func(*Config)) (*Bridge, *fakeConn, *serialtest.PTY, *hub.Hub) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pty.Master.Close() })
	quiet := slog.New(slog.DiscardHandler)
	h, err := hub.New([]hub.Config{{Name: "dev", Device: pty.Path, Settings: device.DefaultSettings, Logger: quiet}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	p, _ := h.Port("dev")
	if _, err := serialtest.WaitPort(ctx, p, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	fc := &fakeConn{msgs: make(chan message, 1000)}
	cfg := Config{Hub: h, Broker: "tcp://127.0.0.1:1", Gateway: "gw", Logger: quiet, StatusInterval: time.Millisecond,
		dial: func(*Bridge) (conn, error) { return fc, nil }}
	if edit != nil {
		edit(&cfg)
	}
	b, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	// The bridge has subscribed: what the device sends from now on
	// reaches it.
	bridged := func(i hub.Info) bool {
		return slices.ContainsFunc(i.Watchers, func(w hub.Watcher) bool { return w.Name == "mqtt" })
	}
	if _, err := serialtest.WaitPort(ctx, p, bridged); err != nil {
		t.Fatal(err)
	}
	return b, fc, pty, h
}

// next returns the first message on topic that next has not returned,
// keeping the others it reads for later calls.
func next(t *testing.T, fc *fakeConn, topic string) message {
	t.Helper()
	for i, m := range fc.skipped {
		if m.topic == topic {
			fc.skipped = slices.Delete(fc.skipped, i, i+1)
			return m
		}
	}
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		select {
		case m := <-fc.msgs:
			if m.topic == topic {
				return m
			}
			fc.skipped = append(fc.skipped, m)
		case <-deadline.C:
			t.Fatalf("nothing published on %s", topic)
		}
	}
}

func TestBridgePublishes(t *testing.T) {
	values := fakeValues{recs: make(chan []decode.Record)}
	b, fc, pty, _ := setup(t, func(c *Config) { c.Values, c.Discovery = values, true })
	if got := fc.connect(b); len(got) != 0 {
		t.Fatalf("subscribed to %q with role none", got)
	}
	if m := next(t, fc, "serialhub/gw/status"); m.payload != "online" || !m.retained {
		t.Fatalf("gateway status %+v", m)
	}
	st := next(t, fc, "serialhub/gw/dev/status")
	var obj struct{ Name, State string }
	if err := json.Unmarshal([]byte(st.payload), &obj); err != nil || !st.retained || obj.Name != "dev" || obj.State != "open" {
		t.Fatalf("port status %+v (%v): %+v", st, err, obj)
	}

	pty.Master.Write([]byte("temp=21.5\r\nhel"))
	pty.Master.Write([]byte("lo\n"))
	for _, want := range []string{"temp=21.5", "hello"} {
		if m := next(t, fc, "serialhub/gw/dev/line"); m.payload != want || m.retained {
			t.Fatalf("line %+v, want %q not retained", m, want)
		}
	}

	values.recs <- []decode.Record{{Values: []decode.Value{{Name: "temp", Num: 21.5}, {Name: "fix/mode", Text: "3D", IsText: true}}}}
	if m := next(t, fc, "homeassistant/sensor/serialhub_gw/dev_temp/config"); !m.retained || !strings.Contains(m.payload, `"state_topic":"serialhub/gw/dev/values/temp"`) {
		t.Fatalf("discovery %+v", m)
	}
	if m := next(t, fc, "serialhub/gw/dev/values/temp"); m.payload != "21.5" || !m.retained {
		t.Fatalf("value %+v", m)
	}
	if m := next(t, fc, "serialhub/gw/dev/values/fix%2Fmode"); m.payload != "3D" || !m.retained {
		t.Fatalf("text value %+v", m)
	}

	// A reconnect (a broker restarted without its retained messages)
	// publishes the status and the values again.
	fc.Disconnect()
	fc.skipped = nil // what came before
	fc.connect(b)
	next(t, fc, "serialhub/gw/dev/status")
	if m := next(t, fc, "serialhub/gw/dev/values/temp"); m.payload != "21.5" {
		t.Fatalf("value after reconnect %+v", m)
	}
}

// TestBrokerAwayDropsLines: while the broker is away, the port goes on
// at full speed for its other clients; the bridge keeps the oldest
// Queue lines, drops and counts the rest, and publishes what it kept
// once the broker is back.
func TestBrokerAwayDropsLines(t *testing.T) {
	const queue, lines = 4, 50
	queued := make(chan bool, lines)
	b, fc, pty, h := setup(t, func(c *Config) {
		c.Queue = queue
		c.queued = func(dropped bool) { queued <- dropped }
	})
	p, _ := h.Port("dev")
	other, err := p.SubscribeData()
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var all strings.Builder
	for i := range lines {
		fmt.Fprintf(&all, "line %d\n", i)
	}
	if _, err := io.WriteString(pty.Master, all.String()); err != nil {
		t.Fatal(err)
	}
	// The other client gets every byte.
	var got []byte
	for len(got) < all.Len() {
		msgs, err := other.Receive(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Missed > 0 {
				t.Fatalf("the other client missed %d bytes", m.Missed)
			}
			got = append(got, m.Data...)
		}
	}
	if string(got) != all.String() {
		t.Fatalf("other client got %q", got)
	}
	dropped := 0
	for range lines {
		select {
		case d := <-queued:
			if d {
				dropped++
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the bridge did not take every line")
		}
	}
	if dropped != lines-queue || b.Counts()["dev"].Dropped != uint64(lines-queue) {
		t.Fatalf("dropped %d, counted %+v, want %d", dropped, b.Counts()["dev"], lines-queue)
	}
	fc.connect(b)
	for i := range queue {
		if m := next(t, fc, "serialhub/gw/dev/line"); m.payload != fmt.Sprintf("line %d", i) {
			t.Fatalf("line %+v, want line %d", m, i)
		}
	}
}

func TestSends(t *testing.T) {
	sent := make(chan error, 10)
	b, fc, pty, h := setup(t, func(c *Config) {
		c.Role = RoleControl
		c.sent = func(_ string, err error) { sent <- err }
	})
	if got := fc.connect(b); len(got) != 1 || got[0] != "serialhub/gw/+/send" {
		t.Fatalf("subscribed to %q", got)
	}
	wait := func() error {
		t.Helper()
		select {
		case err := <-sent:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("send not done")
			return nil
		}
	}
	b.onMessage("serialhub/gw/dev/send", false, []byte("LED ON\n"))
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if _, err := io.ReadFull(pty.Master, buf); err != nil || string(buf) != "LED ON\n" {
		t.Fatalf("device got %q, %v", buf, err)
	}

	b.onMessage("serialhub/gw/dev/send", true, []byte("x"))
	if err := wait(); err == nil || !strings.Contains(err.Error(), "retained") {
		t.Fatalf("retained send: %v", err)
	}
	b.onMessage("serialhub/gw/nope/send", false, []byte("x"))
	if err := wait(); err == nil {
		t.Fatal("send to a missing port not refused")
	}

	// Another client holds the write lock: refused and counted.
	p, _ := h.Port("dev")
	holder, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	lease, err := p.TakeLease(t.Context(), hub.LeaseRequest{Holder: "alice", TTL: time.Minute, Sub: holder})
	if err != nil {
		t.Fatal(err)
	}
	b.onMessage("serialhub/gw/dev/send", false, []byte("LED OFF\n"))
	if err := wait(); err == nil || !strings.Contains(err.Error(), "write lock") {
		t.Fatalf("send under another's lock: %v", err)
	}
	if c := b.Counts()["dev"]; c.Refused != 2 {
		t.Fatalf("counts %+v, want 2 refused for dev", c)
	}
	if err := p.ReleaseLease(t.Context(), lease.ID); err != nil {
		t.Fatal(err)
	}
	b.onMessage("serialhub/gw/dev/send", false, []byte("ok\n"))
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	buf = make([]byte, 3)
	if _, err := io.ReadFull(pty.Master, buf); err != nil || string(buf) != "ok\n" {
		t.Fatalf("device got %q, %v (the refused send must not arrive)", buf, err)
	}
}

func TestPortsComeAndGo(t *testing.T) {
	b, fc, _, h := setup(t, nil)
	fc.connect(b)
	if _, err := h.Add(hub.Config{Name: "loop", Device: "loop://", Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	next(t, fc, "serialhub/gw/loop/status")
	if err := h.Remove("loop"); err != nil {
		t.Fatal(err)
	}
	// Its last status says closed.
	for {
		m := next(t, fc, "serialhub/gw/loop/status")
		if strings.Contains(m.payload, `"state":"closed"`) {
			break
		}
	}
	// The bridge drops the port at the hub's news of it (Hub.Watch),
	// which may come after the last status was published: take the news
	// now rather than wait for it.
	b.sync()
	if got := b.names(); strings.Join(got, ",") != "dev" {
		t.Fatalf("bridged %q after loop went", got)
	}
}

// TestPublishFailure: a publish that fails while connected (a timeout)
// loses the line, counted, and the status and values are published
// again at the next round.
func TestPublishFailure(t *testing.T) {
	values := fakeValues{recs: make(chan []decode.Record)}
	b, fc, pty, _ := setup(t, func(c *Config) { c.Values = values })
	fc.connect(b)
	values.recs <- []decode.Record{{Values: []decode.Value{{Name: "temp", Num: 20}}}}
	next(t, fc, "serialhub/gw/dev/values/temp")
	fc.mu.Lock()
	fc.fail, fc.failed = "serialhub/gw/dev/line", make(chan struct{}, 1)
	fc.mu.Unlock()
	pty.Master.Write([]byte("lost\n"))
	<-fc.failed
	pty.Master.Write([]byte("kept\n"))
	seen := map[string]string{}
	deadline := time.After(10 * time.Second)
	// The value did not change: it is published again only because a
	// publish failed; so is the status.
	for seen["serialhub/gw/dev/line"] != "kept" || seen["serialhub/gw/dev/values/temp"] != "20" || seen["serialhub/gw/dev/status"] == "" {
		select {
		case m := <-fc.msgs:
			if m.topic == "serialhub/gw/dev/line" && m.payload != "kept" {
				t.Fatalf("line %q published after its publish failed", m.payload)
			}
			seen[m.topic] = m.payload
		case <-deadline:
			t.Fatalf("after a failed publish, got %q: want the line kept, the status and the value again", seen)
		}
	}
	if c := b.Counts()["dev"]; c.Dropped != 1 {
		t.Fatalf("counts %+v, want 1 dropped", c)
	}
}

func TestStartChecks(t *testing.T) {
	for _, cfg := range []Config{
		{Broker: "tcp://h:1883", Gateway: "gw"},
		{Hub: &hub.Hub{}, Broker: "http://h", Gateway: "gw"},
		{Hub: &hub.Hub{}, Broker: "h:1883", Gateway: "gw"},
		{Hub: &hub.Hub{}, Broker: "tcp://h:1883", Gateway: "gw", Role: "admin"},
	} {
		if _, err := Start(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("Start(%+v) = %v, want ErrConfig", cfg, err)
		}
	}
}
