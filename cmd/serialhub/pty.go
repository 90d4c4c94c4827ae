package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/serialhub/serialhub/internal/remote"
)

const ptyUsage = `Usage: serialhub pty [flags] URL LINK

Makes a port shared by a serialhub server a serial port of this machine: a
pseudo-terminal, with a symbolic link LINK to it (e.g. /tmp/ttyLAB), that
any serial program opens as it would /dev/ttyUSB0: minicom -D LINK,
picocom LINK, pyserial's serial.Serial("LINK"), a vendor's flasher. Bytes
pass both ways untouched (the pseudo-terminal is in raw mode). It runs
until stopped (SIGINT, SIGTERM, SIGHUP), then removes LINK.

` + urlHelp + `
LINK must not exist, or be a link left by an earlier run (to a
pseudo-terminal that is gone), which is replaced; anything else is an
error. Programs may open and close LINK as often as they like while
serialhub pty runs. What the port sends while no program has LINK open is
held, up to --buffer bytes (the rest is discarded and logged), and given to
the next program that opens it, unless that program flushes its input
first, as pyserial and minicom do.

Settings: on Linux, a program's changes of speed, stop bits and flow
control (tcsetattr, stty, pyserial's baudrate=) are passed on to the port,
and the port's settings are shown on LINK (stty -F LINK). Data bits and
parity cannot be set on a pseudo-terminal: change them from the web
console or the API, as DTR, RTS and breaks (a program's tcsendbreak is
not seen). On other systems settings go through the console or the API
only.

When the connection drops, pty logs it, reconnects (250 ms, doubling up to
5 s) and resumes the stream, so nothing the port sent is lost or repeated
while the server still holds it (otherwise it logs how much was missed).
What programs write meanwhile waits for the connection.

Exit status: 0 stopped by a signal; 1 an error (bad URL, no such port, token
refused, LINK in the way); 2 bad usage; 3 the connection dropped and
--reconnect=false.

Examples:
  serialhub pty 192.168.1.20:8080/lab /tmp/ttyLAB &  minicom -D /tmp/ttyLAB
  serialhub pty --replay wss://pi.example/ws/gps $HOME/gps

Flags may come before or after the other arguments; -- ends them.

Flags:
`

// defaultPtyBuffer is how much of the port's output is held for the
// pseudo-terminal while no program reads it.
const defaultPtyBuffer = 1 << 20

// ptyCommand is "serialhub pty": its flags, then Run.
type ptyCommand struct {
	flags *flag.FlagSet
	remoteFlags
	Replay bool
	Buffer int

	Target remote.Target // from the URL argument
	Link   string        // the LINK argument

	Log *slog.Logger // messages; main's goes to standard error

	// Ready, if set, receives the pseudo-terminal's path once LINK points
	// to it (tests).
	Ready chan<- string
	// opts, if set, adjust the client's options (tests shorten backoffs).
	opts func(*remote.Options)
}

func newPtyCommand(stderr io.Writer) *ptyCommand {
	c := &ptyCommand{Log: slog.New(slog.NewTextHandler(stderr, nil))}
	fs := flag.NewFlagSet("serialhub pty", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.remoteFlags.register(fs)
	fs.BoolVar(&c.Replay, "replay", false, "first give programs the port's recent output (its scrollback); by default only what comes next")
	fs.IntVar(&c.Buffer, "buffer", defaultPtyBuffer, "`bytes` of the port's output held while no program reads LINK; more is discarded and logged")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), ptyUsage)
		fs.PrintDefaults()
	}
	c.flags = fs
	return c
}

// ParseFlags parses the flags, the URL and LINK, in any order (see
// parseArgs).
func (c *ptyCommand) ParseFlags(args []string) error {
	pos, err := parseArgs(c.flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if len(pos) != 2 {
		fmt.Fprintln(c.flags.Output(), "serialhub pty: want a URL and a LINK, e.g. serialhub pty 127.0.0.1:8080/sim /tmp/ttySIM; see serialhub pty --help")
		return errUsage
	}
	if c.Buffer < 4096 {
		return fmt.Errorf("--buffer %d: want at least 4096 bytes", c.Buffer)
	}
	if c.Target, err = remote.ParseURL(pos[0]); err != nil {
		return err
	}
	c.Link = pos[1]
	if c.Link == "" {
		return errors.New("LINK is empty: want a path such as /tmp/ttyLAB")
	}
	return nil
}

func runPty(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newPtyCommand(stderr)
	if err := c.ParseFlags(args); err != nil {
		return err
	}
	return c.Run(ctx)
}
