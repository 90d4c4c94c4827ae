//go:build linux

package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// env is a running serialhub with one port, "dev", on a pseudo-terminal.
type env struct {
	t   *testing.T
	ctx context.Context
	srv *serialtest.Server
	pty *serialtest.PTY
}

type envOption func(*serialtest.Options)

func withPortConfig(f func(*hub.Config)) envOption {
	return func(o *serialtest.Options) { f(&o.Ports[0]) }
}

func withServerConfig(f func(*server.Config)) envOption {
	return func(o *serialtest.Options) { f(&o.Server) }
}

// start runs a server against a fresh pty and waits until the port is open.
func start(t *testing.T, opts ...envOption) *env {
	t.Helper()
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	o := serialtest.Options{Ports: []hub.Config{{Name: "dev", Device: p.Path}}}
	for _, opt := range opts {
		opt(&o)
	}
	srv, err := serialtest.StartServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	e := &env{t: t, ctx: ctx, srv: srv, pty: p}
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	c.close()
	return e
}

// client is a WebSocket client with test helpers.
type client struct {
	*serialtest.Client
	e      *env
	events []serialtest.Event // every event received, in order
}

func (e *env) dial(query string) *client {
	e.t.Helper()
	c, err := serialtest.Dial(e.ctx, e.srv.WSURL("dev", query))
	if err != nil {
		e.t.Fatalf("dial: %v", err)
	}
	e.t.Cleanup(func() { c.Conn.CloseNow() })
	return &client{Client: c, e: e}
}

func (c *client) close() {
	c.e.t.Helper()
	if err := c.Close(); err != nil {
		c.e.t.Fatalf("close: %v", err)
	}
}

// next returns the next frame, recording events.
func (c *client) next() serialtest.Frame {
	c.e.t.Helper()
	f, err := c.Next(c.e.ctx)
	if err != nil {
		c.e.t.Fatalf("read: %v", err)
	}
	if f.Event.Type != "" {
		c.events = append(c.events, f.Event)
	}
	return f
}

// waitStatus reads until a status event with the given state.
func (c *client) waitStatus(state protocol.State) protocol.Port {
	c.e.t.Helper()
	for {
		f := c.next()
		if f.Event.Type == "status" && f.Event.Port.State == state {
			return *f.Event.Port
		}
	}
}

// waitEvent reads until an event of the given type, discarding data.
func (c *client) waitEvent(typ string) serialtest.Event {
	c.e.t.Helper()
	for {
		f := c.next()
		if f.Event.Type == typ {
			return f.Event
		}
	}
}

// readData reads until it has n bytes of device data, failing on a dropped
// event.
func (c *client) readData(n int) []byte {
	c.e.t.Helper()
	var got []byte
	for len(got) < n {
		f := c.next()
		if f.Event.Type == "dropped" {
			c.e.t.Fatalf("client missed %d bytes after %d", f.Event.Bytes, len(got))
		}
		got = append(got, f.Data...)
	}
	return got
}

// device writes b on the device side.
func (e *env) device(b []byte) {
	e.t.Helper()
	if _, err := e.pty.Master.Write(b); err != nil {
		e.t.Fatalf("device write: %v", err)
	}
}

// deviceRead reads n bytes the device received.
func (e *env) deviceRead(n int) []byte {
	e.t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(e.pty.Master, b); err != nil {
		e.t.Fatalf("device read: %v", err)
	}
	return b
}

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// pattern returns n bytes whose value at offset i is a function of i alone,
// so any piece of it shows where in the stream it came from.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func TestAllByteValuesBothWays(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)

	want := bytes.Repeat(allBytes(), 4)
	e.device(want)
	if got := c.readData(len(want)); !bytes.Equal(got, want) {
		t.Fatalf("client got %x\nwant %x", got, want)
	}

	if err := c.Send(e.ctx, want); err != nil {
		t.Fatal(err)
	}
	if got := e.deviceRead(len(want)); !bytes.Equal(got, want) {
		t.Fatalf("device got %x\nwant %x", got, want)
	}
}

