//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	"golang.org/x/term"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/pty"
	"github.com/serialhub/serialhub/internal/remote"
)

// Run connects, makes the pseudo-terminal and LINK, and moves bytes both
// ways until ctx ends or a signal comes; it removes LINK before it returns.
func (c *ptyCommand) Run(ctx context.Context) error {
	sigs, stop := catchSignals()
	defer stop()

	s := &ptySession{cmd: c, queue: newByteQueue(c.Buffer)}
	opts := remote.Options{
		Token:       c.token(),
		Lease:       c.lease(),
		NoReplay:    !c.Replay,
		NoReconnect: !c.Reconnect,
		Out:         s.queue,
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

	master, slave, err := pty.Open()
	if err != nil {
		client.Close()
		return fmt.Errorf("open a pseudo-terminal: %w", err)
	}
	if master, err = pollable(master); err != nil {
		slave.Close()
		client.Close()
		return err
	}
	// The slave stays open here too: a program closing LINK then does not
	// hang the line up, and the next one finds it as the last left it.
	defer slave.Close()
	defer master.Close()
	s.master, s.slave = master, slave
	if err := s.setup(); err != nil {
		client.Close()
		return err
	}
	if err := makeLink(c.Link, slave.Name()); err != nil {
		client.Close()
		return err
	}
	defer removeLink(c.Link, slave.Name())
	c.Log.Info("serving", "link", c.Link, "pty", slave.Name(), "url", c.Target.WS.Redacted())
	if c.Ready != nil {
		c.Ready <- slave.Name()
	}

	// Closing the master ends the pumps' reads and writes.
	sig, runErr := runSession(ctx, sigs, client, func() { master.Close() }, s.toPort, s.fromPort)
	if sig != nil {
		c.Log.Info("stopping", "signal", sig.String())
	}
	if s.err != nil {
		return s.err
	}
	return runError(runErr)
}

// ptySession is one run of pty.
type ptySession struct {
	// Static after construction.
	cmd           *ptyCommand
	client        *remote.Client
	queue         *byteQueue // the port's bytes, for the master
	master, slave *os.File
	packet        bool // the master is in packet mode (Linux)

	// Owned by the client's goroutine (Notify).
	port      *protocol.Port
	lastRetry string

	// Owned by the master's reader (toPort).
	settingsID int // of settings messages sent

	termMu    sync.Mutex
	line      ptyLine // guarded by termMu: the pseudo-terminal's settings as last seen or set
	lineKnown bool    // guarded by termMu

	mu  sync.Mutex
	err error // guarded by mu: what ended a pump, if it failed
}

// setup puts the pseudo-terminal in raw mode and, where the system can,
// in packet mode to see the settings programs give it.
func (s *ptySession) setup() error {
	fd, err := fileFd(s.slave)
	if err != nil {
		return err
	}
	if _, err := term.MakeRaw(fd); err != nil {
		return fmt.Errorf("raw mode on %s: %w", s.slave.Name(), err)
	}
	s.packet, err = packetMode(s.master)
	if err != nil {
		return err
	}
	if p, ok := s.client.Port(); ok {
		s.showSettings(p.Settings)
	}
	return nil
}

func (s *ptySession) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

// event logs an event of the client and follows the port's settings.
func (s *ptySession) event(ev remote.Event) {
	log := s.cmd.Log
	switch ev.Type {
	case "connected":
		s.lastRetry = ""
	case "retry":
		cause := causeKey(ev.Err)
		if cause == s.lastRetry {
			return
		}
		s.lastRetry = cause
	case "status":
		if ev.Port != nil && (s.port == nil || s.port.Settings != ev.Port.Settings) {
			s.showSettings(ev.Port.Settings)
		}
	}
	if text := eventText(s.cmd.Target.Name, ev, s.port); text != "" {
		log.Info(text)
	}
	if ev.Type == "status" && ev.Port != nil {
		s.port = ev.Port
	}
}

// toPort moves what programs write to LINK to the port, waiting for the
// connection when there is none.
func (s *ptySession) toPort(ctx context.Context) {
	buf := make([]byte, 32<<10)
	for {
		n, err := s.master.Read(buf)
		if err != nil {
			if ctx.Err() == nil {
				s.fail(fmt.Errorf("read the pseudo-terminal: %w", err))
			}
			return
		}
		p := buf[:n]
		if s.packet {
			if n == 0 {
				continue
			}
			if p[0] != 0 { // a status packet: no data
				s.packetStatus(ctx, p[0])
				continue
			}
			p = p[1:]
		}
		for len(p) > 0 {
			err := s.client.Send(ctx, p)
			if errors.Is(err, remote.ErrNotConnected) {
				if s.client.WaitConnected(ctx) != nil {
					return
				}
				continue
			}
			if err != nil && ctx.Err() == nil {
				s.cmd.Log.Warn("bytes not sent", "bytes", len(p), "err", err)
			}
			break
		}
	}
}

// fromPort moves the port's bytes to programs.
func (s *ptySession) fromPort(ctx context.Context) {
	for {
		p, dropped, err := s.queue.take(ctx)
		if err != nil {
			return
		}
		if dropped > 0 {
			s.cmd.Log.Warn("discarded bytes of the port: no program read "+s.cmd.Link+" in time", "bytes", dropped)
		}
		if _, err := s.master.Write(p); err != nil {
			if ctx.Err() == nil {
				s.fail(fmt.Errorf("write the pseudo-terminal: %w", err))
			}
			return
		}
	}
}

// makeLink makes link a symbolic link to target, replacing a link left by
// an earlier run to a pseudo-terminal that is gone.
func makeLink(link, target string) error {
	err := os.Symlink(target, link)
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("make the link: %w", err)
	}
	old, rerr := os.Readlink(link)
	if rerr != nil {
		return fmt.Errorf("%s exists and is not a symbolic link: remove it or choose another LINK", link)
	}
	if !isPtyPath(old) {
		return fmt.Errorf("%s exists and points to %s, not a pseudo-terminal: remove it or choose another LINK", link, old)
	}
	if _, err := os.Stat(old); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s exists and points to %s, a pseudo-terminal in use (another serialhub pty?): stop it, or remove the link or choose another LINK", link, old)
	}
	// A stale link of ours: replace it.
	if err := os.Remove(link); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("replace the stale link: %w", err)
	}
	if err := os.Symlink(target, link); err != nil {
		return fmt.Errorf("make the link: %w", err)
	}
	return nil
}

