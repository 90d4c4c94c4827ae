package device

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockDir is where UUCP lock files live (/var/lock is /run/lock on modern
// systems); tests point it elsewhere.
var lockDir = "/var/lock"

// uucpLock is a UUCP lock file, LCK..NAME holding the owner's PID, which
// minicom, picocom, screen, ser2net and others honour to keep two programs
// off one port. go.bug.st/serial's TIOCEXCL does the same between programs
// that do not use lock files, and for root, which TIOCEXCL does not stop,
// the lock file is the only guard.
type uucpLock struct {
	path string // "" when no lock could be taken where none is needed
}

// lockPort takes the lock of the serial port at path. It fails with an
// error wrapping ErrLocked if a live process holds it; a lock left by a
// process that is gone is removed. A lock directory serialhub may not write
// is no reason to refuse the port: TIOCEXCL still guards it.
func lockPort(path string) (*uucpLock, error) {
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		resolved = path
	}
	name := strings.ReplaceAll(strings.TrimPrefix(resolved, "/dev/"), "/", "_")
	lock := filepath.Join(lockDir, "LCK.."+name)
	content := fmt.Appendf(nil, "%10d\n", os.Getpid())
	for attempt := 0; attempt < 2; attempt++ {
		f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := f.Write(content)
			cerr := f.Close()
			if werr != nil || cerr != nil {
				os.Remove(lock)
				return &uucpLock{}, nil
			}
			return &uucpLock{path: lock}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			// E.g. no permission, or a read-only /run/lock under a
			// sandboxing service manager: go on without, and say so.
			slog.Warn("no UUCP lock file taken; programs that honour lock files may open the port too", "device", path, "err", err)
			return &uucpLock{}, nil
		}
		pid, alive := lockOwner(lock)
		if alive {
			who := "another program"
			if pid == os.Getpid() {
				who = "another port of this serialhub"
			} else if cmd := processName(pid); cmd != "" {
				who = fmt.Sprintf("%s (process %d)", cmd, pid)
			} else {
				who = fmt.Sprintf("process %d", pid)
			}
			return nil, fmt.Errorf("%w by %s: lock file %s", ErrLocked, who, lock)
		}
		// Stale: its process is gone. Remove it and try once more.
		os.Remove(lock)
	}
	return nil, fmt.Errorf("%w: lock file %s keeps coming back", ErrLocked, lock)
}

// lockOwner reads a lock file's PID and reports whether that process
// lives. A file that cannot be read or parsed counts as held, to be safe,
// unless it is empty (a lock being written can be empty for a moment, and
// one left empty is stale).
func lockOwner(lock string) (pid int, alive bool) {
	b, err := os.ReadFile(lock)
	if err != nil {
		return 0, !errors.Is(err, fs.ErrNotExist)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return 0, false
	}
	pid, err = strconv.Atoi(s)
	if err != nil || pid <= 0 {
		return 0, true
	}
	err = syscall.Kill(pid, 0)
	return pid, err == nil || errors.Is(err, syscall.EPERM)
}

func processName(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// unlock removes the lock file if it is still ours.
func (l *uucpLock) unlock() {
	if l == nil || l.path == "" {
		return
	}
	if pid, _ := lockOwner(l.path); pid == os.Getpid() {
		os.Remove(l.path)
	}
	l.path = ""
}