func TestClientsReceiveIdenticalStreams(t *testing.T) {
	e := start(t)
	var clients []*client
	for range 5 {
		c := e.dial("replay=0")
		c.waitStatus(protocol.StateOpen)
		clients = append(clients, c)
	}
	// The device sends in steps that every client takes before the next, so
	// each keeps up (stays within its budget) however slow this machine is
	// compared with a pty; a client that keeps up must get every byte.
	want := pattern(1 << 20)
	const step = 64 << 10
	got := make([][]byte, len(clients))
	for off := 0; off < len(want); off += step {
		e.device(want[off : off+step])
		for i, c := range clients {
			for len(got[i]) < off+step {
				f := c.next()
				if f.Event.Type == "dropped" {
					t.Fatalf("client %d missed %d bytes after %d", i, f.Event.Bytes, len(got[i]))
				}
				got[i] = append(got[i], f.Data...)
			}
		}
	}
	for i := range clients {
		if !bytes.Equal(got[i], want) {
			t.Fatalf("client %d: stream differs from what the device sent", i)
		}
	}
	if info := e.srv.Hub.Ports()[0].Info(); info.BytesIn != uint64(len(want)) || info.Clients != 5 {
		t.Fatalf("port info %+v, want %d bytes in and 5 clients", info, len(want))
	}
}

// TestStalledClientDoesNotHurtOthers stalls one client while another reads
// 16 MiB; the stalled one is then told of every byte it missed, at the
// place it missed it.
func TestStalledClientDoesNotHurtOthers(t *testing.T) {
	const total = 16 << 20
	e := start(t,
		withPortConfig(func(c *hub.Config) { c.ClientBuffer = 64 << 10 }),
		withServerConfig(func(c *server.Config) { c.WriteTimeout = time.Minute }),
	)
	stalled := e.dial("replay=0")
	stalled.waitStatus(protocol.StateOpen)
	fast := e.dial("replay=0")
	fast.waitStatus(protocol.StateOpen)

	// The device sends in steps the reading client takes before the next,
	// so it never holds more than its budget; the stalled client's queue
	// and socket fill up, and it must lose data.
	want := pattern(total)
	const step = 32 << 10
	for off := 0; off < total; off += step {
		e.device(want[off : off+step])
		if got := fast.readData(step); !bytes.Equal(got, want[off:off+step]) {
			t.Fatalf("the reading client's stream differs from the device's at %d", off)
		}
	}

	// Now the stalled client reads: every piece of data it gets is the
	// stream at the right offset, and data plus missed bytes add up.
	var offset, missed uint64
	for offset < total {
		f := stalled.next()
		switch {
		case f.Event.Type == "dropped":
			missed += f.Event.Bytes
			offset += f.Event.Bytes
			if f.Event.Total != missed {
				t.Fatalf("dropped event total %d, want %d", f.Event.Total, missed)
			}
		case f.Data != nil:
			if !bytes.Equal(f.Data, want[offset:offset+uint64(len(f.Data))]) {
				t.Fatalf("data at offset %d is not the stream at that offset", offset)
			}
			offset += uint64(len(f.Data))
		}
	}
	if missed == 0 {
		t.Fatal("the stalled client missed nothing: the test did not stall it")
	}
	if info := e.srv.Hub.Ports()[0].Info(); info.DroppedBytes != missed {
		t.Fatalf("port counted %d dropped bytes, client was told %d", info.DroppedBytes, missed)
	}
	// Prometheus writes numbers as Go's %g does: 1.2675027e+07.
	e.wantMetrics(`serialhub_port_dropped_bytes_total{port="dev",reason="slow"} ` + strconv.FormatFloat(float64(missed), 'g', -1, 64))
	t.Logf("stalled client missed %d of %d bytes", missed, total)
}

