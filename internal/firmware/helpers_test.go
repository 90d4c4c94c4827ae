package firmware_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// testDeadline bounds every wait of a test, so that a regression fails
// with a message rather than hanging.
const testDeadline = 30 * time.Second

// host is the test's end of the line: it writes to the emulator and reads
// its lines.
type host struct {
	t    *testing.T
	conn io.ReadWriter
	r    *bufio.Reader
}

// servePipe runs serve on one end of a net.Pipe until the test ends and
// returns the other end. The test fails if Serve ends with anything but
// the cancellation.
func servePipe(t *testing.T, serve func(context.Context, io.ReadWriter) error) *host {
	t.Helper()
	emu, conn := net.Pipe()
	conn.SetDeadline(time.Now().Add(testDeadline))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, emu) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Serve = %v, want context.Canceled", err)
		}
		conn.Close()
		emu.Close()
	})
	return &host{t: t, conn: conn, r: bufio.NewReader(conn)}
}

// send writes s.
func (h *host) send(s string) {
	h.t.Helper()
	if _, err := io.WriteString(h.conn, s); err != nil {
		h.t.Fatalf("write %q: %v", s, err)
	}
}

// line reads a line and returns it without its line ending.
func (h *host) line() string {
	h.t.Helper()
	s, err := h.r.ReadString('\n')
	if err != nil {
		h.t.Fatalf("read: %v (after %q)", err, s)
	}
	return strings.TrimRight(s, "\r\n")
}

// expect reads lines until one is want, and fails the test if it reads
// an error line first.
func (h *host) expect(want string) {
	h.t.Helper()
	for {
		got := h.line()
		if got == want {
			return
		}
		if strings.HasPrefix(strings.ToLower(got), "error") {
			h.t.Fatalf("read %q while waiting for %q", got, want)
		}
	}
}

// until reads lines until one starts with prefix and returns it, with
// the lines before it.
func (h *host) until(prefix string) (string, []string) {
	h.t.Helper()
	var before []string
	for {
		got := h.line()
		if strings.HasPrefix(got, prefix) {
			return got, before
		}
		before = append(before, got)
	}
}

// marlinLine formats a numbered line with its checksum, as a host does.
func marlinLine(n int, cmd string) string {
	s := fmt.Sprintf("N%d %s", n, cmd)
	sum := 0
	for i := range len(s) {
		sum ^= int(s[i])
	}
	return fmt.Sprintf("%s*%d\n", s, sum)
}
