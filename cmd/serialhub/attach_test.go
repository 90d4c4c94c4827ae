//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/remote"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// fastRetry makes a client reconnect at once in tests.
func fastRetry(o *remote.Options) {
	o.MinBackoff, o.MaxBackoff = time.Millisecond, 20*time.Millisecond
}

// startDeviceServer serves a pseudo-terminal device as port "dev" on
// addr ("" for a random port) and waits until the port is open.
func startDeviceServer(t *testing.T, ctx context.Context, dev *serialtest.PTY, addr string) *serialtest.Server {
	t.Helper()
	srv, err := serialtest.StartServer(serialtest.Options{Ports: []hub.Config{{Name: "dev", Device: dev.Path}}, Addr: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	waitPortOpen(t, ctx, srv.WSURL("dev", "replay=0"))
	return srv
}

// waitPortOpen waits for a status event saying the port is open.
func waitPortOpen(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	c, err := serialtest.Dial(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Conn.CloseNow()
	if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
}

// waitClients waits until the port has n clients, this watcher included.
func waitClients(t *testing.T, ctx context.Context, url string, n int) {
	t.Helper()
	c, err := serialtest.Dial(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Conn.CloseNow()
	for {
		f, err := c.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if f.Event.Type == "status" && f.Event.Port.Clients >= n {
			return
		}
	}
}

func openDevice(t *testing.T) *serialtest.PTY {
	t.Helper()
	dev, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	if dev.Master, err = pollable(dev.Master); err != nil { // for read deadlines
		t.Fatal(err)
	}
	return dev
}

// terminal is the local terminal attach runs in: the test types on and
// reads from Master, as a terminal emulator would.
type terminal struct {
	t      *testing.T
	Master *os.File
	Slave  *os.File
	Before *unix.Termios // the slave's settings before attach ran
	out    []byte        // read from Master, not yet consumed
	done   chan error    // attach's result
}

// startAttach runs "serialhub attach ARGS" on a new pseudo-terminal and
// waits for its banner.
func startAttach(t *testing.T, ctx context.Context, args ...string) *terminal {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	if master, err = pollable(master); err != nil { // for read deadlines
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close(); slave.Close() })
	before, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	c := newAttachCommand(slave, slave, slave)
	if err := c.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	c.opts = fastRetry
	term := &terminal{t: t, Master: master, Slave: slave, Before: before, done: make(chan error, 1)}
	runCtx, cancel := context.WithCancel(ctx)
	go func() { term.done <- c.Run(runCtx) }()
	t.Cleanup(func() {
		cancel()
		<-term.done // the same channel may have been read by wait: see below
	})
	term.expect("[serialhub: connected to ")
	term.expect("]\r\n")
	return term
}

// wait returns attach's result (once; later calls of the cleanup get it back).
func (term *terminal) wait(ctx context.Context) error {
	select {
	case err := <-term.done:
		term.done <- err
		return err
	case <-ctx.Done():
		term.t.Fatal("attach did not return")
		return nil
	}
}

// expect reads the terminal until it has shown want, and consumes it and
// what came before.
func (term *terminal) expect(want string) []byte {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	buf := make([]byte, 64<<10)
	for {
		if i := bytes.Index(term.out, []byte(want)); i >= 0 {
			got := term.out[:i+len(want)]
			term.out = append([]byte(nil), term.out[i+len(want):]...)
			return got
		}
		if err := term.Master.SetReadDeadline(deadline); err != nil {
			term.t.Fatal(err)
		}
		n, err := term.Master.Read(buf)
		term.out = append(term.out, buf[:n]...)
		if err != nil {
			term.t.Fatalf("terminal: waiting for %q: %v; it shows %q", want, err, term.out)
		}
	}
}

// expectBoth reads the terminal until it has shown a and b, in any order.
func (term *terminal) expectBoth(a, b string) {
	term.t.Helper()
	if got := term.expect(a); !bytes.Contains(got, []byte(b)) {
		term.expect(b)
	}
}

// readN reads n bytes the terminal shows.
func (term *terminal) readN(n int) []byte {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	buf := make([]byte, 64<<10)
	for len(term.out) < n {
		term.Master.SetReadDeadline(deadline)
		k, err := term.Master.Read(buf)
		term.out = append(term.out, buf[:k]...)
		if err != nil {
			term.t.Fatalf("terminal: waiting for %d bytes: %v; it shows %q", n, err, term.out)
		}
	}
	got := term.out[:n]
	term.out = append([]byte(nil), term.out[n:]...)
	return got
}

func (term *terminal) typ(s string) {
	term.t.Helper()
	if _, err := term.Master.Write([]byte(s)); err != nil {
		term.t.Fatal(err)
	}
}

func (term *terminal) checkRestored() {
	term.t.Helper()
	after, err := unix.IoctlGetTermios(int(term.Slave.Fd()), unix.TCGETS)
	if err != nil {
		term.t.Fatal(err)
	}
	if *after != *term.Before {
		term.t.Fatalf("terminal settings not restored:\nbefore %+v\nafter  %+v", *term.Before, *after)
	}
}

// readDevice reads n bytes from the device's side.
func readDevice(t *testing.T, dev *serialtest.PTY, n int) []byte {
	t.Helper()
	dev.Master.SetReadDeadline(time.Now().Add(20 * time.Second))
	got := make([]byte, n)
	if _, err := io.ReadFull(dev.Master, got); err != nil {
		t.Fatalf("device: read %q: %v", got, err)
	}
	return got
}

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// TestAttachBytesBothWays types every byte value (the escape character
// twice) and has the device send every byte value: both arrive untouched;
// then escape-q quits with status 0 and the terminal's settings are
// exactly what they were.
func TestAttachBytesBothWays(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dev := openDevice(t)
	srv := startDeviceServer(t, ctx, dev, "")
	term := startAttach(t, ctx, "--replay=false", strings.TrimPrefix(srv.URL, "http://")+"/dev")

	raw, err := unix.IoctlGetTermios(int(term.Slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if raw.Lflag&(unix.ICANON|unix.ECHO|unix.ISIG) != 0 || raw.Oflag&unix.OPOST != 0 {
		t.Fatalf("terminal not in raw mode: lflag %#x oflag %#x", raw.Lflag, raw.Oflag)
	}

	typed := bytes.ReplaceAll(allBytes(), []byte{0x1d}, []byte{0x1d, 0x1d})
	term.typ(string(typed))
	if got := readDevice(t, dev, 256); !bytes.Equal(got, allBytes()) {
		t.Fatalf("device got %q, want every byte value once", got)
	}

	if _, err := dev.Master.Write(allBytes()); err != nil {
		t.Fatal(err)
	}
	if got := term.readN(256); !bytes.Equal(got, allBytes()) {
		t.Fatalf("terminal shows %q, want every byte value once", got)
	}

	term.typ("\x1dq")
	if err := term.wait(ctx); err != nil {
		t.Fatalf("attach = %v, want nil (exit status 0)", err)
	}
	term.checkRestored()
}

// TestAttachEscapes sends a break to the simulator, which prints <break>
// when it ends, toggles local echo, shows the port and the help, and quits
// with "." while the terminal is resized.
func TestAttachEscapes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := serialtest.StartServer(serialtest.Options{Ports: []hub.Config{{Name: "sim", Device: "sim://"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	waitPortOpen(t, ctx, srv.WSURL("sim", "replay=0"))
	term := startAttach(t, ctx, "--replay=false", srv.WSURL("sim", ""))

	term.typ("\x1db")
	// The simulator prints <break> when the break ends, and then the
	// server answers ok: the two may reach the terminal in either order.
	term.expectBoth("[serialhub: break sent]", device.SimBreak)

	term.typ("\x1d?")
	term.expect("b break")
	term.typ("\x1ds")
	term.expect("sim (sim://) open, 115200 8N1")
	term.typ("\x1de")
	term.expect("[serialhub: local echo on]")
	term.typ("version\r")
	term.expectBoth("version\r\n", device.SimVersion) // the echo and the answer, in either order

	// A resize (SIGWINCH for a foreground process) changes nothing.
	fd, err := fileFd(term.Master)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, &unix.Winsize{Row: 10, Col: 33}); err != nil {
		t.Fatal(err)
	}
	term.typ("\x1d.")
	if err := term.wait(ctx); err != nil {
		t.Fatalf("attach = %v, want nil", err)
	}
	term.checkRestored()
}

// TestAttachResumes cuts the connection while the device sends: attach
// reconnects and shows what was sent meanwhile, once, in order.
func TestAttachResumes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dev := openDevice(t)
	srv := startDeviceServer(t, ctx, dev, "")
	proxy := startProxy(t, strings.TrimPrefix(srv.URL, "http://"))
	term := startAttach(t, ctx, "ws://"+proxy.addr+"/ws/dev")

	dev.Master.Write([]byte("before the cut\r\n"))
	term.expect("before the cut\r\n")

	proxy.cut(true)
	term.expect("[serialhub: disconnected: ")
	// A direct client sees the bytes sent while attach is away.
	watcher, err := serialtest.Dial(ctx, srv.WSURL("dev", "replay=0"))
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Conn.CloseNow()
	for { // the status comes once the watcher is subscribed
		f, err := watcher.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if f.Event.Type == "status" {
			break
		}
	}
	during := bytes.Repeat([]byte("while away\r\n"), 100)
	dev.Master.Write(during)
	var seen []byte
	for len(seen) < len(during) {
		f, err := watcher.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, f.Data...)
	}
	term.typ("lost")
	term.expect("[serialhub: not connected: what you type is discarded")
	proxy.cut(false)
	term.expect("[serialhub: reconnected to dev]\r\n")
	dev.Master.Write([]byte("after\r\n"))
	got := term.expect("after\r\n")
	if want := append(append([]byte(nil), during...), "after\r\n"...); !bytes.Equal(got, want) {
		t.Fatalf("after reconnecting the terminal shows %q, want %q", got, want)
	}
	term.typ("\x1dq")
	if err := term.wait(ctx); err != nil {
		t.Fatal(err)
	}
	term.checkRestored()
}

// TestAttachServerRestart restarts the server: attach reconnects to the
// new one, says its stream starts anew, and shows what comes next.
func TestAttachServerRestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dev := openDevice(t)
	srv := startDeviceServer(t, ctx, dev, "")
	addr := strings.TrimPrefix(srv.URL, "http://")
	term := startAttach(t, ctx, "http://"+addr+"/dev")
	dev.Master.Write([]byte("first life\r\n"))
	term.expect("first life\r\n")

	srv.Close()
	term.expect("[serialhub: disconnected: ")
	srv2 := startDeviceServer(t, ctx, dev, addr)
	term.expect("[serialhub: reconnected to dev]\r\n")
	// The bytes below must come after attach has resumed on the new
	// server: if its stream passed the old offset first, the resume would
	// skip them (the protocol has no stream identity; see the report).
	waitClients(t, ctx, srv2.WSURL("dev", "replay=0"), 2)
	dev.Master.Write([]byte("second life\r\n"))
	got := term.expect("second life\r\n")
	if bytes.Contains(got, []byte("first life")) {
		t.Fatalf("shown twice: %q", got)
	}
	term.typ("\x1dq")
	if err := term.wait(ctx); err != nil {
		t.Fatal(err)
	}
	term.checkRestored()
}

func TestAttachRefused(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := serialtest.StartServer(serialtest.Options{Ports: []hub.Config{{Name: "a", Device: "loop://"}, {Name: "b", Device: "loop://"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{host + "/nope"}, `no port named "nope" at ws://` + host + `/ws/nope (its ports: a, b)`},
		{[]string{closed + "/a"}, "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var out bytes.Buffer
			err := run(ctx, newOpener(), append([]string{"attach"}, tt.args...), &out, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("attach %v = %v, want an error with %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestAttachBadArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"attach"}, "want one URL"},
		{[]string{"attach", "a:1/x", "b"}, "want one URL"},
		{[]string{"attach", "ftp://h/x"}, `scheme "ftp"`},
		{[]string{"attach", "--escape", "xy", "h:1/x"}, "--escape"},
		{[]string{"pty", "h:1/x"}, "want a URL and a LINK"},
		{[]string{"pty", "--buffer", "1", "h:1/x", "/tmp/l"}, "--buffer"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), newOpener(), tt.args, &out, &out)
			if err == nil || !strings.Contains(err.Error()+out.String(), tt.want) {
				t.Fatalf("error %v, output %q; want %q", err, out.String(), tt.want)
			}
		})
	}
}

func TestAttachAndPtyHelp(t *testing.T) {
	for _, cmd := range []string{"attach", "pty"} {
		t.Run(cmd, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), newOpener(), []string{cmd, "--help"}, &out, &out)
			if !errors.Is(err, flag.ErrHelp) {
				t.Fatalf("--help = %v", err)
			}
			var fs *flag.FlagSet
			if cmd == "attach" {
				fs = newAttachCommand(nil, nil, nil).flags
			} else {
				fs = newPtyCommand(io.Discard).flags
			}
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(out.String(), "-"+f.Name) {
					t.Errorf("--help does not mention -%s", f.Name)
				}
			})
			for _, want := range []string{"ws://HOST:PORT/ws/NAME", "HOST:PORT/NAME", "Exit status", tokenEnv} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("--help lacks %q", want)
				}
			}
		})
	}
}