// A client that reads nothing at all is cut off after the write timeout;
// the client that reads gets every byte, and the loss is counted and
// logged.
func TestClientThatReadsNothingIsCut(t *testing.T) {
	var logs logBuffer
	e := start(t,
		withPortConfig(func(c *hub.Config) { c.ClientBuffer = 64 << 10 }),
		withServerConfig(func(c *server.Config) { c.WriteTimeout = 300 * time.Millisecond }),
		func(o *serialtest.Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) },
	)
	stalled := e.dial("replay=0") // never read again after this
	stalled.waitStatus(protocol.StateOpen)
	reader := e.dial("replay=0")
	reader.waitStatus(protocol.StateOpen)

	// The device sends in steps the reader takes, until the stalled client
	// is gone (its socket fills, then the write timeout passes), bounded
	// by 256 MiB.
	port := e.srv.Hub.Ports()[0]
	const step = 16 << 10 // well within the reader's queue, with the overhead of small chunks
	chunk := pattern(step)
	sent := 0
	for ; port.Info().Clients > 1; sent += step {
		if sent >= 256<<20 {
			t.Fatal("the stalled client was not cut off after 256 MiB")
		}
		e.device(chunk)
		if got := reader.readData(step); !bytes.Equal(got, chunk) {
			t.Fatalf("the reading client's stream differs after %d bytes", sent)
		}
	}
	// What the stalled client can still read ends in a broken connection,
	// not a close frame: none could reach it.
	for {
		_, err := stalled.Next(e.ctx)
		if err == nil {
			continue
		}
		if websocket.CloseStatus(err) != -1 || e.ctx.Err() != nil {
			t.Fatalf("the cut client saw %v, want a broken connection", err)
		}
		break
	}
	if info := port.Info(); info.DroppedBytes == 0 || info.Drops.Cutoff == 0 {
		t.Fatalf("the port counted %d bytes dropped as slow and %d cut off, want both above 0", info.DroppedBytes, info.Drops.Cutoff)
	}
	e.wantMetrics(`serialhub_port_dropped_bytes_total{port="dev",reason="cutoff"} ` + strconv.FormatFloat(float64(port.Info().Drops.Cutoff), 'g', -1, 64))
	if !strings.Contains(logs.String(), "client cut off: it took no data for the write timeout") {
		t.Fatalf("the log does not say a client was cut off:\n%s", logs.String())
	}
	t.Logf("cut off after %d MiB", sent>>20)
}

// logBuffer collects a server's log; its methods are safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestLateJoinerReplay(t *testing.T) {
	const scrollback = 4096
	e := start(t, withPortConfig(func(c *hub.Config) { c.Scrollback = scrollback }))
	first := e.dial("replay=0")
	first.waitStatus(protocol.StateOpen)
	var before bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&before, "before %04d\r\n", i)
	}
	e.device(before.Bytes())
	first.readData(before.Len()) // the port has seen all of it

	late := e.dial("")
	if f := late.next(); f.Event.Type != "status" {
		t.Fatalf("first frame %+v, want a status event", f)
	}
	ev := late.next().Event
	if ev.Type != "replay" || ev.Bytes != scrollback {
		t.Fatalf("second frame %+v, want a replay event of %d bytes", ev, scrollback)
	}
	replay := late.readData(scrollback)
	if !bytes.Equal(replay, before.Bytes()[before.Len()-scrollback:]) {
		t.Fatalf("replay %q, want the last %d bytes", replay, scrollback)
	}
	noReplay := e.dial("replay=0")
	noReplay.waitStatus(protocol.StateOpen)

	e.device([]byte("live\r\n"))
	if got := late.readData(6); string(got) != "live\r\n" {
		t.Fatalf("after the replay: %q, want only the live line", got)
	}
	if got := noReplay.readData(6); string(got) != "live\r\n" {
		t.Fatalf("replay=0 client got %q, want only the live line", got)
	}
	for _, ev := range noReplay.events {
		if ev.Type == "replay" {
			t.Fatal("replay=0 client got a replay event")
		}
	}
}

