package device

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SimVersion is what the simulator answers to "version".
const SimVersion = "serialhub-sim 1.0"

// simMaxLine bounds the command line the simulator buffers.
const simMaxLine = 256

// Sim is the built-in simulated device (sim://): a sensor board that prints
// telemetry lines such as "temp:21.4,hum:40.2\r\n" four times a second,
// echoes what it receives as a terminal would, and answers commands ending
// in CR or LF:
//
//	help            list the commands
//	version         print SimVersion
//	rate N          print N telemetry lines a second (0 stops them, max 1000)
//	burst N         print N numbered lines at once (max 100000)
//	line NAME on|off  hold a modem input (cts, dsr, ri, dcd) on or off, as
//	                a board does when it is busy or a modem rings
//	line reset      let every input follow the outputs again
//
// Two more modes show the decoders without hardware:
//
//   - sim://nmea is a GPS receiver: once a second it prints $GPRMC, $GPVTG
//     and $GPGGA sentences, as a u-blox receiver does, for a fix that goes
//     round a circle of 200 m about 48.8584 N, 2.2945 E at 10 km/h, at the
//     device clock's UTC time. It echoes and knows help, version, line,
//     rate N (sentence groups a second, 0 stops them, max 50) and corrupt
//     (the next sentence has a wrong checksum).
//   - sim://frames is a binary sensor: ten times a second it sends a frame
//     of 16 bytes, 0xAA 0x55, the payload's length (11), the payload, and
//     the CRC-16/CCITT-FALSE of the length and payload, big-endian. The
//     payload: seq u16 little-endian (counts frames), temp i16 LE
//     (hundredths of °C, about 21.5), pressure f32 LE (hPa, about
//     1013.25), status u8 (bit 0: DTR is on), battery u16 big-endian (mV,
//     falling from 4200 to 3300, again and again). It answers text lines to
//     the commands help, version, rate N (frames a second, 0 stops them,
//     max 1000), corrupt (the next frame has a wrong CRC) and garbage
//     (three random bytes between two frames). It does not echo; its short
//     answers, among the frames, are what a decoder must resynchronise
//     after.
//
// Its controls behave like a null-modem plug (settings have no effect; CTS
// follows RTS, DSR and DCD follow DTR, unless "line" holds them), it tells
// of every modem input change (ModemChanges), and it prints "<break>" when a
// break ends.
//
// It is a real Device, driven by its own goroutine, so the whole server can
// be tried and tested with no hardware.
type Sim struct {
	mode    *simMode      // static: what it prints and the commands it knows
	out     chan []byte   // chunks for Read; sent by the ticker goroutine and Write
	done    chan struct{} // closed by Close
	rate    chan int      // new telemetry rates for the ticker goroutine
	corrupt chan struct{} // asks the ticker goroutine to spoil its next output
	wg      sync.WaitGroup
	once    sync.Once

	r chunkReader // owned by the reader

	mu     sync.Mutex // serialises Write
	line   []byte     // guarded by mu: the command being typed
	lastCR bool       // guarded by mu: the previous byte was CR (so CR LF ends one line)

	nullModem // its controls: a null-modem plug
}

// NewSim starts a simulated device in its default mode (sim://).
func NewSim() *Sim { return startSim(&simDefault) }

// OpenSim starts the simulator in the mode named after "sim://": "" (the
// default), "nmea" or "frames".
func OpenSim(mode string) (*Sim, error) {
	m, ok := simModes[mode]
	if !ok {
		return nil, fmt.Errorf("unknown simulator mode %q (want sim://, sim://nmea, sim://frames, sim://grbl or sim://marlin)", mode)
	}
	return startSim(m), nil
}

func startSim(m *simMode) *Sim {
	s := &Sim{mode: m, out: make(chan []byte, 16), done: make(chan struct{}), rate: make(chan int), corrupt: make(chan struct{}), nullModem: newNullModem(DefaultSettings)}
	s.r = chunkReader{name: m.spec, ch: s.out, done: s.done}
	s.wg.Add(1)
	go s.telemetry(m.rate, m.source(s))
	return s
}

// simMode is one of the simulator's modes.
type simMode struct {
	spec     string               // the device spec, e.g. "sim://nmea"
	rate     int                  // outputs a second at start
	maxRate  int                  // the most "rate" accepts
	echo     bool                 // it echoes what it receives
	commands []string             // the commands it knows
	help     string               // its answer to "help"
	source   func(*Sim) simSource // makes the state of its ticker goroutine
}

// simSource makes what a simulator prints at each tick. It is owned by the
// simulator's ticker goroutine.
type simSource interface {
	// next returns the output of the tick at now; when spoil is set, one
	// sentence or frame of it carries a wrong checksum.
	next(now time.Time, spoil bool) []byte
}

// simModes are the simulator's modes by the name after "sim://".
var simModes = map[string]*simMode{"": &simDefault, "nmea": &simNMEA, "frames": &simFrames}

// simDefault is the sensor board of sim://.
var simDefault = simMode{
	spec: "sim://", rate: 4, maxRate: 1000, echo: true,
	commands: []string{"help", "version", "rate", "burst", "line"},
	help:     "commands: help, version, rate N (telemetry lines per second, 0 to stop), burst N (N numbered lines), line cts|dsr|ri|dcd on|off (hold a modem input), line reset\r\n",
	source:   func(*Sim) simSource { return &simBoard{temp: 21.0, hum: 40.0} },
}

