package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
)

// decode=NAME on a PORT argument, and the config file's decode and
// [port.decoder], reach serve's decoders by port.
func TestServeCollectsDecoders(t *testing.T) {
	path := writeConfig(t, `
[[port]]
name = "gps"
device = "loop://"
decode = "nmea"

[[port]]
name = "board"
device = "sim://"
decode = "regex"
decoder = { pattern = 'T=(?P<temp>\d+)' }

[[port]]
name = "plain"
device = "loop://"
`)
	c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
	if err := c.ParseFlags([]string{"--config", path, "plot=sim://,decode=Arduino,baud=9600", "raw=loop://"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]decode.Spec{
		"gps":   {Name: decode.NMEA},
		"board": {Name: decode.Regex, Pattern: `T=(?P<temp>\d+)`},
		"plot":  {Name: decode.Arduino},
	}
	if len(c.decoders) != len(want) {
		t.Fatalf("decoders %+v, want %+v", c.decoders, want)
	}
	for port, w := range want {
		if got := c.decoders[port]; got.Name != w.Name || got.Pattern != w.Pattern {
			t.Errorf("port %s: decoder %+v, want %+v", port, got, w)
		}
	}
}

func TestPortSpecDecode(t *testing.T) {
	for _, tt := range []struct{ arg, want, wantErr string }{
		{arg: "gps=/dev/ttyACM0,decode=nmea", want: decode.NMEA},
		{arg: "x=loop://,decode=CSV", want: decode.CSV},
		{arg: "x=loop://", want: ""},
		{arg: "x=loop://,decode=xml", wantErr: `option decode: decoder "xml": no such decoder`},
		{arg: "x=loop://,decode=regex", wantErr: "give its options in the config file"},
		{arg: "x=loop://,decode=frame", wantErr: "give its options in the config file"},
	} {
		got, err := parsePortSpec(tt.arg, device.DefaultSettings, 0)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: %v, want an error with %q", tt.arg, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Decoder.Name != tt.want {
			t.Errorf("%q: decoder %q, %v; want %q", tt.arg, got.Decoder.Name, err, tt.want)
		}
	}
}
