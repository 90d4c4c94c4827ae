package firmware

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MarlinBanner is what Marlin prints when Serve starts.
const MarlinBanner = "start\necho:Marlin 2.1.2\n"

// MarlinOverflow is the line Marlin prints when it drops a received byte
// because its receive buffer is full (once for each run of dropped bytes).
const MarlinOverflow = "echo:SIM rx buffer overflow\n"

// MarlinBusy is what Marlin prints every BusyInterval while a command runs.
const MarlinBusy = "echo:busy: processing\n"

// marlinMaxCmd is Marlin's MAX_CMD_SIZE: longer lines are cut.
const marlinMaxCmd = 96

// Marlin emulates a Marlin 2.1 3D printer on a serial line.
//
// Lines end with LF or CR; empty lines and comments (from ';') are
// ignored, as Marlin ignores them. Bytes wait in a receive buffer of
// RxBuffer bytes; Marlin reads it while its command queue has a free slot
// (Slots), and a byte arriving while the buffer is full is dropped,
// counted (Log) and reported with MarlinOverflow.
//
// A line "N<n> <command>*<checksum>" carries a line number and the XOR of
// every byte before '*', in decimal. As Marlin does, the emulator checks
// first that n is the last line number plus one (except for M110), then
// that the checksum is there and right; on an error it discards what waits
// in the receive buffer and answers
//
//	Error:Line Number is not Last Line Number+1, Last Line: <last>
//	Error:No Checksum with line number, Last Line: <last>
//	Error:checksum mismatch, Last Line: <last>
//
// followed by "Resend: <last+1>" and "ok". "M110 N<n>" (numbered or not)
// makes n the last line number. Lines without a number are taken as they
// are. CorruptRate of the numbered lines other than M110, chosen at random
// from Seed, are taken as corrupted on the wire: checksum mismatch.
//
// Commands run one after another, each answered "ok" when it is done:
// G0 to G3 take MoveTime, G4 its dwell (P milliseconds or S seconds), the
// others no time; a command that runs longer than BusyInterval prints
// MarlinBusy every BusyInterval until it ends. M105 is answered
// "ok T:21.0 /0.0 B:21.0 /0.0 @:0 B@:0", M114 with the position, M115
// with the firmware's name; a command Marlin would not know with
// "echo:Unknown command: "<command>"" and "ok".
//
// Set the fields before Serve and do not change them after; do not copy a
// Marlin after first use. SetBaud and Log are safe to call concurrently
// with Serve.
type Marlin struct {
	CorruptRate  float64       // the fraction of numbered lines taken as corrupted, 0 to 1; default 0
	Seed         uint64        // seeds the choice of corrupted lines; default 0
	MoveTime     time.Duration // how long each G0 to G3 runs; default 0: at once
	BusyInterval time.Duration // how often a long command prints MarlinBusy; default 2s (Marlin's DEFAULT_KEEPALIVE_INTERVAL)
	Slots        int           // command queue slots; default 4 (Marlin's BUFSIZE)
	RxBuffer     int           // receive buffer bytes; default 128 (Marlin's RX_BUFFER_SIZE)

	wire wire // the line's speed: SetBaud
	log  Log  // what it accepted and counted: Log
}

// ErrBadConfig is returned (wrapped) by Serve when a field is out of range.
var ErrBadConfig = errors.New("firmware: bad configuration")

// SetBaud sets the line speed that paces the emulator both ways (each byte
// ten bit times); DefaultBaud until it is called. It is safe to call at
// any time, before or during Serve; a baud that is not positive is ignored.
func (m *Marlin) SetBaud(baud int) { m.wire.set(baud) }

// Log is what the emulator accepted and counted, across every Serve.
func (m *Marlin) Log() *Log { return &m.log }

// Serve plays Marlin on conn, printing the banner first, until ctx ends or
// conn fails, as Grbl.Serve does (see it for how Serve ends). It returns
// an error wrapping ErrBadConfig at once if CorruptRate is not within 0
// to 1.
func (m *Marlin) Serve(ctx context.Context, conn io.ReadWriter) error {
	if !(m.CorruptRate >= 0 && m.CorruptRate <= 1) {
		return fmt.Errorf("%w: corrupt rate %v: want 0 to 1", ErrBadConfig, m.CorruptRate)
	}
	s := &marlin{
		corrupt:  m.CorruptRate,
		rng:      newRand(m.Seed),
		moveTime: m.MoveTime,
		busy:     m.BusyInterval,
		slots:    m.Slots,
		bufSize:  m.RxBuffer,
		log:      &m.log,
		tx:       newTxQueue(),
	}
	if s.busy <= 0 {
		s.busy = 2 * time.Second
	}
	if s.slots <= 0 {
		s.slots = 4
	}
	if s.bufSize <= 0 {
		s.bufSize = 128
	}
	var mu sync.Mutex
	return serve(ctx, conn, &m.wire, &mu, s, s.tx)
}

