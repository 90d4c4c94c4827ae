package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/expect"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// handleExpect serves POST /api/ports/{name}/expect (package expect;
// docs/automation.md): a request that sends needs the control role (and
// obeys the write lock), one that only waits the view role.
func (s *Server) handleExpect(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge, fmt.Sprintf("request body over %d bytes", maxBody))
		return
	}
	req, err := protocol.ParseExpect(body)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re)
		writeError(w, http.StatusBadRequest, re.Code, re.Message)
		return
	}
	role := auth.RoleView
	if len(req.Send) > 0 {
		role = auth.RoleControl
	}
	port, ok := s.portFor(w, r, role)
	if !ok {
		return
	}
	run := expect.Request{
		Send: req.Send, Expect: req.Expect, Timeout: req.Timeout, Quiet: req.Quiet, CharDelay: req.CharDelay,
	}
	if req.Since != nil {
		run.Resume, run.Stream, run.Since = true, req.Stream, *req.Since
	}
	var writer *hub.Client
	if len(req.Send) > 0 {
		c := port.As(nil)
		writer = &c
	}
	started := time.Now()
	res, err := expect.Run(r.Context(), port, writer, run)
	if len(req.Send) > 0 {
		s.audit("expect", r, "port", port.Name(), "bytes", len(req.Send), "ok", err == nil)
	}
	switch {
	case errors.Is(err, expect.ErrBadRequest):
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
		return
	case err != nil:
		code, status := controlError(err)
		writeError(w, status, code, err.Error())
		return
	}
	out := protocol.ExpectResult{
		Index: res.Index, Before: string(res.Before), Match: string(res.Match), After: string(res.After),
		Offset: res.Offset, Stream: res.Stream, Quiet: res.Quiet, TimedOut: res.TimedOut,
		Dropped: res.Dropped, Trimmed: res.Trimmed,
	}
	if !res.At.IsZero() {
		at := res.At.UTC()
		out.At = &at
	}
	if len(req.Send) > 0 {
		sent := started.UTC()
		out.SentAt = &sent
	}
	status := http.StatusOK
	if res.Index < 0 {
		out.Transcript, out.Before = out.Before, ""
	}
	if res.TimedOut {
		status = http.StatusRequestTimeout
	}
	writeJSON(w, status, out)
}
