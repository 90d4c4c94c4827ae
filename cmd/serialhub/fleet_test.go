//go:build linux

package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/remote"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// startFleetProcess starts "serialhub fleet" (this test binary running
// main) with args on 127.0.0.1 and returns it once it serves, with the
// URL of its NATS server for gateways.
func startFleetProcess(t *testing.T, args ...string) (*serveProcess, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"fleet"}, args...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	p := startServeCmd(t, cmd)
	m := regexp.MustCompile(`msg="fleet: NATS for gateways" url=(\S+)`).FindStringSubmatch(p.logs())
	if m == nil {
		t.Fatalf("the central did not say where its NATS is:\n%s", p.logs())
	}
	return p, m[1]
}

// startGatewayProcess starts "serialhub serve --fleet URL --gateway NAME
// --fleet-creds FILE" with ports, registering the gateway with the central
// whose state is in store first if it is not yet.
func startGatewayProcess(t *testing.T, url, store, name string, ports ...string) *serveProcess {
	t.Helper()
	file := filepath.Join(store, "..", name+".creds")
	if _, err := os.Stat(file); err != nil {
		var creds, stderr bytes.Buffer
		if err := runAddGateway([]string{name, "--store", store}, &creds, &stderr); err != nil {
			t.Fatalf("fleet add-gateway %s: %v %s", name, err, stderr.String())
		}
		if err := os.WriteFile(file, creds.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return startServe(t, append([]string{"--fleet", url, "--gateway", name, "--fleet-creds", file}, ports...)...)
}

// kill9 kills p as a power cut would and waits for it.
func kill9(t *testing.T, p *serveProcess) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.exited
}

// readBytes reads a client's frames until it has n bytes, skipping
// events.
func readBytes(ctx context.Context, t *testing.T, c *serialtest.Client, n int) []byte {
	t.Helper()
	var got []byte
	for len(got) < n {
		f, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("after %d of %d bytes: %v", len(got), n, err)
		}
		got = append(got, f.Data...)
	}
	return got
}

// waitPort reads a client's frames until a status event whose port
// object satisfies ok.
func waitPort(ctx context.Context, t *testing.T, c *serialtest.Client, what string, ok func(protocol.Port) bool) protocol.Port {
	t.Helper()
	for {
		f, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("waiting until %s: %v", what, err)
		}
		if f.Event.Type == protocol.TypeStatus && f.Event.Port != nil && ok(*f.Event.Port) {
			return *f.Event.Port
		}
	}
}

