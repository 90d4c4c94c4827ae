package firmware_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/firmware"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// servePTY runs serve on the master side of a pseudo-terminal, as a
// device on a serial line, until the test ends, and returns the line's
// other end (the slave, as a program opens a serial port).
func servePTY(t *testing.T, serve func(context.Context, io.ReadWriter) error) *host {
	t.Helper()
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	// pty.Open's master is in blocking mode (its Fd made it so), which no
	// deadline wakes: the emulator gets a non-blocking copy, as a program
	// opens a port.
	master, err := p.Reader()
	if err != nil {
		t.Fatal(err)
	}
	port, err := os.OpenFile(p.Path, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Fatal(err)
	}
	port.SetDeadline(time.Now().Add(testDeadline))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, master) }()
	t.Cleanup(func() {
		cancel() // Serve wakes its goroutines with a deadline on the master
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Serve = %v, want context.Canceled", err)
		}
		port.Close()
		master.Close()
	})
	return &host{t: t, conn: port, r: bufio.NewReader(port)}
}

func TestGrblOnAPTY(t *testing.T) {
	g := &firmware.Grbl{MoveTime: 5 * time.Millisecond}
	h := servePTY(t, g.Serve)
	h.expect("Grbl 1.1h ['$' for help]")
	lines := gcodeLines(100)
	streamCounting(h, lines, 127)
	if got := g.Log().Texts(); !slices.Equal(got, lines) {
		t.Errorf("grbl accepted %d lines %q,\nwant the %d sent, once each, in order", len(got), got, len(lines))
	}
	if c := g.Log().Counts(); c.Overflows != 0 || c.MaxBuffered < 64 {
		t.Errorf("counts %+v: want no overflow, the buffer used", c)
	}
}

func TestMarlinOnAPTY(t *testing.T) {
	m := &firmware.Marlin{CorruptRate: 0.1, Seed: 7}
	h := servePTY(t, m.Serve)
	expectMarlinBanner(h)
	lines := make([]string, 50)
	for i := range lines {
		lines[i] = "G1 X" + strconv.Itoa(i)
	}
	streamResending(h, lines)
	if got := m.Log().Texts(); !slices.Equal(got, lines) {
		t.Errorf("marlin accepted %q, want each line once, in order", got)
	}
	if c := m.Log().Counts(); c.Resends == 0 {
		t.Errorf("counts %+v, want resends", c)
	}
}
