package device

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/serialhub/serialhub/internal/firmware"
)

// Firmware is a simulated machine that takes G-code jobs (sim://grbl,
// sim://marlin): an emulator of package firmware, run in-process on one
// end of a pipe whose other end is the device. The emulator paces the
// line at the device's baud rate, the one it is opened with and then each
// SetSettings', as a real UART would. Its controls behave like sim://'s
// null-modem plug.
//
// Options come as a query: sim://grbl?buffer=127&planner=15&move=1ms (the
// receive buffer's bytes, the planner's blocks, each motion block's run
// time), sim://marlin?corrupt=0.01&seed=1&move=1ms&busy=2s (the fraction
// of numbered lines taken as corrupted on the wire, the seed that chooses
// them, each move's run time, the interval of busy messages). Each
// defaults to the emulator's default.
type Firmware struct {
	spec string        // static: e.g. "sim://grbl?move=1ms"
	conn net.Conn      // static: the device's end of the pipe
	emu  firmwareEmu   // static
	done chan struct{} // closed when the emulator's goroutine has returned
	err  error         // written by the emulator's goroutine before it closes done: why Serve ended

	cancel context.CancelFunc
	closed atomic.Bool // Close was called
	once   sync.Once

	nullModem // its controls: a null-modem plug
}

// firmwareEmu is what Firmware needs of an emulator.
type firmwareEmu interface {
	Serve(ctx context.Context, conn io.ReadWriter) error
	SetBaud(int)
	Log() *firmware.Log
}

// The firmware modes' options, for errors.
var firmwareOptions = map[string][]string{
	"grbl":   {"buffer", "planner", "move"},
	"marlin": {"corrupt", "seed", "move", "busy"},
}

// openFirmware starts the emulator that mode names ("grbl" or "marlin")
// with the options of query, at the baud rate of s.
func openFirmware(spec, mode, query string, s Settings) (*Firmware, error) {
	emu, err := newFirmwareEmu(mode, query)
	if err != nil {
		return nil, err
	}
	emu.SetBaud(s.Baud)
	emuEnd, conn := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	f := &Firmware{spec: spec, conn: conn, emu: emu, done: make(chan struct{}), cancel: cancel, nullModem: newNullModem(s)}
	go func() {
		defer close(f.done)
		f.err = emu.Serve(ctx, emuEnd)
		emuEnd.Close() // the device's reads end too
	}()
	return f, nil
}

// newFirmwareEmu makes the emulator mode names, configured by query.
func newFirmwareEmu(mode, query string) (firmwareEmu, error) {
	values, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("bad options %q: %w", query, err)
	}
	names := slices.Sorted(maps.Keys(values))
	for _, name := range names {
		if !slices.Contains(firmwareOptions[mode], name) {
			return nil, fmt.Errorf("unknown option %q for sim://%s (want %s)", name, mode, strings.Join(firmwareOptions[mode], ", "))
		}
	}
	var (
		g firmware.Grbl
		m firmware.Marlin
	)
	for _, name := range names {
		v := values.Get(name)
		var err error
		switch name {
		case "buffer":
			g.BufferSize, err = positive(v)
		case "planner":
			g.PlannerBlocks, err = positive(v)
		case "move":
			var d time.Duration
			if d, err = time.ParseDuration(v); err == nil && d < 0 {
				err = errors.New("want a duration of 0 or more")
			}
			g.MoveTime, m.MoveTime = d, d
		case "busy":
			if m.BusyInterval, err = time.ParseDuration(v); err == nil && m.BusyInterval <= 0 {
				err = errors.New("want a positive duration")
			}
		case "corrupt":
			if m.CorruptRate, err = strconv.ParseFloat(v, 64); err == nil && !(m.CorruptRate >= 0 && m.CorruptRate <= 1) {
				err = errors.New("want a fraction from 0 to 1")
			}
		case "seed":
			m.Seed, err = strconv.ParseUint(v, 10, 64)
		}
		if err != nil {
			return nil, fmt.Errorf("option %s=%q: %w", name, v, err)
		}
	}
	if mode == "grbl" {
		return &g, nil
	}
	return &m, nil
}

// positive reads a positive int.
func positive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err == nil && (n <= 0 || n > math.MaxInt32) {
		err = errors.New("want a positive number")
	}
	return n, err
}

// Log is what the emulator accepted and counted: every line that arrived,
// overflows of its receive buffer, resends. It is safe to use concurrently.
func (f *Firmware) Log() *firmware.Log { return f.emu.Log() }

// Read blocks until the emulator prints something or the device is closed.
func (f *Firmware) Read(p []byte) (int, error) {
	n, err := f.conn.Read(p)
	if err != nil {
		return n, f.fail("read", err)
	}
	return n, nil
}

// Write sends p to the emulator at the line's pace: it returns when the
// emulator has received the last byte.
func (f *Firmware) Write(p []byte) (int, error) {
	if f.closed.Load() {
		return 0, fmt.Errorf("write %s: %w", f.spec, ErrClosed)
	}
	n, err := f.conn.Write(p)
	if err != nil {
		return n, f.fail("write", err)
	}
	return n, nil
}

// fail is the error of a read or write that failed with err.
func (f *Firmware) fail(op string, err error) error {
	if f.closed.Load() {
		return fmt.Errorf("%s %s: %w", op, f.spec, ErrClosed)
	}
	select {
	case <-f.done:
		if f.err != nil {
			return fmt.Errorf("%s %s: the emulator stopped: %w", op, f.spec, f.err)
		}
	default:
	}
	return fmt.Errorf("%s %s: %w", op, f.spec, err)
}

// SetSettings keeps valid settings and paces the line at their baud rate.
func (f *Firmware) SetSettings(s Settings) error {
	if err := f.nullModem.SetSettings(s); err != nil {
		return err
	}
	f.emu.SetBaud(s.Baud)
	return nil
}

// SetBreak starts or ends a break, which the emulators ignore.
func (f *Firmware) SetBreak(on bool) error {
	f.setBreak(on)
	return nil
}

// Close stops the emulator and waits for it; it is idempotent.
func (f *Firmware) Close() error {
	f.once.Do(func() {
		f.closed.Store(true)
		f.cancel()
		f.conn.Close()
	})
	<-f.done
	return nil
}

var _ Controller = (*Firmware)(nil)