// A client that joins while the device is sending gets the scrollback, then
// the live stream, with no gap and no duplicate where they meet.
func TestLateJoinerMidStream(t *testing.T) {
	e := start(t, withPortConfig(func(c *hub.Config) { c.Scrollback = 4096 }))
	const lines = 4000
	var stream bytes.Buffer
	for i := range lines {
		fmt.Fprintf(&stream, "%06d\n", i)
	}
	joinNow := make(chan struct{}, 1)
	written := make(chan error, 1)
	go func() {
		// 30 lines a millisecond, as a fast device sends them, so that
		// the client joins while they flow, not after.
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		b := stream.Bytes()
		for chunk := 1; len(b) > 0; chunk++ {
			<-tick.C
			n := min(len(b), 30*7)
			if _, err := e.pty.Master.Write(b[:n]); err != nil {
				written <- err
				return
			}
			b = b[n:]
			if chunk == 40 { // 1,200 lines: the scrollback has wrapped
				joinNow <- struct{}{} // and go on
			}
		}
		written <- nil
	}()
	<-joinNow
	late := e.dial("")
	last := []byte(fmt.Sprintf("%06d\n", lines-1))
	var got []byte
	for !bytes.HasSuffix(got, last) {
		f := late.next()
		if f.Event.Type == "dropped" {
			t.Fatalf("the late client missed %d bytes", f.Event.Bytes)
		}
		got = append(got, f.Data...)
	}
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	// The scrollback may start mid-line: from its first full line on, what
	// the client got must be the stream's tail, byte for byte.
	if i := bytes.IndexByte(got, '\n'); i >= 0 {
		got = got[i+1:]
	}
	if !bytes.HasSuffix(stream.Bytes(), got) {
		t.Fatalf("the late client's %d bytes are not a contiguous tail of the stream", len(got))
	}
	first, err := strconv.Atoi(string(got[:6]))
	if err != nil || first == 0 {
		t.Fatalf("the late client's stream starts at line %q: it did not join mid-stream", got[:6])
	}
	t.Logf("joined at line %d of %d", first, lines)
}

func TestDeviceFailureKeepsClients(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	e.device([]byte("bye\r\n"))
	c.readData(5)

	e.pty.Close() // unplugged
	info := c.waitStatus(protocol.StateDisconnected)
	if info.Error == "" {
		t.Fatal("error state without a message")
	}
	// The connection is still served.
	if err := c.Control(e.ctx, `{"type":"ping","id":1}`); err != nil {
		t.Fatal(err)
	}
	if ev := c.waitEvent("pong"); string(ev.ID) != "1" {
		t.Fatalf("pong id %s, want 1", ev.ID)
	}
	// Bytes sent now are refused with a clear error, not lost silently.
	if err := c.Send(e.ctx, []byte("anyone?")); err != nil {
		t.Fatal(err)
	}
	ev := c.waitEvent("error")
	if ev.Code != "not_open" || ev.Bytes != 7 || !strings.Contains(ev.Message, "not open") {
		t.Fatalf("error event %s, want not_open for 7 bytes", ev.Raw)
	}
	// REST agrees.
	var ports []protocol.Port
	getJSON(t, e.srv.URL+"/api/ports", http.StatusOK, &ports)
	if len(ports) != 1 || ports[0].State != protocol.StateDisconnected || ports[0].Error == "" {
		t.Fatalf("/api/ports = %+v, want the error state", ports)
	}
}

func TestMalformedControlMessages(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	tests := []struct {
		msg, code string
	}{
		{`nonsense`, "bad_request"},
		{`{"type":"reboot","id":"x"}`, "unknown_type"},
		{`{"id":3}`, "bad_request"},
		{`{"type":42}`, "bad_request"},
		{`{"type":"ping","pad":"` + strings.Repeat("a", 20000) + `"}`, "too_large"},
		{"\xff\xfe", "bad_request"},
		// An id that is not UTF-8 is not echoed: a text frame must be
		// UTF-8, and a browser drops a connection that gets one that is not.
		{"{\"type\":\"ping\",\"id\":\"\xff\"}", "bad_request"},
	}
	for _, tt := range tests {
		if err := c.Control(e.ctx, tt.msg); err != nil {
			t.Fatal(err)
		}
		ev := c.waitEvent("error")
		if ev.Code != tt.code || ev.Message == "" {
			t.Errorf("%.30q: error event %s, want code %s", tt.msg, ev.Raw, tt.code)
		}
		if !utf8.Valid(ev.Raw) {
			t.Errorf("%.30q: the error event %q is not UTF-8", tt.msg, ev.Raw)
		}
	}
	// Still connected and working both ways.
	if err := c.Control(e.ctx, `{"type":"status","id":"s"}`); err != nil {
		t.Fatal(err)
	}
	if ev := c.waitEvent("status"); ev.Port == nil || ev.Port.Name != "dev" {
		t.Fatalf("status reply %s", ev.Raw)
	}
	e.device([]byte("ok"))
	if got := c.readData(2); string(got) != "ok" {
		t.Fatalf("got %q after bad messages", got)
	}
}

