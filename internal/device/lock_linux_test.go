package device

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// withLockDir points lock files at a directory of the test's.
func withLockDir(t *testing.T) string {
	t.Helper()
	old := lockDir
	lockDir = t.TempDir()
	t.Cleanup(func() { lockDir = old })
	return lockDir
}

func ptyPath(t *testing.T) (string, string) {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	path := slave.Name()
	slave.Close()
	t.Cleanup(func() { master.Close() })
	return path, "LCK.." + strings.ReplaceAll(strings.TrimPrefix(path, "/dev/"), "/", "_")
}

func TestUUCPLock(t *testing.T) {
	dir := withLockDir(t)
	path, name := ptyPath(t)
	lock := filepath.Join(dir, name)

	// Open takes the lock, in the format other programs read, and Close
	// gives it back.
	d, err := Open(t.Context(), path, DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(lock)
	if want := fmt.Sprintf("%10d\n", os.Getpid()); err != nil || string(b) != want {
		t.Fatalf("lock file holds %q (%v), want %q", b, err, want)
	}
	// A second open in this process is refused by the lock.
	if _, err := Open(t.Context(), path, DefaultSettings); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another port of this serialhub") {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	d.Close()
	if _, err := os.Stat(lock); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("lock file still there after Close: %v", err)
	}

	// Another live program's lock is honoured, and named.
	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		sleeper.Process.Kill()
		sleeper.Wait()
	}()
	os.WriteFile(lock, fmt.Appendf(nil, "%10d\n", sleeper.Process.Pid), 0o644)
	_, err = Open(t.Context(), path, DefaultSettings)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("sleep (process %d)", sleeper.Process.Pid)) {
		t.Fatalf("open of a port another program locked: %v", err)
	}

	// The lock of a program that is gone is stale: removed, and the port
	// opens.
	sleeper.Process.Kill()
	sleeper.Wait()
	d, err = Open(t.Context(), path, DefaultSettings)
	if err != nil {
		t.Fatalf("open over a stale lock: %v", err)
	}
	d.Close()
}

// A lock directory serialhub cannot write does not keep it off the port.
func TestUUCPLockDirNotWritable(t *testing.T) {
	old := lockDir
	lockDir = filepath.Join(t.TempDir(), "missing")
	defer func() { lockDir = old }()
	path, _ := ptyPath(t)
	d, err := Open(t.Context(), path, DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}
