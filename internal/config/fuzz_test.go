package config_test

import (
	"testing"

	"github.com/serialhub/serialhub/internal/config"
)

// FuzzParse: any file parses or fails with an error; one that parses has
// valid, distinct port names and valid settings.
func FuzzParse(f *testing.F) {
	f.Add([]byte("listen = \"127.0.0.1:8080\"\n[[port]]\ndevice = \"sim://\"\nbaud = 9600\n"))
	f.Add([]byte("[[port]]\nname = \"gps\"\nmatch = { vid = \"1546\", pid = \"01a7\" }\n"))
	f.Add([]byte("[[port]]\ndevice = \"sim://\"\n[[port.trigger]]\non = \"received\"\npattern = 'login: '\nholdoff = \"5s\"\nactions = [{ send = 'root\\r' }, { notice = \"login\" }]\n"))
	f.Add([]byte("[[port]]\ndevice = \"sim://\"\ndecode = \"frame\"\n[port.decoder]\nstart = \"AA55\"\nlength = 16\ncrc = \"crc16-modbus\"\n[[port.decoder.field]]\nname = \"a\"\noffset = 2\ntype = \"u16\"\n"))
	f.Add([]byte("[[port]]\ndevice = \"sim://\"\ndecode = \"csv\"\ndecoder = { header = \"auto\", separator = \";\" }\n"))
	f.Add([]byte("write-timeout = \"10s\"\nallow-origin = [\"a\", \"b\"]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := config.Parse("fuzz.toml", src)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, p := range file.Ports {
			if p.Name == "" || seen[p.Name] {
				t.Fatalf("port name %q empty or repeated", p.Name)
			}
			seen[p.Name] = true
			if err := p.Settings(defaultSettings).Validate(); err != nil {
				t.Fatalf("port %q parsed with invalid settings: %v", p.Name, err)
			}
			if p.Decoder.Name != p.Decode || p.Decoder.Validate() != nil {
				t.Fatalf("port %q parsed with decoder %+v: %v", p.Name, p.Decoder, p.Decoder.Validate())
			}
			if len(p.ParsedTriggers()) != len(p.Triggers) {
				t.Fatalf("port %q: %d triggers, %d checked", p.Name, len(p.Triggers), len(p.ParsedTriggers()))
			}
		}
	})
}
