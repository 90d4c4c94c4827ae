package device

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"syscall"

	"go.bug.st/serial"
)

// serialPort is a real serial port opened with go.bug.st/serial.
type serialPort struct {
	path string
	port serial.Port
	lock *uucpLock // released by Close

	// out is the descriptor Write writes through where the system allows
	// Close to interrupt a Write (Linux: serialwrite_linux.go); nil
	// elsewhere: Write then uses port. Set at open; Close closes it.
	out *os.File

	// watcher tells of modem input changes; nil if the port cannot. Set
	// at open; Close stops it.
	watcher *modemWatcher

	// mu makes Close wait for a Write or a control in progress:
	// go.bug.st/serial does not check whether the port is closed, and once
	// its file descriptor is closed the number may already name another
	// file.
	mu       sync.RWMutex
	closing  atomic.Bool // set by the first Close, before it takes mu
	closed   bool        // guarded by mu
	settings Settings    // guarded by mu (written under the write lock): what the line has
}

// openSerial opens the serial port at path; modemHelper says that the
// program runs the modem helper (OpenerConfig.ModemHelper).
func openSerial(path string, s Settings, modemHelper bool) (Device, error) {
	lock, err := lockPort(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sp, err := serial.Open(path, serialMode(s))
	if err != nil {
		lock.unlock()
		return nil, fmt.Errorf("open %s: %w", path, explainSerialError(err))
	}
	p := &serialPort{path: path, port: sp, lock: lock, settings: s}
	if s.FlowControl != FlowNone {
		if err := p.applyTermios(s); err != nil {
			sp.Close()
			lock.unlock()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	if p.out, err = openWriter(sp, path); err != nil {
		sp.Close()
		lock.unlock()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if modemHelper {
		p.watcher = watchModemOf(p)
	}
	return p, nil
}

func serialMode(s Settings) *serial.Mode {
	m := &serial.Mode{BaudRate: s.Baud, DataBits: s.DataBits}
	switch s.Parity {
	case ParityOdd:
		m.Parity = serial.OddParity
	case ParityEven:
		m.Parity = serial.EvenParity
	case ParityMark:
		m.Parity = serial.MarkParity
	case ParitySpace:
		m.Parity = serial.SpaceParity
	default:
		m.Parity = serial.NoParity
	}
	switch s.StopBits {
	case StopBits1Half:
		m.StopBits = serial.OnePointFiveStopBits
	case StopBits2:
		m.StopBits = serial.TwoStopBits
	default:
		m.StopBits = serial.OneStopBit
	}
	return m
}

// explainSerialError turns go.bug.st/serial's error codes into messages
// that say what to do.
func explainSerialError(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (is the device plugged in? USB serial ports are usually /dev/ttyUSB* or /dev/ttyACM*, and /dev/serial/by-id/ names them)", err)
	}
	var pe *serial.PortError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code() {
	case serial.PermissionDenied:
		return fmt.Errorf("%w (on Linux, add your user to the dialout group: sudo usermod -aG dialout $USER, then log in again)", err)
	case serial.PortBusy:
		return fmt.Errorf("%w (another program has the port open)", err)
	case serial.PortNotFound:
		return fmt.Errorf("%w (is the device plugged in? USB serial ports are usually /dev/ttyUSB* or /dev/ttyACM*)", err)
	case serial.PortClosed:
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}

func (p *serialPort) Read(b []byte) (int, error) {
	n, err := p.port.Read(b)
	for errors.Is(err, syscall.EAGAIN) {
		// The descriptor is non-blocking where Write needs it (Linux);
		// go.bug.st/serial waits for the line to be readable before it
		// reads, so this is a reading that lost its data in between (a
		// flush), and the next Read waits again.
		n, err = p.port.Read(b)
	}
	if err != nil {
		return n, fmt.Errorf("read %s: %w", p.path, explainSerialError(err))
	}
	if n == 0 {
		// go.bug.st/serial only returns (0, nil) when a read timeout is
		// set, and we set none: never let a caller spin on it.
		return 0, fmt.Errorf("read %s: %w", p.path, io.ErrNoProgress)
	}
	return n, nil
}

// Write writes b to the line. On Linux, Close makes a Write that the line
// does not take (a pty nobody reads, flow control held) return the bytes
// written so far and an error wrapping ErrClosed; elsewhere such a Write
// returns only when the driver lets it (see flushWriter).
func (p *serialPort) Write(b []byte) (int, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return 0, fmt.Errorf("write %s: %w", p.path, ErrClosed)
	}
	var n int
	var err error
	if p.out != nil {
		n, err = p.out.Write(b)
		if errors.Is(err, os.ErrClosed) {
			err = ErrClosed // Close closed out to wake this Write
		}
	} else {
		n, err = p.port.Write(b)
	}
	if err != nil {
		return n, fmt.Errorf("write %s: %w", p.path, explainSerialError(err))
	}
	return n, nil
}

// SetSettings applies s; if the line refuses or ignores any of it, the
// previous settings are restored and the error says what was refused.
func (p *serialPort) SetSettings(s Settings) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return fmt.Errorf("set %s: %w", p.path, ErrClosed)
	}
	err := p.port.SetMode(serialMode(s))
	if err == nil {
		err = p.applyTermios(s)
	}
	if err != nil {
		// Put back what the line had; SetMode changes all of it at once.
		if rerr := p.port.SetMode(serialMode(p.settings)); rerr == nil {
			p.applyTermios(p.settings)
		}
		return fmt.Errorf("set %s to %s: %w", p.path, s, explainSerialError(err))
	}
	p.settings = s
	return nil
}

// SetLines sets DTR and RTS.
func (p *serialPort) SetLines(l Lines) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return fmt.Errorf("set lines of %s: %w", p.path, ErrClosed)
	}
	if err := p.port.SetDTR(l.DTR); err != nil {
		return fmt.Errorf("set DTR of %s: %w", p.path, explainControlError(err))
	}
	if err := p.port.SetRTS(l.RTS); err != nil {
		return fmt.Errorf("set RTS of %s: %w", p.path, explainControlError(err))
	}
	return nil
}

