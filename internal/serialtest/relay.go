//go:build linux

package serialtest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// Relay is another program sharing a device over TCP on 127.0.0.1, for
// tests against a real peer and for comparisons: ser2net, socat, or a
// serialhub program run as a process of its own. Close stops it.
type Relay struct {
	Addr string // where it listens: 127.0.0.1:PORT

	name string        // static: the program, for messages
	cmd  *exec.Cmd     // static
	out  *output       // its standard output and error
	done chan struct{} // closed once the program has exited and been waited for
}

// Ser2netOptions configure StartSer2net.
type Ser2netOptions struct {
	Device string // required: the device's path, such as a PTY's Path
	// RFC2217 serves RFC 2217 (ser2net's telnet(rfc2217) accepter);
	// false serves the device's bytes raw.
	RFC2217 bool
	// Settings are the device's line settings in ser2net's form; default
	// "9600n81,local" (local: ignore the modem lines, which a pty lacks).
	Settings string
	// MaxConnections is how many clients may connect at once, each
	// receiving all the device sends; default 1, as in ser2net.
	MaxConnections int
	// KickOldUser lets a client past MaxConnections in, disconnecting the
	// others, instead of refusing it.
	KickOldUser bool
}

// StartSer2net runs Debian's ser2net 4 serving one device on a free port
// of 127.0.0.1, and returns once it listens there; ctx bounds the wait.
// The error wraps exec.ErrNotFound when ser2net is not installed.
func StartSer2net(ctx context.Context, opts Ser2netOptions) (*Relay, error) {
	bin, err := exec.LookPath("ser2net")
	if err != nil {
		return nil, fmt.Errorf("ser2net is not installed (Debian package ser2net): %w", err)
	}
	// A free port: ser2net binds it once this listener is closed.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().(*net.TCPAddr)
	ln.Close()

	accepter := "tcp"
	if opts.RFC2217 {
		accepter = "telnet(rfc2217),tcp"
	}
	if opts.Settings == "" {
		opts.Settings = "9600n81,local"
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = 1
	}
	// ser2net 4's YAML, one -Y argument a line.
	config := []string{
		"connection: &dev",
		fmt.Sprintf("  accepter: %s,127.0.0.1,%d", accepter, addr.Port),
		fmt.Sprintf("  connector: serialdev,%s,%s", opts.Device, opts.Settings),
		"  options:",
		fmt.Sprintf("    max-connections: %d", opts.MaxConnections),
		fmt.Sprintf("    kickolduser: %t", opts.KickOldUser),
	}
	// ser2net tells no one when it is ready, and a probing connection
	// would open the device for nothing. It writes its pid file right
	// after it starts listening, though: to its standard error here, where
	// a line of digits is the sign. (Through /dev/fd/2: ser2net unlinks
	// the file when it exits, which fails there but would remove the
	// /dev/stderr link.)
	args := []string{"-n", "-u", "-P", "/dev/fd/2"}
	for _, l := range config {
		args = append(args, "-Y", l)
	}
	r, _, err := startRelay(ctx, "ser2net", exec.Command(bin, args...), func(line string) bool {
		_, err := strconv.Atoi(line)
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	r.Addr = addr.String()
	// Should a later ser2net write its pid file before listening, say so
	// rather than let clients be refused.
	if err := listening(addr.Port); err != nil {
		r.Close()
		return nil, fmt.Errorf("ser2net wrote its pid file but %w; its output:\n%s", err, r.Output())
	}
	return r, nil
}

// listening checks that a socket listens on the port of 127.0.0.1, in the
// kernel's socket table.
func listening(port int) error {
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		return err
	}
	defer f.Close()
	want := fmt.Sprintf("0100007F:%04X", port)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 3 && fields[1] == want && fields[3] == "0A" { // 0A: LISTEN
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read /proc/net/tcp: %w", err)
	}
	return fmt.Errorf("nothing listens on 127.0.0.1:%d", port)
}

// StartSocat runs socat relaying one TCP client on a free port of
// 127.0.0.1 to the device at path, raw, and returns once it listens; ctx
// bounds the wait. socat serves a single client and exits when it leaves.
// The error wraps exec.ErrNotFound when socat is not installed.
func StartSocat(ctx context.Context, path string) (*Relay, error) {
	bin, err := exec.LookPath("socat")
	if err != nil {
		return nil, fmt.Errorf("socat is not installed (Debian package socat): %w", err)
	}
	// -d -d logs "listening on AF=2 127.0.0.1:PORT" once it listens on
	// the port the kernel chose.
	const mark = "listening on AF=2 "
	cmd := exec.Command(bin, "-d", "-d", "TCP-LISTEN:0,bind=127.0.0.1,reuseaddr", "FILE:"+path+",rawer")
	r, line, err := startRelay(ctx, "socat", cmd, func(line string) bool { return strings.Contains(line, mark) })
	if err != nil {
		return nil, err
	}
	_, r.Addr, _ = strings.Cut(line, mark)
	return r, nil
}

// startRelay starts cmd and waits until it writes a line for which ready
// is true, which it returns.
func startRelay(ctx context.Context, name string, cmd *exec.Cmd, ready func(string) bool) (*Relay, string, error) {
	out := &output{ready: ready, line: make(chan string, 1)}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s: %w", name, err)
	}
	r := &Relay{name: name, cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(r.done)
	}()
	select {
	case line := <-out.line:
		return r, line, nil
	case <-r.done:
		return nil, "", fmt.Errorf("%s exited before it listened (%v); its output:\n%s", name, cmd.ProcessState, r.Output())
	case <-ctx.Done():
		r.Close()
		return nil, "", fmt.Errorf("waiting for %s to listen: %w; its output:\n%s", name, ctx.Err(), r.Output())
	}
}

// Output returns what the program has written to its standard output and
// error so far. It is safe to call at any time.
func (r *Relay) Output() string {
	r.out.mu.Lock()
	defer r.out.mu.Unlock()
	return r.out.buf.String()
}

// Close stops the program and waits for it to exit. It is idempotent.
func (r *Relay) Close() error {
	r.cmd.Process.Kill() // fails only once it has exited
	<-r.done
	return nil
}

// output keeps what a program writes and sends the first line for which
// ready is true on line. os/exec calls Write from a goroutine of its own.
type output struct {
	ready func(string) bool // static
	line  chan string       // static; buffered, gets one line

	mu   sync.Mutex
	buf  bytes.Buffer // guarded by mu
	seen int          // guarded by mu: bytes of buf looked at by ready; -1 once it was true
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	for o.seen >= 0 {
		line, _, ok := bytes.Cut(o.buf.Bytes()[o.seen:], []byte("\n"))
		if !ok {
			break
		}
		o.seen += len(line) + 1
		if s := strings.TrimSpace(string(line)); o.ready(s) {
			o.line <- s
			o.seen = -1
		}
	}
	return len(p), nil
}
