package device_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestCloseWakesWrite checks that Close ends a Write the line does not
// take: a pty whose master nobody reads holds a few KiB, and the rest of
// a 1 MiB Write waits until Close, which must make it return the bytes
// written and ErrClosed, then finish closing.
func TestCloseWakesWrite(t *testing.T) {
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	d, err := device.Open(t.Context(), p.Path, device.DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	type result struct {
		n   int
		err error
	}
	const size = 1 << 20
	done := make(chan result, 1)
	go func() {
		n, err := d.Write(make([]byte, size))
		done <- result{n, err}
	}()
	// Wait (without reading) until the Write has put bytes on the line.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	fds := []unix.PollFd{{Fd: int32(p.Master.Fd()), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, int(time.Until(deadlineOf(ctx)).Milliseconds()))
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n == 0 {
			t.Fatalf("the Write put nothing on the line: %v", err)
		}
		break
	}
	select {
	case r := <-done:
		t.Fatalf("Write of %d bytes returned before Close, the line taking nothing: %d, %v", size, r.n, r.err)
	default:
	}

	closed := make(chan error, 1)
	go func() { closed <- d.Close() }()
	select {
	case r := <-done:
		if !errors.Is(r.err, device.ErrClosed) {
			t.Errorf("Write ended with %v, want an error wrapping ErrClosed", r.err)
		}
		if r.n <= 0 || r.n >= size {
			t.Errorf("Write returned n = %d, want the bytes the line took (some, not all)", r.n)
		}
	case <-ctx.Done():
		p.Close() // hangs the line up: the Write and Close end, and the test with them
		t.Fatal("Write still blocked after Close")
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("Close did not return")
	}
	if _, err := d.Write([]byte("x")); !errors.Is(err, device.ErrClosed) {
		t.Errorf("Write after Close: %v, want ErrClosed", err)
	}
}

// deadlineOf returns ctx's deadline, which it must have.
func deadlineOf(ctx context.Context) time.Time {
	dl, _ := ctx.Deadline()
	return dl
}
