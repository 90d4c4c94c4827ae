//go:build !linux

package device

import (
	"os"

	"go.bug.st/serial"
)

// openWriter returns nil: Write writes through go.bug.st/serial's blocking
// descriptor, and Close can wake a Write the line does not take only where
// the driver allows (flushWriter). Linux's way (serialwrite_linux.go) needs
// Go's poller to accept a tty, which is not known to hold on macOS
// (kqueue) and does not exist on Windows.
func openWriter(serial.Port, string) (*os.File, error) { return nil, nil }
