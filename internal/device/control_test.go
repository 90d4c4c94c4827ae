//go:build linux

package device_test

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// openControlled opens a pty as a serial device and returns its controls.
func openControlled(t *testing.T) (*serialtest.PTY, device.Controller) {
	t.Helper()
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	d, err := device.Open(t.Context(), p.Path, device.DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	c, ok := d.(device.Controller)
	if !ok {
		t.Fatalf("serial device %T has no controls", d)
	}
	return p, c
}

func TestSerialSettingsReachTheLine(t *testing.T) {
	tests := []struct {
		name   string
		change func(*device.Settings)
		want   func(*serialtest.Line)
	}{
		{"baud 9600", func(s *device.Settings) { s.Baud = 9600 }, func(l *serialtest.Line) { l.Baud = 9600 }},
		{"baud 1000000", func(s *device.Settings) { s.Baud = 1000000 }, func(l *serialtest.Line) { l.Baud = 1000000 }},
		{"odd baud 250000", func(s *device.Settings) { s.Baud = 250000 }, func(l *serialtest.Line) { l.Baud = 250000 }},
		{"2 stop bits", func(s *device.Settings) { s.StopBits = device.StopBits2 }, func(l *serialtest.Line) { l.StopBits = 2 }},
		{"rts/cts", func(s *device.Settings) { s.FlowControl = device.FlowRTSCTS }, func(l *serialtest.Line) { l.RTSCTS = true }},
		{"xon/xoff", func(s *device.Settings) { s.FlowControl = device.FlowXONXOFF }, func(l *serialtest.Line) { l.XONXOFF = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, c := openControlled(t)
			s := device.DefaultSettings
			tt.change(&s)
			if err := c.SetSettings(s); err != nil {
				t.Fatalf("SetSettings(%s): %v", s, err)
			}
			want := serialtest.Line{Baud: 115200, DataBits: 8, Parity: "none", StopBits: 1}
			tt.want(&want)
			if got, err := p.Line(); err != nil || got != want {
				t.Fatalf("line is %+v (%v), want %+v", got, err, want)
			}
			// And back: flow control must be cleared, not left behind.
			if err := c.SetSettings(device.DefaultSettings); err != nil {
				t.Fatal(err)
			}
			if got, _ := p.Line(); got != (serialtest.Line{Baud: 115200, DataBits: 8, Parity: "none", StopBits: 1}) {
				t.Fatalf("after going back to the defaults the line is %+v", got)
			}
		})
	}
}

// A pty keeps 8 data bits and no parity whatever it is told: the device
// must say so, and leave the line as it was rather than half changed.
func TestSerialSettingsTheLineIgnoresAreRefused(t *testing.T) {
	p, c := openControlled(t)
	s := device.DefaultSettings
	s.Baud, s.DataBits, s.Parity = 9600, 7, device.ParityEven
	err := c.SetSettings(s)
	if !errors.Is(err, device.ErrNotSupported) {
		t.Fatalf("SetSettings(%s) = %v, want ErrNotSupported", s, err)
	}
	if !strings.Contains(err.Error(), "7 data bits") || !strings.Contains(err.Error(), "parity even") {
		t.Fatalf("error %q does not name what the line ignored", err)
	}
	if got, _ := p.Line(); got.Baud != 115200 {
		t.Fatalf("after a refused change the line is %+v, want it unchanged at 115200", got)
	}
}

func TestSerialModemLinesOnAPTYAreNotSupported(t *testing.T) {
	_, c := openControlled(t)
	if err := c.SetLines(device.Lines{DTR: false, RTS: true}); !errors.Is(err, device.ErrNotSupported) {
		t.Fatalf("SetLines on a pty = %v, want ErrNotSupported", err)
	}
	if _, err := c.Modem(); !errors.Is(err, device.ErrNotSupported) {
		t.Fatalf("Modem on a pty = %v, want ErrNotSupported", err)
	}
	// Nor can it tell of changes: no helper process is started for it.
	if ch := c.(device.ModemWatcher).ModemChanges(); ch != nil {
		t.Fatal("a pty's ModemChanges is not nil")
	}
	// A break is a line condition a pty accepts.
	for _, on := range []bool{true, false} {
		if err := c.SetBreak(on); err != nil {
			t.Fatalf("SetBreak(%v): %v", on, err)
		}
	}
}

func TestNullModemControls(t *testing.T) {
	for _, spec := range []string{"loop://", "sim://"} {
		t.Run(spec, func(t *testing.T) {
			d, err := device.Open(t.Context(), spec, device.DefaultSettings)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			c := d.(device.Controller)
			if m, err := c.Modem(); err != nil || m != (device.Modem{CTS: true, DSR: true, DCD: true}) {
				t.Fatalf("modem lines at open: %+v, %v", m, err)
			}
			if err := c.SetLines(device.Lines{DTR: false, RTS: true}); err != nil {
				t.Fatal(err)
			}
			if m, _ := c.Modem(); m != (device.Modem{CTS: true}) {
				t.Fatalf("with DTR off and RTS on the modem lines are %+v, want only CTS", m)
			}
			if err := c.SetSettings(device.Settings{Baud: 0}); err == nil {
				t.Fatal("SetSettings accepted baud 0")
			}
		})
	}
}

// The simulator holds its modem inputs as told, and tells of each change.
func TestSimHoldsModemLines(t *testing.T) {
	d := device.NewSim()
	defer d.Close()
	changes := d.ModemChanges()
	r := bufio.NewReader(d)
	steps := []struct {
		command, answer string
		want            device.Modem
		changed         bool
	}{
		{"rate 0", "ok: rate 0\r\n", device.Modem{CTS: true, DSR: true, DCD: true}, false},
		{"line cts off", "ok: line cts off\r\n", device.Modem{DSR: true, DCD: true}, true},
		{"line cts off", "ok: line cts off\r\n", device.Modem{DSR: true, DCD: true}, false},
		{"line ri on", "ok: line ri on\r\n", device.Modem{DSR: true, RI: true, DCD: true}, true},
		{"line rts on", "error: no modem input \"rts\" (want cts, dsr, ri, dcd or reset)\r\n", device.Modem{DSR: true, RI: true, DCD: true}, false},
		{"line dcd maybe", "error: line wants cts, dsr, ri or dcd and on or off, or reset\r\n", device.Modem{DSR: true, RI: true, DCD: true}, false},
		{"line reset", "ok: line reset\r\n", device.Modem{CTS: true, DSR: true, DCD: true}, true},
	}
	for _, st := range steps {
		if _, err := io.WriteString(d, st.command+"\r"); err != nil {
			t.Fatal(err)
		}
		readUntil(t, r, st.answer)
		select {
		case <-changes:
			if !st.changed {
				t.Fatalf("%q: a change was told, but the lines did not change", st.command)
			}
		default:
			// The change is signalled before the answer is printed.
			if st.changed {
				t.Fatalf("%q: no change was told", st.command)
			}
		}
		if m, err := d.Modem(); err != nil || m != st.want {
			t.Fatalf("%q: modem lines %+v (%v), want %+v", st.command, m, err, st.want)
		}
	}
}

func TestSimPrintsABreak(t *testing.T) {
	d := device.NewSim()
	defer d.Close()
	if _, err := io.WriteString(d, "rate 0\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(d)
	readUntil(t, r, "ok: rate 0\r\n")
	d.SetBreak(true)
	d.SetBreak(false)
	readUntil(t, r, device.SimBreak)
}