// marlin is the state of one Serve of a Marlin. Every field is guarded by
// the mutex serve holds around the machine methods, except the static ones.
type marlin struct {
	corrupt  float64       // static
	moveTime time.Duration // static
	busy     time.Duration // static
	slots    int           // static
	bufSize  int           // static
	log      *Log          // static
	tx       *txQueue      // static

	rng *rand.Rand // chooses corrupted lines

	rx          []byte // the receive buffer
	overflowing bool   // the last byte received was dropped

	line    []byte // the line being read from rx
	comment bool   // the rest of the line is a comment

	queue    []marlinCmd // the commands waiting; queue[0] runs
	headEnd  time.Time   // when queue[0] ends; zero until it starts
	nextBusy time.Time   // when queue[0] next prints MarlinBusy
	lastN    int64       // the last line number accepted

	pos      [4]float64 // X, Y, Z, E
	relative bool       // G91
}

// newRand returns the generator that chooses corrupted lines from seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x5e71a1)) }

// marlinCmd is a command in the queue.
type marlinCmd struct {
	text string           // as received, without N… and *…
	name string           // e.g. G1, M105
	args map[byte]float64 // its parameters by letter
}

// has reports whether c has the parameter l.
func (c marlinCmd) has(l byte) bool {
	_, ok := c.args[l]
	return ok
}

func (s *marlin) start(time.Time) { s.tx.write(MarlinBanner) }

func (s *marlin) receive(b []byte) {
	for _, c := range b {
		if len(s.rx) >= s.bufSize {
			s.log.count(func(c *Counts) { c.Overflows++ })
			if !s.overflowing {
				s.tx.write(MarlinOverflow)
			}
			s.overflowing = true
			continue
		}
		s.overflowing = false
		s.rx = append(s.rx, c)
		s.log.buffered(len(s.rx))
	}
}

func (s *marlin) step(now time.Time) time.Time {
	from := now // when the next command starts
	for {
		progressed := false
		for len(s.queue) > 0 {
			c := s.queue[0]
			if s.headEnd.IsZero() {
				s.headEnd = from.Add(s.duration(c))
				s.nextBusy = from.Add(s.busy)
			}
			if s.nextBusy.Before(s.headEnd) && !now.Before(s.nextBusy) {
				// One busy line, however late: Marlin's keepalive
				// does not catch up either.
				s.tx.write(MarlinBusy)
				for !now.Before(s.nextBusy) {
					s.nextBusy = s.nextBusy.Add(s.busy)
				}
			}
			if now.Before(s.headEnd) {
				break
			}
			from = s.headEnd // a command already waiting starts when this one ends
			s.queue = s.queue[1:]
			if len(s.queue) == 0 {
				from = now // the next command is not read yet
			}
			s.headEnd = time.Time{}
			s.run(c)
			progressed = true
		}
		// Marlin reads the buffer while its queue has a free slot.
		for len(s.queue) < s.slots && len(s.rx) > 0 {
			c := s.rx[0]
			s.rx = s.rx[1:]
			s.char(c)
			progressed = true
		}
		if !progressed {
			break
		}
	}
	if len(s.rx) == 0 {
		s.rx = nil
	}
	if s.headEnd.IsZero() {
		return time.Time{}
	}
	if s.nextBusy.Before(s.headEnd) {
		return s.nextBusy
	}
	return s.headEnd
}

// char takes one byte from the receive buffer into the line.
func (s *marlin) char(c byte) {
	switch {
	case c == '\n' || c == '\r':
		text := string(s.line)
		s.line, s.comment = s.line[:0], false
		s.read(text)
	case s.comment:
	case c == ';':
		s.comment = true
	case len(s.line) < marlinMaxCmd-1:
		s.line = append(s.line, c)
	}
}

// read checks a line and queues its command.
func (s *marlin) read(text string) {
	l := parseMarlinLine(text)
	if l.Cmd == "" && !l.Numbered {
		return // an empty line: Marlin ignores it
	}
	cmd := parseMarlinCmd(l.Cmd)
	if l.Numbered {
		n, m110 := l.N, cmd.name == "M110"
		if m110 && cmd.has('N') {
			n = int64(cmd.args['N'])
		}
		corrupted := !m110 && s.corrupt > 0 && s.rng.Float64() < s.corrupt
		switch {
		case n != s.lastN+1 && !m110:
			s.lineError("Line Number is not Last Line Number+1")
			return
		case !l.HasSum:
			s.lineError("No Checksum with line number")
			return
		case l.Sum != int64(l.Computed) || corrupted:
			s.lineError("checksum mismatch")
			return
		}
		s.lastN = n
	} else if cmd.name == "M110" && cmd.has('N') {
		s.lastN = int64(cmd.args['N'])
	}
	s.log.accept(Command{Text: l.Cmd, N: l.N, Numbered: l.Numbered})
	s.queue = append(s.queue, cmd)
}

// lineError refuses a line as Marlin's gcode_line_error does: the error,
// the receive buffer discarded, Resend and ok.
func (s *marlin) lineError(msg string) {
	s.log.count(func(c *Counts) { c.Errors++; c.Resends++ })
	s.rx, s.line, s.comment = nil, s.line[:0], false
	s.tx.write(fmt.Sprintf("Error:%s, Last Line: %d\nResend: %d\nok\n", msg, s.lastN, s.lastN+1))
}

