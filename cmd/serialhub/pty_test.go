//go:build linux

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// startPty runs "serialhub pty ARGS URL LINK" and returns LINK once it
// points to the pseudo-terminal, and a function that stops pty (as SIGTERM
// would) and returns its result.
func startPty(t *testing.T, ctx context.Context, url, link string, args ...string) func() error {
	t.Helper()
	var logs bytes.Buffer
	c := newPtyCommand(&logs)
	if err := c.ParseFlags(append(args, url, link)); err != nil {
		t.Fatal(err)
	}
	c.opts = fastRetry
	ready := make(chan string, 1)
	c.Ready = ready
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- c.Run(runCtx) }()
	stop := func() error {
		cancel()
		err := <-done
		done <- err
		return err
	}
	t.Cleanup(func() { stop() })
	select {
	case <-ready:
	case err := <-done:
		done <- err
		t.Fatalf("pty: %v\n%s", err, logs.String())
	}
	return stop
}

// TestPtyWithPyserial has pyserial open LINK at 9600 baud, write to the
// device and read every byte value back from it: the baud reaches the
// device, bytes pass both ways untouched, and LINK is gone after pty stops.
func TestPtyWithPyserial(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import serial").Run(); err != nil {
		t.Skipf("pyserial (python3-serial) is not installed: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dev := openDevice(t)
	srv := startDeviceServer(t, ctx, dev, "")
	link := filepath.Join(t.TempDir(), "ttyDEV")
	stop := startPty(t, ctx, srv.WSURL("dev", ""), link)

	script := `
import serial, sys
s = serial.Serial(sys.argv[1], baudrate=9600, timeout=20)
s.write(b"ping\x00\xff\r\n")
s.flush()
got = s.read(256)
sys.stdout.write(got.hex())
s.close()
`
	py := exec.CommandContext(ctx, python, "-c", script, link)
	var out, errOut bytes.Buffer
	py.Stdout, py.Stderr = &out, &errOut
	if err := py.Start(); err != nil {
		t.Fatal(err)
	}
	if got := readDevice(t, dev, 8); string(got) != "ping\x00\xff\r\n" {
		t.Fatalf("device read %q", got)
	}
	// pyserial set 9600 baud before writing: the port's settings, and
	// the device's line, changed before those bytes arrived.
	if line, err := dev.Line(); err != nil || line.Baud != 9600 {
		t.Fatalf("device line %+v, %v; want 9600 baud", line, err)
	}
	if _, err := dev.Master.Write(allBytes()); err != nil {
		t.Fatal(err)
	}
	if err := py.Wait(); err != nil {
		t.Fatalf("pyserial: %v\n%s", err, errOut.String())
	}
	want := make([]byte, 0, 512)
	for _, b := range allBytes() {
		want = append(want, "0123456789abcdef"[b>>4], "0123456789abcdef"[b&15])
	}
	if out.String() != string(want) {
		t.Fatalf("pyserial read %s, want every byte value", out.String())
	}

	// A second program opens LINK after the first closed it.
	f, err := os.OpenFile(link, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("again"))
	f.Close()
	if got := readDevice(t, dev, 5); string(got) != "again" {
		t.Fatalf("device read %q", got)
	}

	if err := stop(); err != nil {
		t.Fatalf("pty = %v, want nil", err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Fatalf("LINK still there after pty stopped: %v", err)
	}
}

// TestPtyLink refuses a LINK in the way, and replaces a stale one.
func TestPtyLink(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv, err := serialtest.StartServer(serialtest.Options{Ports: []hub.Config{{Name: "loop", Device: "loop://"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()

	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	var logs bytes.Buffer
	err = run(ctx, newOpener(), []string{"pty", srv.WSURL("loop", ""), file}, &logs, &logs)
	if err == nil || !strings.Contains(err.Error(), "exists and is not a symbolic link") {
		t.Fatalf("pty over a file = %v", err)
	}
	other := filepath.Join(dir, "other")
	os.Symlink("/etc/passwd", other)
	err = run(ctx, newOpener(), []string{"pty", srv.WSURL("loop", ""), other}, &logs, &logs)
	if err == nil || !strings.Contains(err.Error(), "not a pseudo-terminal") {
		t.Fatalf("pty over a link elsewhere = %v", err)
	}

	stale := filepath.Join(dir, "stale")
	os.Symlink("/dev/pts/999999", stale)
	stop := startPty(t, ctx, srv.WSURL("loop", ""), stale)
	target, err := os.Readlink(stale)
	if err != nil || !strings.HasPrefix(target, "/dev/pts/") || target == "/dev/pts/999999" {
		t.Fatalf("stale link not replaced: %q, %v", target, err)
	}
	// A second pty on the same LINK is refused while the first runs.
	err = run(ctx, newOpener(), []string{"pty", srv.WSURL("loop", ""), stale}, &logs, &logs)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second pty on a live link = %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
