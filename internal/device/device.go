// Package device is serialhub's abstraction of a byte device: a real serial
// port, a loopback, or the built-in simulator, all opened from one spec
// string in pyserial's URL style.
//
// A Device is an io.ReadWriteCloser with two guarantees the hub relies on:
// Read blocks until data arrives or the device fails (it never returns
// (0, nil) in a loop), and Close wakes a blocked Read, which then returns an
// error wrapping ErrClosed. Close is safe to call more than once and
// concurrently with Read and Write.
package device

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrClosed is returned (wrapped) by Read and Write after Close.
var ErrClosed = errors.New("device closed")

// Device is an open byte device. Read and Write may be called concurrently
// with each other (one reader, one writer) and with Close.
type Device interface {
	io.ReadWriteCloser
}

// Parity is the parity mode of a serial line.
type Parity string

// The parity modes.
const (
	ParityNone  Parity = "none"
	ParityOdd   Parity = "odd"
	ParityEven  Parity = "even"
	ParityMark  Parity = "mark"
	ParitySpace Parity = "space"
)

// StopBits is the number of stop bits: "1", "1.5" or "2".
type StopBits string

// The stop bit settings.
const (
	StopBits1     StopBits = "1"
	StopBits1Half StopBits = "1.5"
	StopBits2     StopBits = "2"
)

// Settings are a serial line's parameters. Devices that are not serial
// lines (loop://, sim://) accept and report them without effect.
type Settings struct {
	Baud     int      `json:"baud"`     // bits per second; default 115200
	DataBits int      `json:"dataBits"` // 5 to 8; default 8
	Parity   Parity   `json:"parity"`   // default none
	StopBits StopBits `json:"stopBits"` // default "1"
}

// DefaultSettings are 115200 baud, 8 data bits, no parity, 1 stop bit.
var DefaultSettings = Settings{Baud: 115200, DataBits: 8, Parity: ParityNone, StopBits: StopBits1}

// Validate reports the first invalid field, if any.
func (s Settings) Validate() error {
	if s.Baud <= 0 || s.Baud > 100_000_000 {
		return fmt.Errorf("invalid baud rate %d: want a positive number of bits per second", s.Baud)
	}
	if s.DataBits < 5 || s.DataBits > 8 {
		return fmt.Errorf("invalid data bits %d: want 5, 6, 7 or 8", s.DataBits)
	}
	switch s.Parity {
	case ParityNone, ParityOdd, ParityEven, ParityMark, ParitySpace:
	default:
		return fmt.Errorf("invalid parity %q: want none, odd, even, mark or space", s.Parity)
	}
	switch s.StopBits {
	case StopBits1, StopBits1Half, StopBits2:
	default:
		return fmt.Errorf("invalid stop bits %q: want 1, 1.5 or 2", s.StopBits)
	}
	return nil
}

// String formats the settings the way serial users write them: "115200 8N1".
func (s Settings) String() string {
	p := "N"
	if s.Parity != "" {
		p = strings.ToUpper(string(s.Parity[:1]))
	}
	return fmt.Sprintf("%d %d%s%s", s.Baud, s.DataBits, p, s.StopBits)
}

// Open opens the device that spec names with the given settings:
//
//	/dev/ttyUSB0, COM3     a serial port (go.bug.st/serial)
//	loop://                a loopback: what is written is read back
//	sim://                 the built-in simulated device (see Sim)
//
// Later sources (rfc2217://, tcp://) plug in here by scheme.
func Open(spec string, s Settings) (Device, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	scheme, _, hasScheme := strings.Cut(spec, "://")
	if !hasScheme {
		return openSerial(spec, s)
	}
	switch scheme {
	case "loop":
		return NewLoop(), nil
	case "sim":
		return NewSim(), nil
	default:
		return nil, fmt.Errorf("open %s: unknown scheme %q (want a device path, loop:// or sim://)", spec, scheme)
	}
}
