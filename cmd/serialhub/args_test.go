package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/capture"
)

// TestServeFlagsAnywhere: serve's flags may stand before, between or
// after its PORT arguments, as GNU getopt permutes them; a flag's value
// given as the next argument stays with its flag, a boolean flag takes
// none, and "--" ends the flags.
func TestServeFlagsAnywhere(t *testing.T) {
	type want struct {
		ports     []string // NAME=DEVICE, in order
		baud      int
		allowOpen bool
		origins   string
		tcp       []string // --raw-tcp and --rfc2217: NAME=ADDR
	}
	const defaultBaud = 115200
	tests := []struct {
		name string
		args []string
		want want
	}{
		{"flags before the ports",
			[]string{"--baud", "9600", "--allow-open", "a=loop://", "b=sim://"},
			want{ports: []string{"a=loop://", "b=sim://"}, baud: 9600, allowOpen: true}},
		{"flags after the ports",
			[]string{"a=loop://", "b=sim://", "--baud", "9600", "--allow-open"},
			want{ports: []string{"a=loop://", "b=sim://"}, baud: 9600, allowOpen: true}},
		{"a flag between the ports",
			[]string{"a=loop://", "--baud", "9600", "b=sim://"},
			want{ports: []string{"a=loop://", "b=sim://"}, baud: 9600}},
		{"a boolean flag between the ports takes no value",
			[]string{"a=loop://", "--allow-open", "b=sim://"},
			want{ports: []string{"a=loop://", "b=sim://"}, baud: defaultBaud, allowOpen: true}},
		{"flag=value and a single dash after a port",
			[]string{"a=loop://", "--baud=9600", "-allow-open"},
			want{ports: []string{"a=loop://"}, baud: 9600, allowOpen: true}},
		{"a value that looks like a port stays with its flag",
			[]string{"a=loop://", "--raw-tcp", "a=127.0.0.1:0", "b=sim://"},
			want{ports: []string{"a=loop://", "b=sim://"}, baud: defaultBaud, tcp: []string{"a=127.0.0.1:0"}}},
		{"-- then a port that starts with a dash",
			[]string{"a=loop://", "--baud", "9600", "--", "-odd/ttyX"},
			want{ports: []string{"a=loop://", "ttyX=-odd/ttyX"}, baud: 9600}},
		{"-- after a boolean flag ends the flags",
			[]string{"a=loop://", "--allow-open", "--", "-odd/ttyX", "-odd/ttyY"},
			want{ports: []string{"a=loop://", "ttyX=-odd/ttyX", "ttyY=-odd/ttyY"}, baud: defaultBaud, allowOpen: true}},
		{"-- as a flag's value does not end the flags",
			[]string{"--allow-origin", "--", "a=loop://", "--baud", "9600"},
			want{ports: []string{"a=loop://"}, baud: 9600, origins: "--"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errOut bytes.Buffer
			c := newServeCommand(newOpener(), &bytes.Buffer{}, &errOut)
			if err := c.ParseFlags(tt.args); err != nil {
				t.Fatalf("serve %q: %v\n%s", tt.args, err, errOut.String())
			}
			var got want
			for _, p := range c.Ports {
				got.ports = append(got.ports, p.Name+"="+p.Device)
			}
			got.baud, got.allowOpen, got.origins = c.Baud, c.AllowOpen, c.Origins
			for _, l := range c.TCP {
				got.tcp = append(got.tcp, l.Port+"="+l.Addr)
			}
			if !slices.Equal(got.ports, tt.want.ports) || !slices.Equal(got.tcp, tt.want.tcp) ||
				got.baud != tt.want.baud || got.allowOpen != tt.want.allowOpen || got.origins != tt.want.origins {
				t.Fatalf("serve %q parsed as %+v, want %+v", tt.args, got, tt.want)
			}
		})
	}
}

// TestBadFlagsAfterThePorts: a flag after the ports that is wrong is
// reported as clearly as one before them, by the flag package, with the
// usage; after "--" a flag is a PORT, and reported as one.
func TestBadFlagsAfterThePorts(t *testing.T) {
	tests := []struct {
		args []string
		want string // on stderr, or in the error
	}{
		{[]string{"serve", "a=loop://", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"serve", "a=loop://", "b=sim://", "--baud"}, "flag needs an argument: -baud"},
		{[]string{"serve", "a=loop://", "--baud", "fast"}, `invalid value "fast" for flag -baud`},
		{[]string{"a=loop://", "--bogus"}, "flag provided but not defined: -bogus"}, // serve by default
		{[]string{"serve", "a=loop://", "--", "--baud", "9600"}, `port "--baud"`},
		{[]string{"attach", "h:1/x", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"pty", "h:1/x", "/tmp/l", "--bogus"}, "flag provided but not defined: -bogus"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // nothing may start
			var out, errOut bytes.Buffer
			err := run(ctx, newOpener(), tt.args, &out, &errOut)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error()+errOut.String(), tt.want) {
				t.Fatalf("error %v, stderr %q; want %q", err, errOut.String(), tt.want)
			}
			if errors.Is(err, errUsage) && !strings.Contains(errOut.String(), "Usage: serialhub") {
				t.Fatalf("usage error without the usage on stderr: %q", errOut.String())
			}
		})
	}
}

