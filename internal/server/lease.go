package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

// Leases (docs/automation.md, "Leases"): POST /api/ports/{name}/lease
// takes, renews or waits for one; GET shows who holds the port; DELETE
// releases the caller's lease (it carries the id) or, for an admin,
// breaks whoever holds it. REST requests carry a lease in the
// Serialhub-Lease header; a WebSocket in ?lease= or by taking one with a
// "lease" message.

// requestLease is the lease a REST request carries, if any.
func requestLease(r *http.Request) string { return r.Header.Get(protocol.LeaseHeader) }

// asHolder is the port as a REST request uses it: a client with no
// subscription, acting under the lease the request carries.
func asHolder(port *hub.Port, r *http.Request) hub.Client {
	return port.As(nil).WithLease(requestLease(r))
}

// leaseObject is the answer for lease l on port.
func leaseObject(port string, l hub.Lease) protocol.Lease {
	return protocol.Lease{Lease: l.ID, Port: port, Holder: l.Holder, Note: l.Note, Since: l.Since, Expires: l.Expires, TTL: l.TTL.String()}
}

// leaseError answers err from a lease's call.
func leaseError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, hub.ErrLocked):
		writeError(w, http.StatusConflict, protocol.CodeLocked, err.Error())
	case errors.Is(err, hub.ErrNoLease):
		writeError(w, http.StatusNotFound, protocol.CodeNoLease, err.Error())
	case errors.Is(err, hub.ErrQueueFull):
		writeError(w, http.StatusServiceUnavailable, protocol.CodeQueueFull, err.Error())
	case errors.Is(err, hub.ErrClosed):
		writeError(w, http.StatusConflict, protocol.CodeNotOpen, err.Error())
	default:
		code, status := controlError(err)
		writeError(w, status, code, err.Error())
	}
}

func (s *Server) handleTakeLease(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	req, err := protocol.ParseLease(body, false)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re)
		writeError(w, http.StatusBadRequest, re.Code, re.Message)
		return
	}
	if req.Lease == "" {
		req.Lease = requestLease(r)
	}
	id := identity(r.Context())
	holder := clientName(id, r)
	l, err := port.TakeLease(r.Context(), hub.LeaseRequest{Renew: req.Lease, Holder: holder, Note: req.Note, TTL: req.TTL, Wait: req.Wait})
	if r.Context().Err() != nil {
		s.audit("lease", r, "port", port.Name(), "action", "gave up waiting")
		return // the caller left the queue: no one to answer
	}
	action := "take"
	if req.Lease != "" {
		action = "renew"
	}
	s.audit("lease", r, "port", port.Name(), "action", action, "ttl", req.TTL.String(), "note", req.Note, "wait", req.Wait, "ok", err == nil)
	if err != nil {
		leaseError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, leaseObject(port.Name(), l))
}

func (s *Server) handleGetLease(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	obj := wire.PortObject(port.Info())
	if obj.Lock == nil {
		writeError(w, http.StatusNotFound, protocol.CodeNoLease, "no one holds port "+port.Name())
		return
	}
	writeJSON(w, http.StatusOK, obj.Lock)
}

// handleDeleteLease releases the lease the request carries (the
// Serialhub-Lease header, or ?lease=); without one it breaks whoever
// holds the port, which takes the admin role (or a server without users).
func (s *Server) handleDeleteLease(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	lease := requestLease(r)
	if lease == "" {
		lease = r.URL.Query().Get("lease")
	}
	if lease != "" {
		err := port.ReleaseLease(r.Context(), lease)
		s.audit("lease", r, "port", port.Name(), "action", "release", "ok", err == nil)
		if err != nil {
			leaseError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, wire.PortObject(port.Info()))
		return
	}
	id := identity(r.Context())
	if !s.mayBreak(id, port.Name()) {
		writeError(w, http.StatusForbidden, protocol.CodeForbidden, "breaking another's lease takes the admin role; to release your own, send its id in the "+protocol.LeaseHeader+" header")
		return
	}
	was, err := port.BreakLease(r.Context(), clientName(id, r))
	s.audit("lease", r, "port", port.Name(), "action", "break", "holder", was.Holder, "ok", err == nil)
	if err != nil {
		leaseError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.PortObject(port.Info()))
}

