package firmware

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// GrblBanner is what Grbl prints when Serve starts and after a soft reset.
const GrblBanner = "\r\nGrbl 1.1h ['$' for help]\r\n"

// GrblOverflow is the line Grbl prints when it drops a received byte
// because its receive buffer is full (once for each run of dropped bytes).
// A real grbl drops the byte silently; the emulator says so, so that a
// test watching the port's output catches the overflow.
const GrblOverflow = "[MSG:SIM rx buffer overflow]\r\n"

// grbl 1.1's error codes that Grbl sends (grbl's report.h and
// doc/markdown/interface.md).
const (
	GrblErrExpectedCommandLetter = 1  // a word does not start with a letter (or the line with $)
	GrblErrBadNumberFormat       = 2  // a letter is not followed by a number
	GrblErrInvalidStatement      = 3  // a $ command grbl does not know
	GrblErrOverflow              = 11 // the line is longer than grbl's 80-character line buffer
	GrblErrUnsupportedCommand    = 20 // an unsupported G or M code, or an unknown letter
)

// grblLineMax is the longest line grbl takes (its LINE_BUFFER_SIZE).
const grblLineMax = 80

// Grbl emulates a grbl 1.1h CNC controller on a serial line.
//
// Lines end with LF or CR (CR LF is one line). Bytes wait in a receive
// buffer of BufferSize bytes until the firmware reads them, which it does
// only while its planner has room for another block, as grbl does; a byte
// arriving while the buffer is full is dropped, counted (Log) and reported
// with GrblOverflow. A line is answered "ok" when it is accepted: a motion
// line (G0 to G3, or axis words alone) when its block enters the planner,
// any other line once parsed. Bad lines are answered "error:N" (see the
// GrblErr constants). Motion blocks run one after another, MoveTime each;
// the position they reach (absolute G90, or relative G91) is what status
// reports show.
//
// Realtime commands are picked out of the stream on arrival and never
// enter the buffer: '?' prints a status report such as
// "<Idle|MPos:0.000,0.000,0.000|FS:0,0>" (Run while blocks run, Hold:0
// after '!'), '!' holds the feed, '~' resumes it, 0x18 resets (buffer and
// planner cleared, banner printed), and bytes from 0x80 up are grbl 1.1's
// extended realtime commands, counted and ignored. "$$" prints settings,
// "$X" unlocks, "$G" the parser state, "$I" the build info (whose
// "[OPT:V,15,128]" gives the planner blocks and buffer size), "$" help,
// "$N=V" is accepted.
//
// Set the fields before Serve and do not change them after; do not copy a
// Grbl after first use. SetBaud and Log are safe to call concurrently with
// Serve.
type Grbl struct {
	BufferSize    int           // usable bytes of the receive buffer; default 127 (grbl's 128-byte ring less one)
	PlannerBlocks int           // motion blocks the planner holds; default 15 (grbl's 16 less one)
	MoveTime      time.Duration // how long each motion block runs; default 0: at once

	wire wire // the line's speed: SetBaud
	log  Log  // what it accepted and counted: Log
}

// SetBaud sets the line speed that paces the emulator both ways (each byte
// ten bit times); DefaultBaud until it is called. It is safe to call at
// any time, before or during Serve; a baud that is not positive is ignored.
func (g *Grbl) SetBaud(baud int) { g.wire.set(baud) }

// Log is what the emulator accepted and counted, across every Serve.
func (g *Grbl) Log() *Log { return &g.log }

// Serve plays grbl on conn, printing the banner first, until ctx ends or
// conn fails, and returns ctx.Err() or conn's error. When ctx ends, Serve
// wakes its goroutines from conn's blocked reads and writes by setting
// conn's deadline into the past if conn has SetDeadline (net.Conn, a
// pollable *os.File), which the caller must clear to use conn again;
// otherwise the caller must end conn for Serve to return (close a
// net.Conn; for the master of a pty in blocking mode, as pty.Open returns
// it, close the slave side, or give Serve a non-blocking os.NewFile of
// it). Serve stops
// and waits for every goroutine it starts before it returns. One Serve at
// a time.
func (g *Grbl) Serve(ctx context.Context, conn io.ReadWriter) error {
	s := &grbl{
		bufSize:  g.BufferSize,
		blocksN:  g.PlannerBlocks,
		moveTime: g.MoveTime,
		log:      &g.log,
		tx:       newTxQueue(),
	}
	if s.bufSize <= 0 {
		s.bufSize = 127
	}
	if s.blocksN <= 0 {
		s.blocksN = 15
	}
	var mu sync.Mutex
	return serve(ctx, conn, &g.wire, &mu, s, s.tx)
}

