package rfc2217

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// startSilent starts a TCP server on 127.0.0.1 that accepts a connection
// and never answers; waitAsked returns once the client has sent it
// something (the client then waits for an answer).
func startSilent(t *testing.T) (addr string, waitAsked func(context.Context) error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		buf := make([]byte, 256)
		for {
			if _, err := conn.Read(buf); err != nil {
				return // the client hung up
			}
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	})
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String(), func(ctx context.Context) error {
		select {
		case <-ch:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// TestOpenCancelled checks that cancelling the context ends Open at once,
// whatever it waits for, well before the reply timeout (3 s) would.
func TestOpenCancelled(t *testing.T) {
	tests := []struct {
		name  string
		start func(t *testing.T) (addr string, waitAsked func(context.Context) error)
	}{
		{"server never answers", startSilent},
		{"server does not answer SET-BAUDRATE", func(t *testing.T) (string, func(context.Context) error) {
			ss := startScript(t, false, func(cmd []byte) []byte {
				if cmd[0] == comSetBaud {
					return nil
				}
				return echoAnswer(cmd)
			})
			return ss.addr, func(ctx context.Context) error {
				for {
					select {
					case cmd := <-ss.cmds:
						if cmd[0] == comSetBaud {
							return nil
						}
					case <-ctx.Done():
						return ctx.Err()
					}
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, waitAsked := tt.start(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			type result struct {
				dev device.Device
				err error
			}
			done := make(chan result, 1)
			go func() {
				dev, err := Open(ctx, "rfc2217://"+addr, device.Settings{})
				done <- result{dev, err}
			}()
			waitCtx, stop := context.WithTimeout(t.Context(), testTimeout)
			defer stop()
			if err := waitAsked(waitCtx); err != nil {
				t.Fatalf("the client asked nothing: %v", err)
			}
			cancel()
			cancelled := time.Now()
			select {
			case r := <-done:
				if r.dev != nil {
					r.dev.Close()
					t.Fatal("Open succeeded")
				}
				if !errors.Is(r.err, context.Canceled) {
					t.Fatalf("Open: %v, want an error wrapping context.Canceled", r.err)
				}
				if d := time.Since(cancelled); d > time.Second {
					t.Fatalf("Open returned %v after the cancel", d)
				}
			case <-waitCtx.Done():
				t.Fatal("Open still waiting after the cancel")
			}
		})
	}
}
