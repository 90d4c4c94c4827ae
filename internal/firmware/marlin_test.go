package firmware_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/firmware"
)

// expectMarlinBanner reads Marlin's banner.
func expectMarlinBanner(h *host) {
	h.t.Helper()
	if got := h.line() + "\n" + h.line() + "\n"; got != firmware.MarlinBanner {
		h.t.Fatalf("banner %q, want %q", got, firmware.MarlinBanner)
	}
}

func TestMarlinNumberedLines(t *testing.T) {
	m := &firmware.Marlin{}
	h := servePipe(t, m.Serve)
	expectMarlinBanner(h)
	h.send("M110 N0\n")
	h.expect("ok")
	for _, tc := range []struct {
		cmd  string
		want []string
	}{
		{"G28", []string{"ok"}},
		{"G1 X10 Y20.5 Z0.3 E1 F1200", []string{"ok"}},
		{"M105", []string{"ok T:21.0 /0.0 B:21.0 /0.0 @:0 B@:0"}},
		{"M114", []string{"X:10.00 Y:20.50 Z:0.30 E:1.00 Count X:800 Y:1640 Z:120", "ok"}},
		{"M999 S1", []string{`echo:Unknown command: "M999 S1"`, "ok"}},
		{"G4 P10", []string{"ok"}},
	} {
		for i := range 3 {
			n := len(m.Log().Commands()) // the last line number so far
			h.send(marlinLine(n, tc.cmd))
			var got []string
			for range tc.want {
				got = append(got, h.line())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("N%d %s (%d) answered %q, want %q", n, tc.cmd, i, got, tc.want)
			}
		}
	}
	h.send("\n   \n; a comment\nM105 ; with a comment\n") // empty lines are ignored
	h.expect("ok T:21.0 /0.0 B:21.0 /0.0 @:0 B@:0")
	cmds := m.Log().Commands()
	if len(cmds) != 20 {
		t.Fatalf("accepted %d commands, want 20: %+v", len(cmds), cmds)
	}
	for i, c := range cmds[1:19] {
		if !c.Numbered || c.N != int64(i+1) {
			t.Errorf("command %d: %+v, want line number %d", i+1, c, i+1)
		}
	}
	if c := cmds[2]; c.Text != "G28" {
		t.Errorf("command 2 = %q, want G28 without number and checksum", c.Text)
	}
	if c := cmds[19]; c.Text != "M105" || c.Numbered {
		t.Errorf("last command %+v, want M105 without a number", c)
	}
	if c := m.Log().Counts(); c != (firmware.Counts{MaxBuffered: c.MaxBuffered}) {
		t.Errorf("counts %+v, want no error", c)
	}
}

func TestMarlinLineErrors(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       string
	}{
		{"wrong checksum", "N2 G1 X1*1\n", "Error:checksum mismatch, Last Line: 1\nResend: 2\nok"},
		{"wrong number", marlinLine(3, "G1 X1"), "Error:Line Number is not Last Line Number+1, Last Line: 1\nResend: 2\nok"},
		{"no checksum", "N2 G1 X1\n", "Error:No Checksum with line number, Last Line: 1\nResend: 2\nok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &firmware.Marlin{}
			h := servePipe(t, m.Serve)
			expectMarlinBanner(h)
			h.send(marlinLine(1, "G28"))
			h.expect("ok")
			h.send(tc.line)
			if got := h.line() + "\n" + h.line() + "\n" + h.line(); got != tc.want {
				t.Errorf("%q answered %q, want %q", tc.line, got, tc.want)
			}
			h.send(marlinLine(2, "G1 X1")) // the resend
			h.expect("ok")
			if got := m.Log().Texts(); strings.Join(got, ",") != "G28,G1 X1" {
				t.Errorf("accepted %q, want G28 and G1 X1", got)
			}
			if c := m.Log().Counts(); c.Errors != 1 || c.Resends != 1 {
				t.Errorf("counts %+v, want an error and a resend", c)
			}
		})
	}
	t.Run("M110", func(t *testing.T) {
		m := &firmware.Marlin{}
		h := servePipe(t, m.Serve)
		expectMarlinBanner(h)
		h.send(marlinLine(7, "M110 N41"))
		h.expect("ok")
		h.send(marlinLine(42, "G28"))
		h.expect("ok")
		if c := m.Log().Counts(); c.Errors != 0 {
			t.Errorf("counts %+v, want no error after M110", c)
		}
	})
}