// grbl is the state of one Serve of a Grbl. Every field is guarded by the
// mutex serve holds around the machine methods, except the static ones.
type grbl struct {
	bufSize  int           // static: receive buffer size
	blocksN  int           // static: planner blocks
	moveTime time.Duration // static: each block's run time
	log      *Log          // static
	tx       *txQueue      // static

	rx          []byte // the receive buffer
	overflowing bool   // the last byte received was dropped

	line   []byte // the line being read from rx
	long   bool   // the line grew past what line holds
	lastCR bool   // the last byte read from rx was CR

	blocks   []grblBlock // the planner; blocks[0] runs unless held
	headEnd  time.Time   // when blocks[0] ends; zero while it does not run
	held     bool        // feed hold ('!')
	pos      [3]float64  // machine position: the end of the last block run
	planned  [3]float64  // the end of the last block planned
	relative bool        // G91
	motion   int         // modal motion mode: 0 to 3
	feed     float64     // F
}

type grblBlock struct {
	target [3]float64
	left   time.Duration // its run time still to go
	feed   float64
}

func (s *grbl) start(time.Time) { s.tx.write(GrblBanner) }

func (s *grbl) receive(b []byte) {
	for _, c := range b {
		switch {
		case c == '?':
			s.realtime()
			s.tx.write(s.status())
		case c == '!':
			s.realtime()
			if !s.held && !s.headEnd.IsZero() {
				s.blocks[0].left = max(0, time.Until(s.headEnd))
				s.headEnd = time.Time{}
			}
			s.held = true
		case c == '~':
			s.realtime()
			s.held = false // step starts the block again
		case c == 0x18:
			s.realtime()
			s.reset()
		case c >= 0x80:
			s.realtime()
		case len(s.rx) >= s.bufSize:
			s.log.count(func(c *Counts) { c.Overflows++ })
			if !s.overflowing {
				s.tx.write(GrblOverflow)
			}
			s.overflowing = true
		default:
			s.overflowing = false
			s.rx = append(s.rx, c)
			s.log.buffered(len(s.rx))
		}
	}
}

func (s *grbl) realtime() { s.log.count(func(c *Counts) { c.Realtime++ }) }

// reset is a soft reset: buffers and planner cleared, banner printed. The
// position is kept, as grbl keeps it when no motion is lost.
func (s *grbl) reset() {
	s.rx, s.overflowing = nil, false
	s.line, s.long, s.lastCR = nil, false, false
	s.blocks, s.headEnd, s.held = nil, time.Time{}, false
	s.planned = s.pos
	s.relative, s.motion, s.feed = false, 0, 0
	s.tx.write(GrblBanner)
}

// status is the answer to '?'.
func (s *grbl) status() string {
	state, feed := "Idle", 0.0
	switch {
	case s.held:
		state = "Hold:0"
	case len(s.blocks) > 0:
		state, feed = "Run", s.blocks[0].feed
	}
	return fmt.Sprintf("<%s|MPos:%.3f,%.3f,%.3f|FS:%.0f,0>\r\n", state, s.pos[0], s.pos[1], s.pos[2], feed)
}

