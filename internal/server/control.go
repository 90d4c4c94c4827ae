package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// A port's controls, reached two ways with the same rules and errors: as
// WebSocket control messages (client.handleControl) and as REST requests
// (the handlers below). docs/protocol.md describes both.

// control carries out a settings, lines, break or modem request on port.
func control(ctx context.Context, port *hub.Port, req request) error {
	switch req.Type {
	case "settings":
		return port.ChangeSettings(ctx, req.Settings.apply)
	case "lines":
		return port.SetLines(ctx, req.DTR, req.RTS)
	case "break":
		d, err := breakLength(req.MS)
		if err != nil {
			return err
		}
		return port.Break(ctx, d)
	case "modem":
		_, err := port.Modem(ctx)
		return err
	}
	return fmt.Errorf("no control %q", req.Type) // parseRequest lets none other through
}

// controlError returns the error code and HTTP status for an error of a
// control.
func controlError(err error) (code string, status int) {
	switch {
	case errors.Is(err, device.ErrInvalidSettings):
		return codeBadSettings, http.StatusBadRequest
	case errors.Is(err, hub.ErrLocked):
		return codeLocked, http.StatusConflict
	case errors.Is(err, device.ErrNotSupported):
		return codeNotSupported, http.StatusUnprocessableEntity
	case errors.Is(err, hub.ErrNotOpen), errors.Is(err, hub.ErrClosed):
		return codeNotOpen, http.StatusConflict
	default:
		return codeFailed, http.StatusInternalServerError
	}
}

// maxBody bounds a REST request's body.
const maxBody = maxControlSize

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
			writeError(w, http.StatusRequestEntityTooLarge, codeTooLarge, fmt.Sprintf("request body over %d bytes", maxBody))
			return
		}
		req, err := parseControlBody(typ, body)
		if err != nil {
			var re *requestError
			errors.As(err, &re)
			writeError(w, http.StatusBadRequest, re.code, re.msg)
			return
		}
		err = port.MayChange(nil)
		if err == nil {
			err = control(r.Context(), port, req)
		}
		s.audit("control", r, "port", port.Name(), "control", typ, "request", string(body), "ok", err == nil)
		if err != nil {
			code, status := controlError(err)
			writeError(w, status, code, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, port.Info())
	}
}

// parseControlBody reads a REST body as the control message of type typ.
// The settings endpoint takes the settings object itself.
func parseControlBody(typ string, body []byte) (request, error) {
	msg := map[string]json.RawMessage{}
	if len(body) > 0 {
		if typ == "settings" {
			msg["settings"] = body
		} else if err := json.Unmarshal(body, &msg); err != nil {
			return request{}, &requestError{code: codeBadRequest, msg: "request body" + explainJSON(err)}
		}
	}
	msg["type"], _ = json.Marshal(typ)
	b, _ := json.Marshal(msg)
	return parseRequest(b)
}