func TestOversizedMessageClosesOnlyThatClient(t *testing.T) {
	e := start(t, withServerConfig(func(c *server.Config) { c.MaxMessage = 1024 }))
	bad := e.dial("replay=0")
	bad.waitStatus(protocol.StateOpen)
	good := e.dial("replay=0")
	good.waitStatus(protocol.StateOpen)

	if err := bad.Send(e.ctx, make([]byte, 2048)); err != nil {
		t.Fatal(err)
	}
	for {
		_, err := bad.Next(e.ctx)
		if err == nil {
			continue
		}
		if s := websocket.CloseStatus(err); s != websocket.StatusMessageTooBig {
			t.Fatalf("oversized message: %v, want close status 1009", err)
		}
		break
	}
	e.device([]byte("still here"))
	if got := good.readData(10); string(got) != "still here" {
		t.Fatalf("other client got %q", got)
	}
}

func TestShutdownSendsGoingAway(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	done := make(chan error, 1)
	go func() { done <- e.srv.Close() }()
	for {
		_, err := c.Next(e.ctx)
		if err == nil {
			continue
		}
		if s := websocket.CloseStatus(err); s != websocket.StatusGoingAway {
			t.Fatalf("on shutdown: %v, want close status 1001", err)
		}
		break
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCrossOriginWebSocketRefused(t *testing.T) {
	e := start(t)
	_, resp, err := websocket.Dial(e.ctx, e.srv.WSURL("dev", ""), &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {"http://evil.example"}},
	})
	if err == nil {
		t.Fatal("a page from another origin opened a WebSocket")
	}
	if resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin dial: %v, want 403", err)
	}
	// The served origin itself is fine.
	c, _, err := websocket.Dial(e.ctx, e.srv.WSURL("dev", ""), &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {e.srv.URL}},
	})
	if err != nil {
		t.Fatalf("same-origin dial: %v", err)
	}
	c.CloseNow()
}

func TestREST(t *testing.T) {
	e := start(t)
	var health map[string]string
	getJSON(t, e.srv.URL+"/healthz", http.StatusOK, &health)
	if health["status"] != "ok" {
		t.Fatalf("/healthz = %v", health)
	}
	var info protocol.Port
	getJSON(t, e.srv.URL+"/api/ports/dev", http.StatusOK, &info)
	if info.Name != "dev" || info.Device != e.pty.Path || info.State != protocol.StateOpen || info.Settings.Baud != 115200 {
		t.Fatalf("/api/ports/dev = %+v", info)
	}
	var apiErr map[string]string
	getJSON(t, e.srv.URL+"/api/ports/nope", http.StatusNotFound, &apiErr)
	if !strings.Contains(apiErr["error"], "nope") {
		t.Fatalf("404 body %v", apiErr)
	}
	getJSON(t, e.srv.URL+"/ws/nope", http.StatusNotFound, &apiErr)

	resp, err := http.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("serialhub")) {
		t.Fatalf("GET / = %d %.100q", resp.StatusCode, body)
	}
}

