package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/serialhub/serialhub/internal/remote"
)

const attachUsage = `Usage: serialhub attach [flags] URL

Connects this terminal to a port shared by a serialhub server, as tio,
picocom or minicom connect it to a local one: what you type goes to the
port and what the port sends appears here, both byte for byte. The
terminal is in raw mode meanwhile (Ctrl-C, Ctrl-Z and Ctrl-D go to the
device) and is restored on exit, whatever the cause. What serialhub has
to say appears on standard error, on lines of their own:
  [serialhub: port lab disconnected: read /dev/ttyUSB0: EOF]
  [serialhub: missed 1234 bytes (this client fell behind)]

` + urlHelp + `
Escape: type the escape character (Ctrl-], see --escape), then
  .  or q   quit
  b         send a break (250 ms) to the port
  e         local echo on or off (show what you type)
  s         show the port: state, settings, lines, clients
  ?  or h   list these keys
  Ctrl-]    send the escape character itself
Escapes work when standard input is a terminal; otherwise input goes to
the port as it is, and its end quits.

First the port's recent output (its scrollback) is shown, unless
--replay=false. When the connection drops (the server restarts, the network
fails), attach says so and reconnects, and resumes the stream where it
stopped: nothing is lost or shown twice, as long as the server still holds
what the port sent meanwhile (otherwise attach says how much was missed).
What you type while disconnected is discarded, and attach says so.
Resizing the window changes nothing: a serial line has no window size.
Settings, DTR and RTS are changed from the web console or the API.

Exit status: 0 you quit (escape, or end of input); 1 an error (bad URL, no
such port, token refused, server unreachable); 2 bad usage; 3 the connection
dropped and --reconnect=false; 128+N stopped by signal N (129 SIGHUP, 130
SIGINT, 143 SIGTERM).

Examples:
  serialhub attach 127.0.0.1:8080/lab
  serialhub attach --replay=false wss://pi.example/ws/gps
  SERIALHUB_TOKEN=s3cret serialhub attach https://pi.example/lab

Flags may come before or after the other arguments; -- ends them.

Flags:
`

// attachCommand is "serialhub attach": its flags, then Run.
type attachCommand struct {
	flags *flag.FlagSet
	remoteFlags
	Replay     bool
	Echo       bool
	EscapeFlag string

	Target remote.Target // from the URL argument
	Escape int           // the escape byte; -1: none

	// In is the terminal read; Out shows the port's bytes; Err the
	// messages. main gives os.Stdin, os.Stdout and os.Stderr; tests give
	// a pseudo-terminal.
	In       *os.File
	Out, Err io.Writer

	// opts, if set, adjust the client's options (tests shorten backoffs).
	opts func(*remote.Options)
}

func newAttachCommand(stdin *os.File, stdout, stderr io.Writer) *attachCommand {
	c := &attachCommand{In: stdin, Out: stdout, Err: stderr}
	fs := flag.NewFlagSet("serialhub attach", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.remoteFlags.register(fs)
	fs.BoolVar(&c.Replay, "replay", true, "first show the port's recent output (its scrollback); --replay=false shows only what comes next")
	fs.BoolVar(&c.Echo, "echo", false, "start with local echo on: show what you type (escape, then e, turns it on or off)")
	fs.StringVar(&c.EscapeFlag, "escape", "^]", "the escape `character`: ^X for Ctrl-X (^] ^T ^A …), a single character, or none (no escapes)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), attachUsage)
		fs.PrintDefaults()
	}
	c.flags = fs
	return c
}

// ParseFlags parses the flags and the URL, in any order (see parseArgs).
func (c *attachCommand) ParseFlags(args []string) error {
	urls, err := parseArgs(c.flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if len(urls) != 1 {
		fmt.Fprintln(c.flags.Output(), "serialhub attach: want one URL, e.g. serialhub attach 127.0.0.1:8080/sim; see serialhub attach --help")
		return errUsage
	}
	esc, err := parseEscape(c.EscapeFlag)
	if err != nil {
		return err
	}
	c.Escape = esc
	if c.Target, err = remote.ParseURL(urls[0]); err != nil {
		return err
	}
	return nil
}

// parseEscape parses --escape: "^X", one character, or "none" (-1).
func parseEscape(s string) (int, error) {
	switch {
	case s == "none":
		return -1, nil
	case len(s) == 2 && s[0] == '^' && s[1] >= '@' && s[1] <= '_':
		return int(s[1] & 0x1f), nil
	case len(s) == 2 && s[0] == '^' && s[1] >= 'a' && s[1] <= 'z':
		return int(s[1] & 0x1f), nil
	case len(s) == 1 && s[0] < 0x80:
		return int(s[0]), nil
	}
	return 0, fmt.Errorf("--escape %q: want ^X for Ctrl-X (^] ^T ^A …), one ASCII character, or none", s)
}

// escapeName names an escape byte as people type it: "Ctrl-]".
func escapeName(b int) string {
	switch {
	case b < 0:
		return "none"
	case b < 0x20:
		return "Ctrl-" + string(rune(b|0x40))
	}
	return string(rune(b))
}

func runAttach(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newAttachCommand(os.Stdin, stdout, stderr)
	if err := c.ParseFlags(args); err != nil {
		return err
	}
	return c.Run(ctx)
}
