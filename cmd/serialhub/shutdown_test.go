//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// shutdownMargin is how long past shutdownTimeout a real serialhub may
// take to exit after SIGTERM: the process's own start and teardown.
const shutdownMargin = 2 * time.Second

// TestShutdownNeverHangs runs the real serialhub, puts it in a state
// where something it waits for never comes, sends SIGTERM and requires
// exit status 0 within shutdownTimeout plus shutdownMargin. A process
// still running then is killed (SIGKILL) and the case fails as hung.
//
// Every case waits for its hard state to be certain before the signal,
// without sleeping (see each case's comment for how it knows).
func TestShutdownNeverHangs(t *testing.T) {
	tests := []struct {
		name string
		// start starts serialhub and puts it in the hard state; it
		// returns the process, and a WebSocket client if the case
		// expects one to be told 1001 at shutdown.
		start func(ctx context.Context, t *testing.T) (*serveProcess, *serialtest.Client)
	}{
		{"pty never read, WebSocket client writes 1 MiB", stuckWebSocket("")},
		{"pty never read, raw TCP client writes 1 MiB", stuckTCP("raw-tcp")},
		{"pty never read, RFC 2217 client writes 1 MiB", stuckTCP("rfc2217")},
		{"tcp device still dialling", dialling("tcp")},
		{"rfc2217 device still dialling", dialling("rfc2217")},
		{"rfc2217 device never answers the negotiation", negotiating},
		{"pty with flow=rtscts never read, WebSocket client writes 1 MiB", stuckWebSocket(",flow=rtscts")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			proc, watcher := tt.start(ctx, t)

			// The WebSocket client, if any, reads until its connection
			// ends; its last error says how.
			closed := make(chan error, 1)
			if watcher != nil {
				go func() {
					for {
						if _, err := watcher.Next(ctx); err != nil {
							closed <- err
							return
						}
					}
				}()
			}

			signalled := time.Now()
			if err := proc.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			deadline := shutdownTimeout + shutdownMargin
			timer := time.NewTimer(deadline)
			defer timer.Stop()
			if watcher != nil {
				select {
				case err := <-closed:
					var ce websocket.CloseError
					if !errors.As(err, &ce) || ce.Code != websocket.StatusGoingAway {
						t.Errorf("%s: the WebSocket client's connection ended with %v, want 1001 (going away)", tt.name, err)
					}
				case <-timer.C:
					t.Errorf("%s: the WebSocket client heard nothing in the %v after SIGTERM, want 1001 (going away)", tt.name, deadline)
				}
			}
			select {
			case <-proc.exited:
				t.Logf("exited %v after SIGTERM", time.Since(signalled).Round(time.Millisecond))
			case <-timer.C:
				threads := kernelWaits(proc.cmd.Process.Pid)
				proc.cmd.Process.Kill()
				<-proc.exited
				t.Fatalf("%s: serialhub hung: still running %v after SIGTERM, killed with SIGKILL; its threads were waiting in %s; its log:\n%s", tt.name, deadline, threads, proc.logs())
			}
			if proc.err != nil {
				t.Errorf("%s: serialhub exited with %v after SIGTERM, want status 0; its log:\n%s", tt.name, proc.err, proc.logs())
			}
			// On Linux every device closes for real: a stuck write is
			// woken, a dial ends. Giving up on one at the deadline is the
			// last resort of other systems.
			if logs := proc.logs(); strings.Contains(logs, "did not close by the shutdown deadline") {
				t.Errorf("%s: serialhub gave up on a device instead of closing it; its log:\n%s", tt.name, logs)
			}
		})
	}
}

// stuckWebSocket returns a case: a pty that nobody reads (options added to
// its port spec), and a WebSocket client that sends 1 MiB in frames of
// 256 KiB. The server hands each frame to the device in one write, and a
// pty holds about 12 KiB that no one reads (8 KiB of buffers plus the 4
// KiB line discipline of its master), so the first frame's write can never
// finish: as soon as its first byte reaches the master, the device write
// is in the kernel for good.
func stuckWebSocket(options string) func(context.Context, *testing.T) (*serveProcess, *serialtest.Client) {
	return func(ctx context.Context, t *testing.T) (*serveProcess, *serialtest.Client) {
		pty := openPTY(t)
		proc := startServe(t, "dev="+pty.Path+options)
		c := dialOpen(ctx, t, proc)
		frame := bytes.Repeat([]byte("0123456789abcdef"), 256<<10/16)
		sendAll(t, func() error {
			for range 4 {
				if err := c.Send(ctx, frame); err != nil {
					return err
				}
			}
			return nil
		}, func() { c.Conn.CloseNow() })
		waitDeviceWrite(ctx, t, pty)
		return proc, nil
	}
}

