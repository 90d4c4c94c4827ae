//go:build linux

package main

import (
	"bytes"
	"context"
	"net"
	"sync"
	"testing"
)

// running is a serve command that a test runs on 127.0.0.1.
type running struct {
	addr string       // the HTTP address it serves
	logs bytes.Buffer // its logs (read once it has stopped)

	once sync.Once
	stop context.CancelFunc
	done chan error
	err  error
}

// serve parses args as "serialhub serve" would, lets setup set the
// command's test hooks, runs it on a fresh 127.0.0.1 listener and returns
// once it serves. Stop (or the test's end) stops it.
func serve(t *testing.T, args []string, setup func(*serveCommand)) *running {
	t.Helper()
	r := &running{done: make(chan error, 1)}
	c := newServeCommand(newOpener(), &bytes.Buffer{}, &r.logs)
	if err := c.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan net.Addr, 1)
	c.Listener, c.Ready = ln, ready
	if setup != nil {
		setup(c)
	}
	ctx, stop := context.WithCancel(context.Background())
	r.stop = stop
	go func() { r.done <- c.Run(ctx) }()
	t.Cleanup(func() { r.Stop() })
	select {
	case addr := <-ready:
		r.addr = addr.String()
	case err := <-r.done:
		t.Fatalf("serve %v: %v", args, err)
	}
	return r
}

// Stop ends Run as SIGINT would and returns what Run returned.
func (r *running) Stop() error {
	r.once.Do(func() {
		r.stop()
		r.err = <-r.done
	})
	return r.err
}
