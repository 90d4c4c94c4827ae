package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/remote"
)

// What attach and pty share: the URL and token flags, exit statuses, and
// how the server's events read as one-line messages.

// tokenEnv names the environment variable that holds the token when
// --token is not given.
const tokenEnv = "SERIALHUB_TOKEN"

// leaseEnv names the environment variable that carries a lease's id to
// attach, pty and expect (serialhub lease hold sets it for its command).
const leaseEnv = "SERIALHUB_LEASE"

const urlHelp = `URL names the port, in any of these forms:
  ws://HOST:PORT/ws/NAME    the port's WebSocket (wss:// over TLS)
  http://HOST:PORT/NAME     the server's address and the port's name
                            (https:// connects with wss://)
  HOST:PORT/NAME            the same, without TLS
A path prefix before /ws/NAME or NAME (a reverse proxy's) is kept.
`

// remoteFlags are the flags attach and pty share.
type remoteFlags struct {
	Token     string
	Lease     string
	Reconnect bool
}

func (r *remoteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.Token, "token", "", "send `TOKEN` as \"Authorization: Bearer TOKEN\" when connecting (default: $"+tokenEnv+"; servers without authentication ignore it)")
	fs.StringVar(&r.Lease, "lease", "", "act under the lease `ID` (from serialhub lease take): write to a port it reserves (default: $"+leaseEnv+")")
	fs.BoolVar(&r.Reconnect, "reconnect", true, "when the connection drops, reconnect (250 ms, doubling up to 5 s) and resume the stream; --reconnect=false exits with status 3 instead")
}

// token returns the token to send: --token, else $SERIALHUB_TOKEN.
func (r *remoteFlags) token() string {
	if r.Token != "" {
		return r.Token
	}
	return os.Getenv(tokenEnv)
}

// lease returns the lease to act under: --lease, else $SERIALHUB_LEASE.
func (r *remoteFlags) lease() string {
	if r.Lease != "" {
		return r.Lease
	}
	return os.Getenv(leaseEnv)
}

// exitError ends a command with a given exit status; main prints its
// message, if any, and exits with Code.
type exitError struct {
	Code int
	Err  error // nil: nothing to print
}

func (e *exitError) Error() string {
	if e.Err == nil {
		return ""
	}
	return e.Err.Error()
}

func (e *exitError) Unwrap() error { return e.Err }

// ExitCode returns the exit status.
func (e *exitError) ExitCode() int { return e.Code }

// Exit statuses of attach and pty besides 0, 1 (error) and 2 (usage).
const (
	exitDisconnected = 3   // the connection dropped with --reconnect=false
	exitSignal       = 128 // plus the signal's number
)

// runError maps what ended a remote client to an exit status.
func runError(err error) error {
	if err == nil {
		return nil
	}
	if de := (*remote.DisconnectedError)(nil); errors.As(err, &de) {
		return &exitError{Code: exitDisconnected, Err: err}
	}
	return err
}

// eventText describes a client event for people, in a few words; "" for
// events not worth a message. prev is the port as last known (nil before
// the first status).
func eventText(name string, ev remote.Event, prev *protocol.Port) string {
	switch ev.Type {
	case "status":
		if ev.Port == nil || prev == nil || ev.ID != nil {
			return ""
		}
		p := ev.Port
		var parts []string
		if p.State != prev.State || p.Error != prev.Error {
			s := fmt.Sprintf("port %s %s", name, p.State)
			if p.Error != "" {
				s += ": " + p.Error
			}
			parts = append(parts, s)
		}
		if p.Settings != prev.Settings {
			parts = append(parts, fmt.Sprintf("port %s settings %s", name, p.Settings))
		}
		if p.Lines != prev.Lines {
			parts = append(parts, fmt.Sprintf("port %s %s", name, linesText(p)))
		}
		return strings.Join(parts, "; ")
	case "dropped":
		why := "this client fell behind"
		if ev.Reason == "away" {
			why = "sent while disconnected and no longer in the server's scrollback"
		}
		return fmt.Sprintf("missed %d bytes (%s)", ev.Bytes, why)
	case "replay":
		if ev.Restarted {
			return "the server restarted: its stream starts anew"
		}
	case "error":
		s := "error: " + ev.Message
		if ev.Code != "" {
			s += " (" + ev.Code + ")"
		}
		return s
	case "connected":
		return "reconnected to " + name
	case "disconnected":
		return fmt.Sprintf("disconnected: %v", ev.Err)
	case "retry":
		return fmt.Sprintf("cannot reconnect: %v; trying again in %s", ev.Err, ev.Delay.Round(time.Millisecond))
	}
	return ""
}

// causeKey names the kind of a connection error, so that a retry failing
// the same way again (with another ephemeral port in its message) is not
// reported again: the HTTP status of a refusal, or the innermost error
// (connection refused, EOF).
func causeKey(err error) string {
	var he *remote.HTTPError
	if errors.As(err, &he) {
		return fmt.Sprint("http ", he.Status)
	}
	for err != nil {
		inner := errors.Unwrap(err)
		if inner == nil {
			break
		}
		err = inner
	}
	return fmt.Sprint(err)
}

func linesText(p *protocol.Port) string {
	onOff := map[bool]string{true: "on", false: "off"}
	return fmt.Sprintf("dtr=%s rts=%s", onOff[p.Lines.DTR], onOff[p.Lines.RTS])
}

// portText describes a port in one line: "lab (/dev/ttyUSB0) open,
// 115200 8N1, dtr=on rts=on, 2 clients".
func portText(p protocol.Port) string {
	s := fmt.Sprintf("%s (%s) %s", p.Name, p.Device, p.State)
	if p.Error != "" {
		s += ": " + p.Error
	}
	s += fmt.Sprintf(", %s, %s, %d clients", p.Settings, linesText(&p), p.Clients)
	return s
}
