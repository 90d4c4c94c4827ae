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
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Errors callers test for.
var (
	// ErrClosed is returned (wrapped) by Read and Write after Close.
	ErrClosed = errors.New("device closed")
	// ErrNotSupported is returned (wrapped) by a Controller method the
	// device cannot carry out, such as modem lines on a pseudo-terminal.
	ErrNotSupported = errors.New("not supported by this device")
	// ErrLocked is returned (wrapped) by Open when another program holds
	// the port's UUCP lock file.
	ErrLocked = errors.New("port is locked")
	// ErrInvalidSettings is matched by the errors of Settings.Validate.
	ErrInvalidSettings = errors.New("invalid settings")
)

// SettingsError is an invalid setting; errors.Is(err, ErrInvalidSettings)
// holds for it.
type SettingsError struct {
	Msg string // e.g. "invalid baud rate 0: want a positive number of bits per second"
}

func (e *SettingsError) Error() string        { return e.Msg }
func (e *SettingsError) Is(target error) bool { return target == ErrInvalidSettings }

func invalid(format string, args ...any) error {
	return &SettingsError{Msg: fmt.Sprintf(format, args...)}
}

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

// FlowControl is a serial line's flow control.
type FlowControl string

// The flow control modes.
const (
	FlowNone    FlowControl = "none"
	FlowRTSCTS  FlowControl = "rtscts"  // hardware: RTS/CTS
	FlowXONXOFF FlowControl = "xonxoff" // software: XON/XOFF (DC1/DC3)
)

// Settings are a serial line's parameters. Devices that are not serial
// lines (loop://, sim://) accept and report them without effect.
type Settings struct {
	Baud        int         // bits per second; default 115200
	DataBits    int         // 5 to 8; default 8
	Parity      Parity      // default none
	StopBits    StopBits    // default "1"
	FlowControl FlowControl // default none
}

// DefaultSettings are 115200 baud, 8 data bits, no parity, 1 stop bit, no
// flow control.
var DefaultSettings = Settings{Baud: 115200, DataBits: 8, Parity: ParityNone, StopBits: StopBits1, FlowControl: FlowNone}

// Lines are a serial line's modem control outputs.
type Lines struct {
	DTR bool // Data Terminal Ready
	RTS bool // Request To Send
}

// DefaultLines are DTR and RTS asserted, as every serial port opens them.
var DefaultLines = Lines{DTR: true, RTS: true}

// Modem are a serial line's modem status inputs.
type Modem struct {
	CTS bool // Clear To Send
	DSR bool // Data Set Ready
	RI  bool // Ring Indicator
	DCD bool // Data Carrier Detect
}

// Controller is implemented by devices whose line can be controlled while
// they are open. A method the device cannot carry out returns an error
// wrapping ErrNotSupported and changes nothing. The hub calls them from one
// goroutine, the same one that writes, except Modem, which it may also call
// from another goroutine (when a ModemWatcher says the lines changed).
type Controller interface {
	// SetSettings applies valid settings; on failure the device keeps its
	// previous settings.
	SetSettings(Settings) error
	// SetLines sets DTR and RTS.
	SetLines(Lines) error
	// SetBreak starts (true) or ends (false) a break condition.
	SetBreak(on bool) error
	// Modem reads the modem status inputs.
	Modem() (Modem, error)
}

// ModemWatcher is implemented by devices that tell when their modem status
// inputs change by themselves: the far end drops CTS, a modem raises RI.
// Without it, modem lines are known only when read.
type ModemWatcher interface {
	// ModemChanges returns a channel that receives a value soon after the
	// modem inputs change (several changes may come as one; read Modem
	// for the state), or nil if the device cannot tell. The channel may
	// be closed when the device stops telling, at Close or before it;
	// a reader stops when it no longer needs it, not only then.
	ModemChanges() <-chan struct{}
}

// WithDefaults returns s with each zero field set to DefaultSettings' value.
func (s Settings) WithDefaults() Settings {
	d := DefaultSettings
	if s.Baud == 0 {
		s.Baud = d.Baud
	}
	if s.DataBits == 0 {
		s.DataBits = d.DataBits
	}
	if s.Parity == "" {
		s.Parity = d.Parity
	}
	if s.StopBits == "" {
		s.StopBits = d.StopBits
	}
	if s.FlowControl == "" {
		s.FlowControl = d.FlowControl
	}
	return s
}

// Validate reports the first invalid field, if any.
func (s Settings) Validate() error {
	if s.Baud <= 0 || s.Baud > 100_000_000 {
		return invalid("invalid baud rate %d: want a positive number of bits per second", s.Baud)
	}
	if s.DataBits < 5 || s.DataBits > 8 {
		return invalid("invalid data bits %d: want 5, 6, 7 or 8", s.DataBits)
	}
	switch s.Parity {
	case ParityNone, ParityOdd, ParityEven, ParityMark, ParitySpace:
	default:
		return invalid("invalid parity %q: want none, odd, even, mark or space", s.Parity)
	}
	switch s.StopBits {
	case StopBits1, StopBits1Half, StopBits2:
	default:
		return invalid("invalid stop bits %q: want 1, 1.5 or 2", s.StopBits)
	}
	switch s.FlowControl {
	case FlowNone, FlowRTSCTS, FlowXONXOFF:
	default:
		return invalid("invalid flow control %q: want none, rtscts or xonxoff", s.FlowControl)
	}
	return nil
}

