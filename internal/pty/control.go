//go:build linux || darwin

package pty

import "os"

// control runs fn on f's descriptor. (f.Fd would put f back in blocking
// mode, out of Go's poller.)
func control(f *os.File, fn func(fd int) error) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var fnErr error
	if err := rc.Control(func(fd uintptr) { fnErr = fn(int(fd)) }); err != nil {
		return err
	}
	return fnErr
}
