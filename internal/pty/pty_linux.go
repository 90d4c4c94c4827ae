package pty

import (
	"fmt"
	"strconv"

	"golang.org/x/sys/unix"
)

// unlock makes the slave of the master at fd ready to open (unlockpt) and
// returns its path (ptsname).
func unlock(fd int) (string, error) {
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		return "", fmt.Errorf("unlock: %w", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		return "", fmt.Errorf("get the terminal's number: %w", err)
	}
	return "/dev/pts/" + strconv.FormatUint(uint64(n), 10), nil
}
