package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// A port's controls, reached two ways with the same rules and errors: as
// WebSocket control messages (client.handleControl) and as REST requests
// (the handlers below). docs/protocol.md describes both.

// control carries out a settings, lines, break or modem request on port.
func control(ctx context.Context, port hub.Client, req protocol.Request) error {
	switch req.Type {
	case protocol.TypeSettings:
		return port.ChangeSettings(ctx, func(s device.Settings) device.Settings { return applySettings(req.Settings, s) })
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

// controlError returns the error code and HTTP status for an error of a
// control.
func controlError(err error) (code string, status int) {
	switch {
	case errors.Is(err, device.ErrInvalidSettings):
		return protocol.CodeBadSettings, http.StatusBadRequest
	case errors.Is(err, hub.ErrLocked):
		return protocol.CodeLocked, http.StatusConflict
	case errors.Is(err, device.ErrNotSupported):
		return protocol.CodeNotSupported, http.StatusUnprocessableEntity
	case errors.Is(err, hub.ErrNotOpen), errors.Is(err, hub.ErrClosed):
		return protocol.CodeNotOpen, http.StatusConflict
	default:
		return protocol.CodeFailed, http.StatusInternalServerError
	}
}

// maxBody bounds a REST request's body.
const maxBody = protocol.MaxControlSize

// handleControl serves PATCH /api/ports/{name}/settings,
// PUT /api/ports/{name}/lines, POST /api/ports/{name}/break and
// GET /api/ports/{name}/modem: the body, if any, is the JSON of the matching
// control message without its type; the answer is the port object.
func (s *Server) handleControl(typ string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		port, ok := s.portFor(w, r, auth.RoleControl)
		if !ok {
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			writeError(w, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge, fmt.Sprintf("request body over %d bytes", maxBody))
			return
		}
		req, err := protocol.ParseBody(typ, body)
		if err != nil {
			var re *protocol.RequestError
			errors.As(err, &re)
			writeError(w, http.StatusBadRequest, re.Code, re.Message)
			return
		}
		err = control(r.Context(), port.As(nil), req)
		s.audit("control", r, "port", port.Name(), "control", typ, "request", string(body), "ok", err == nil)
		if err != nil {
			code, status := controlError(err)
			writeError(w, status, code, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, portObject(port.Info()))
	}
}