// TestRemoteFlagsAnywhere: attach and pty take their flags before,
// between or after the URL and LINK too.
func TestRemoteFlagsAnywhere(t *testing.T) {
	t.Run("attach", func(t *testing.T) {
		for _, args := range [][]string{
			{"--echo", "--escape", "none", "--replay=false", "127.0.0.1:1/lab"},
			{"127.0.0.1:1/lab", "--echo", "--escape", "none", "--replay=false"},
			{"--echo", "127.0.0.1:1/lab", "--escape", "none", "-replay=false"},
		} {
			c := newAttachCommand(nil, &bytes.Buffer{}, &bytes.Buffer{})
			if err := c.ParseFlags(args); err != nil {
				t.Fatalf("attach %q: %v", args, err)
			}
			if !c.Echo || c.Escape != -1 || c.Replay || c.Target.Name != "lab" {
				t.Fatalf("attach %q: echo %v, escape %d, replay %v, port %q; want true, -1, false, lab", args, c.Echo, c.Escape, c.Replay, c.Target.Name)
			}
		}
	})
	t.Run("pty", func(t *testing.T) {
		for _, args := range [][]string{
			{"--buffer", "8192", "--replay", "127.0.0.1:1/lab", "/tmp/ttyLAB"},
			{"127.0.0.1:1/lab", "--buffer", "8192", "/tmp/ttyLAB", "--replay"},
			{"127.0.0.1:1/lab", "/tmp/ttyLAB", "--replay", "--buffer", "8192"},
		} {
			c := newPtyCommand(&bytes.Buffer{})
			if err := c.ParseFlags(args); err != nil {
				t.Fatalf("pty %q: %v", args, err)
			}
			if c.Buffer != 8192 || !c.Replay || c.Target.Name != "lab" || c.Link != "/tmp/ttyLAB" {
				t.Fatalf("pty %q: buffer %d, replay %v, port %q, link %q; want 8192, true, lab, /tmp/ttyLAB", args, c.Buffer, c.Replay, c.Target.Name, c.Link)
			}
		}
		c := newPtyCommand(&bytes.Buffer{})
		if err := c.ParseFlags([]string{"127.0.0.1:1/lab", "--", "-ttyLAB"}); err != nil || c.Link != "-ttyLAB" {
			t.Fatalf("pty URL -- -ttyLAB: link %q, %v; want -ttyLAB", c.Link, err)
		}
	})
}

// TestCaptureFlagsAfterTheFiles: serialhub capture DIR/NAME --format raw
// prints the raw bytes.
func TestCaptureFlagsAfterTheFiles(t *testing.T) {
	dir := t.TempDir()
	w, err := capture.Open(capture.Config{Dir: dir, Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	w.Received(time.Now(), []byte("hello\r\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), newOpener(), []string{"capture", filepath.Join(dir, "dev"), "--format", "raw"}, &out, &errOut); err != nil {
		t.Fatalf("capture DIR/dev --format raw: %v\n%s", err, errOut.String())
	}
	if out.String() != "hello\r\n" {
		t.Fatalf("capture DIR/dev --format raw printed %q, want the raw bytes", out.String())
	}
}

// FuzzParseArgs compares parseArgs with the rule it follows, written out
// as one plain loop over the arguments: "--" ends the flags; "-" and
// anything not starting with '-' is an argument; a flag takes its value
// after "=" or, unless boolean, as the next argument.
func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{
		"a\n--b\n-s\nv\nc",
		"--s\n--\na\n-b",
		"a\n--\n-b\n--s",
		"-b=false\n-\n--s=x\n-s",
		"---b\n-=x\n-h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\n")
		var sets []string // the flags set, in order: NAME=VALUE
		fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.BoolFunc("b", "a boolean flag", func(v string) error { sets = append(sets, "b="+v); return nil })
		fs.Func("s", "a flag with a value", func(v string) error { sets = append(sets, "s="+v); return nil })
		got, err := parseArgs(fs, args)

		want, wantSets, ok := permute(args)
		switch {
		case !ok && err == nil:
			t.Fatalf("%q: parsed as %q, flags %q; want an error", args, got, sets)
		case ok && err != nil:
			t.Fatalf("%q: %v; want arguments %q, flags %q", args, err, want, wantSets)
		case ok && (!slices.Equal(got, want) || !slices.Equal(sets, wantSets)):
			t.Fatalf("%q: arguments %q, flags %q; want %q, %q", args, got, sets, want, wantSets)
		}
	})
}

// permute is FuzzParseArgs's model: the arguments and the flags set
// (NAME=VALUE) for flags -b (boolean) and -s (with a value), or !ok.
func permute(args []string) (positional, sets []string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(positional, args[i+1:]...), sets, true
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		switch {
		case name == "b":
			if !hasValue {
				value = "true"
			}
		case name == "s":
			if !hasValue {
				if i+1 == len(args) {
					return nil, nil, false // no value
				}
				i++
				value = args[i]
			}
		default:
			return nil, nil, false // bad syntax, unknown, or -h
		}
		sets = append(sets, name+"="+value)
	}
	return positional, sets, true
}
