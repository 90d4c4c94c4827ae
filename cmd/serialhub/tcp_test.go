//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/rfc2217"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// Telnet and RFC 2217 codes, as a client that is not ours sends them.
const (
	telnetIAC     = 255
	telnetSB      = 250
	telnetSE      = 240
	optComPort    = 44
	comSetBaud    = 1
	comSetData    = 2
	comSetParity  = 3
	comSetStop    = 4
	comSetControl = 5
	serverOffset  = 100
	parityNone    = 1
	parityEven    = 3
	ctlBreakOn    = 5
	ctlBreakOff   = 6
	ctlDTROn      = 8
	ctlDTROff     = 9
	ctlRTSOn      = 11
	ctlRTSOff     = 12
)

// rfc2217Peer is a raw socket speaking RFC 2217 by hand: no negotiation,
// commands and their answers only.
type rfc2217Peer struct {
	t       *testing.T
	ctx     context.Context
	conn    net.Conn
	dec     rfc2217.Decoder
	answers []rfc2217.Item // COM-PORT-OPTION subnegotiations received, not yet taken
}

func dialRFC2217(ctx context.Context, t *testing.T, addr string) *rfc2217Peer {
	t.Helper()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rfc2217Peer{t: t, ctx: ctx, conn: conn}
}

// command sends COM-PORT-OPTION command cmd with value and returns the
// value of the server's answer.
func (p *rfc2217Peer) command(cmd byte, value ...byte) []byte {
	p.t.Helper()
	msg := []byte{telnetIAC, telnetSB, optComPort, cmd}
	msg = append(rfc2217.AppendEscaped(msg, value), telnetIAC, telnetSE)
	if _, err := p.conn.Write(msg); err != nil {
		p.t.Fatal(err)
	}
	stop := context.AfterFunc(p.ctx, func() { p.conn.SetReadDeadline(time.Now()) })
	defer stop()
	buf := make([]byte, 4096)
	for {
		for len(p.answers) > 0 {
			it := p.answers[0]
			p.answers = p.answers[1:]
			if it.Data[0] == cmd+serverOffset {
				return it.Data[1:]
			}
		}
		n, err := p.conn.Read(buf)
		p.dec.Decode(buf[:n], func(it rfc2217.Item) {
			if it.Kind == rfc2217.KindSubnegotiation && it.Option == optComPort && len(it.Data) > 0 {
				p.answers = append(p.answers, rfc2217.Item{Kind: it.Kind, Option: it.Option, Data: bytes.Clone(it.Data)})
			}
		})
		if err != nil {
			p.t.Fatalf("waiting for the answer to RFC 2217 command %d: %v", cmd, err)
		}
	}
}

// getPort reads a port object through the REST API.
func getPort(ctx context.Context, t *testing.T, addr, name string) protocol.Port {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/api/ports/"+name, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p protocol.Port
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/ports/%s: %s, %v", name, resp.Status, err)
	}
	return p
}