// A real central and three real gateways, on sim:// and pty devices: each
// gateway's ports are listed at the central as GATEWAY/PORT; every byte
// value goes both ways through it; settings and DTR set through it reach
// the gateway; a gateway killed with -9 shows offline at the central, its
// client there stays connected and is told, and gets the bytes again once
// the gateway is back.
func TestFleetOfProcesses(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	store := filepath.Join(t.TempDir(), "store")
	central, url := startFleetProcess(t, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--store", store)
	pa, pc := openPTY(t), openPTY(t)
	gwA := startGatewayProcess(t, url, store, "gw-a", "dut="+pa.Path, "sim=sim://")
	startGatewayProcess(t, url, store, "gw-b", "sim=sim://", "--tag", "room=lab2")
	startGatewayProcess(t, url, store, "gw-c", "dut="+pc.Path)
	for _, port := range []string{"gw-a/dut", "gw-a/sim", "gw-b/sim", "gw-c/dut"} {
		if err := central.waitLog(ctx, `msg="device open" port=`+port+" "); err != nil {
			t.Fatalf("%v\n%s", err, central.logs())
		}
	}
	if p := getPort(ctx, t, central.addr, "gw-b/sim"); p.Gateway != "gw-b" || p.Online == nil || !*p.Online || p.Tags["room"] != "lab2" || p.LastSeen == nil {
		t.Fatalf("gw-b/sim at the central: gateway %q online %v tags %v last seen %v", p.Gateway, p.Online, p.Tags, p.LastSeen)
	}

	c, err := serialtest.Dial(ctx, "ws://"+central.addr+"/ws/gw-a/dut")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if _, err := pa.Master.Write(all); err != nil {
		t.Fatal(err)
	}
	if got := readBytes(ctx, t, c, len(all)); !bytes.Equal(got, all) {
		t.Fatalf("the central's client got %x; want the 256 values in order", got)
	}
	if err := c.Send(ctx, all); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(all))
	if _, err := io.ReadFull(pa.Master, got); err != nil || !bytes.Equal(got, all) {
		t.Fatalf("gw-a's device got %x (%v); want the 256 values", got, err)
	}
	if err := c.Control(ctx, `{"type":"settings","settings":{"baud":9600},"id":1}`); err != nil {
		t.Fatal(err)
	}
	waitPort(ctx, t, c, "the settings change is told", func(p protocol.Port) bool { return p.Settings.Baud == 9600 })
	if line, err := pa.Line(); err != nil || line.Baud != 9600 {
		t.Fatalf("gw-a's pty is at %d baud (%v); want 9600", line.Baud, err)
	}

	// DTR, on gw-b's simulated device, seen in gw-b's own API.
	cb, err := serialtest.Dial(ctx, "ws://"+central.addr+"/ws/gw-b/sim")
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	if _, err := cb.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	if err := cb.Control(ctx, `{"type":"lines","dtr":false}`); err != nil {
		t.Fatal(err)
	}
	waitPort(ctx, t, cb, "DTR off is told", func(p protocol.Port) bool { return !p.Lines.DTR })

	// gw-a dies. Its client at the central stays, and is told.
	kill9(t, gwA)
	killed := time.Now()
	off := waitPort(ctx, t, c, "gw-a shows offline", func(p protocol.Port) bool { return p.Online != nil && !*p.Online })
	t.Logf("gw-a offline at the central %v after kill -9 (state %s: %s)", time.Since(killed).Round(time.Millisecond), off.State, off.Error)
	if off.State == protocol.StateOpen {
		t.Fatalf("gw-a offline, its port still open: %+v", off)
	}
	startGatewayProcess(t, url, store, "gw-a", "dut="+pa.Path, "sim=sim://")
	waitPort(ctx, t, c, "gw-a back", func(p protocol.Port) bool { return p.State == protocol.StateOpen && p.Online != nil && *p.Online })
	if _, err := pa.Master.Write([]byte("back")); err != nil {
		t.Fatal(err)
	}
	if got := readBytes(ctx, t, c, 4); string(got) != "back" {
		t.Fatalf("after gw-a came back its client got %q", got)
	}
}

