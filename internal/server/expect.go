package server

import (
	"context"
	"errors"
	"fmt"
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
	body, ok := readBody(w, r)
	if !ok {
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
	var writer *hub.Client
	if len(req.Send) > 0 {
		c := asHolder(port, r)
		writer = &c
	}
	out, err := runExpect(r.Context(), port, writer, req)
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
	status := http.StatusOK
	if out.TimedOut {
		status = http.StatusRequestTimeout
	}
	writeJSON(w, status, out)
}

// runExpect carries out a parsed expect request on port, writing as
// writer (nil when nothing is sent), and returns the answer.
func runExpect(ctx context.Context, port *hub.Port, writer *hub.Client, req protocol.ParsedExpect) (protocol.ExpectResult, error) {
	run := expect.Request{
		Send: req.Send, Expect: req.Expect, Timeout: req.Timeout, Quiet: req.Quiet, CharDelay: req.CharDelay,
	}
	if req.Since != nil {
		run.Resume, run.Stream, run.Since = true, req.Stream, *req.Since
	}
	started := time.Now()
	res, err := expect.Run(ctx, port, writer, run)
	if err != nil {
		return protocol.ExpectResult{}, err
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
	if res.Index < 0 {
		out.Transcript, out.Before = out.Before, ""
	}
	return out, nil
}

// maxExpects bounds the expect requests one WebSocket client may have
// running at once.
const maxExpects = 4

// expectRequest carries out an expect request of a WebSocket client in a
// goroutine of its own (the client's other messages go on meanwhile);
// the answer is an "expect" event with the request's id.
func (c *client) expectRequest(b []byte) {
	req, err := protocol.ParseExpect(b)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re)
		c.reply(protocol.Error{Type: protocol.TypeError, Code: re.Code, Message: re.Message, ID: re.ID})
		return
	}
	var writer *hub.Client
	if len(req.Send) > 0 {
		if !c.role.Allows(auth.RoleControl) {
			c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeForbidden, Message: "your role for port " + c.port.Name() + " is " + string(c.role) + ": an expect request may wait, not send", ID: req.ID})
			return
		}
		w := c.port.As(c.sub)
		writer = &w
	}
	if c.expects.Load() >= maxExpects {
		c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeRateLimited, Message: fmt.Sprintf("%d expect requests are running: wait for one to end", maxExpects), ID: req.ID})
		return
	}
	c.expects.Add(1)
	c.jobs.Add(1)
	go func() {
		defer c.jobs.Done()
		defer c.expects.Add(-1)
		out, err := runExpect(c.ops, c.port, writer, req)
		if len(req.Send) > 0 {
			c.audit("expect", "port", c.port.Name(), "bytes", len(req.Send), "ok", err == nil)
		}
		if c.ops.Err() != nil {
			return // the client is going
		}
		if err != nil {
			code, _ := controlError(err)
			if errors.Is(err, expect.ErrBadRequest) {
				code = protocol.CodeBadRequest
			}
			c.reply(protocol.Error{Type: protocol.TypeError, Code: code, Message: err.Error(), ID: req.ID})
			return
		}
		out.Type, out.ID = protocol.TypeExpect, req.ID
		c.reply(out)
	}()
}