// isPtyPath reports whether path names a pseudo-terminal's slave.
func isPtyPath(path string) bool {
	return strings.HasPrefix(path, "/dev/pts/") || strings.HasPrefix(path, "/dev/ttys") || strings.HasPrefix(path, "/dev/ttyp")
}

// removeLink removes link if it still points to target.
func removeLink(link, target string) {
	if old, err := os.Readlink(link); err == nil && old == target {
		os.Remove(link)
	}
}

// byteQueue holds the port's bytes for the pseudo-terminal: Write never
// blocks (the client's reader must not wait for programs); what does not
// fit is discarded and counted. Its methods are safe for concurrent use.
type byteQueue struct {
	limit int           // static
	wake  chan struct{} // static: signalled when data or a drop arrives

	mu      sync.Mutex
	buf     []byte // guarded by mu
	dropped uint64 // guarded by mu: discarded since the last take
}

func newByteQueue(limit int) *byteQueue {
	return &byteQueue{limit: limit, wake: make(chan struct{}, 1)}
}

// Write queues p, or discards what does not fit; it never fails.
func (q *byteQueue) Write(p []byte) (int, error) {
	q.mu.Lock()
	n := min(len(p), q.limit-len(q.buf))
	q.buf = append(q.buf, p[:n]...)
	q.dropped += uint64(len(p) - n)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

// flush discards what is queued (a program flushed its input).
func (q *byteQueue) flush() {
	q.mu.Lock()
	q.buf = q.buf[:0]
	q.mu.Unlock()
}

// take waits for queued bytes and returns them with the count discarded
// since the last take.
func (q *byteQueue) take(ctx context.Context) ([]byte, uint64, error) {
	var out []byte
	for {
		q.mu.Lock()
		if len(q.buf) > 0 || q.dropped > 0 {
			out = append(out, q.buf...)
			q.buf = q.buf[:0]
			dropped := q.dropped
			q.dropped = 0
			q.mu.Unlock()
			return out, dropped, nil
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
}
