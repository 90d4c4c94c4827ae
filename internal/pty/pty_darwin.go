package pty

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

func open() (*os.File, *os.File, error) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open pseudo-terminal: %w", err)
	}
	var name string
	if err := control(master, func(fd int) error {
		// grantpt and unlockpt: the slave may be opened.
		if err := unix.IoctlSetInt(fd, unix.TIOCPTYGRANT, 0); err != nil {
			return fmt.Errorf("grant: %w", err)
		}
		if err := unix.IoctlSetInt(fd, unix.TIOCPTYUNLK, 0); err != nil {
			return fmt.Errorf("unlock: %w", err)
		}
		// ptsname: the slave's path, NUL-terminated, in a buffer of the
		// size the request encodes (128 bytes).
		buf := make([]byte, (unix.TIOCPTYGNAME>>16)&0x1fff)
		if _, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.TIOCPTYGNAME, uintptr(unsafe.Pointer(&buf[0]))); errno != 0 {
			return fmt.Errorf("get the terminal's name: %w", errno)
		}
		end := bytes.IndexByte(buf, 0)
		if end < 0 {
			return errors.New("get the terminal's name: not NUL-terminated")
		}
		name = string(buf[:end])
		return nil
	}); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("open pseudo-terminal: %w", err)
	}
	slave, err := os.OpenFile(name, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("open pseudo-terminal: %w", err)
	}
	return master, slave, nil
}
