package main

import (
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

func TestParsePortSpec(t *testing.T) {
	def := device.DefaultSettings
	with := func(f func(*device.Settings)) device.Settings { s := def; f(&s); return s }
	tests := []struct {
		arg     string
		want    hub.Config
		wantErr string
	}{
		{arg: "/dev/ttyUSB0", want: hub.Config{Name: "ttyUSB0", Device: "/dev/ttyUSB0", Settings: def, Scrollback: 1000}},
		{arg: "lab=/dev/ttyUSB0", want: hub.Config{Name: "lab", Device: "/dev/ttyUSB0", Settings: def, Scrollback: 1000}},
		{arg: "lab=/dev/ttyUSB0,baud=9600", want: hub.Config{Name: "lab", Device: "/dev/ttyUSB0", Settings: with(func(s *device.Settings) { s.Baud = 9600 }), Scrollback: 1000}},
		{arg: "gps=/dev/ttyACM0,baud=9600,databits=7,parity=e,stopbits=2,scrollback=4096", want: hub.Config{Name: "gps", Device: "/dev/ttyACM0", Settings: device.Settings{Baud: 9600, DataBits: 7, Parity: "even", StopBits: "2", FlowControl: "none"}, Scrollback: 4096}},
		{arg: "lab=/dev/x,flow=RTSCTS", want: hub.Config{Name: "lab", Device: "/dev/x", Settings: with(func(s *device.Settings) { s.FlowControl = device.FlowRTSCTS }), Scrollback: 1000}},
		{arg: "sim://", want: hub.Config{Name: "sim", Device: "sim://", Settings: def, Scrollback: 1000}},
		{arg: "loop://,scrollback=0", want: hub.Config{Name: "loop", Device: "loop://", Settings: def, Scrollback: -1}},
		{arg: "COM3", want: hub.Config{Name: "COM3", Device: "COM3", Settings: def, Scrollback: 1000}},
		{arg: `C:\dev\COM4`, want: hub.Config{Name: "COM4", Device: `C:\dev\COM4`, Settings: def, Scrollback: 1000}},
		{arg: "x=/dev/odd=name", want: hub.Config{Name: "x", Device: "/dev/odd=name", Settings: def, Scrollback: 1000}},
		{arg: "/dev/odd=name", wantErr: "name it with NAME=DEVICE"},
		{arg: "", wantErr: "no device"},
		{arg: "lab=", wantErr: "no device"},
		{arg: "/dev/tty USB", wantErr: "name it with NAME=DEVICE"},
		{arg: "la b=/dev/x", wantErr: "invalid name"},
		{arg: "lab=/dev/x,baud=fast", wantErr: `"fast" is not a whole number`},
		{arg: "lab=/dev/x,baud=0", wantErr: "invalid baud rate 0"},
		{arg: "lab=/dev/x,parity=q", wantErr: `invalid parity "q"`},
		{arg: "lab=/dev/x,databits=9", wantErr: "invalid data bits 9"},
		{arg: "lab=/dev/x,stopbits=3", wantErr: `invalid stop bits "3"`},
		{arg: "lab=/dev/x,speed=9600", wantErr: `unknown option "speed"`},
		{arg: "lab=/dev/x,flow=dtrdsr", wantErr: `invalid flow control "dtrdsr"`},
		{arg: "lab=/dev/x,baud", wantErr: "want OPTION=VALUE"},
		{arg: "lab=/dev/x,scrollback=-5", wantErr: "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			got, err := parsePortSpec(tt.arg, def, 1000)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parsePortSpec(%q) error = %v, want %q", tt.arg, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parsePortSpec(%q) = %v", tt.arg, err)
			}
			if got.Name != tt.want.Name || got.Device != tt.want.Device || got.Settings != tt.want.Settings || got.Scrollback != tt.want.Scrollback {
				t.Fatalf("parsePortSpec(%q) = %+v, want %+v", tt.arg, got, tt.want)
			}
		})
	}
}

// FuzzParsePortSpec checks that any argument either parses to a valid port
// or fails with an error that quotes it.
func FuzzParsePortSpec(f *testing.F) {
	for _, s := range []string{"lab=/dev/ttyUSB0,baud=9600", "sim://", "a=b=c,,", "=,=", "x,parity=E,stopbits=1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		cfg, err := parsePortSpec(arg, device.DefaultSettings, 100)
		if err != nil {
			return
		}
		if cfg.Device == "" || !hub.ValidName(cfg.Name) {
			t.Fatalf("%q parsed to device %q, name %q", arg, cfg.Device, cfg.Name)
		}
		if err := cfg.Settings.Validate(); err != nil {
			t.Fatalf("%q parsed to invalid settings: %v", arg, err)
		}
	})
}