func (s *grbl) step(now time.Time) time.Time {
	for {
		progressed := false
		for !s.held && len(s.blocks) > 0 {
			if s.headEnd.IsZero() {
				s.headEnd = now.Add(s.blocks[0].left)
			}
			if now.Before(s.headEnd) {
				break
			}
			end := s.headEnd
			s.pos = s.blocks[0].target
			s.blocks = s.blocks[1:]
			s.headEnd = time.Time{}
			if len(s.blocks) > 0 {
				s.headEnd = end.Add(s.blocks[0].left) // blocks run back to back
			}
			progressed = true
		}
		// grbl reads the buffer only while the planner has room.
		for len(s.blocks) < s.blocksN && len(s.rx) > 0 {
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
	if s.held || len(s.blocks) == 0 {
		return time.Time{}
	}
	return s.headEnd
}

// char takes one byte from the receive buffer into the line.
func (s *grbl) char(c byte) {
	lastCR := s.lastCR
	s.lastCR = c == '\r'
	switch {
	case c == '\n' && lastCR: // CR LF: the line ended at CR
	case c == '\n' || c == '\r':
		text, long := string(s.line), s.long
		s.line, s.long = s.line[:0], false
		s.execute(text, long)
	case len(s.line) <= grblLineMax:
		s.line = append(s.line, c)
	default:
		s.long = true
	}
}

func (s *grbl) ok(text string) {
	s.log.accept(Command{Text: text})
	s.tx.write("ok\r\n")
}

func (s *grbl) fail(code int) {
	s.log.count(func(c *Counts) { c.Errors++ })
	s.tx.write("error:" + strconv.Itoa(code) + "\r\n")
}

// execute answers one line.
func (s *grbl) execute(text string, long bool) {
	if long || len(text) > grblLineMax {
		s.fail(GrblErrOverflow)
		return
	}
	clean := grblClean(text)
	switch {
	case clean == "":
		s.ok(text) // grbl answers empty and comment lines, for syncing
	case clean[0] == '$':
		s.system(text, clean)
	default:
		s.gcode(text, clean)
	}
}

// grblClean is a line as grbl's parser sees it: without spaces, control
// characters and comments ("(…)" and from ';'), in upper case.
func grblClean(text string) string {
	var b strings.Builder
	paren := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case paren:
			paren = c != ')'
		case c == '(':
			paren = true
		case c == ';':
			return b.String()
		case c <= ' ' || c == 0x7f:
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// grblSettings is grbl 1.1's answer to "$$", a few lines of it.
const grblSettings = "$0=10\r\n$1=25\r\n$2=0\r\n$3=0\r\n$4=0\r\n$5=0\r\n$6=0\r\n$10=1\r\n$11=0.010\r\n$12=0.002\r\n$13=0\r\n" +
	"$20=0\r\n$21=0\r\n$22=0\r\n$100=250.000\r\n$101=250.000\r\n$102=250.000\r\n$110=500.000\r\n$111=500.000\r\n$112=500.000\r\n" +
	"$120=10.000\r\n$121=10.000\r\n$122=10.000\r\n$130=200.000\r\n$131=200.000\r\n$132=200.000\r\n"

// system answers a $ command.
func (s *grbl) system(text, clean string) {
	switch clean {
	case "$":
		s.tx.write("[HLP:$$ $# $G $I $N $x=val $Nx=line $J=line $SLP $C $X $H ~ ! ? ctrl-x]\r\n")
	case "$$":
		s.tx.write(grblSettings)
	case "$X":
		s.tx.write("[MSG:Caution: Unlocked]\r\n")
	case "$G":
		dist := "G90"
		if s.relative {
			dist = "G91"
		}
		s.tx.write(fmt.Sprintf("[GC:G%d G54 G17 G21 %s G94 M5 M9 T0 F%.0f S0]\r\n", s.motion, dist, s.feed))
	case "$I":
		s.tx.write(fmt.Sprintf("[VER:1.1h.20190830:]\r\n[OPT:V,%d,%d]\r\n", s.blocksN, s.bufSize+1))
	case "$N":
		s.tx.write("$N0=\r\n$N1=\r\n")
	default:
		name, value, found := strings.Cut(clean[1:], "=")
		if _, err := strconv.ParseUint(strings.TrimPrefix(name, "N"), 10, 8); err != nil || !found {
			s.fail(GrblErrInvalidStatement)
			return
		}
		if _, err := strconv.ParseFloat(value, 64); err != nil && !strings.HasPrefix(name, "N") {
			s.fail(GrblErrBadNumberFormat)
			return
		}
	}
	s.ok(text)
}

// The G and M codes grbl 1.1 supports, times ten (G38.2 is 382).
var (
	grblGCodes = map[int]bool{0: true, 10: true, 20: true, 30: true, 40: true, 100: true, 170: true, 180: true, 190: true,
		200: true, 210: true, 280: true, 281: true, 300: true, 301: true, 382: true, 383: true, 384: true, 385: true,
		400: true, 431: true, 490: true, 530: true, 540: true, 550: true, 560: true, 570: true, 580: true, 590: true,
		610: true, 800: true, 900: true, 910: true, 911: true, 920: true, 921: true, 930: true, 940: true}
	grblMCodes = map[int]bool{0: true, 10: true, 20: true, 300: true, 30: true, 40: true, 50: true, 70: true, 80: true, 90: true, 560: true}
)

// gcode answers a G-code line.
func (s *grbl) gcode(text, clean string) {
	var axes [3]struct {
		set bool
		v   float64
	}
	motion, usesAxes := s.motion, false // usesAxes: a non-motion command takes the axis words (G10, G28, G30, G92)
	relative, feed := s.relative, s.feed
	for i := 0; i < len(clean); {
		letter := clean[i]
		if letter < 'A' || letter > 'Z' {
			s.fail(GrblErrExpectedCommandLetter)
			return
		}
		i++
		j := i
		if j < len(clean) && (clean[j] == '-' || clean[j] == '+') {
			j++
		}
		for j < len(clean) && (clean[j] >= '0' && clean[j] <= '9' || clean[j] == '.') {
			j++
		}
		v, err := strconv.ParseFloat(clean[i:j], 64)
		if err != nil {
			s.fail(GrblErrBadNumberFormat)
			return
		}
		i = j
		code := int(math.Round(v * 10))
		switch letter {
		case 'G':
			if !grblGCodes[code] {
				s.fail(GrblErrUnsupportedCommand)
				return
			}
			switch code {
			case 0, 10, 20, 30:
				motion = code / 10
			case 900:
				relative = false
			case 910:
				relative = true
			case 100, 280, 300, 920:
				usesAxes = true
			}
		case 'M':
			if !grblMCodes[code] {
				s.fail(GrblErrUnsupportedCommand)
				return
			}
		case 'X', 'Y', 'Z':
			a := &axes[letter-'X']
			a.set, a.v = true, v
		case 'F':
			feed = v
		case 'I', 'J', 'K', 'L', 'N', 'P', 'R', 'S', 'T':
		default:
			s.fail(GrblErrUnsupportedCommand)
			return
		}
	}
	s.motion, s.relative, s.feed = motion, relative, feed
	if !usesAxes && (axes[0].set || axes[1].set || axes[2].set) {
		target := s.planned
		for i, a := range axes {
			switch {
			case !a.set:
			case relative:
				target[i] += a.v
			default:
				target[i] = a.v
			}
		}
		s.planned = target
		s.blocks = append(s.blocks, grblBlock{target: target, left: s.moveTime, feed: feed})
	}
	s.ok(text)
}
