package device_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/device"
)

// listenFull returns the address of a listening socket on 127.0.0.1 that
// completes no more connections: with a backlog of 0, the one connection
// made here fills its accept queue, and Linux drops the SYNs of the next
// ones, whose connect then waits (and retries) for minutes.
func listenFull(t *testing.T) string {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*unix.SockaddrInet4).Port)
	first, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("the connection that fills the queue: %v", err)
	}
	t.Cleanup(func() { first.Close() })
	return addr
}

// TestOpenTCPEndsWithContext checks that a tcp:// dial that hangs ends
// when its context is cancelled or its deadline passes, not at the dial
// timeout (10 s).
func TestOpenTCPEndsWithContext(t *testing.T) {
	const wait = 200 * time.Millisecond
	tests := []struct {
		name string
		ctx  func(context.Context) (context.Context, context.CancelFunc)
		want error
	}{
		{"cancelled", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			timer := time.AfterFunc(wait, cancel)
			return ctx, func() { timer.Stop(); cancel() }
		}, context.Canceled},
		{"deadline", func(parent context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(parent, wait)
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := listenFull(t)
			ctx, cancel := tt.ctx(t.Context())
			defer cancel()
			start := time.Now()
			d, err := device.Open(ctx, "tcp://"+addr, device.DefaultSettings)
			if d != nil {
				d.Close()
				t.Fatal("the dial completed: the listener's queue was not full")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open: %v, want an error wrapping %v", err, tt.want)
			}
			if took := time.Since(start); took > wait+2*time.Second {
				t.Fatalf("Open took %v; the context ended after %v", took, wait)
			}
		})
	}
}
