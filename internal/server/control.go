package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

// A port's controls, reached two ways with the same rules and errors: as
// WebSocket control messages (client.handleControl) and as REST requests
// (the handlers below). docs/protocol.md describes both.

// controlError returns the error code and HTTP status for an error of a
// control.
func controlError(err error) (code string, status int) {
	code = wire.ErrorCode(err)
	switch code {
	case protocol.CodeBadSettings:
		return code, http.StatusBadRequest
	case protocol.CodeLocked, protocol.CodeNotOpen, protocol.CodeNoLease, protocol.CodeJobRunning:
		return code, http.StatusConflict
	case protocol.CodeNotSupported:
		return code, http.StatusUnprocessableEntity
	default:
		return code, http.StatusInternalServerError
	}
}

// maxBody bounds a REST request's body.
const maxBody = protocol.MaxControlSize

// readBody reads a REST request's body, at most maxBody bytes; a longer
// one is answered 413 and ok is false.
func readBody(w http.ResponseWriter, r *http.Request) (body []byte, ok bool) {
	return readBodyUpTo(w, r, maxBody)
}

// readBodyUpTo is readBody with a limit of max bytes.
func readBodyUpTo(w http.ResponseWriter, r *http.Request, max int64) (body []byte, ok bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge, fmt.Sprintf("request body over %d bytes", max))
		return nil, false
	}
	return body, true
}

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
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		req, err := protocol.ParseBody(typ, body)
		if err != nil {
			var re *protocol.RequestError
			errors.As(err, &re)
			writeError(w, http.StatusBadRequest, re.Code, re.Message)
			return
		}
		err = wire.Control(r.Context(), asHolder(port, r), req)
		s.audit("control", r, "port", port.Name(), "control", typ, "request", string(body), "ok", err == nil)
		if err != nil {
			code, status := controlError(err)
			writeError(w, status, code, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, wire.PortObject(port.Info()))
	}
}