func getJSON(t *testing.T, url string, wantStatus int, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d", url, resp.StatusCode, wantStatus)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil && !errors.Is(err, io.EOF) {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// TestShutdownWithStalledClients checks that clients which stopped reading,
// with full sockets and a write in progress, do not hold up shutdown
// beyond the close handshake's own bound.
func TestShutdownWithStalledClients(t *testing.T) {
	e := start(t, withServerConfig(func(c *server.Config) { c.WriteTimeout = 10 * time.Minute }))
	for range 3 { // stalled: connected, then never read again
		e.dial("replay=0").waitStatus(protocol.StateOpen)
	}
	reader := e.dial("replay=0")
	reader.waitStatus(protocol.StateOpen)
	// Enough to fill every stalled client's socket buffers; the reader
	// proves it all went through the server.
	data := pattern(16 << 20)
	go e.pty.Master.Write(data)
	reader.readDataOrDrops(len(data))

	done := make(chan error, 1)
	go func() { done <- e.srv.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-e.ctx.Done():
		t.Fatal("shutdown hangs on stalled clients")
	}
}

// readDataOrDrops reads until data and dropped bytes add up to n.
func (c *client) readDataOrDrops(n int) {
	c.e.t.Helper()
	got := 0
	for got < n {
		f := c.next()
		got += len(f.Data)
		if f.Event.Type == "dropped" {
			got += int(f.Event.Bytes)
		}
	}
}

// TestResumeAfterDisconnect is a client that loses its connection while the
// device talks, then reconnects with since=OFFSET: it gets exactly what it
// missed, then the live stream; bytes older than the scrollback are
// reported as a gap.
func TestResumeAfterDisconnect(t *testing.T) {
	const scrollback = 200 << 10 // more than one frame, to check replay framing
	e := start(t, withPortConfig(func(c *hub.Config) { c.Scrollback = scrollback }))
	watcher := e.dial("replay=0")
	watcher.waitStatus(protocol.StateOpen)

	c := e.dial("replay=0")
	info := c.waitStatus(protocol.StateOpen)
	e.device([]byte("seen\n"))
	c.readData(5)
	offset := info.BytesIn + 5
	c.close()

	away := pattern(150 << 10)
	go e.pty.Master.Write(away)
	watcher.readData(len(away))

	// The stream named: this one, so the offset counts in it.
	back := e.dial(fmt.Sprintf("since=%d&stream=%s", offset, info.Stream))
	back.waitStatus(protocol.StateOpen)
	ev := back.next().Event
	if ev.Type != "replay" || ev.Offset != offset || ev.Bytes != uint64(len(away)) {
		t.Fatalf("replay event %s, want %d bytes from offset %d", ev.Raw, len(away), offset)
	}
	var got []byte
	for len(got) < len(away) {
		f := back.next()
		if len(f.Data) > 64<<10 {
			t.Fatalf("binary frame of %d bytes, over 64 KiB", len(f.Data))
		}
		got = append(got, f.Data...)
	}
	if !bytes.Equal(got, away) {
		t.Fatal("resumed replay is not what the device sent while away")
	}
	e.device([]byte("live\n"))
	if got := back.readData(5); string(got) != "live\n" {
		t.Fatalf("after the replay: %q", got)
	}

	// From an offset the scrollback no longer holds: a gap, then all it has.
	more := pattern(scrollback)
	go e.pty.Master.Write(more)
	watcher.readData(5 + len(more))
	old := e.dial("since=0")
	old.waitStatus(protocol.StateOpen)
	gap := old.next().Event
	total := offset + uint64(len(away)) + 5 + uint64(len(more))
	if gap.Type != "dropped" || gap.Reason != "away" || gap.Bytes != total-scrollback {
		t.Fatalf("event %s, want a dropped event for %d bytes, reason away", gap.Raw, total-scrollback)
	}
	if ev := old.next().Event; ev.Type != "replay" || ev.Offset != total-scrollback || ev.Bytes != scrollback {
		t.Fatalf("replay event %s, want %d bytes from %d", ev.Raw, scrollback, total-scrollback)
	}
}

// A client resuming a stream of a server that has since restarted (another
// stream name) gets everything the new one holds, from its offset, even
// when its old offset would fall inside the new stream.
func TestResumeAnotherStream(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	info := c.waitStatus(protocol.StateOpen)
	e.device([]byte("0123456789"))
	c.readData(10)
	back := e.dial("since=4&stream=0000000000000000")
	back.waitStatus(protocol.StateOpen)
	if ev := back.next().Event; ev.Type != "replay" || ev.Offset != 0 || ev.Bytes != info.BytesIn+10 {
		t.Fatalf("replay %s, want all %d bytes from offset 0", ev.Raw, info.BytesIn+10)
	}
	if got := back.readData(10); string(got) != "0123456789" {
		t.Fatalf("replayed %q", got)
	}
}

func TestBadResumeRequests(t *testing.T) {
	e := start(t)
	for _, q := range []string{"since=-1", "since=abc", "since=5&replay=0"} {
		_, resp, err := websocket.Dial(e.ctx, e.srv.WSURL("dev", q), nil)
		if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %v, want 400", q, err)
		}
	}
}

