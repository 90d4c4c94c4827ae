//go:build linux || darwin

package pty

import (
	"fmt"
	"os"
	"syscall"
)

func open() (*os.File, *os.File, error) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open pseudo-terminal: %w", err)
	}
	var name string
	if err := control(master, func(fd int) (err error) {
		name, err = unlock(fd)
		return err
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