// proxy forwards TCP connections to a server, and can cut them.
type proxy struct {
	addr string
	ln   net.Listener
	to   string

	mu    sync.Mutex
	cuts  bool                  // guarded by mu: refuse and close connections
	conns map[net.Conn]struct{} // guarded by mu
	wg    sync.WaitGroup
}

func startProxy(t *testing.T, to string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), ln: ln, to: to, conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.accept)
	t.Cleanup(func() {
		ln.Close()
		p.cut(true)
		p.wg.Wait()
	})
	return p
}

func (p *proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.cuts {
			p.mu.Unlock()
			c.Close()
			continue
		}
		s, err := net.Dial("tcp", p.to)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns[c], p.conns[s] = struct{}{}, struct{}{}
		p.mu.Unlock()
		p.wg.Go(func() { io.Copy(s, c); s.Close(); c.Close() })
		p.wg.Go(func() { io.Copy(c, s); s.Close(); c.Close() })
	}
}

// cut closes every connection and refuses new ones, or lets them through.
func (p *proxy) cut(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cuts = on
	if on {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}

// TestAttachSIGTERM stops attach with SIGTERM: it restores the terminal
// and ends with status 128+15.
func TestAttachSIGTERM(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dev := openDevice(t)
	srv := startDeviceServer(t, ctx, dev, "")
	term := startAttach(t, ctx, srv.WSURL("dev", ""))
	// attach watches SIGTERM from its start, so the test process is not
	// killed by it.
	if err := unix.Kill(os.Getpid(), unix.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := term.wait(ctx)
	var ee *exitError
	if !errors.As(err, &ee) || ee.ExitCode() != 143 {
		t.Fatalf("attach = %v, want exit status 143", err)
	}
	term.expect("[serialhub: stopped by terminated]")
	term.checkRestored()
}

// TestAttachUnderLease: attach --lease writes to a port its lease
// reserves, which no one else may write to.
func TestAttachUnderLease(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dev := openDevice(t)
	srv := startDeviceServer(t, ctx, dev, "")
	resp, err := http.Post(srv.URL+"/api/ports/dev/lease", "application/json", strings.NewReader(`{"ttl":"10m"}`))
	if err != nil {
		t.Fatal(err)
	}
	var l protocol.Lease
	err = json.NewDecoder(resp.Body).Decode(&l)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("lease: %d, %v", resp.StatusCode, err)
	}
	resp, err = http.Post(srv.URL+"/api/ports/dev/expect", "application/json", strings.NewReader(`{"send":"x","quiet":"1ms"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("a write without the lease: %d, want 409", resp.StatusCode)
	}
	term := startAttach(t, ctx, "--replay=false", "--lease", l.Lease, strings.TrimPrefix(srv.URL, "http://")+"/dev")
	term.typ("mine")
	if got := readDevice(t, dev, 4); string(got) != "mine" {
		t.Fatalf("device got %q", got)
	}
	term.typ("\x1dq")
	if err := term.wait(ctx); err != nil {
		t.Fatalf("attach = %v", err)
	}
}
