package server

import (
	"errors"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

// A port's jobs (docs/jobs.md): POST /api/ports/{name}/jobs starts one
// with the file as the body, GET lists them, and POST …/jobs/{id}/pause,
// resume and cancel act on one. Viewers list them; starting and acting
// on one takes the control role and, while someone holds the port's write
// lock or lease, being its holder (the Serialhub-Lease header). Once
// started, the job holds the port above the lock (hub.Port.JobClient).

// jobsFor returns the port the request names, once the caller's role
// allows want and the server runs jobs; otherwise it answers the request.
func (s *Server) jobsFor(w http.ResponseWriter, r *http.Request, want auth.Role) (*hub.Port, bool) {
	p, ok := s.portFor(w, r, want)
	if !ok {
		return nil, false
	}
	if s.cfg.Jobs == nil || p.Origin() != nil {
		msg := "this server runs no jobs"
		if p.Origin() != nil {
			msg = "port " + p.Name() + " is a fleet gateway's: start its jobs on the gateway, where they run"
		}
		writeError(w, http.StatusUnprocessableEntity, protocol.CodeNotSupported, msg)
		return nil, false
	}
	return p, true
}

// jobError answers a request that failed with err.
func jobError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, job.ErrNotFound):
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, err.Error())
	case errors.Is(err, job.ErrState):
		writeError(w, http.StatusConflict, protocol.CodeJobState, err.Error())
	case errors.Is(err, job.ErrBadProfile), errors.Is(err, job.ErrEmpty):
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, err.Error())
	case errors.Is(err, job.ErrTooBig):
		writeError(w, http.StatusRequestEntityTooLarge, protocol.CodeTooLarge, err.Error())
	case errors.Is(err, job.ErrStopping):
		writeError(w, http.StatusServiceUnavailable, protocol.CodeFailed, err.Error())
	case errors.Is(err, job.ErrQueueFull):
		writeError(w, http.StatusServiceUnavailable, protocol.CodeQueueFull, err.Error())
	default:
		code, status := controlError(err)
		writeError(w, status, code, err.Error())
	}
}

// handleStartJob serves POST /api/ports/{name}/jobs?profile=…: the body
// is the file. The query's other parameters are the profile's options
// (job.Options), the file's name (name) and the first line to send (from).
func (s *Server) handleStartJob(w http.ResponseWriter, r *http.Request) {
	port, ok := s.jobsFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	q := r.URL.Query()
	opts := make(map[string]string)
	for k := range q {
		switch k {
		case "profile", "name", "from":
		default:
			opts[k] = q.Get(k)
		}
	}
	prof, err := s.cfg.Jobs.Profiles().Get(q.Get("profile"), opts)
	if err != nil {
		jobError(w, err)
		return
	}
	from := 0
	if v := q.Get("from"); v != "" {
		if from, err = strconv.Atoi(v); err != nil || from < 1 {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "from="+v+": want the number of the first line to send, 1 or more")
			return
		}
	}
	// Refused before the file is read: the job could not write.
	if err := asHolder(port, r).MayChange(); err != nil {
		jobError(w, err)
		return
	}
	file, ok := readBodyUpTo(w, r, job.MaxFile)
	if !ok {
		return
	}
	id := identity(r.Context())
	info, err := s.cfg.Jobs.Start(port, job.Request{
		Name: fileName(q.Get("name")), Profile: prof, File: file, From: from,
		By: clientName(id, r),
	})
	s.audit("job", r, "port", port.Name(), "action", "start", "profile", prof.Name, "bytes", len(file), "ok", err == nil)
	if err != nil {
		jobError(w, err)
		return
	}
	w.Header().Set("Location", "/api/ports/"+port.Name()+"/jobs/"+info.ID)
	writeJSON(w, http.StatusCreated, wire.JobObject(info))
}

func (s *Server) handleJobs(w http.ResponseWriter, r *http.Request) {
	port, ok := s.jobsFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	list := s.cfg.Jobs.List(port)
	out := make([]protocol.Job, len(list))
	for i, j := range list {
		out[i] = wire.JobObject(j)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	port, ok := s.jobsFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	info, err := s.cfg.Jobs.Get(port, r.PathValue("id"))
	if err != nil {
		jobError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.JobObject(info))
}

// handleJobAction serves POST /api/ports/{name}/jobs/{id}/{action}.
func (s *Server) handleJobAction(w http.ResponseWriter, r *http.Request) {
	port, ok := s.jobsFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	if err := asHolder(port, r).MayChange(); err != nil {
		jobError(w, err)
		return
	}
	id, by := r.PathValue("id"), clientName(identity(r.Context()), r)
	var info hub.JobInfo
	var err error
	switch action := r.PathValue("action"); action {
	case "pause":
		info, err = s.cfg.Jobs.Pause(r.Context(), port, id, by)
	case "resume":
		info, err = s.cfg.Jobs.Resume(r.Context(), port, id, by)
	case "cancel":
		info, err = s.cfg.Jobs.Cancel(r.Context(), port, id, by)
	default:
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "no job action "+strconv.Quote(action)+": want pause, resume or cancel")
		return
	}
	s.audit("job", r, "port", port.Name(), "job", id, "action", r.PathValue("action"), "ok", err == nil)
	if err != nil {
		jobError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.JobObject(info))
}

// fileName is the name of a job's file as a client gave it: its last
// element, at most 200 bytes.
func fileName(name string) string {
	if name == "" {
		return ""
	}
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if len(name) > 200 {
		name = name[:200]
	}
	return name
}