// Issue 11, item 3: while a WebSocket client holds an exclusive port's
// write lock, an RFC 2217 client changes neither the settings, nor DTR
// and RTS, nor sends a break, and every answer carries the value in
// effect.
func TestRFC2217ObeysTheWriteLock(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	pty := openPTY(t)
	tcpReady := make(chan net.Addr, 1)
	srv := serve(t, []string{"--rfc2217", "dev=127.0.0.1:0", "dev=" + pty.Path + ",exclusive=true"}, func(c *serveCommand) {
		c.TCPReady = tcpReady
	})
	rfcAddr := (<-tcpReady).String()

	alice, err := serialtest.Dial(ctx, "ws://"+srv.addr+"/ws/dev?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Conn.CloseNow()
	if _, err := alice.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	if err := alice.Control(ctx, `{"type":"lock","id":1}`); err != nil {
		t.Fatal(err)
	}
	for {
		f, err := alice.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if f.Event.Type == protocol.TypeOK {
			break
		}
		if f.Event.Type == protocol.TypeError {
			t.Fatalf("lock: %s", f.Event.Raw)
		}
	}
	before, err := pty.Line()
	if err != nil {
		t.Fatal(err)
	}
	port := getPort(ctx, t, srv.addr, "dev")

	peer := dialRFC2217(ctx, t, rfcAddr)
	for _, step := range []struct {
		name       string
		cmd        byte
		send, want []byte
	}{
		{"300 baud", comSetBaud, binary.BigEndian.AppendUint32(nil, 300), binary.BigEndian.AppendUint32(nil, uint32(port.Settings.Baud))},
		{"7 data bits", comSetData, []byte{7}, []byte{byte(port.Settings.DataBits)}},
		{"even parity", comSetParity, []byte{parityEven}, []byte{parityNone}},
		{"2 stop bits", comSetStop, []byte{2}, []byte{1}},
		{"DTR off", comSetControl, []byte{ctlDTROff}, []byte{ctlDTROn}},
		{"RTS off", comSetControl, []byte{ctlRTSOff}, []byte{ctlRTSOn}},
		{"BREAK on", comSetControl, []byte{ctlBreakOn}, []byte{ctlBreakOff}},
	} {
		if got := peer.command(step.cmd, step.send...); !bytes.Equal(got, step.want) {
			t.Errorf("%s while alice holds the lock: answer %x, want the value in effect %x", step.name, got, step.want)
		}
	}

	after, err := pty.Line()
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("the device's line went from %+v to %+v while alice held the lock", before, after)
	}
	now := getPort(ctx, t, srv.addr, "dev")
	if now.Settings != port.Settings || now.Lines != port.Lines || !now.Lines.DTR || !now.Lines.RTS {
		t.Errorf("the port went from %+v %+v to %+v %+v while alice held the lock", port.Settings, port.Lines, now.Settings, now.Lines)
	}
}

// echoed sends msg on conn, a raw TCP client of a loop:// port, and
// reports (nil) when conn has read something back: its session is served.
// It gives up when ctx ends.
func echoed(ctx context.Context, conn net.Conn, msg string) error {
	if _, err := conn.Write([]byte(msg)); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()
	_, err := conn.Read(make([]byte, 64))
	return err
}

// Issue 11, item 6: a TCP listener whose accept fails (here: the process
// is out of file descriptors) keeps accepting once the cause is gone. The
// test lowers a real serialhub's RLIMIT_NOFILE to leave it two free
// descriptors, connects raw TCP clients until an accept fails (serialhub
// logs it: on Linux, accept fails as soon as no descriptor is free,
// whether a client waits or not), closes those clients, and requires a
// new client to be served.
func TestTCPListenerSurvivesAcceptErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	proc := startServe(t, "--raw-tcp", "dev=127.0.0.1:0", "dev=loop://")
	proc.mu.Lock()
	addr := proc.tcp["raw-tcp"]
	proc.mu.Unlock()
	pid := proc.cmd.Process.Pid

	// A new descriptor is the lowest number free below the limit: leave
	// two free. (Descriptors at or above the limit, such as ones
	// inherited from the test's environment, stay open and count for
	// nothing.)
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	open := map[int]bool{}
	for _, fd := range fds {
		n, err := strconv.Atoi(fd.Name())
		if err != nil {
			t.Fatal(err)
		}
		open[n] = true
	}
	var limit unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, nil, &limit); err != nil {
		t.Fatal(err)
	}
	limit.Cur = 0
	for free := 0; free < 2; limit.Cur++ {
		if !open[int(limit.Cur)] {
			free++
		}
	}
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, &limit, nil); err != nil {
		t.Fatalf("lower serialhub's RLIMIT_NOFILE to %d: %v", limit.Cur, err)
	}

	// Connect until an accept fails: each client is served (its bytes
	// come back from loop://) or serialhub logs the failure.
	var clients []net.Conn
	failed := false
	for i := 0; i < 16 && !failed; i++ {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		clients = append(clients, conn)
		wait, stop := context.WithCancel(ctx)
		echo, logged := make(chan error, 1), make(chan error, 1)
		go func() { echo <- echoed(wait, conn, "ping") }()
		go func() { logged <- proc.waitLog(wait, "accept failed") }()
		select {
		case err = <-echo:
			stop()
			<-logged
			if err != nil {
				t.Fatalf("client %d: %v", i, err)
			}
		case err = <-logged:
			stop()
			<-echo
			if err != nil {
				t.Fatal(err)
			}
			failed = true
		}
	}
	if !failed {
		t.Fatalf("16 clients were served with RLIMIT_NOFILE %d: no accept failed", limit.Cur)
	}

	// Free descriptors: serialhub closes its side of each client that
	// leaves. A new client must then be served.
	for _, c := range clients {
		c.Close()
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	wait, stop := context.WithTimeout(ctx, 20*time.Second)
	defer stop()
	if err := echoed(wait, conn, "pong"); err != nil {
		t.Fatalf("a client after the accept errors was not served (%v); serialhub's log:\n%s", err, proc.logs())
	}
}

