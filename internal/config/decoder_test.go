package config_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/config"
	"github.com/serialhub/serialhub/internal/decode"
)

// A port's decode key and [port.decoder] table become its decoder's Spec.
func TestPortDecoder(t *testing.T) {
	src := `
[[port]]
name = "gps"
device = "/dev/ttyACM0"
decode = "nmea"

[[port]]
name = "log"
device = "loop://"
decode = "csv"
decoder = { header = true, separator = ";", columns = ["a", "b"] }

[[port]]
name = "board"
device = "sim://frames"
decode = "frame"

[port.decoder]
start = "AA55"
length-offset = 2
length-size = 1
crc = "crc16-ccitt-false"
crc-from = 2

[[port.decoder.field]]
name = "seq"
offset = 3
type = "u16"

[[port.decoder.field]]
name = "battery"
offset = 12
type = "u16"
endian = "be"
scale = 0.001

[[port]]
device = "sim://"
`
	f, err := config.Parse("d.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	gps, log, board, sim := f.Ports[0].Decoder, f.Ports[1].Decoder, f.Ports[2].Decoder, f.Ports[3].Decoder
	if gps.Name != decode.NMEA {
		t.Errorf("gps: %+v", gps)
	}
	if log.Name != decode.CSV || log.Header != "true" || log.Separator != ";" || strings.Join(log.Columns, ",") != "a,b" {
		t.Errorf("log: %+v", log)
	}
	if board.Name != decode.Frame || board.Start != "AA55" || board.LengthOffset != 2 || board.LengthSize != 1 || board.CRCFrom != 2 ||
		len(board.Fields) != 2 || board.Fields[1] != (decode.Field{Name: "battery", Offset: 12, Type: "u16", Endian: "be", Scale: 0.001}) {
		t.Errorf("board: %+v", board)
	}
	if sim.Name != "" {
		t.Errorf("a port without decode has decoder %+v", sim)
	}
	for _, s := range []decode.Spec{gps, log, board} {
		if _, err := decode.New(s); err != nil {
			t.Errorf("New(%+v): %v", s, err)
		}
	}
}

func TestPortDecoderErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown decoder", "[[port]]\ndevice = \"sim://\"\ndecode = \"xml\"", `d.toml:3: port "sim": decoder "xml": no such decoder`},
		{"options without decode", "[[port]]\ndevice = \"sim://\"\n[port.decoder]\nheader = true", `d.toml:3: port "sim": invalid decoder options: decoder option header without a decoder`},
		{"another decoder's option", "[[port]]\ndevice = \"sim://\"\ndecode = \"nmea\"\n[port.decoder]\npattern = \"x\"", `d.toml:3: port "sim": invalid decoder options: nmea: pattern is not one of its options`},
		{"regex without pattern", "[[port]]\ndevice = \"loop://\"\n\ndecode = \"regex\"", `d.toml:4: port "loop": invalid decoder options: regex: pattern is required`},
		{"unknown option", "[[port]]\ndevice = \"sim://\"\ndecode = \"csv\"\n[port.decoder]\nheadr = true", `d.toml:5: unknown key "port.decoder.headr"`},
		{"header not a bool or string", "[[port]]\ndevice = \"sim://\"\ndecode = \"csv\"\n[port.decoder]\nheader = 3", `d.toml`},
		{"bad field", "[[port]]\ndevice = \"sim://\"\ndecode = \"frame\"\n[port.decoder]\nstart = \"AA\"\nlength = 4\n[[port.decoder.field]]\nname = \"x\"\noffset = 1\ntype = \"u24\"", `d.toml:3: port "sim": invalid decoder options: frame: field "x": type "u24"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse("d.toml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// The frame example of docs/decoders.md is a valid file, and decodes the
// frame it shows into the values it says.
func TestDecodersDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/decoders.md")
	if err != nil {
		t.Fatal(err)
	}
	var example []byte
	for _, m := range regexp.MustCompile("(?s)```toml\n(.*?)```").FindAllSubmatch(doc, -1) {
		if bytes.Contains(m[1], []byte(`decode = "frame"`)) {
			example = m[1]
		}
	}
	if example == nil {
		t.Fatal("docs/decoders.md has no frame example")
	}
	f, err := config.Parse("decoders.md", example)
	if err != nil {
		t.Fatal(err)
	}
	d, err := decode.New(f.Ports[0].Decoder)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("The frame `([0-9A-F ]+)` is").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/decoders.md shows no frame")
	}
	frame, err := hex.DecodeString(strings.ReplaceAll(string(m[1]), " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	recs := d.Feed(nil, frame, time.Time{}, 0)
	var got []string
	for _, r := range recs {
		for _, v := range r.Values {
			got = append(got, fmt.Sprintf("%s=%g", v.Name, v.Num))
		}
	}
	if want := "seq=1 temp=21.53 pressure=1013.25 status=0 battery=3700"; strings.Join(got, " ") != want || d.Errors() != 0 {
		t.Errorf("the documented frame decodes to %q, %d errors; want %q", got, d.Errors(), want)
	}
}
