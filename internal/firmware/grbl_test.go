package firmware_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/firmware"
)

// gcodeLines are n motion lines of varying lengths, with a few other
// commands among them.
func gcodeLines(n int) []string {
	lines := make([]string, n)
	for i := range lines {
		switch {
		case i%25 == 7:
			lines[i] = "M3 S1000"
		case i%25 == 19:
			lines[i] = "G90 (absolute)"
		default:
			lines[i] = fmt.Sprintf("G1 X%d.%03d Y%d F%d", i, i*7%1000, i%13, 1000+i)
		}
	}
	return lines
}

// streamCounting streams lines as grbl's character-counting protocol
// does: a line goes out only while the bytes of the lines not yet
// answered, with it, fit in window; each ok or error answers the oldest.
func streamCounting(h *host, lines []string, window int) {
	h.t.Helper()
	var pending []int // lengths of the lines sent and not yet answered
	inFlight, sent := 0, 0
	for sent < len(lines) || len(pending) > 0 {
		if sent < len(lines) && inFlight+len(lines[sent])+1 <= window {
			h.send(lines[sent] + "\n")
			pending = append(pending, len(lines[sent])+1)
			inFlight += len(lines[sent]) + 1
			sent++
			continue
		}
		got := h.line()
		switch {
		case got == "ok":
		case strings.HasPrefix(got, "error:"):
			h.t.Errorf("line %q answered %q", lines[sent-len(pending)], got)
		case got == strings.TrimSpace(firmware.GrblOverflow):
			h.t.Fatalf("grbl's buffer overflowed after %d lines sent", sent)
		default:
			continue // the banner, messages
		}
		inFlight -= pending[0]
		pending = pending[1:]
	}
}

func TestGrblCharacterCountingNeverOverflows(t *testing.T) {
	// Blocks of 5 ms run slower than a line of 25 bytes arrives (2.2 ms at
	// 115200 baud), so the planner fills and lines wait in the buffer.
	g := &firmware.Grbl{MoveTime: 5 * time.Millisecond}
	h := servePipe(t, g.Serve)
	h.expect("Grbl 1.1h ['$' for help]")
	lines := gcodeLines(150)
	streamCounting(h, lines, 127)
	if got := g.Log().Texts(); !slices.Equal(got, lines) {
		t.Errorf("grbl accepted %d lines %q,\nwant the %d sent, once each, in order", len(got), got, len(lines))
	}
	c := g.Log().Counts()
	if c.Overflows != 0 || c.Errors != 0 {
		t.Errorf("counts %+v: want no overflow and no error", c)
	}
	if c.MaxBuffered > 127 || c.MaxBuffered < 64 {
		t.Errorf("MaxBuffered = %d, want the buffer used (64 to 127 bytes)", c.MaxBuffered)
	}
}

func TestGrblBlastOverflows(t *testing.T) {
	g := &firmware.Grbl{MoveTime: 5 * time.Millisecond}
	h := servePipe(t, g.Serve)
	h.expect("Grbl 1.1h ['$' for help]")
	lines := gcodeLines(200)
	blob := strings.Join(lines, "\n") + "\n"
	if len(blob) < 2048 {
		t.Fatalf("blob of %d bytes, want 2 KiB at least", len(blob))
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { h.send(blob) }) // never blocks for long: grbl drains the line
	h.expect(strings.TrimSpace(firmware.GrblOverflow))
	wg.Wait()
	c := g.Log().Counts()
	if c.Overflows == 0 {
		t.Errorf("counts %+v: want overflows", c)
	}
	if c.MaxBuffered != 127 {
		t.Errorf("MaxBuffered = %d, want 127", c.MaxBuffered)
	}
}

func TestGrblRealtimeWhileBufferFull(t *testing.T) {
	g := &firmware.Grbl{MoveTime: time.Hour}
	h := servePipe(t, g.Serve)
	h.expect("Grbl 1.1h ['$' for help]")
	for i := 1; i <= 15; i++ { // the planner's blocks, which never end
		h.send(fmt.Sprintf("G1 X%d\n", i))
		h.expect("ok")
	}
	h.send(strings.Repeat("G1 X1 Y2 Z3\n", 20)) // 240 bytes: more than the buffer holds
	h.expect(strings.TrimSpace(firmware.GrblOverflow))
	if c := g.Log().Counts(); c.MaxBuffered != 127 {
		t.Fatalf("MaxBuffered = %d, want the buffer full (127)", c.MaxBuffered)
	}
	h.send("?")
	if got := h.line(); got != "<Run|MPos:0.000,0.000,0.000|FS:0,0>" {
		t.Errorf("status with the buffer full = %q, want Run", got)
	}
	h.send("!?")
	if got := h.line(); !strings.HasPrefix(got, "<Hold:0|") {
		t.Errorf("status after feed hold = %q, want Hold:0", got)
	}
	h.send("~?")
	if got := h.line(); !strings.HasPrefix(got, "<Run|") {
		t.Errorf("status after resume = %q, want Run", got)
	}
	h.send("\x18")
	if got := h.line() + "\r\n" + h.line() + "\r\n"; got != firmware.GrblBanner {
		t.Errorf("after a soft reset: %q, want the banner", got)
	}
	h.send("?")
	if got := h.line(); got != "<Idle|MPos:0.000,0.000,0.000|FS:0,0>" {
		t.Errorf("status after a soft reset = %q, want Idle", got)
	}
	h.send("G0 X5\n") // the buffer and planner are empty again
	if got := h.line(); got != "ok" {
		t.Errorf("G0 X5 after a soft reset: %q, want ok", got)
	}
	h.send("\x85\xa0?") // extended realtime commands are ignored
	h.until("<Run|")
	if c := g.Log().Counts(); c.Realtime != 10 {
		t.Errorf("Realtime = %d, want 10", c.Realtime)
	}
}