// simBoard is the default mode's telemetry.
type simBoard struct {
	temp, hum float64
}

func (b *simBoard) next(time.Time, bool) []byte {
	b.temp += (rand.Float64() - 0.5) * 0.2
	b.hum += (rand.Float64() - 0.5) * 0.4
	return fmt.Appendf(nil, "temp:%.1f,hum:%.1f\r\n", b.temp, b.hum)
}

// telemetry prints src's output at the current rate until Close.
func (s *Sim) telemetry(rate int, src simSource) {
	defer s.wg.Done()
	spoil := false // the next output carries a wrong checksum
	var tick <-chan time.Time
	var ticker *time.Ticker
	setRate := func(r int) {
		if ticker != nil {
			ticker.Stop()
			ticker, tick = nil, nil
		}
		if r > 0 {
			ticker = time.NewTicker(time.Second / time.Duration(r))
			tick = ticker.C
		}
	}
	setRate(rate)
	defer func() { setRate(0) }()
	for {
		select {
		case now := <-tick:
			b := src.next(now, spoil)
			spoil = false
			if !s.emit(b) {
				return
			}
		case <-s.corrupt:
			spoil = true
		case r := <-s.rate:
			setRate(r)
		case <-s.done:
			return
		}
	}
}

// emit hands a chunk to the reader; it reports false once the device is closed.
func (s *Sim) emit(b []byte) bool {
	select {
	case s.out <- b:
		return true
	case <-s.done:
		return false
	}
}

// Read blocks until the simulator prints something or the device is closed.
func (s *Sim) Read(p []byte) (int, error) { return s.r.Read(p) }

// Write echoes p and runs every command that p completes.
func (s *Sim) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
		return 0, fmt.Errorf("write %s: %w", s.mode.spec, ErrClosed)
	default:
	}
	var out bytes.Buffer
	if s.mode.echo {
		out.Write(p)
	}
	for _, c := range p {
		lastCR := s.lastCR
		s.lastCR = c == '\r'
		switch {
		case c == '\n' && lastCR:
			// the LF of a CR LF: the line already ended at CR
		case c == '\r' || c == '\n':
			s.command(&out, strings.TrimSpace(string(s.line)))
			s.line = s.line[:0]
		case len(s.line) < simMaxLine:
			s.line = append(s.line, c)
		}
	}
	if !s.emit(out.Bytes()) {
		return 0, fmt.Errorf("write %s: %w", s.mode.spec, ErrClosed)
	}
	return len(p), nil
}

// command answers one command line into out.
func (s *Sim) command(out *bytes.Buffer, line string) {
	if line == "" {
		return
	}
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	if s.mode.echo {
		out.WriteString("\r\n")
	}
	if !slices.Contains(s.mode.commands, name) {
		fmt.Fprintf(out, "error: unknown command %q (try help)\r\n", name)
		return
	}
	switch name {
	case "help":
		out.WriteString(s.mode.help)
	case "version":
		out.WriteString(SimVersion + "\r\n")
	case "rate":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 || n > s.mode.maxRate {
			fmt.Fprintf(out, "error: rate wants a number from 0 to %d\r\n", s.mode.maxRate)
			return
		}
		select {
		case s.rate <- n:
			fmt.Fprintf(out, "ok: rate %d\r\n", n)
		case <-s.done:
		}
	case "burst":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n > 100000 {
			out.WriteString("error: burst wants a number from 1 to 100000\r\n")
			return
		}
		for i := 1; i <= n; i++ {
			fmt.Fprintf(out, "burst %d/%d\r\n", i, n)
		}
	case "line":
		ln, state, _ := strings.Cut(arg, " ")
		state = strings.TrimSpace(state)
		if ln != "reset" && state != "on" && state != "off" {
			out.WriteString("error: line wants cts, dsr, ri or dcd and on or off, or reset\r\n")
			return
		}
		if err := s.holdLine(ln, state == "on"); err != nil {
			fmt.Fprintf(out, "error: %v\r\n", err)
			return
		}
		fmt.Fprintf(out, "ok: line %s\r\n", arg)
	case "corrupt":
		select {
		case s.corrupt <- struct{}{}:
			out.WriteString("ok: corrupt\r\n")
		case <-s.done:
		}
	case "garbage":
		// The answer is one chunk, so the bytes fall between two frames.
		out.WriteString("ok: garbage\r\n")
		out.Write([]byte{byte(rand.N(256)), byte(rand.N(256)), byte(rand.N(256))})
	default:
		fmt.Fprintf(out, "error: unknown command %q (try help)\r\n", name)
	}
}

// SimBreak is what the simulator prints when a break ends.
const SimBreak = "<break>\r\n"

// SetBreak starts or ends a break; the simulator prints SimBreak at its end.
func (s *Sim) SetBreak(on bool) error {
	if s.setBreak(on) && !s.emit([]byte(SimBreak)) {
		return fmt.Errorf("break on %s: %w", s.mode.spec, ErrClosed)
	}
	return nil
}

// Close stops the simulator and waits for its goroutine; it is idempotent.
func (s *Sim) Close() error {
	s.once.Do(func() { close(s.done) })
	s.wg.Wait()
	return nil
}
