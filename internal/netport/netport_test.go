//go:build linux

package netport_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/netport"
	"github.com/serialhub/serialhub/internal/rfc2217"
	"github.com/serialhub/serialhub/internal/serialtest"
)

type env struct {
	t   *testing.T
	ctx context.Context
	pty *serialtest.PTY
	hub *hub.Hub
	net *netport.Server
}

// start runs a hub with one port, "dev", on a pty, and a netport server.
func start(t *testing.T) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	quiet := slog.New(slog.DiscardHandler)
	h, err := hub.New([]hub.Config{{Name: "dev", Device: p.Path, Logger: quiet}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	e := &env{t: t, ctx: ctx, pty: p, hub: h, net: netport.New(netport.Config{Logger: quiet})}
	t.Cleanup(func() { e.net.Close() })
	e.waitState(hub.StateOpen)
	return e
}

func (e *env) port() *hub.Port {
	p, _ := e.hub.Port("dev")
	return p
}

// waitState waits for the port's state, through a subscriber of its own.
func (e *env) waitState(want hub.State) hub.Info {
	e.t.Helper()
	return waitStatus(e.t, e.ctx, e.port(), func(i hub.Info) bool { return i.State == want })
}

func waitStatus(t *testing.T, ctx context.Context, p *hub.Port, ok func(hub.Info) bool) hub.Info {
	t.Helper()
	info, err := serialtest.WaitPort(ctx, p, ok)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func (e *env) listen(proto netport.Protocol) string {
	e.t.Helper()
	addr, err := e.net.Listen(proto, e.port(), "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	return addr.String()
}

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// waitClients waits until the port has n clients.
func (e *env) waitClients(n int) {
	e.t.Helper()
	waitStatus(e.t, e.ctx, e.port(), func(i hub.Info) bool { return i.Clients == n+1 }) // +1: the waiter
}

func TestRawTCPWithSocat(t *testing.T) {
	socat, err := exec.LookPath("socat")
	if err != nil {
		t.Skip("socat is not installed (Debian package socat): skipping the test with a real raw TCP client")
	}
	e := start(t)
	addr := e.listen(netport.Raw)
	cmd := exec.CommandContext(e.ctx, socat, "-b65536", "-", "TCP:"+addr)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	e.waitClients(1)

	want := bytes.Repeat(allBytes(), 64)
	go e.pty.Master.Write(want)
	got := make([]byte, len(want))
	if _, err := io.ReadFull(stdout, got); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("socat read %d bytes (%v), not what the device sent", len(got), err)
	}
	go stdin.Write(want)
	if _, err := io.ReadFull(e.pty.Master, got); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("device read %d bytes (%v), not what socat sent", len(got), err)
	}
}

// Two TCP clients and a hub subscriber see one stream; what one TCP client
// writes reaches the device.
func TestRawTCPClientsShareThePort(t *testing.T) {
	e := start(t)
	addr := e.listen(netport.Raw)
	var conns []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	e.waitClients(2)
	e.pty.Master.Write([]byte("hello\xff\n"))
	for i, c := range conns {
		got := make([]byte, 7)
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		if _, err := io.ReadFull(c, got); err != nil || string(got) != "hello\xff\n" {
			t.Fatalf("client %d read %q, %v", i, got, err)
		}
	}
	conns[1].Write([]byte("typed"))
	got := make([]byte, 5)
	if _, err := io.ReadFull(e.pty.Master, got); err != nil || string(got) != "typed" {
		t.Fatalf("device read %q, %v", got, err)
	}
	// A client that hangs up leaves the port to the others.
	conns[0].Close()
	e.waitClients(1)
}

// pyserial, the client no one here wrote, opens the port over RFC 2217 at
// 9600 baud, which must reach the device's termios and every client's
// status; bytes go both ways untouched.
func TestRFC2217WithPyserial(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import serial").Run(); err != nil {
		t.Skip("pyserial is not installed (Debian package python3-serial): skipping the test with a real RFC 2217 client")
	}
	e := start(t)
	addr := e.listen(netport.RFC2217)
	script := `
import serial, sys
s = serial.serial_for_url("rfc2217://" + sys.argv[1], baudrate=9600, timeout=10)
s.write(b"ping\xff\x00")
s.flush()
data = s.read(6)
print(data.hex())
s.dtr = False
s.close()
`
	cmd := exec.CommandContext(e.ctx, "/usr/bin/python3", "-c", script, addr)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 6)
	if _, err := io.ReadFull(e.pty.Master, got); err != nil || string(got) != "ping\xff\x00" {
		t.Fatalf("device read %q, %v", got, err)
	}
	if l, err := e.pty.Line(); err != nil || l.Baud != 9600 {
		t.Fatalf("pty line %+v, %v: want 9600 baud from pyserial", l, err)
	}
	if s := e.port().Info().Settings; s.Baud != 9600 {
		t.Fatalf("port settings %v, want 9600 baud", s)
	}
	e.pty.Master.Write([]byte("pong\xff\x01"))
	if err := cmd.Wait(); err != nil {
		t.Fatalf("pyserial: %v\n%s", err, errOut.String())
	}
	if strings.TrimSpace(out.String()) != "706f6e67ff01" {
		t.Fatalf("pyserial read %s, want pong ff 01", out.String())
	}
}