func TestGrblAnswers(t *testing.T) {
	g := &firmware.Grbl{}
	h := servePipe(t, g.Serve)
	h.expect("Grbl 1.1h ['$' for help]")
	for _, tc := range []struct {
		line string
		want []string // the lines of the answer
	}{
		{"G7 X1", []string{"error:20"}},
		{"M6", []string{"error:20"}},
		{"Q5", []string{"error:20"}},
		{"1G0", []string{"error:1"}},
		{"G1 X", []string{"error:2"}},
		{"G1 X1.2.3", []string{"error:2"}},
		{"$Q", []string{"error:3"}},
		{"G1 X1 " + strings.Repeat(" ", 80), []string{"error:11"}},
		{"", []string{"ok"}},
		{"(just a comment)", []string{"ok"}},
		{"g1 x2 y3 f100 ; lower case", []string{"ok"}},
		{"G91", []string{"ok"}},
		{"X1 Z-1", []string{"ok"}},
		{"$X", []string{"[MSG:Caution: Unlocked]", "ok"}},
		{"$G", []string{"[GC:G1 G54 G17 G21 G91 G94 M5 M9 T0 F100 S0]", "ok"}},
		{"$I", []string{"[VER:1.1h.20190830:]", "[OPT:V,15,128]", "ok"}},
		{"$100=80", []string{"ok"}},
	} {
		h.send(tc.line + "\n")
		var got []string
		for range tc.want {
			got = append(got, h.line())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q answered %q, want %q", tc.line, got, tc.want)
		}
	}
	h.send("$$\n")
	if _, settings := h.until("ok"); len(settings) < 10 || settings[0] != "$0=10" {
		t.Errorf("$$ answered %q, want grbl's settings", settings)
	}
	h.send("?")
	if got := h.line(); got != "<Idle|MPos:3.000,3.000,-1.000|FS:0,0>" {
		t.Errorf("status = %q, want the position of G1 X2 Y3 then G91 X1 Z-1", got)
	}
	if c := g.Log().Counts(); c.Errors != 8 {
		t.Errorf("Errors = %d, want 8", c.Errors)
	}
	want := []string{"", "(just a comment)", "g1 x2 y3 f100 ; lower case", "G91", "X1 Z-1", "$X", "$G", "$I", "$100=80", "$$"}
	if got := g.Log().Texts(); !slices.Equal(got, want) {
		t.Errorf("accepted %q, want %q", got, want)
	}
}

func TestGrblLineEndings(t *testing.T) {
	g := &firmware.Grbl{}
	h := servePipe(t, g.Serve)
	h.expect("Grbl 1.1h ['$' for help]")
	h.send("G0 X1\r\nG0 X2\rG0 X3\n")
	for range 3 {
		if got := h.line(); got != "ok" {
			t.Fatalf("read %q, want ok", got)
		}
	}
	h.send("?") // after any fourth ok
	if got := h.line(); !strings.HasPrefix(got, "<Idle|MPos:3.000,") {
		t.Errorf("read %q, want the status (CR LF is one line)", got)
	}
	if got, want := g.Log().Texts(), []string{"G0 X1", "G0 X2", "G0 X3"}; !slices.Equal(got, want) {
		t.Errorf("accepted %q, want %q", got, want)
	}
}

// TestGrblPacing checks that the line is paced at its baud rate: at 9600
// baud, 960 bytes take a second to arrive.
func TestGrblPacing(t *testing.T) {
	g := &firmware.Grbl{}
	g.SetBaud(9600)
	h := servePipe(t, g.Serve)
	h.expect("Grbl 1.1h ['$' for help]")
	blob := strings.Repeat("G90 G21\n", 120) // 960 bytes
	start := time.Now()
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { h.send(blob) })
	for range 120 {
		h.expect("ok")
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
		t.Errorf("960 bytes at 9600 baud took %v, want about a second at least", elapsed)
	}
	if c := g.Log().Counts(); c.Overflows != 0 || len(g.Log().Texts()) != 120 {
		t.Errorf("counts %+v, %d lines accepted: want no overflow and 120 lines", c, len(g.Log().Texts()))
	}
}
