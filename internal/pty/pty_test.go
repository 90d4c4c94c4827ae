//go:build linux || darwin

package pty_test

import (
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/serialhub/serialhub/internal/pty"
)

// TestOpen opens a pair and passes a line each way through the terminal's
// default (cooked) line discipline.
func TestOpen(t *testing.T) {
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	defer slave.Close()

	prefix := map[string]string{"linux": "/dev/pts/", "darwin": "/dev/ttys"}[runtime.GOOS]
	if !strings.HasPrefix(slave.Name(), prefix) {
		t.Errorf("slave %q, want a path starting with %s", slave.Name(), prefix)
	}
	for _, f := range []*os.File{master, slave} {
		rc, err := f.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var flags int
		var ferr error
		var tty bool
		rc.Control(func(fd uintptr) {
			flags, ferr = unix.FcntlInt(fd, unix.F_GETFD, 0)
			tty = term.IsTerminal(int(fd))
		})
		if ferr != nil || flags&unix.FD_CLOEXEC == 0 {
			t.Errorf("%s: descriptor flags %#x, %v: want close-on-exec", f.Name(), flags, ferr)
		}
		if !tty {
			t.Errorf("%s is not a terminal", f.Name())
		}
	}

	tests := []struct {
		name     string
		from, to *os.File
		send     string
		want     string
	}{
		{"program to device", slave, master, "bye\n", "bye\r\n"},   // ONLCR
		{"device to program", master, slave, "hello\n", "hello\n"}, // echoed to master, unread
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.from.Write([]byte(tt.send)); err != nil {
				t.Fatal(err)
			}
			if err := tt.to.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
				t.Fatalf("%s has no deadlines: %v", tt.to.Name(), err)
			}
			got := make([]byte, len(tt.want))
			if _, err := io.ReadFull(tt.to, got); err != nil {
				t.Fatalf("read %q so far: %v", got, err)
			}
			if string(got) != tt.want {
				t.Fatalf("read %q, want %q", got, tt.want)
			}
		})
	}
}
