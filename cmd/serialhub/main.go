// Command serialhub shares serial ports live with browsers and programs
// over WebSockets. Run it with no arguments to try it with a simulated
// device; see "serialhub --help".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/rfc2217"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func main() {
	// First thing: serialhub starts itself again as a serial port's modem
	// helper (see newOpener).
	if device.IsModemHelper() {
		os.Exit(device.RunModemHelper())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, newOpener(), os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var exit interface{ ExitCode() int }
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, &exit): // attach and pty: a documented exit status
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(os.Stderr, "serialhub:", msg)
		}
		os.Exit(exit.ExitCode())
	case errors.Is(err, errUsage):
		os.Exit(2) // the flag package already said what is wrong
	default:
		fmt.Fprintln(os.Stderr, "serialhub:", err)
		os.Exit(1)
	}
}

// newOpener returns the Opener of serialhub's devices: the built-in ones
// (device.Open) and rfc2217://. Its serial ports run the modem helper, so
// the program that calls it must run the helper first thing, as main (and
// the tests' TestMain) do.
func newOpener() device.Opener {
	return device.NewOpener(device.OpenerConfig{
		Schemes:     map[string]device.Opener{"rfc2217": rfc2217.Open},
		ModemHelper: true,
	})
}

// errUsage reports bad command-line arguments that were already explained.
var errUsage = errors.New("usage error")

const usage = `serialhub shares serial ports live with browsers and programs:
a web console, a WebSocket and REST API (docs/protocol.md).

Usage:
  serialhub [serve] [flags] [PORT...]  share ports; with none, the
                                       simulated device sim://
  serialhub fleet [flags]              run a fleet's central: every
                                       gateway's ports in one console
                                       (docs/fleet.md); gateways join
                                       with serve --fleet URL
  serialhub fleet add-gateway NAME     make a gateway's credentials
  serialhub list [--json]              list the machine's serial ports
  serialhub capture [flags] FILE...    print capture files (serve --log-dir)
  serialhub token                      make an access token (and its hash
                                       for the config file)
  serialhub hash-password              hash a password read from stdin
  serialhub attach [flags] URL         connect this terminal to a port
                                       shared by a serialhub server
  serialhub pty [flags] URL LINK       make a remote port a local
                                       pseudo-terminal, LINK, for any
                                       serial program
  serialhub expect [flags] URL         send, then wait for a pattern in
                                       the port's output (scripts: exit
                                       0 matched, 1 timed out, 2 error)
  serialhub lease take|renew|release|break|show|hold URL
                                       reserve a port for a while (a
                                       lease); hold runs a command under
                                       it (serialhub lease --help)
  serialhub job send|list|pause|resume|cancel URL …
                                       stream a file (G-code…) to a port
                                       at the pace its device acknowledges,
                                       run by the server (serialhub job
                                       --help)
  serialhub version                    print the version
  serialhub help                       print this help

Flags may come before, between or after the other arguments, as in GNU
tools; -- ends the flags (an argument after it may start with '-').

Examples:
  serialhub                                      try it: open http://127.0.0.1:8080
  serialhub list                                 which ports does this machine have?
  serialhub serve lab=/dev/ttyUSB0 gps=/dev/ttyACM0,baud=9600
  serialhub serve --listen 127.0.0.1:9000 --baud 9600 /dev/ttyACM0
  serialhub serve /dev/ttyACM0 --baud 9600       the same flag, after the port
  serialhub attach 127.0.0.1:8080/sim            a terminal on another machine's port

`

// run runs the command that args name; ctx ends it; open opens the devices
// of the ports it serves.
func run(ctx context.Context, open device.Opener, args []string, stdout, stderr io.Writer) error {
	cmd := ""
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, open, args[1:], stdout, stderr)
	case "fleet":
		return runFleet(ctx, open, args[1:], stdout, stderr)
	case "token":
		return runToken(ctx, args[1:], stdout, stderr)
	case "hash-password":
		return runHashPassword(ctx, args[1:], os.Stdin, stdout, stderr)
	case "capture":
		return runCapture(ctx, args[1:], stdout, stderr)
	case "list":
		return runList(ctx, args[1:], stdout, stderr, device.List)
	case "bench":
		return errors.New("bench is a program of its own: go run ./cmd/serialhub-bench --help")
	case "attach":
		return runAttach(ctx, args[1:], stdout, stderr)
	case "pty":
		return runPty(ctx, args[1:], stdout, stderr)
	case "expect":
		return runExpect(ctx, args[1:], stdout, stderr)
	case "lease":
		return runLease(ctx, args[1:], stdout, stderr)
	case "job":
		return runJob(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "serialhub", buildVersion())
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		c := newServeCommand(open, stdout, stderr)
		fmt.Fprintln(stdout, "Serve flags:")
		c.flags.SetOutput(stdout)
		c.flags.PrintDefaults()
		fmt.Fprintf(stdout, "\n%s\n", portSpecHelp)
		return nil
	}
	// Anything else is the serve command's flags and ports.
	return runServe(ctx, open, args, stdout, stderr)
}

// buildVersion returns the version this binary was built as.
func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