// String formats the settings the way serial users write them: "115200 8N1",
// with the flow control after it unless it is none: "115200 8N1 rtscts".
func (s Settings) String() string {
	p := "N"
	if s.Parity != "" {
		p = strings.ToUpper(string(s.Parity[:1]))
	}
	str := fmt.Sprintf("%d %d%s%s", s.Baud, s.DataBits, p, s.StopBits)
	if s.FlowControl != "" && s.FlowControl != FlowNone {
		str += " " + string(s.FlowControl)
	}
	return str
}

// Opener opens the device that spec names with settings s. ctx bounds the
// opening (a dial, a negotiation), not the device's life: once Open
// returns, cancelling ctx changes nothing. When ctx ends first, the error
// wraps ctx.Err().
type Opener func(ctx context.Context, spec string, s Settings) (Device, error)

// OpenerConfig says what an Opener made by NewOpener opens beyond the
// built-in devices. The zero value opens the built-in ones only, as Open.
type OpenerConfig struct {
	// Schemes are the openers of remote devices named SCHEME://HOST:PORT,
	// by scheme (without "://"), such as "rfc2217": rfc2217.Open. A
	// built-in scheme (loop, sim, tcp) cannot be replaced. Default none.
	Schemes map[string]Opener
	// ModemHelper says that the program runs the modem helper: main (and
	// the TestMain of a test binary) starts with
	//
	//	if device.IsModemHelper() {
	//		os.Exit(device.RunModemHelper())
	//	}
	//
	// Serial ports then learn of modem input changes as they happen, where
	// the system can tell (Linux; see RunModemHelper). Default false:
	// the program is never started again as the helper, and modem lines
	// are known only when read.
	ModemHelper bool
}

// NewOpener returns an Opener of the built-in devices (see Open) and of
// the schemes cfg names. It copies cfg: later changes to cfg.Schemes do
// not reach it. The Opener is safe to call concurrently.
func NewOpener(cfg OpenerConfig) Opener {
	o := &opener{schemes: map[string]Opener{}, modemHelper: cfg.ModemHelper}
	for scheme, open := range cfg.Schemes {
		switch scheme {
		case "loop", "sim", "tcp":
			continue // built in
		}
		o.schemes[scheme] = open
		o.names = append(o.names, scheme)
	}
	slices.Sort(o.names)
	return o.open
}

// Open opens the device that spec names with the given settings:
//
//	/dev/ttyUSB0, COM3     a serial port (go.bug.st/serial)
//	loop://                a loopback: what is written is read back
//	sim://                 the built-in simulated device (see Sim)
//	sim://nmea             the simulator as a GPS receiver (NMEA 0183)
//	sim://frames           the simulator as a sensor sending binary frames
//	sim://grbl             a grbl 1.1 CNC controller (see Firmware)
//	sim://marlin           a Marlin 2 3D printer (see Firmware)
//	tcp://HOST:PORT        a remote port's raw byte stream (ser2net's raw mode)
//
// It is the Opener NewOpener(OpenerConfig{}) makes: other schemes
// (rfc2217://) need an Opener that names them, and serial ports opened
// this way never start the modem helper. ctx bounds the opening: a
// tcp:// dial ends when it does.
func Open(ctx context.Context, spec string, s Settings) (Device, error) {
	return builtin.open(ctx, spec, s)
}

var builtin = &opener{}

// opener is an Opener's configuration; static after NewOpener.
type opener struct {
	schemes     map[string]Opener // by scheme
	names       []string          // the keys of schemes, sorted, for errors
	modemHelper bool              // the program runs the modem helper
}

func (o *opener) open(ctx context.Context, spec string, s Settings) (Device, error) {
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	scheme, rest, hasScheme := strings.Cut(spec, "://")
	if open := o.schemes[scheme]; hasScheme && open != nil {
		return open(ctx, spec, s)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open %s: %w", spec, err)
	}
	if !hasScheme {
		return openSerial(spec, s, o.modemHelper)
	}
	switch scheme {
	case "loop":
		return NewLoop(), nil
	case "sim":
		if mode, query, _ := strings.Cut(rest, "?"); mode == "grbl" || mode == "marlin" {
			f, err := openFirmware(spec, mode, query, s)
			if err != nil {
				return nil, fmt.Errorf("open %s: %w", spec, err)
			}
			return f, nil
		}
		sim, err := OpenSim(rest)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", spec, err)
		}
		return sim, nil
	case "tcp":
		return openTCP(ctx, rest)
	}
	return nil, fmt.Errorf("open %s: unknown scheme %q (want %s)", spec, scheme, o.want())
}

// want lists the specs o opens: "a device path, loop://, sim://,
// tcp://HOST:PORT or rfc2217://HOST:PORT".
func (o *opener) want() string {
	kinds := []string{"a device path", "loop://", "sim://", "tcp://HOST:PORT"}
	for _, name := range o.names {
		kinds = append(kinds, name+"://HOST:PORT")
	}
	return strings.Join(kinds[:len(kinds)-1], ", ") + " or " + kinds[len(kinds)-1]
}

// The devices' controls, checked at compile time.
var (
	_ Controller = (*serialPort)(nil)
	_ Controller = (*Loop)(nil)
	_ Controller = (*Sim)(nil)
)
