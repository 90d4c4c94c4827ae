//go:build linux

package main

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// A real serialhub process stopped by SIGTERM or SIGINT tells its clients
// it is going away (1001) and exits 0.
func TestServeStopsOnSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			proc, addr := startProcess(t, "sim://")
			c, err := serialtest.Dial(ctx, "ws://"+addr+"/ws/sim?replay=0")
			if err != nil {
				t.Fatal(err)
			}
			defer c.Conn.CloseNow()
			if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
				t.Fatal(err)
			}
			if err := proc.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			for {
				_, err := c.Next(ctx)
				if err == nil {
					continue // telemetry until the end
				}
				var ce websocket.CloseError
				if !errors.As(err, &ce) || ce.Code != websocket.StatusGoingAway || ce.Reason != "server shutting down" {
					t.Fatalf("the client's connection ended with %v, want 1001 server shutting down", err)
				}
				break
			}
			if err := proc.Wait(); err != nil {
				t.Fatalf("serialhub exited with %v after %v, want status 0", err, sig)
			}
		})
	}
}
