package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/metrics"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/trigger"
)

// A port's triggers (docs/automation.md, "Triggers"): GET, POST and
// DELETE /api/ports/{name}/triggers. Viewers list them, controllers add
// and remove them, and a trigger with a webhook needs the admin role: a
// webhook is a request the server makes. Triggers added here live in
// memory: a restart keeps only the config file's.

// triggerPort is what a port's trigger engine acts on.
type triggerPort struct{ p *hub.Port }

// Write writes as a client with no subscription: refused while another
// holds the port's write lock.
func (t triggerPort) Write(ctx context.Context, b []byte) error { return t.p.As(nil).Write(ctx, b) }
func (t triggerPort) Note(msg string)                           { t.p.Note(msg) }
func (t triggerPort) Notify(id, text string, at time.Time) {
	t.p.Notify(hub.Notice{From: id, Text: text, Time: at})
}

// attachTriggers gives the trigger engines of the hub's ports their port.
func (s *Server) attachTriggers() {
	if s.cfg.Triggers == nil {
		return
	}
	for _, p := range s.cfg.Hub.Ports() {
		if e, ok := s.cfg.Triggers.Engine(p.Name()); ok {
			e.Attach(triggerPort{p})
		}
	}
}

// triggersFor returns the engine of the port the request names, once the
// caller's role allows want; otherwise it answers the request.
func (s *Server) triggersFor(w http.ResponseWriter, r *http.Request, want auth.Role) (*trigger.Engine, bool) {
	p, ok := s.portFor(w, r, want)
	if !ok {
		return nil, false
	}
	var e *trigger.Engine
	if s.cfg.Triggers != nil {
		e, ok = s.cfg.Triggers.Engine(p.Name())
	}
	if e == nil || !ok {
		msg := "port " + p.Name() + " has no triggers here"
		if p.Origin() != nil {
			msg += ": a fleet port's triggers run on its gateway"
		}
		writeError(w, http.StatusUnprocessableEntity, protocol.CodeNotSupported, msg)
		return nil, false
	}
	return e, true
}

func (s *Server) handleTriggers(w http.ResponseWriter, r *http.Request) {
	e, ok := s.triggersFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, e.List())
}

func (s *Server) handleAddTrigger(w http.ResponseWriter, r *http.Request) {
	e, ok := s.triggersFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	t, err := protocol.ParseTrigger(body)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re) // a body over the limit was refused by readBody
		writeError(w, http.StatusBadRequest, re.Code, re.Message)
		return
	}
	name := portName(r)
	if t.HasWebhook() && s.auth.Enabled() && !identity(r.Context()).Role(name).Allows(auth.RoleAdmin) {
		writeError(w, http.StatusForbidden, protocol.CodeForbidden, "your role for port "+name+" is "+string(identity(r.Context()).Role(name))+": a trigger with a webhook needs the admin role (the server makes the request)")
		return
	}
	added, err := e.Add(t, protocol.TriggerFromAPI)
	switch {
	case errors.Is(err, trigger.ErrExists):
		writeError(w, http.StatusConflict, protocol.CodeExists, err.Error())
		return
	case errors.Is(err, trigger.ErrTooMany):
		writeError(w, http.StatusConflict, protocol.CodeTooMany, err.Error())
		return
	case err != nil:
		writeError(w, http.StatusConflict, protocol.CodeFailed, err.Error())
		return
	}
	s.audit("trigger added", r, "port", name, "trigger", added.ID, "on", added.On, "pattern", added.Pattern, "line", added.Line, "actions", len(added.Actions))
	w.Header().Set("Location", "/api/ports/"+name+"/triggers/"+added.ID)
	writeJSON(w, http.StatusCreated, added)
}

func (s *Server) handleRemoveTrigger(w http.ResponseWriter, r *http.Request) {
	e, ok := s.triggersFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if err := e.Remove(id); err != nil {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, err.Error())
		return
	}
	s.audit("trigger removed", r, "port", portName(r), "trigger", id)
	w.WriteHeader(http.StatusNoContent)
}

// triggerStats gives the metrics the counts of the triggers of the ports
// the request may see.
func (s *Server) triggerStats(visible func(port string) bool) []metrics.TriggerStats {
	if s.cfg.Triggers == nil {
		return nil
	}
	var out []metrics.TriggerStats
	for _, st := range s.cfg.Triggers.Stats() {
		if !visible(st.Port) {
			continue
		}
		ts := metrics.TriggerStats{Port: st.Port, Dropped: st.Dropped}
		for _, t := range st.Triggers {
			ts.Triggers = append(ts.Triggers, metrics.TriggerCounts{ID: t.ID, Fired: t.Fired, Suppressed: t.Suppressed, Errors: t.Errors})
		}
		out = append(out, ts)
	}
	return out
}
