//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"

	"golang.org/x/term"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/remote"
)

// errQuit ends the input loop when the user quits.
var errQuit = errors.New("quit")

// Run connects, puts the terminal in raw mode, and moves bytes both ways
// until the user quits, a signal comes, or the connection fails for good.
// The terminal is restored before it returns.
func (c *attachCommand) Run(ctx context.Context) error {
	// Signals are caught from the start, so that none kills the process
	// with the terminal in raw mode.
	sigs, stop := catchSignals()
	defer stop()

	fd, err := fileFd(c.In)
	if err != nil {
		return err
	}
	tty := term.IsTerminal(fd)
	out := &termOut{out: c.Out, err: c.Err, raw: tty, lineStart: true}
	s := &attachSession{cmd: c, out: out, echo: c.Echo, tty: tty}

	opts := remote.Options{
		Token:       c.token(),
		Lease:       c.lease(),
		NoReplay:    !c.Replay,
		NoReconnect: !c.Reconnect,
		Out:         out,
		Notify:      s.event,
	}
	if c.opts != nil {
		c.opts(&opts)
	}
	client, err := remote.Dial(ctx, c.Target, opts)
	if err != nil {
		return err
	}
	s.client = client

	in, err := newTTYReader(c.In)
	if err != nil {
		client.Close()
		return err
	}
	defer in.Close()
	if tty {
		old, err := term.MakeRaw(fd)
		if err != nil {
			client.Close()
			return fmt.Errorf("put the terminal in raw mode: %w", err)
		}
		defer term.Restore(fd, old)
	}
	if c.Escape >= 0 && tty {
		out.notice("connected to %s; %s then ? for help", c.Target.WS.Redacted(), escapeName(c.Escape))
	} else {
		out.notice("connected to %s", c.Target.WS.Redacted())
	}

	var inErr error // set by the input loop
	sig, runErr := runSession(ctx, sigs, client, in.Interrupt, func(ctx context.Context) {
		inErr = s.input(ctx, in)
	})
	switch {
	case sig != nil:
		out.notice("stopped by %v", sig)
		n := 0
		if s, ok := sig.(syscall.Signal); ok {
			n = int(s)
		}
		return &exitError{Code: exitSignal + n}
	case runErr != nil:
		return runError(runErr)
	case inErr != nil && !errors.Is(inErr, errQuit):
		return inErr
	}
	return nil
}

// fileFd returns f's descriptor without changing its blocking mode (which
// f.Fd would).
func fileFd(f *os.File) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, fmt.Errorf("standard input: %w", err)
	}
	fd := -1
	if err := rc.Control(func(u uintptr) { fd = int(u) }); err != nil {
		return 0, fmt.Errorf("standard input: %w", err)
	}
	return fd, nil
}

// attachSession is one run of attach.
type attachSession struct {
	// Static after construction.
	cmd    *attachCommand
	out    *termOut
	client *remote.Client
	tty    bool // the input is a terminal: escapes work

	// Owned by the input loop.
	echo      bool // local echo
	escaped   bool // the escape character came last
	discarded bool // input was discarded since the last connection
	breaks    int  // breaks sent, for their ids

	// Owned by the client's goroutine (Notify).
	port       *protocol.Port // as last known
	lastNotice string         // the last retry message, not repeated
}

// event shows an event of the client.
func (s *attachSession) event(ev remote.Event) {
	switch ev.Type {
	case "ok":
		if bytes.HasPrefix(ev.ID, []byte(`"break-`)) {
			s.out.notice("break sent")
		}
		return
	case "connected":
		s.lastNotice = ""
	case "retry":
		// Said once per cause, not at every attempt.
		text := eventText(s.cmd.Target.Name, ev, s.port)
		cause := causeKey(ev.Err)
		if cause == s.lastNotice {
			return
		}
		s.lastNotice = cause
		s.out.notice("%s", text)
		return
	case "disconnected":
		text := eventText(s.cmd.Target.Name, ev, s.port)
		if s.cmd.Reconnect {
			text += "; reconnecting"
		}
		s.out.notice("%s", text)
		return
	}
	if text := eventText(s.cmd.Target.Name, ev, s.port); text != "" {
		s.out.notice("%s", text)
	}
	if ev.Type == "status" && ev.Port != nil {
		s.port = ev.Port
	}
}