// TestHotPlug unplugs a device (a pty behind a symlink, as /dev/serial/by-id
// links are) and plugs another in at the same path: clients stay connected,
// are told, and the port reopens by itself.
// TestHotPlug unplugs a device (a pty behind a symlink) and plugs another
// in at the same path: the port follows, found by its backoff, or at once
// by watching the path (inotify) when the backoff is too long to matter.
func TestHotPlug(t *testing.T) {
	for _, tt := range []struct {
		name               string
		retryMin, retryMax time.Duration
	}{
		{"backoff", 5 * time.Millisecond, 50 * time.Millisecond},
		{"watch", time.Hour, time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) { testHotPlug(t, tt.retryMin, tt.retryMax) })
	}
}

func testHotPlug(t *testing.T, retryMin, retryMax time.Duration) {
	first, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "ttyUSB-test")
	if err := os.Symlink(first.Path, link); err != nil {
		t.Fatal(err)
	}
	e := start(t, withPortConfig(func(c *hub.Config) {
		c.Device = link
		c.RetryMin, c.RetryMax = retryMin, retryMax
	}))
	e.pty = first
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	e.device([]byte("one\n"))
	c.readData(4)
	// A setting a client chose must survive the unplug.
	c.Control(e.ctx, `{"type":"settings","id":"s","settings":{"baud":9600}}`)
	if ev := c.waitReply(`"s"`); ev.Type != "ok" {
		t.Fatalf("settings answer %s", ev.Raw)
	}

	first.Close() // unplugged
	if info := c.waitStatus(protocol.StateDisconnected); info.Error == "" {
		t.Fatal("disconnected without a reason")
	}
	if err := c.Send(e.ctx, []byte("lost?")); err != nil {
		t.Fatal(err)
	}
	if ev := c.waitEvent("error"); ev.Code != "not_open" {
		t.Fatalf("write while unplugged: %s, want not_open", ev.Raw)
	}

	second, err := serialtest.OpenPTY() // plugged in again
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(second.Path, link); err != nil {
		t.Fatal(err)
	}
	if info := c.waitStatus(protocol.StateOpen); info.Reopens != 1 {
		t.Fatalf("reopens = %d, want 1", info.Reopens)
	}
	e.pty = second
	if got := e.line(); got.Baud != 9600 {
		t.Fatalf("the device came back at %d baud, want the 9600 chosen before", got.Baud)
	}
	e.wantMetrics(`serialhub_port_reopens_total{port="dev"} 1`, `serialhub_port_state{port="dev",state="open"} 1`)
	e.device([]byte("two\n"))
	if got := c.readData(4); string(got) != "two\n" {
		t.Fatalf("after replugging got %q", got)
	}
	if err := c.Send(e.ctx, []byte("back")); err != nil {
		t.Fatal(err)
	}
	if got := e.deviceRead(4); string(got) != "back" {
		t.Fatalf("device got %q", got)
	}
}

func TestMetrics(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	// start's own client may still be leaving: wait until only c is left.
	for info := c.waitStatus(protocol.StateOpen); info.Clients != 1; {
		info = c.waitStatus(protocol.StateOpen)
	}
	e.device([]byte("12345"))
	c.readData(5)
	if err := c.Send(e.ctx, []byte("abc")); err != nil {
		t.Fatal(err)
	}
	e.deviceRead(3)

	e.wantMetrics(
		`serialhub_port_bytes_in_total{port="dev"} 5`,
		`serialhub_port_bytes_out_total{port="dev"} 3`,
		`serialhub_port_dropped_bytes_total{port="dev",reason="slow"} 0`,
		`serialhub_port_dropped_bytes_total{port="dev",reason="refused"} 0`,
		`serialhub_port_clients{port="dev"} 1`,
		`serialhub_port_state{port="dev",state="open"} 1`,
		`serialhub_port_state{port="dev",state="disconnected"} 0`,
		`serialhub_port_reopens_total{port="dev"} 0`,
		`serialhub_build_info{version=`,
		`go_goroutines`,
	)
}

// wantMetrics fails the test unless GET /metrics has every line start in
// want.
func (e *env) wantMetrics(want ...string) {
	e.t.Helper()
	resp, err := http.Get(e.srv.URL + "/metrics")
	if err != nil {
		e.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET /metrics: %d", resp.StatusCode)
	}
	for _, w := range want {
		if !strings.Contains(string(body), w) {
			e.t.Errorf("/metrics lacks %q", w)
		}
	}
}
