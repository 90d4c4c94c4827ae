package netport

import (
	"fmt"
	"log/slog"
)

// audit records what one TCP client does in the audit log, as the
// WebSocket server records its clients: each line has the client's
// address, the protocol and the port. The zero value records nothing.
type audit struct {
	log  *slog.Logger // nil: no audit log
	data bool         // record the bytes written, not only their number
}

// with returns the audit of one client.
func (a audit) with(args ...any) audit {
	if a.log == nil {
		return a
	}
	return audit{log: a.log.With(args...), data: a.data}
}

// event records a connection or disconnection.
func (a audit) event(msg string) {
	if a.log != nil {
		a.log.Info(msg)
	}
}

// write records bytes written to the port, or refused (err).
func (a audit) write(b []byte, err error) {
	if a.log == nil {
		return
	}
	args := []any{"bytes", len(b), "ok", err == nil}
	if a.data {
		args = append(args, "data", fmt.Sprintf("%q", b))
	}
	a.log.Info("write", args...)
}

// control records a control: settings, lines or break, with what was
// asked for.
func (a audit) control(control, request string, err error) {
	if a.log != nil {
		a.log.Info("control", "control", control, "request", request, "ok", err == nil)
	}
}