// stuckTCP returns a case: a pty that nobody reads and a TCP client of
// serialhub's --raw-tcp or --rfc2217 listener (flag) that writes 1 MiB
// (of plain data: an RFC 2217 server takes data before any negotiation).
// Those sessions write to the device what one read of the connection
// gives (up to 32 KiB raw, 4 KiB for RFC 2217), which can be less than
// the pty holds. So the test turns on tab expansion on the pty (OPOST,
// TAB3, set through the master on the slave side) and sends tabs: each
// becomes 8 spaces, and any write of more than 1.5 KiB of them overflows
// the pty. The first byte at the master then means the device write is
// in the kernel for good, as with a big WebSocket frame.
func stuckTCP(flag string) func(context.Context, *testing.T) (*serveProcess, *serialtest.Client) {
	return func(ctx context.Context, t *testing.T) (*serveProcess, *serialtest.Client) {
		pty := openPTY(t)
		proc := startServe(t, "--"+flag, "dev=127.0.0.1:0", "dev="+pty.Path)
		// The sessions drop what arrives while the port is not open.
		c := dialOpen(ctx, t, proc)
		c.Conn.CloseNow()
		expandTabs(t, pty)
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", proc.tcp[flag])
		if err != nil {
			t.Fatal(err)
		}
		tabs := bytes.Repeat([]byte{'\t'}, 1<<20)
		sendAll(t, func() error {
			_, err := conn.Write(tabs)
			return err
		}, func() { conn.Close() })
		waitDeviceWrite(ctx, t, pty)
		return proc, nil
	}
}

// dialling returns a case: a device of scheme (tcp or rfc2217) whose
// dial hangs. The listener has a backlog of 0 and never accepts, and a
// first connection fills its queue, so the kernel drops serialhub's SYNs
// and its connect waits (today until the open's own timeout: 10 s for
// tcp://, 15 s for rfc2217://). A port is "opening" until its first open
// attempt ends, so a WebSocket client's first status saying "opening"
// means serialhub is in that dial (or committed to it).
func dialling(scheme string) func(context.Context, *testing.T) (*serveProcess, *serialtest.Client) {
	return func(ctx context.Context, t *testing.T) (*serveProcess, *serialtest.Client) {
		addr := serialtest.FullListener(t)
		proc := startServe(t, "dev="+scheme+"://"+addr)
		return proc, dialOpening(ctx, t, proc)
	}
}

// negotiating is a case: an rfc2217:// device whose server accepts the
// connection and never answers. Once the test has read the first bytes
// serialhub sends (its option negotiation), serialhub is waiting for the
// answer (today for the rfc2217 client's reply timeout, 3 s); a
// WebSocket client's first status then says "opening".
func negotiating(ctx context.Context, t *testing.T) (*serveProcess, *serialtest.Client) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	proc := startServe(t, "dev=rfc2217://"+ln.Addr().String())
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	conn, err := ln.Accept()
	stop()
	if err != nil {
		t.Fatalf("waiting for serialhub to connect to the rfc2217:// device: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	stop = context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	_, err = conn.Read(make([]byte, 64))
	stop()
	if err != nil {
		t.Fatalf("waiting for serialhub's RFC 2217 negotiation: %v", err)
	}
	return proc, dialOpening(ctx, t, proc)
}

// dialOpening connects a WebSocket client and checks that the port is
// still opening.
func dialOpening(ctx context.Context, t *testing.T, proc *serveProcess) *serialtest.Client {
	t.Helper()
	c, err := serialtest.Dial(ctx, "ws://"+proc.addr+"/ws/dev?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Conn.CloseNow() })
	f, err := c.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f.Event.Type != "status" || f.Event.Port == nil || f.Event.Port.State != protocol.StateOpening {
		t.Fatalf("first message %s, want a status with the port opening (the device should hang)", f.Event.Raw)
	}
	return c
}

// openPTY opens a pty for the device, closed when the test ends.
func openPTY(t *testing.T) *serialtest.PTY {
	t.Helper()
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pty.Close() })
	return pty
}

// expandTabs makes the pty's slave side expand each tab it is given into
// spaces up to the next multiple of 8 columns, as a terminal would.
// Termios requests on a pty master act on its slave.
func expandTabs(t *testing.T, pty *serialtest.PTY) {
	t.Helper()
	fd := int(pty.Master.Fd())
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Oflag = tio.Oflag&^unix.TABDLY | unix.OPOST | unix.TAB3
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
}

// dialOpen connects a WebSocket client to port dev and waits until the
// device is open.
func dialOpen(ctx context.Context, t *testing.T, proc *serveProcess) *serialtest.Client {
	t.Helper()
	c, err := serialtest.Dial(ctx, "ws://"+proc.addr+"/ws/dev?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Conn.CloseNow() })
	if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	return c
}

// sendAll runs send on a goroutine of its own: it blocks once serialhub
// stops reading. At the test's end, stop (which must make send return)
// is called and the goroutine waited for.
func sendAll(t *testing.T, send func() error, stop func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		send() // fails once serialhub is gone: nothing to learn from it
	}()
	t.Cleanup(func() {
		stop()
		<-done
	})
}

