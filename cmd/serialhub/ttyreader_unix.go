//go:build unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// errInterrupted ends a ttyReader's Read after Interrupt.
var errInterrupted = errors.New("read interrupted")

// ttyReader reads a terminal (or any file) in blocking mode, and can be
// interrupted: Read waits in select(2) for the file or a wake-up pipe, so
// Interrupt ends it without closing the file or making it non-blocking
// (standard input is shared with the shell, which expects it blocking).
type ttyReader struct {
	// Static after construction.
	f            *os.File
	fd           int
	wakeR, wakeW int

	closeOnce sync.Once
}

func newTTYReader(f *os.File) (*ttyReader, error) {
	fd, err := fileFd(f)
	if err != nil {
		return nil, err
	}
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		return nil, fmt.Errorf("wake-up pipe: %w", err)
	}
	unix.CloseOnExec(p[0])
	unix.CloseOnExec(p[1])
	if fd >= unix.FD_SETSIZE || p[0] >= unix.FD_SETSIZE {
		unix.Close(p[0])
		unix.Close(p[1])
		return nil, fmt.Errorf("descriptor %d too high for select", max(fd, p[0]))
	}
	return &ttyReader{f: f, fd: fd, wakeR: p[0], wakeW: p[1]}, nil
}

// Read reads what the file has, waiting for it; after Interrupt it returns
// errInterrupted. The end of the file, or a terminal hung up, is io.EOF.
func (r *ttyReader) Read(p []byte) (int, error) {
	defer runtime.KeepAlive(r.f)
	for {
		var set unix.FdSet
		set.Set(r.fd)
		set.Set(r.wakeR)
		if _, err := unix.Select(max(r.fd, r.wakeR)+1, &set, nil, nil, nil); err != nil {
			if err == unix.EINTR {
				continue
			}
			return 0, fmt.Errorf("select: %w", err)
		}
		if set.IsSet(r.wakeR) {
			return 0, errInterrupted
		}
		if !set.IsSet(r.fd) {
			continue
		}
		n, err := unix.Read(r.fd, p)
		switch {
		case err == unix.EINTR || err == unix.EAGAIN:
			continue
		case err == unix.EIO: // the terminal hung up
			return 0, io.EOF
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// Interrupt ends the Read in progress and every later one. It may be
// called from any goroutine, more than once.
func (r *ttyReader) Interrupt() {
	unix.Write(r.wakeW, []byte{0})
}

// Close releases the wake-up pipe (not the file). Call it once no Read runs.
func (r *ttyReader) Close() error {
	r.closeOnce.Do(func() {
		unix.Close(r.wakeR)
		unix.Close(r.wakeW)
	})
	return nil
}

// pollable returns f as a file that Go's poller serves, so that Close and
// deadlines interrupt its reads and writes, and closes f. A pty master
// from creack/pty is in blocking mode (its Open calls Fd).
func pollable(f *os.File) (*os.File, error) {
	fd, err := fileFd(f)
	if err != nil {
		return nil, err
	}
	nfd, err := unix.Dup(fd)
	if err != nil {
		return nil, fmt.Errorf("dup %s: %w", f.Name(), err)
	}
	unix.CloseOnExec(nfd)
	if err := unix.SetNonblock(nfd, true); err != nil {
		unix.Close(nfd)
		return nil, fmt.Errorf("non-blocking %s: %w", f.Name(), err)
	}
	name := f.Name()
	f.Close()
	return os.NewFile(uintptr(nfd), name), nil
}
