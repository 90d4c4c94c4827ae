package pty

import (
	"bytes"
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// unlock makes the slave of the master at fd ready to open (grantpt,
// unlockpt) and returns its path (ptsname).
func unlock(fd int) (string, error) {
	if err := unix.IoctlSetInt(fd, unix.TIOCPTYGRANT, 0); err != nil {
		return "", fmt.Errorf("grant: %w", err)
	}
	if err := unix.IoctlSetInt(fd, unix.TIOCPTYUNLK, 0); err != nil {
		return "", fmt.Errorf("unlock: %w", err)
	}
	// The path comes NUL-terminated, in a buffer of the size the request
	// encodes (128 bytes).
	buf := make([]byte, (unix.TIOCPTYGNAME>>16)&0x1fff)
	if _, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.TIOCPTYGNAME, uintptr(unsafe.Pointer(&buf[0]))); errno != 0 {
		return "", fmt.Errorf("get the terminal's name: %w", errno)
	}
	end := bytes.IndexByte(buf, 0)
	if end < 0 {
		return "", errors.New("get the terminal's name: not NUL-terminated")
	}
	return string(buf[:end]), nil
}