// mayBreak reports whether id may break another's lease or lock on port:
// the admin role, or any client of a server without users (which trusts
// every client with everything).
func (s *Server) mayBreak(id *auth.Identity, port string) bool {
	return !s.auth.Enabled() || id.Role(port).Allows(auth.RoleAdmin)
}

// leaseRequest handles a WebSocket client's lease, release and
// break-lease. A lease is taken, or waited for, in a job of the client's
// (it may wait long); the connection acts under it, and hears its events.
func (c *client) leaseRequest(typ string, b []byte, reqID []byte) {
	if !c.role.Allows(auth.RoleControl) {
		c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeForbidden, Message: "your role for port " + c.port.Name() + " is " + string(c.role) + ": it cannot take a lease", ID: reqID})
		return
	}
	switch typ {
	case protocol.TypeRelease:
		err := c.port.ReleaseLease(c.ops, c.port.SubscriberLease(c.sub))
		c.audit("lease", "port", c.port.Name(), "action", "release", "ok", err == nil)
		c.replyErr(err, reqID)
		return
	case protocol.TypeBreakLease:
		if !c.srv.mayBreak(c.id, c.port.Name()) {
			c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeForbidden, Message: "breaking another's lease takes the admin role", ID: reqID})
			return
		}
		was, err := c.port.BreakLease(c.ops, c.who())
		c.audit("lease", "port", c.port.Name(), "action", "break", "holder", was.Holder, "ok", err == nil)
		c.replyErr(err, reqID)
		return
	}
	req, err := protocol.ParseLease(b, true)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re)
		c.reply(protocol.Error{Type: protocol.TypeError, Code: re.Code, Message: re.Message, ID: re.ID})
		return
	}
	renew := req.Lease
	if renew == "" {
		renew = c.port.SubscriberLease(c.sub) // a connection under a lease renews it
	}
	if !c.leasing.TryLock() {
		c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeBadRequest, Message: "a lease request of this connection is still waiting", ID: req.ID})
		return
	}
	c.jobs.Add(1)
	go func() {
		defer c.jobs.Done()
		defer c.leasing.Unlock()
		_, err := c.port.TakeLease(c.ops, hub.LeaseRequest{Renew: renew, Holder: c.who(), Note: req.Note, TTL: req.TTL, Wait: req.Wait, Sub: c.sub})
		if errors.Is(err, context.Canceled) && c.ops.Err() != nil {
			return // the connection ends
		}
		action := "take"
		if renew != "" {
			action = "renew"
		}
		c.audit("lease", "port", c.port.Name(), "action", action, "ttl", req.TTL.String(), "note", req.Note, "wait", req.Wait, "ok", err == nil)
		c.replyErr(err, req.ID)
	}()
}

// replyErr answers a request: ok, or the error's event.
func (c *client) replyErr(err error, reqID []byte) {
	if err != nil {
		c.reply(protocol.Error{Type: protocol.TypeError, Code: wire.ErrorCode(err), Message: err.Error(), ID: reqID})
		return
	}
	c.reply(protocol.Reply{Type: protocol.TypeOK, ID: reqID})
}

// leaseEvent is the event for a lease's change.
func leaseEvent(ev *hub.LeaseEvent) protocol.LeaseEvent {
	out := protocol.LeaseEvent{Type: protocol.TypeLease, Event: string(ev.Kind), Lease: ev.Lease.ID, Holder: ev.Lease.Holder, Note: ev.Lease.Note, By: ev.By, Position: ev.Position}
	if ev.Kind == hub.LeaseGranted || ev.Kind == hub.LeaseRenewed {
		expires := ev.Lease.Expires
		out.Expires, out.TTL = &expires, ev.Lease.TTL.String()
	}
	return out
}
