package config_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/config"
	"github.com/serialhub/serialhub/internal/device"
)

// The example in docs/config.md is a valid file that means what it says.
func TestDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```toml\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/config.md has no toml example")
	}
	f, err := config.Parse("example.toml", m[1])
	if err != nil {
		t.Fatal(err)
	}
	if f.Listen != "127.0.0.1:8080" || time.Duration(f.WriteTimeout) != 10*time.Second || f.LogDir == "" || len(f.AllowOrigin) != 1 {
		t.Errorf("top level: %+v", f)
	}
	if !f.IsSet("baud") || f.IsSet("nonsense") {
		t.Error("IsSet does not tell what the file sets")
	}
	if len(f.Ports) != 3 {
		t.Fatalf("%d ports, want 3", len(f.Ports))
	}
	lab, gps, sim := f.Ports[0], f.Ports[1], f.Ports[2]
	if s := lab.Settings(device.DefaultSettings); lab.Name != "lab" || s.Baud != 9600 || lab.Description == "" || *lab.Scrollback != 131072 {
		t.Errorf("lab: %+v %v", lab, s)
	}
	if gps.Match == nil || gps.Match.String() != "usb:1546:01A7" || gps.Capture == nil || *gps.Capture {
		t.Errorf("gps: %+v", gps)
	}
	if !gps.Match.Matches(device.PortInfo{USB: true, VID: "1546", PID: "01A7", SerialNumber: "x"}) ||
		gps.Match.Matches(device.PortInfo{USB: true, VID: "1546", PID: "01A8"}) {
		t.Error("match does not match what it should")
	}
	if tr := gps.ParsedTriggers(); len(tr) != 2 || tr[0].Spec.ID != "no-fix" || tr[0].Holdoff != time.Minute || !tr[0].Pattern.MatchString("$GPGSA,A,1,,") ||
		len(tr[0].Spec.Actions) != 3 || tr[0].Spec.Actions[0].Webhook == "" ||
		tr[1].Spec.Line != "DCD" || tr[1].Spec.Edge != "fall" || string(tr[1].Send[0]) != "\r\n" {
		t.Errorf("gps's triggers: %+v", tr)
	}
	if len(lab.ParsedTriggers()) != 0 {
		t.Errorf("lab has triggers: %+v", lab.ParsedTriggers())
	}
	if sim.Name != "sim" {
		t.Errorf("a port with no name is named %q, want sim", sim.Name)
	}
}

func TestBadFilesSayWhereAndWhy(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"syntax", "listen = \nbaud = 1", "bad.toml:1:"},
		{"type", "listen = \"x\"\n\nbaud = \"fast\"", "bad.toml:3:"},
		{"unknown key", "listen = \"x\"\nbuad = 9600", `bad.toml:2: unknown key "buad"`},
		{"unknown port key", "[[port]]\ndevice = \"sim://\"\nspeed = 9600", `bad.toml:3: unknown key "port.speed"`},
		{"no device", "[[port]]\nname = \"x\"", "bad.toml:1: port 1 has no device"},
		{"device and match", "[[port]]\nname = \"x\"\ndevice = \"sim://\"\nmatch = { vid = \"0403\", pid = \"6001\" }", "bad.toml:4: port 1 has both"},
		{"bad match", "[[port]]\nname = \"x\"\nmatch = { vid = \"FTDI\", pid = \"6001\" }", "bad.toml:3: port 1: match wants"},
		{"match without name", "[[port]]\nmatch = { vid = \"0403\", pid = \"6001\" }", "needs a name"},
		{"bad name", "[[port]]\nname = \"a b\"\ndevice = \"sim://\"", `bad.toml:2: port 1: invalid name "a b"`},
		{"duplicate", "[[port]]\ndevice = \"sim://\"\n\n[[port]]\nname = \"sim\"\ndevice = \"loop://\"", `bad.toml:5: port "sim" is defined twice`},
		{"baud", "[[port]]\ndevice = \"sim://\"\nbaud = 0", `bad.toml:3: port "sim": invalid baud rate 0`},
		{"parity", "[[port]]\ndevice = \"sim://\"\n\nparity = \"q\"", `bad.toml:4: port "sim": invalid parity "q"`},
		{"databits", "[[port]]\ndevice = \"sim://\"\ndatabits = 9", `bad.toml:3: port "sim": invalid data bits 9`},
		{"flow", "[[port]]\ndevice = \"sim://\"\nflow = \"dtr\"", `bad.toml:3: port "sim": invalid flow control "dtr"`},
		{"scrollback", "[[port]]\ndevice = \"sim://\"\nscrollback = -1", `bad.toml:3: port "sim": scrollback -1 is negative`},
		{"duration", "write-timeout = \"soon\"", "bad.toml:1:"},
		{"user without roles", "[[user]]\nname = \"a\"\ntoken-hashes = [\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"]\n", "bad.toml:1: user a has no roles"},
		{"user with a plain password", "\n[[user]]\nname = \"a\"\npassword-hash = \"hunter2\"\nroles = { \"*\" = \"view\" }\n", "bad.toml:2: user a: password hash is not a bcrypt hash"},
		{"bad role", "[[user]]\nname = \"a\"\ntoken-hashes = [\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"]\nroles = { lab = \"root\" }\n", `invalid role "root"`},
		{"bad proxy", "[auth]\ntrusted-proxies = [\"the proxy\"]\n", `bad.toml:2: trusted proxy "the proxy"`},
		{"max-clients 0", "listen = \"x\"\nmax-clients = 0", "bad.toml:2: max-clients must be more than 0"},
		{"max-clients-per-port negative", "max-clients-per-port = -3", "bad.toml:1: max-clients-per-port must be more than 0"},
		{"write-timeout 0", "\nwrite-timeout = \"0s\"", "bad.toml:2: write-timeout must be more than 0"},
		{"session-ttl 0", "[auth]\nsession-ttl = \"0s\"", "bad.toml:2: session-ttl must be more than 0"},
		{"allow-origin pattern", "allow-origin = [\"[bad\"]", `bad.toml:1: allow-origin pattern "[bad"`},
		{"trigger without pattern", "[[port]]\ndevice = \"sim://\"\n\n[[port.trigger]]\non = \"received\"\nactions = [{ note = \"x\" }]", `bad.toml:4: port "sim": trigger: "on":"received" needs a pattern`},
		{"second trigger bad", "[[port]]\ndevice = \"loop://\"\n[[port]]\ndevice = \"sim://\"\n[[port.trigger]]\non = \"modem\"\nline = \"CTS\"\nactions = [{ notice = \"x\" }]\n[[port.trigger]]\non = \"modem\"\nline = \"CTS\"\nedge = \"up\"\nactions = [{ notice = \"x\" }]", `bad.toml:9: port "sim": trigger: edge "up"`},
		{"trigger duplicate id", "[[port]]\ndevice = \"sim://\"\n[[port.trigger]]\nid = \"a\"\non = \"modem\"\nline = \"RI\"\nactions = [{ notice = \"x\" }]\n[[port.trigger]]\nid = \"a\"\non = \"modem\"\nline = \"RI\"\nactions = [{ notice = \"x\" }]", `bad.toml:8: port "sim": trigger id "a" is used twice`},
		{"trigger unknown key", "[[port]]\ndevice = \"sim://\"\n[[port.trigger]]\npatern = \"x\"", `bad.toml:4: unknown key "port.trigger.patern"`},
		{"trigger bad send", "[[port]]\ndevice = \"sim://\"\n[[port.trigger]]\non = \"sent\"\npattern = \"x\"\nactions = [{ send = '\\q' }]", `bad.toml:3: port "sim": trigger: actions[0]: send`},
		{"tcp address", "[[port]]\ndevice = \"sim://\"\nrfc2217 = \"2217\"", `bad.toml:3: port "sim": rfc2217 address "2217"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse("bad.toml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