// SetBreak starts or ends a break condition.
func (p *serialPort) SetBreak(on bool) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return fmt.Errorf("break on %s: %w", p.path, ErrClosed)
	}
	if err := p.setBreak(on); err != nil {
		return fmt.Errorf("break on %s: %w", p.path, err)
	}
	return nil
}

// Modem reads the modem status lines.
func (p *serialPort) Modem() (Modem, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return Modem{}, fmt.Errorf("modem lines of %s: %w", p.path, ErrClosed)
	}
	b, err := p.port.GetModemStatusBits()
	if err != nil {
		return Modem{}, fmt.Errorf("modem lines of %s: %w", p.path, explainControlError(err))
	}
	return Modem{CTS: b.CTS, DSR: b.DSR, RI: b.RI, DCD: b.DCD}, nil
}

// ModemChanges tells of modem input changes, where the system and the
// port's driver can (see modemwatch_linux.go); otherwise it returns nil.
func (p *serialPort) ModemChanges() <-chan struct{} {
	if p.watcher == nil {
		return nil
	}
	return p.watcher.changes
}

// Close closes the port and wakes a blocked Read. It waits for a Write in
// progress, which it first wakes if the line takes nothing (on Linux
// always; elsewhere where the driver allows). It is idempotent.
func (p *serialPort) Close() error {
	if p.closing.CompareAndSwap(false, true) {
		// The descriptor is still open: only this Close closes it, below.
		if p.out != nil {
			p.out.Close() // wakes a Write waiting in the poller
		}
		p.flushWriter()
	}
	p.watcher.stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	defer p.lock.unlock()
	if err := p.port.Close(); err != nil {
		return fmt.Errorf("close %s: %w", p.path, err)
	}
	return nil
}
