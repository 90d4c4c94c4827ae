package server

import (
	"errors"
	"net/http"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/dashboard"
	"github.com/serialhub/serialhub/internal/protocol"
)

// Dashboards (docs/dashboards.md): GET /api/dashboards lists those whose
// port the caller may see; GET, PUT and DELETE /api/dashboards/{id} read,
// save and remove one. Seeing a dashboard takes the view role on its
// port, saving or removing it the control role. Every change is an
// "event: dashboards" on GET /api/events.

// dashboards answers 404 and returns nil without --dashboards.
func (s *Server) dashboards(w http.ResponseWriter) *dashboard.Store {
	if s.cfg.Dashboards == nil {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "this server keeps no dashboards: start it with --dashboards DIR")
	}
	return s.cfg.Dashboards
}

func dashboardError(w http.ResponseWriter, err error) {
	if errors.Is(err, dashboard.ErrNotFound) {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, err.Error())
		return
	}
	writeError(w, http.StatusInternalServerError, protocol.CodeFailed, err.Error())
}

func (s *Server) handleDashboards(w http.ResponseWriter, r *http.Request) {
	store := s.dashboards(w)
	if store == nil {
		return
	}
	all, err := store.List()
	if err != nil {
		dashboardError(w, err)
		return
	}
	id := identity(r.Context())
	out := []protocol.DashboardSummary{}
	for _, d := range all {
		if id.Role(d.Port).Allows(auth.RoleView) {
			out = append(out, d)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	store := s.dashboards(w)
	if store == nil {
		return
	}
	d, err := store.Get(r.PathValue("id"))
	if err == nil && !identity(r.Context()).Role(d.Port).Allows(auth.RoleView) {
		err = dashboard.ErrNotFound // as for a port the user may not see
	}
	if err != nil {
		dashboardError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) handlePutDashboard(w http.ResponseWriter, r *http.Request) {
	store := s.dashboards(w)
	if store == nil {
		return
	}
	body, ok := readBodyUpTo(w, r, protocol.MaxDashboardSize)
	if !ok {
		return
	}
	d, err := protocol.ParseDashboard(r.PathValue("id"), body)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re) // a body over the limit was refused by readBody
		writeError(w, http.StatusBadRequest, re.Code, re.Message)
		return
	}
	id := identity(r.Context())
	ports := []string{d.Port}
	if old, err := store.Get(d.ID); err == nil {
		ports = append(ports, old.Port) // changing another's dashboard takes control of its port too
	}
	for _, p := range ports {
		if !id.Role(p).Allows(auth.RoleControl) {
			writeError(w, http.StatusForbidden, protocol.CodeForbidden, "your role for port "+p+" is "+string(id.Role(p))+": saving its dashboards takes control")
			return
		}
	}
	saved, err := store.Put(d, clientName(id, r))
	s.audit("dashboard", r, "id", d.ID, "port", d.Port, "action", "save", "ok", err == nil)
	if err != nil {
		dashboardError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, saved)
}

func (s *Server) handleDeleteDashboard(w http.ResponseWriter, r *http.Request) {
	store := s.dashboards(w)
	if store == nil {
		return
	}
	d, err := store.Get(r.PathValue("id"))
	if err != nil {
		dashboardError(w, err)
		return
	}
	id := identity(r.Context())
	if !id.Role(d.Port).Allows(auth.RoleControl) {
		writeError(w, http.StatusForbidden, protocol.CodeForbidden, "your role for port "+d.Port+" is "+string(id.Role(d.Port))+": removing its dashboards takes control")
		return
	}
	err = store.Delete(d.ID)
	s.audit("dashboard", r, "id", d.ID, "port", d.Port, "action", "delete", "ok", err == nil)
	if err != nil {
		dashboardError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
