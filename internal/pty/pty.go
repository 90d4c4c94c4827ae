// Package pty opens pseudo-terminal pairs with the system's own calls,
// without cgo: on Linux through /dev/ptmx (TIOCSPTLCK, TIOCGPTN), on macOS
// through /dev/ptmx with the ioctls behind posix_openpt, grantpt,
// unlockpt and ptsname (TIOCPTYGRANT, TIOCPTYUNLK, TIOCPTYGNAME).
// Elsewhere Open returns an error wrapping ErrNotSupported.
package pty

import (
	"errors"
	"os"
)

// ErrNotSupported is returned (wrapped) by Open on a system this package
// cannot open pseudo-terminals on.
var ErrNotSupported = errors.New("pseudo-terminals not supported on this system")

// Open opens a new pseudo-terminal pair: master, the side a program
// plays the device on, and slave, the terminal (its Name is its path,
// e.g. /dev/pts/3), opened without becoming the controlling terminal of
// this process. Both are closed on exec; the caller closes both.
func Open() (master, slave *os.File, err error) {
	return open()
}