// Issue 11, item 12: raw TCP and RFC 2217 clients reach the audit log as
// WebSocket clients do: their connections, writes (with --audit-data, the
// bytes) and controls.
func TestTCPClientsAudited(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	pty := openPTY(t)
	auditLog := t.TempDir() + "/audit.log"
	tcpReady := make(chan net.Addr, 2)
	srv := serve(t, []string{"--audit-log", auditLog, "--audit-data", "--raw-tcp", "dev=127.0.0.1:0", "--rfc2217", "dev=127.0.0.1:0", "dev=" + pty.Path}, func(c *serveCommand) {
		c.TCPReady = tcpReady
	})
	rawAddr, rfcAddr := (<-tcpReady).String(), (<-tcpReady).String()
	// The listeners drop what arrives while the port is not open.
	ws, err := serialtest.Dial(ctx, "ws://"+srv.addr+"/ws/dev?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	ws.Conn.CloseNow()

	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", rawAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Write([]byte("reboot\n")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 7)
	stop := context.AfterFunc(ctx, func() { pty.Master.SetReadDeadline(time.Now()) })
	_, err = io.ReadFull(pty.Master, got)
	stop()
	if err != nil || string(got) != "reboot\n" {
		t.Fatalf("the device read %q, %v", got, err)
	}
	peer := dialRFC2217(ctx, t, rfcAddr)
	if got := peer.command(comSetBaud, binary.BigEndian.AppendUint32(nil, 2400)...); binary.BigEndian.Uint32(got) != 2400 {
		t.Fatalf("SET-BAUDRATE 2400 answered %x", got)
	}
	if _, err := peer.conn.Write([]byte("ls\n")); err != nil {
		t.Fatal(err)
	}
	stop = context.AfterFunc(ctx, func() { pty.Master.SetReadDeadline(time.Now()) })
	_, err = io.ReadFull(pty.Master, got[:3])
	stop()
	if err != nil || string(got[:3]) != "ls\n" {
		t.Fatalf("the device read %q, %v", got[:3], err)
	}
	// A session carries out a client's commands in order with its data:
	// once this query is answered, the write above is done and audited.
	peer.command(comSetBaud, 0, 0, 0, 0)
	// Stopping the server ends the sessions and waits for them: every
	// line is written.
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}

	b, err := os.ReadFile(auditLog)
	if err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for l := range bytes.Lines(b) {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("audit line %q: %v", l, err)
		}
		if m["protocol"] != nil {
			lines = append(lines, m)
		}
	}
	for _, want := range []map[string]any{
		{"msg": "connected", "protocol": "raw", "port": "dev", "remote": raw.LocalAddr().String()},
		// ("ok" may be false here: the session may still wait for the
		// port's answer when the server stops.)
		{"msg": "write", "protocol": "raw", "port": "dev", "bytes": 7.0, "data": `"reboot\n"`},
		{"msg": "disconnected", "protocol": "raw", "port": "dev"},
		{"msg": "connected", "protocol": "rfc2217", "port": "dev", "remote": peer.conn.LocalAddr().String()},
		{"msg": "control", "protocol": "rfc2217", "port": "dev", "control": "settings", "request": "2400 8N1", "ok": true},
		{"msg": "write", "protocol": "rfc2217", "port": "dev", "bytes": 3.0, "ok": true, "data": `"ls\n"`},
		{"msg": "disconnected", "protocol": "rfc2217", "port": "dev"},
	} {
		found := false
		for _, l := range lines {
			match := true
			for k, v := range want {
				if l[k] != v {
					match = false
				}
			}
			found = found || match
		}
		if !found {
			t.Errorf("no audit line with %v in:\n%s", want, b)
		}
	}
}
