//go:build linux || darwin

package device

import (
	"errors"
	"fmt"
	"reflect"

	"go.bug.st/serial"
	"golang.org/x/sys/unix"
)

// go.bug.st/serial v1.8.0 has no flow control setting (its SetMode even
// clears CRTSCTS), no way to hold a break, and does not say when a
// pseudo-terminal ignores data bits or parity. Those need the termios of
// the port's file descriptor, which it keeps unexported; fdOf reads it, and
// TestSerialSettingsReachTheLine (flow control) fails if a new version of the library moves it.

// fdOf returns the file descriptor behind a go.bug.st/serial port.
func fdOf(p serial.Port) (int, error) {
	v := reflect.ValueOf(p)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return -1, fmt.Errorf("serial port of type %T: %w", p, ErrNotSupported)
	}
	h := v.FieldByName("handle")
	if !h.IsValid() || !h.CanInt() {
		return -1, fmt.Errorf("serial port of type %T has no handle: %w", p, ErrNotSupported)
	}
	return int(h.Int()), nil
}

// applyTermios sets what SetMode cannot (flow control) and checks that the
// line took what SetMode asked for, so a device that ignores a setting is
// reported rather than shown with settings it does not have.
func (p *serialPort) applyTermios(s Settings) error {
	fd, err := fdOf(p.port)
	if err != nil {
		if s.FlowControl != FlowNone {
			return fmt.Errorf("flow control %s: %w", s.FlowControl, err)
		}
		return nil
	}
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return fmt.Errorf("read termios: %w", err)
	}
	t.Cflag &^= unix.CRTSCTS
	t.Iflag &^= unix.IXON | unix.IXOFF | unix.IXANY
	switch s.FlowControl {
	case FlowRTSCTS:
		t.Cflag |= unix.CRTSCTS
	case FlowXONXOFF:
		t.Iflag |= unix.IXON | unix.IXOFF
	}
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, t); err != nil {
		return fmt.Errorf("set flow control %s: %w", s.FlowControl, err)
	}
	got, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return fmt.Errorf("read termios: %w", err)
	}
	return checkTermios(got, s)
}

// checkTermios reports the settings a line did not take.
func checkTermios(t *unix.Termios, s Settings) error {
	var sizes = map[int]uint64{5: unix.CS5, 6: unix.CS6, 7: unix.CS7, 8: unix.CS8}
	var ignored []string
	if uint64(t.Cflag)&unix.CSIZE != sizes[s.DataBits] {
		ignored = append(ignored, fmt.Sprintf("%d data bits", s.DataBits))
	}
	if (t.Cflag&unix.PARENB != 0) != (s.Parity != ParityNone) ||
		(s.Parity == ParityOdd && t.Cflag&unix.PARODD == 0) || (s.Parity == ParityEven && t.Cflag&unix.PARODD != 0) {
		ignored = append(ignored, fmt.Sprintf("parity %s", s.Parity))
	}
	if (t.Cflag&unix.CSTOPB != 0) != (s.StopBits != StopBits1) {
		ignored = append(ignored, fmt.Sprintf("%s stop bits", s.StopBits))
	}
	if (t.Cflag&unix.CRTSCTS != 0) != (s.FlowControl == FlowRTSCTS) || (t.Iflag&unix.IXON != 0) != (s.FlowControl == FlowXONXOFF) {
		ignored = append(ignored, fmt.Sprintf("flow control %s", s.FlowControl))
	}
	if len(ignored) > 0 {
		return fmt.Errorf("the line ignored %v (a pseudo-terminal cannot change data bits or parity): %w", ignored, ErrNotSupported)
	}
	return nil
}

// setBreak starts or ends a break condition.
func (p *serialPort) setBreak(on bool) error {
	fd, err := fdOf(p.port)
	if err != nil {
		return err
	}
	req := uint(unix.TIOCCBRK)
	if on {
		req = unix.TIOCSBRK
	}
	if err := unix.IoctlSetInt(fd, req, 0); err != nil {
		return explainControlError(err)
	}
	return nil
}

// explainControlError marks the errors of a line that lacks a control
// (modem lines on a pseudo-terminal, for one) as ErrNotSupported.
func explainControlError(err error) error {
	if errors.Is(err, unix.ENOTTY) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return fmt.Errorf("%w (%w)", ErrNotSupported, err)
	}
	return err
}

// flushWriter discards the line's output queue, and makes a Write
// blocked in the kernel return where the driver allows: on a line that
// takes nothing (flow control holding it back) a blocking write(2) never
// ends, and closing the descriptor does not end it either. With the
// descriptor non-blocking and the output queue discarded, a UART's driver
// wakes the writer, which writes what fits and returns. A pseudo-terminal
// does not wake writers on a flush: there the writer wakes only when the
// other side reads or closes. (On Linux, Write waits in Go's poller
// instead, which Close wakes on every line: see serialwrite_linux.go.)
// The discarded queue also spares the close of a stalled UART its wait
// for the queue to drain.
func (p *serialPort) flushWriter() {
	fd, err := fdOf(p.port)
	if err != nil {
		return
	}
	unix.SetNonblock(fd, true)
	flushOutput(fd)
}
