package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// POST /api/broadcast sends the same bytes to a group of ports, named or
// chosen by a fleet gateway's tag, side by side, and reports each port's
// result (docs/automation.md, "Broadcast").

// broadcastTimeout bounds the write to each port.
const broadcastTimeout = 10 * time.Second

// maxBroadcastPorts bounds the ports of one broadcast.
const maxBroadcastPorts = 512

func (s *Server) handleBroadcast(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	req, tagKey, tagValue, err := protocol.ParseBroadcast(body)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re)
		writeError(w, http.StatusBadRequest, re.Code, re.Message)
		return
	}
	id := identity(r.Context())
	var targets []*hub.Port
	var results []protocol.BroadcastResult
	for _, name := range req.Ports {
		p, ok := s.cfg.Hub.Port(name)
		if !ok || id.Role(name) == auth.RoleNone {
			results = append(results, protocol.BroadcastResult{Port: name, Code: protocol.CodeNotFound, Error: "no port named " + name})
			continue
		}
		if !slices.Contains(targets, p) {
			targets = append(targets, p)
		}
	}
	if req.Tag != "" {
		for _, p := range s.cfg.Hub.Ports() {
			if o := p.Origin(); o != nil && o.Tags[tagKey] == tagValue && id.Role(p.Name()) != auth.RoleNone && !slices.Contains(targets, p) {
				targets = append(targets, p)
			}
		}
	}
	if len(targets)+len(results) == 0 {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "broadcast request: no port named, and none with the tag")
		return
	}
	if len(targets) > maxBroadcastPorts {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, fmt.Sprintf("broadcast to %d ports: at most %d", len(targets), maxBroadcastPorts))
		return
	}
	out := make([]protocol.BroadcastResult, len(targets))
	var wg sync.WaitGroup
	for i, p := range targets {
		out[i] = protocol.BroadcastResult{Port: p.Name()}
		if !id.Role(p.Name()).Allows(auth.RoleControl) {
			out[i].Code, out[i].Error = protocol.CodeForbidden, "your role for port "+p.Name()+" is "+string(id.Role(p.Name()))+": it cannot write"
			p.Drop(hub.DropRefused, len(req.Send))
			continue
		}
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(r.Context(), broadcastTimeout)
			defer cancel()
			err := p.As(nil).Write(ctx, []byte(req.Send))
			if err != nil {
				out[i].Code, _ = controlError(err)
				out[i].Error = err.Error()
				return
			}
			out[i].OK = true
		})
	}
	wg.Wait()
	results = append(results, out...)
	sent := 0
	for _, res := range results {
		if res.OK {
			sent++
		}
	}
	s.audit("broadcast", r, "ports", len(results), "sent", sent, "bytes", len(req.Send))
	writeJSON(w, http.StatusOK, protocol.BroadcastAnswer{Results: results})
}
