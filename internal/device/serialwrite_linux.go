package device

import (
	"fmt"
	"os"
	"time"

	"go.bug.st/serial"
	"golang.org/x/sys/unix"
)

// A write(2) to a line that takes nothing (a pseudo-terminal nobody
// reads, a UART whose flow control is held) blocks in the kernel, and
// neither closing the descriptor nor a flush of the output queue ends it
// on every line (a pty's does not). So on Linux, Write writes through a
// non-blocking duplicate of the port's descriptor registered with Go's
// poller: a write the line does not take waits in the poller, and closing
// the duplicate wakes it at once, with the bytes written so far. No
// goroutine or thread is left waiting.
//
// The duplicate shares the open file (and so its O_NONBLOCK) with the
// descriptor go.bug.st/serial keeps: its Read waits for the line to be
// readable before it reads, so it still blocks where it did (Read retries
// the rare EAGAIN of a reading that lost its data in between), and the
// modem helper's ioctls wait whatever the flag.

// openWriter returns the descriptor Write writes through, or nil if the
// port's descriptor cannot be had (Write then uses the port, as elsewhere).
func openWriter(port serial.Port, path string) (*os.File, error) {
	fd, err := fdOf(port)
	if err != nil {
		return nil, nil // TestSerialSettingsReachTheLine reports it
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("copy descriptor for writing: %w", err)
	}
	if err := unix.SetNonblock(dup, true); err != nil {
		unix.Close(dup)
		return nil, fmt.Errorf("make descriptor non-blocking: %w", err)
	}
	// os.NewFile registers a non-blocking descriptor with the poller; only
	// a file the poller took has deadlines.
	f := os.NewFile(uintptr(dup), path)
	if err := f.SetWriteDeadline(time.Time{}); err != nil {
		f.Close()
		return nil, fmt.Errorf("wait for the line in Go's poller: %w", err)
	}
	return f, nil
}