// The central killed with -9 and started again (same addresses, same
// store): the gateways rejoin by themselves, and a client of the central
// that reconnects and resumes (serialhub attach's client) is told the
// stream restarted, gets the gateway's recent output and the device's
// bytes again.
func TestFleetCentralComesBack(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	store := filepath.Join(t.TempDir(), "store")
	central, url := startFleetProcess(t, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--store", store)
	pt := openPTY(t)
	startGatewayProcess(t, url, store, "pi", "dut="+pt.Path)
	if err := central.waitLog(ctx, `msg="device open" port=pi/dut `); err != nil {
		t.Fatal(err)
	}

	target, err := remote.ParseURL(central.addr + "/pi/dut")
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	events := make(chan remote.Event, 256)
	client, err := remote.Dial(ctx, target, remote.Options{
		Out: &out, MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		Notify: func(ev remote.Event) {
			select {
			case events <- ev:
			default:
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stopRun := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- client.Run(runCtx) }()
	defer func() {
		stopRun()
		<-ran
		client.Close()
	}()
	if _, err := pt.Master.Write([]byte("before ")); err != nil {
		t.Fatal(err)
	}
	out.waitFor(ctx, t, "before ")

	kill9(t, central)
	waitEvent(ctx, t, events, remote.EventDisconnected)
	_, natsPort, _ := net.SplitHostPort(url[len("nats://"):])
	central, _ = startFleetProcess(t, "--listen", central.addr, "--nats-listen", "127.0.0.1:"+natsPort, "--store", store)
	if err := central.waitLog(ctx, `msg="device open" port=pi/dut `); err != nil {
		t.Fatalf("%v\n%s", err, central.logs())
	}
	waitEvent(ctx, t, events, remote.EventConnected)
	// The new central's ports are new streams, seeded with the
	// gateway's scrollback: the client is told the stream restarted and
	// gets that history, as from a serialhub that restarted.
	if ev := waitEvent(ctx, t, events, protocol.TypeReplay); !ev.Restarted {
		t.Fatalf("the replay after the central came back: %+v; want it marked restarted", ev)
	}
	if _, err := pt.Master.Write([]byte("after")); err != nil {
		t.Fatal(err)
	}
	out.waitFor(ctx, t, "before before after")
}

// waitEvent waits for a client event of type typ.
func waitEvent(ctx context.Context, t *testing.T, events <-chan remote.Event, typ string) remote.Event {
	t.Helper()
	for {
		select {
		case ev := <-events:
			if ev.Type == typ {
				return ev
			}
		case <-ctx.Done():
			t.Fatalf("waiting for a %s event: %v", typ, ctx.Err())
		}
	}
}

// syncBuffer is a buffer one goroutine writes and another waits on.
type syncBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	grew chan struct{} // closed and replaced at each write
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.grew != nil {
		close(b.grew)
	}
	b.grew = make(chan struct{})
	return b.buf.Write(p)
}

// waitFor waits until the buffer holds exactly want.
func (b *syncBuffer) waitFor(ctx context.Context, t *testing.T, want string) {
	t.Helper()
	for {
		b.mu.Lock()
		got := b.buf.String()
		if b.grew == nil {
			b.grew = make(chan struct{})
		}
		grew := b.grew
		b.mu.Unlock()
		if got == want {
			return
		}
		if len(got) >= len(want) {
			t.Fatalf("the client got %q; want %q", got, want)
		}
		select {
		case <-grew:
		case <-ctx.Done():
			t.Fatalf("the client got %q; want %q: %v", got, want, ctx.Err())
		}
	}
}

// The fleet's keys in the config file: a gateway's for serve, the
// central's for fleet, flags winning over them; a key of the other role
// is refused with a clear error.
func TestFleetConfigKeys(t *testing.T) {
	gw := writeConfig(t, `
fleet = "nats://central:4222"
gateway = "pi-07"
fleet-creds = "/etc/serialhub/pi-07.creds"
tags = { room = "lab2", rack = "3" }
`)
	c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
	if err := c.ParseFlags([]string{"--config", gw, "--tag", "room=lab9"}); err != nil {
		t.Fatal(err)
	}
	if f := c.fleet; f.URL != "nats://central:4222" || f.Gateway != "pi-07" || f.Creds != "/etc/serialhub/pi-07.creds" || len(f.Tags) != 1 || f.Tags["room"] != "lab9" {
		t.Fatalf("serve took %+v from the file and --tag room=lab9", f)
	}
	central := writeConfig(t, `
nats-listen = "127.0.0.1:4333"
store = "/var/lib/serialhub"
`)
	c = newCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{}, true)
	if err := c.ParseFlags([]string{"--config", central}); err != nil {
		t.Fatal(err)
	}
	if f := c.fleet; f.NATSListen != "127.0.0.1:4333" || f.Store != "/var/lib/serialhub" || !f.Central {
		t.Fatalf("fleet took %+v from the file", f)
	}
	for _, tc := range []struct {
		central bool
		file    string
		want    string
	}{
		{false, central, "the central's key"},
		{true, gw, "a gateway's key"},
		{false, `gateway = "pi"`, "give fleet too"},
		{false, `fleet = "nats://c:4222"` + "\n" + `tags = { "bad key" = "x" }`, "KEY=VALUE"},
	} {
		path := tc.file
		if !strings.HasPrefix(path, "/") {
			path = writeConfig(t, tc.file)
		}
		c := newCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{}, tc.central)
		if err := c.ParseFlags([]string{"--config", path}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q (central %v): %v; want an error saying %q", tc.file, tc.central, err, tc.want)
		}
	}
}
