package device

import "golang.org/x/sys/unix"

const (
	ioctlGetTermios = unix.TIOCGETA
	ioctlSetTermios = unix.TIOCSETA
)

// flushOutput discards the output queue: TIOCFLUSH with FWRITE (2).
func flushOutput(fd int) { unix.IoctlSetPointerInt(fd, unix.TIOCFLUSH, 2) }