// remoteOpener opens tcp:// and rfc2217:// devices, as serialhub's does.
var remoteOpener = device.NewOpener(device.OpenerConfig{Schemes: map[string]device.Opener{"rfc2217": rfc2217.Open}})

// A port whose device is another server's port: tcp:// (raw) and
// rfc2217://, served here by netport itself, and rfc2217:// served by
// ser2net.
func TestRemoteDevices(t *testing.T) {
	e := start(t)
	for _, tt := range []struct {
		proto  netport.Protocol
		scheme string
	}{{netport.Raw, "tcp://"}, {netport.RFC2217, "rfc2217://"}} {
		t.Run(tt.scheme, func(t *testing.T) {
			addr := e.listen(tt.proto)
			quiet := slog.New(slog.DiscardHandler)
			remote, err := hub.Open(hub.Config{Name: "remote", Device: tt.scheme + addr, Open: remoteOpener, Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			defer remote.Close()
			sub, err := remote.Subscribe(false)
			if err != nil {
				t.Fatal(err)
			}
			defer sub.Close()
			waitStatus(t, e.ctx, remote, func(i hub.Info) bool { return i.State == hub.StateOpen })
			e.waitClients(1)

			want := allBytes()
			e.pty.Master.Write(want)
			var got []byte
			for len(got) < len(want) {
				msgs, err := sub.Receive(e.ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range msgs {
					got = append(got, m.Data...)
				}
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("remote port read %x", got)
			}
			if err := remote.Write(e.ctx, want); err != nil {
				t.Fatal(err)
			}
			back := make([]byte, len(want))
			if _, err := io.ReadFull(e.pty.Master, back); err != nil || !bytes.Equal(back, want) {
				t.Fatalf("device read %x, %v", back, err)
			}
			if tt.proto == netport.RFC2217 {
				s := remote.Info().Settings
				s.Baud = 57600
				if err := remote.SetSettings(e.ctx, s); err != nil {
					t.Fatal(err)
				}
				if l, _ := e.pty.Line(); l.Baud != 57600 {
					t.Fatalf("a baud change through rfc2217:// left the device at %d", l.Baud)
				}
			}
			remote.Close()
			e.waitClients(0)
		})
	}
}

// A modem line the device changes by itself travels as NOTIFY-MODEMSTATE to
// an rfc2217:// source, whose port tells its own clients at once: here the
// simulator behind one serialhub drops CTS, and a second one sees it.
func TestRFC2217CarriesModemChanges(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	quiet := slog.New(slog.DiscardHandler)
	upstream, err := hub.Open(hub.Config{Name: "sim", Device: "sim://", Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer upstream.Close()
	srv := netport.New(netport.Config{Logger: quiet})
	defer srv.Close()
	addr, err := srv.Listen(netport.RFC2217, upstream, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	remote, err := hub.Open(hub.Config{Name: "remote", Device: "rfc2217://" + addr.String(), Open: remoteOpener, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer remote.Close()
	waitStatus(t, ctx, remote, func(i hub.Info) bool {
		return i.State == hub.StateOpen && i.ModemEvents && i.Modem != nil && i.Modem.CTS
	})
	// Typed through the remote port, the command reaches the simulator.
	if err := remote.Write(ctx, []byte("line cts off\r")); err != nil {
		t.Fatal(err)
	}
	got := waitStatus(t, ctx, remote, func(i hub.Info) bool { return i.Modem != nil && !i.Modem.CTS })
	if *got.Modem != (device.Modem{DSR: true, DCD: true}) {
		t.Fatalf("remote modem lines %+v, want DSR and DCD only", *got.Modem)
	}
}

// TestTCPClientsAreCapped: a port takes at most MaxClientsPerPort TCP
// clients, raw and RFC 2217 together; one more is told why and
// disconnected, and its place is free again once a client leaves.
func TestTCPClientsAreCapped(t *testing.T) {
	e := start(t)
	e.net.Close()
	left := make(chan struct{}, 4)
	audit := slog.New(leftHandler{left})
	e.net = netport.New(netport.Config{Logger: slog.New(slog.DiscardHandler), Audit: audit, MaxClientsPerPort: 2})
	t.Cleanup(func() { e.net.Close() })
	raw, rfc := e.listen(netport.Raw), e.listen(netport.RFC2217)
	first, err := net.Dial("tcp", raw)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := net.Dial("tcp", rfc)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	e.waitClients(2)
	third, err := net.Dial("tcp", raw)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	third.SetReadDeadline(time.Now().Add(10 * time.Second))
	said, err := io.ReadAll(third)
	if err != nil || !strings.Contains(string(said), "maximum of 2 TCP clients") {
		t.Fatalf("a third TCP client read %q, %v; want the reason, then the end", said, err)
	}
	first.Close()
	select {
	case <-left:
	case <-e.ctx.Done():
		t.Fatal("the first client's leaving was never audited")
	}
	again, err := net.Dial("tcp", raw)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	e.waitClients(2)
}

// leftHandler is an audit log that says when a TCP client has left.
type leftHandler struct{ left chan<- struct{} }

func (h leftHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h leftHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "disconnected" {
		h.left <- struct{}{}
	}
	return nil
}
func (h leftHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h leftHandler) WithGroup(string) slog.Handler      { return h }

// TestTCPClientsAreNamed: raw TCP and RFC 2217 clients are listed among
// the port's watchers by their protocol and address, and a client that
// writes is named as the port's last writer.
func TestTCPClientsAreNamed(t *testing.T) {
	e := start(t)
	rawAddr, rfcAddr := e.listen(netport.Raw), e.listen(netport.RFC2217)
	raw, err := net.Dial("tcp", rawAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rfc, err := net.Dial("tcp", rfcAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer rfc.Close()
	rawName := "raw TCP client " + raw.LocalAddr().String()
	rfcName := "RFC 2217 client " + rfc.LocalAddr().String()
	want := []hub.Watcher{{Name: rfcName, Count: 1}, {Name: rawName, Count: 1}}
	waitStatus(t, e.ctx, e.port(), func(i hub.Info) bool { return slices.Equal(i.Watchers, want) })

	for _, c := range []struct {
		conn net.Conn
		name string
	}{{raw, rawName}, {rfc, rfcName}} {
		if _, err := c.conn.Write([]byte("w")); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, 1)
		if _, err := io.ReadFull(e.pty.Master, got); err != nil || string(got) != "w" {
			t.Fatalf("device read %q, %v", got, err)
		}
		waitStatus(t, e.ctx, e.port(), func(i hub.Info) bool { return i.Typing != nil && i.Typing.Name == c.name })
	}
}