// duration is how long c runs.
func (s *marlin) duration(c marlinCmd) time.Duration {
	switch c.name {
	case "G0", "G1", "G2", "G3":
		return s.moveTime
	case "G4":
		if c.has('P') {
			return time.Duration(c.args['P'] * float64(time.Millisecond))
		}
		return time.Duration(c.args['S'] * float64(time.Second))
	}
	return 0
}

// marlinKnown are the commands the emulator answers with a plain ok.
var marlinKnown = map[string]bool{
	"G0": true, "G1": true, "G2": true, "G3": true, "G4": true, "G21": true, "G28": true, "G29": true,
	"G90": true, "G91": true, "G92": true, "M17": true, "M18": true, "M82": true, "M83": true, "M84": true,
	"M104": true, "M105": true, "M106": true, "M107": true, "M109": true, "M110": true, "M114": true,
	"M115": true, "M117": true, "M140": true, "M190": true, "M220": true, "M221": true, "M400": true,
	"M500": true, "M501": true, "M503": true, "T0": true,
}

// run carries out c, which has run its time, and answers it.
func (s *marlin) run(c marlinCmd) {
	switch c.name {
	case "G0", "G1", "G2", "G3":
		for i, l := range []byte("XYZE") {
			switch {
			case !c.has(l):
			case s.relative:
				s.pos[i] += c.args[l]
			default:
				s.pos[i] = c.args[l]
			}
		}
	case "G28":
		all := !c.has('X') && !c.has('Y') && !c.has('Z')
		for i, l := range []byte("XYZ") {
			if all || c.has(l) {
				s.pos[i] = 0
			}
		}
	case "G90":
		s.relative = false
	case "G91":
		s.relative = true
	case "G92":
		for i, l := range []byte("XYZE") {
			if c.has(l) {
				s.pos[i] = c.args[l]
			}
		}
	case "M105":
		s.tx.write("ok T:21.0 /0.0 B:21.0 /0.0 @:0 B@:0\n")
		return
	case "M114":
		s.tx.write(fmt.Sprintf("X:%.2f Y:%.2f Z:%.2f E:%.2f Count X:%d Y:%d Z:%d\n",
			s.pos[0], s.pos[1], s.pos[2], s.pos[3], int(s.pos[0]*80), int(s.pos[1]*80), int(s.pos[2]*400)))
	case "M115":
		s.tx.write("FIRMWARE_NAME:Marlin 2.1.2 (serialhub simulator) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer EXTRUDER_COUNT:1\n")
	default:
		if !marlinKnown[c.name] {
			s.tx.write("echo:Unknown command: \"" + c.text + "\"\n")
		}
	}
	s.tx.write("ok\n")
}

// marlinLine is a line as Marlin reads it, before it runs the command.
type marlinLine struct {
	Numbered bool   // the line starts with N (after spaces)
	N        int64  // the line number, if Numbered (as strtol reads it)
	HasSum   bool   // the line has a '*'
	Sum      int64  // the number after the last '*' (as strtol reads it)
	Computed byte   // the XOR of every byte before the last '*' (leading spaces skipped)
	Cmd      string // the command: without N…, *… and surrounding spaces
}

// parseMarlinLine reads a line (without its line ending) as Marlin 2's
// GCodeQueue does.
func parseMarlinLine(text string) marlinLine {
	var l marlinLine
	body := strings.TrimLeft(text, " ")
	if i := strings.LastIndexByte(body, '*'); i >= 0 {
		l.HasSum = true
		for j := range i {
			l.Computed ^= body[j]
		}
		l.Sum, _ = strtol(body[i+1:])
		body = body[:i]
	}
	if strings.HasPrefix(body, "N") {
		l.Numbered = true
		var n int
		l.N, n = strtol(body[1:])
		body = body[1+n:]
	}
	l.Cmd = strings.TrimSpace(body)
	return l
}

// strtol reads a decimal number at the start of s as C's strtol does
// (spaces, a sign, digits; 0 if there are none; clamped at 18 digits) and
// returns it with the bytes it read (0 if there is no number).
func strtol(s string) (int64, int) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	start, v := i, int64(0)
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if i-start < 18 {
			v = v*10 + int64(s[i]-'0')
		}
		i++
	}
	if i == start {
		return 0, 0
	}
	if neg {
		v = -v
	}
	return v, i
}

// parseMarlinCmd reads a command's name and parameters.
func parseMarlinCmd(text string) marlinCmd {
	c := marlinCmd{text: text, args: map[byte]float64{}}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return c
	}
	name := strings.ToUpper(fields[0])
	if len(name) > 1 {
		if n, err := strconv.Atoi(name[1:]); err == nil {
			name = name[:1] + strconv.Itoa(n) // G01 is G1
		}
	}
	c.name = name
	if name == "M117" || name == "M118" {
		return c // the rest is a message
	}
	for _, f := range fields[1:] {
		l := f[0]
		if l >= 'a' && l <= 'z' {
			l -= 'a' - 'A'
		}
		v, _ := strconv.ParseFloat(f[1:], 64)
		c.args[l] = v
	}
	return c
}
