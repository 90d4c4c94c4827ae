package wire

import (
	"context"
	"errors"
	"fmt"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// Control carries out a settings, lines, break or modem request on port
// (as one client: hub.Port.As, so the write lock is judged).
func Control(ctx context.Context, port hub.Client, req protocol.Request) error {
	switch req.Type {
	case protocol.TypeSettings:
		return port.ChangeSettings(ctx, func(s device.Settings) device.Settings { return ApplySettings(req.Settings, s) })
	case protocol.TypeLines:
		return port.SetLines(ctx, req.DTR, req.RTS)
	case protocol.TypeBreak:
		d, err := req.Break()
		if err != nil {
			return err
		}
		return port.Break(ctx, d)
	case protocol.TypeModem:
		_, err := port.Modem(ctx)
		return err
	}
	return fmt.Errorf("no control %q", req.Type) // protocol.ParseRequest lets none other through
}

// ErrorCode is the protocol's error code for an error of a control or a
// write (protocol.CodeFailed for one it has no code for).
func ErrorCode(err error) string {
	switch {
	case errors.Is(err, device.ErrInvalidSettings):
		return protocol.CodeBadSettings
	case errors.Is(err, hub.ErrLocked):
		return protocol.CodeLocked
	case errors.Is(err, hub.ErrNoLease):
		return protocol.CodeNoLease
	case errors.Is(err, hub.ErrQueueFull):
		return protocol.CodeQueueFull
	case errors.Is(err, hub.ErrJobRunning):
		return protocol.CodeJobRunning
	case errors.Is(err, device.ErrNotSupported):
		return protocol.CodeNotSupported
	case errors.Is(err, hub.ErrNotOpen), errors.Is(err, hub.ErrClosed):
		return protocol.CodeNotOpen
	default:
		return protocol.CodeFailed
	}
}
