package server

import (
	"fmt"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/serialhub/serialhub/internal/protocol"
)

// GET /api/events is a stream of server-sent events (text/event-stream,
// for EventSource) that tells a page when the list of ports may have
// changed, so that it asks GET /api/ports again rather than asking on a
// timer: a port added or removed, a port's state or error changed, a
// fleet gateway gone or back (docs/protocol.md, "Events of the server").
// Each is "event: ports" with data {}; one comes at once on connecting.
// With dashboards (dashboards.go), "event: dashboards" says one was saved
// or removed: ask GET /api/dashboards, or the one shown, again.
// Changes close together come as one, at most eventRate a second.

const (
	eventRate = 4                // "ports" events a second, at most
	keepAlive = 45 * time.Second // a comment line, so idle proxies and dead peers are found out
)

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, protocol.CodeFailed, "streaming is not supported here")
		return
	}
	s.mu.Lock()
	if s.closing || s.streams >= s.cfg.MaxClients {
		s.mu.Unlock()
		writeError(w, http.StatusServiceUnavailable, protocol.CodeTooMany, "too many event streams (--max-clients)")
		return
	}
	s.streams++
	done := s.done
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.streams--
		s.mu.Unlock()
	}()
	changes, stop := s.cfg.Hub.Watch()
	defer stop()
	var boards <-chan struct{} // nil (never ready) without dashboards
	if s.cfg.Dashboards != nil {
		c, stop := s.cfg.Dashboards.Watch()
		defer stop()
		boards = c
	}

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	w.WriteHeader(http.StatusOK)
	send := func(text string) bool {
		if _, err := fmt.Fprint(w, text); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	if !send("retry: 2000\nevent: ports\ndata: {}\n\n") {
		return
	}
	limit := rate.NewLimiter(eventRate, 1)
	keep := time.NewTicker(keepAlive)
	defer keep.Stop()
	for {
		select {
		case <-changes:
			if limit.Wait(r.Context()) != nil {
				return
			}
			if !send("event: ports\ndata: {}\n\n") {
				return
			}
		case <-boards:
			if limit.Wait(r.Context()) != nil {
				return
			}
			if !send("event: dashboards\ndata: {}\n\n") {
				return
			}
		case <-keep.C:
			if !send(": keep-alive\n\n") {
				return
			}
		case <-r.Context().Done():
			return
		case <-done:
			return
		}
	}
}