// waitDeviceWrite waits until the pty's master has bytes to read: the
// device write that put them there has started. It does not read them.
func waitDeviceWrite(ctx context.Context, t *testing.T, pty *serialtest.PTY) {
	t.Helper()
	fd := int32(pty.Master.Fd())
	for {
		deadline, _ := ctx.Deadline()
		wait := time.Until(deadline)
		if wait <= 0 {
			t.Fatal("no byte reached the device: serialhub never wrote the client's data")
		}
		fds := []unix.PollFd{{Fd: fd, Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(wait/time.Millisecond)+1)
		switch {
		case errors.Is(err, unix.EINTR):
			continue // a signal to this process, not an answer
		case err != nil:
			t.Fatalf("poll the pty master: %v", err)
		case n == 0:
			t.Fatal("no byte reached the device: serialhub never wrote the client's data")
		case fds[0].Revents&unix.POLLIN == 0:
			t.Fatalf("poll the pty master: revents %#x", fds[0].Revents)
		}
		return
	}
}

// serveProcess is "serialhub serve" run as a process of its own on
// 127.0.0.1 (this test binary, told to run main).
type serveProcess struct {
	cmd  *exec.Cmd
	addr string            // its HTTP address
	tcp  map[string]string // its --raw-tcp and --rfc2217 listeners' addresses, by flag name

	exited chan struct{} // closed once it has exited and been waited for
	err    error         // what Wait returned; read after exited

	mu   sync.Mutex
	log  bytes.Buffer  // its standard error; guarded by mu
	grew chan struct{} // closed and replaced at each line of log; guarded by mu
}

// startServe starts serialhub serve with args on 127.0.0.1 and returns
// once it serves HTTP. The test's end kills it if it still runs. Its jobs
// are kept nowhere (--jobs off) unless args give --jobs: a test must not
// write into the user's config directory.
func startServe(t *testing.T, args ...string) *serveProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--listen", "127.0.0.1:0", "--jobs", "off"}, args...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	return startServeCmd(t, cmd)
}

// startServeProgram is startServe with the serialhub program at bin
// rather than this test binary (serialtest.BuildSerialhub builds one
// without the race detector).
func startServeProgram(t *testing.T, bin string, args ...string) *serveProcess {
	t.Helper()
	return startServeCmd(t, exec.Command(bin, append([]string{"serve", "--listen", "127.0.0.1:0", "--jobs", "off"}, args...)...))
}

// startServeCmd starts cmd, a "serialhub serve", and returns once it
// serves HTTP.
func startServeCmd(t *testing.T, cmd *exec.Cmd) *serveProcess {
	t.Helper()
	args := cmd.Args[1:]
	p := &serveProcess{tcp: map[string]string{}, exited: make(chan struct{}), grew: make(chan struct{})}
	p.cmd = cmd
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Kill() // fails once it has exited
		<-p.exited
	})
	// "serving over TCP" lines for the listeners come before "serving url=".
	tcpLine := regexp.MustCompile(`msg="serving over TCP" .*protocol=(\S+) listen=(\S+)`)
	serving := regexp.MustCompile(`msg=serving url=http://([0-9.:]+)/`)
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.log.WriteString(line + "\n")
			close(p.grew)
			p.grew = make(chan struct{})
			if m := tcpLine.FindStringSubmatch(line); m != nil {
				flag := m[1]
				if flag == "raw" {
					flag = "raw-tcp"
				}
				p.tcp[flag] = m[2]
			}
			p.mu.Unlock()
			if m := serving.FindStringSubmatch(line); m != nil {
				ready <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	select {
	case p.addr = <-ready:
	case <-p.exited:
		t.Fatalf("serialhub %s exited before serving (%v):\n%s", strings.Join(args, " "), p.err, p.logs())
	}
	return p
}

// logs returns what the process wrote to its standard error so far.
func (p *serveProcess) logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// waitLog waits until the process has logged a line containing text.
func (p *serveProcess) waitLog(ctx context.Context, text string) error {
	for {
		p.mu.Lock()
		found, grew := strings.Contains(p.log.String(), text), p.grew
		p.mu.Unlock()
		if found {
			return nil
		}
		select {
		case <-grew:
		case <-p.exited:
			return fmt.Errorf("serialhub exited (%v) before logging %q", p.err, text)
		case <-ctx.Done():
			return fmt.Errorf("waiting for serialhub to log %q: %w", text, ctx.Err())
		}
	}
}

// kernelWaits says where the threads of process pid wait in the kernel
// (their wchan), for the message of a hung case: a device write shows as
// n_tty_write or wait_woken, a dial as a socket wait, Go's idle threads
// as futex and epoll waits.
func kernelWaits(pid int) string {
	dir := fmt.Sprintf("/proc/%d/task", pid)
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return err.Error()
	}
	count := map[string]int{}
	var names []string
	for _, task := range tasks {
		b, err := os.ReadFile(dir + "/" + task.Name() + "/wchan")
		w := string(b)
		if err != nil || w == "" || w == "0" {
			w = "(running)"
		}
		if count[w] == 0 {
			names = append(names, w)
		}
		count[w]++
	}
	slices.Sort(names)
	var out []string
	for _, w := range names {
		out = append(out, fmt.Sprintf("%d× %s", count[w], w))
	}
	return strings.Join(out, ", ")
}