// streamResending sends lines 1 to len(lines) one at a time, as a host
// does, going back to the line Marlin asks for on Resend.
func streamResending(h *host, lines []string) {
	h.t.Helper()
	for next := 1; next <= len(lines); {
		h.send(marlinLine(next, lines[next-1]))
		resend := 0
		for {
			got := h.line()
			if n, ok := strings.CutPrefix(got, "Resend: "); ok {
				var err error
				if resend, err = strconv.Atoi(n); err != nil {
					h.t.Fatalf("read %q", got)
				}
			}
			if strings.HasPrefix(got, "ok") {
				break
			}
		}
		if resend != 0 {
			next = resend
		} else {
			next++
		}
	}
}

func TestMarlinCorruptionResends(t *testing.T) {
	lines := make([]string, 100)
	for i := range lines {
		lines[i] = fmt.Sprintf("G1 X%d Y%d E%d", i, 2*i, i/10)
	}
	var resends []int
	for range 2 { // the same seed chooses the same lines
		m := &firmware.Marlin{CorruptRate: 0.2, Seed: 1}
		h := servePipe(t, m.Serve)
		expectMarlinBanner(h)
		streamResending(h, lines)
		cmds := m.Log().Commands()
		if len(cmds) != len(lines) {
			t.Fatalf("accepted %d commands, want each of the %d lines once", len(cmds), len(lines))
		}
		for i, c := range cmds {
			if c.N != int64(i+1) || c.Text != lines[i] {
				t.Errorf("command %d: %+v, want N%d %s", i, c, i+1, lines[i])
			}
		}
		c := m.Log().Counts()
		if c.Resends < 5 || c.Resends != c.Errors {
			t.Errorf("counts %+v, want about 20 resends, each after an error", c)
		}
		resends = append(resends, c.Resends)
	}
	if resends[0] != resends[1] {
		t.Errorf("resends %v with the same seed, want the same", resends)
	}
}

func TestMarlinBusy(t *testing.T) {
	m := &firmware.Marlin{BusyInterval: 500 * time.Millisecond}
	h := servePipe(t, m.Serve)
	expectMarlinBanner(h)
	start := time.Now()
	h.send(marlinLine(1, "G4 P2500"))
	_, before := h.until("ok")
	busy := strings.TrimSpace(firmware.MarlinBusy)
	// Every 500 ms: 4 times, or fewer if the machine is so slow that the
	// emulator misses some.
	if len(before) < 2 || len(before) > 4 || strings.Count(strings.Join(before, "\n"), busy) != len(before) {
		t.Errorf("G4 P2500 printed %q before ok, want %q every 500ms (4 times)", before, busy)
	}
	if elapsed := time.Since(start); elapsed < 2500*time.Millisecond {
		t.Errorf("G4 P2500 took %v, want 2.5 s at least", elapsed)
	}
	h.send(marlinLine(2, "G4 P400")) // shorter than BusyInterval
	if _, before := h.until("ok"); len(before) != 0 {
		t.Errorf("G4 P400 printed %q before ok, want nothing", before)
	}
}

func TestMarlinBlastOverflows(t *testing.T) {
	m := &firmware.Marlin{MoveTime: 10 * time.Millisecond}
	h := servePipe(t, m.Serve)
	expectMarlinBanner(h)
	var blob strings.Builder
	for i := 1; blob.Len() < 1024; i++ {
		blob.WriteString(marlinLine(i, fmt.Sprintf("G1 X%d", i)))
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { h.send(blob.String()) })
	h.expect(strings.TrimSpace(firmware.MarlinOverflow))
	wg.Wait()
	if c := m.Log().Counts(); c.Overflows == 0 || c.MaxBuffered != 128 {
		t.Errorf("counts %+v, want overflows and MaxBuffered 128", c)
	}
}
