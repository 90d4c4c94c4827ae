//go:build unix

package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/serialhub/serialhub/internal/remote"
)

// catchSignals catches SIGHUP, SIGINT and SIGTERM from now on, so that none
// ends the process before it has restored what it changed (a terminal's
// mode, a link); stop releases them.
func catchSignals() (sigs <-chan os.Signal, stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	return ch, func() { signal.Stop(ch) }
}

// runSession runs client and the pumps that move bytes between it and the
// user (attach) or programs (pty), each on its own goroutine, until one of
// them returns, ctx ends or a signal comes on sigs. It then calls release,
// which must make every pump return (by ending its read), and waits for
// all of them. It returns the signal that ended the session, if one did,
// and the client's error.
func runSession(ctx context.Context, sigs <-chan os.Signal, client *remote.Client, release func(), pumps ...func(context.Context)) (os.Signal, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg     sync.WaitGroup
		sig    os.Signal // set by the signal watcher
		runErr error     // set by the client's goroutine
	)
	wg.Go(func() {
		select {
		case sig = <-sigs:
			cancel()
		case <-ctx.Done():
		}
	})
	wg.Go(func() {
		defer cancel()
		runErr = client.Run(ctx)
	})
	for _, pump := range pumps {
		wg.Go(func() {
			defer cancel()
			pump(ctx)
		})
	}
	<-ctx.Done()
	release()
	wg.Wait()
	return sig, runErr
}