// input reads the terminal until the user quits (errQuit), the input ends
// (errQuit), ctx ends (nil) or reading fails.
func (s *attachSession) input(ctx context.Context, in *ttyReader) error {
	buf := make([]byte, 4096)
	for {
		n, err := in.Read(buf)
		if n > 0 {
			if s.handle(ctx, buf[:n]) {
				return errQuit
			}
		}
		switch {
		case err == nil:
		case errors.Is(err, errInterrupted):
			return nil
		case errors.Is(err, io.EOF):
			return errQuit
		default:
			return fmt.Errorf("read the terminal: %w", err)
		}
	}
}

// handle sends typed bytes to the port and carries out escapes; it reports
// whether the user quit.
func (s *attachSession) handle(ctx context.Context, p []byte) (quit bool) {
	esc := s.cmd.Escape
	if !s.tty {
		esc = -1
	}
	start := 0 // of the bytes not sent yet
	for i := 0; i < len(p); i++ {
		b := p[i]
		if s.escaped {
			s.escaped = false
			start = i + 1
			switch b {
			case '.', 'q':
				return true
			case 'b':
				s.sendBreak(ctx)
			case 'e':
				s.echo = !s.echo
				s.out.notice("local echo %s", map[bool]string{true: "on", false: "off"}[s.echo])
			case 's':
				s.showPort()
			case '?', 'h':
				s.help()
			default:
				if int(b) == esc {
					start = i // sent with what follows
					continue
				}
				s.out.notice("%s %q does nothing; %s then ? lists the keys", escapeName(esc), rune(b), escapeName(esc))
			}
			continue
		}
		if int(b) == esc {
			s.send(ctx, p[start:i])
			s.escaped = true
			start = i + 1
		}
	}
	s.send(ctx, p[start:])
	return false
}

// send sends typed bytes to the port, or says why they were discarded.
func (s *attachSession) send(ctx context.Context, p []byte) {
	if len(p) == 0 {
		return
	}
	err := s.client.Send(ctx, p)
	switch {
	case err == nil:
		s.discarded = false
		if s.echo {
			s.out.echo(p)
		}
	case errors.Is(err, remote.ErrNotConnected):
		if !s.discarded {
			s.out.notice("not connected: what you type is discarded until the connection is back")
			s.discarded = true
		}
	case ctx.Err() == nil:
		s.out.notice("%d bytes not sent: %v", len(p), err)
	}
}

func (s *attachSession) sendBreak(ctx context.Context) {
	s.breaks++
	id := fmt.Sprintf("break-%d", s.breaks)
	if err := s.client.Control(ctx, map[string]any{"type": "break", "id": id}); err != nil {
		s.out.notice("break not sent: %v", err)
	}
}

func (s *attachSession) showPort() {
	p, ok := s.client.Port()
	if !ok {
		s.out.notice("no status from the port yet")
		return
	}
	off, _ := s.client.Offset()
	s.out.notice("%s; at byte %d of its stream; local echo %s", portText(p), off, map[bool]string{true: "on", false: "off"}[s.echo])
}

func (s *attachSession) help() {
	e := escapeName(s.cmd.Escape)
	s.out.notice("%s then: . or q quit, b break, e local echo on/off, s port status, ? this help, %s send %s", e, e, e)
}

// termOut writes to the terminal: the port's bytes untouched, and messages
// on lines of their own. Its methods are safe for concurrent use.
type termOut struct {
	mu        sync.Mutex
	out, err  io.Writer // guarded by mu
	raw       bool      // static: the terminal is in raw mode (lines end in \r\n)
	lineStart bool      // guarded by mu: the last byte shown ended a line
}

// Write shows the port's bytes.
func (t *termOut) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, err := t.out.Write(p)
	if n > 0 {
		t.lineStart = p[n-1] == '\n'
	}
	return n, err
}

// echo shows typed bytes, a carriage return as a new line.
func (t *termOut) echo(p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, b := range p {
		if b == '\r' {
			t.out.Write([]byte("\r\n"))
			t.lineStart = true
			continue
		}
		t.out.Write([]byte{b})
		t.lineStart = b == '\n'
	}
}

// notice shows a message of serialhub's on a line of its own.
func (t *termOut) notice(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	nl := "\n"
	if t.raw {
		nl = "\r\n"
	}
	msg := "[serialhub: " + fmt.Sprintf(format, args...) + "]" + nl
	if !t.lineStart {
		msg = nl + msg
	}
	t.err.Write([]byte(msg))
	t.lineStart = true
}
