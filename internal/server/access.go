package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// Who may do what: every request but the console's files, /healthz and
// login is authenticated (when the server has users), and each port's role
// is checked where it matters. docs/security.md explains the model.

type identityKey struct{}

// identity returns who the request comes from (set by authenticated).
func identity(ctx context.Context) *auth.Identity {
	id, _ := ctx.Value(identityKey{}).(*auth.Identity)
	if id == nil {
		return &auth.Identity{} // never reached: every route that asks is authenticated
	}
	return id
}

// authenticated runs h for requests that authenticate, with their identity
// in the context; others get 401 (or 429 when rate limited).
func (s *Server) authenticated(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := s.auth.Authenticate(r)
		if err != nil {
			s.deny(w, r, err)
			return
		}
		authenticatedNow(r.Context())
		h(w, r.WithContext(context.WithValue(r.Context(), identityKey{}, id)))
	}
}

// deny answers a failed authentication.
func (s *Server) deny(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, auth.ErrRateLimited) {
		w.Header().Set("Retry-After", "2")
		writeError(w, http.StatusTooManyRequests, protocol.CodeRateLimited, err.Error())
		s.audit("auth failed", r, "err", err.Error())
		return
	}
	if !errors.Is(err, auth.ErrUnauthenticated) {
		s.audit("auth failed", r, "err", err.Error())
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="serialhub"`)
	writeError(w, http.StatusUnauthorized, protocol.CodeUnauthorized, err.Error()+" (log in at /, or send Authorization: Bearer TOKEN or basic auth)")
}

// allowed checks the request's role for port, answering 403 (or 404 for
// a port the user may not see at all) when it falls short.
func allowed(w http.ResponseWriter, r *http.Request, port string, want auth.Role) bool {
	role := identity(r.Context()).Role(port)
	if role.Allows(want) {
		return true
	}
	if role == auth.RoleNone {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "no port named "+port)
		return false
	}
	writeError(w, http.StatusForbidden, protocol.CodeForbidden, "your role for port "+port+" is "+string(role)+": it cannot "+action(want))
	return false
}

func action(want auth.Role) string {
	if want == auth.RoleControl {
		return "write to the port or change it"
	}
	return "see the port"
}

// portFor returns the port the request's path names, if it exists and the
// request's role for it includes want; otherwise it answers 404 (or 403)
// and reports false.
func (s *Server) portFor(w http.ResponseWriter, r *http.Request, want auth.Role) (*hub.Port, bool) {
	name := portName(r)
	port, ok := s.cfg.Hub.Port(name)
	if !ok {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "no port named "+name)
		return nil, false
	}
	if !allowed(w, r, name, want) {
		return nil, false
	}
	return port, true
}

// portName is the port a request's path names: {name}, one segment
// (a fleet port's slash escaped, /ws/pi-07%2Fdut), or {gateway}/{port},
// two (/ws/pi-07/dut).
func portName(r *http.Request) string {
	if gw := r.PathValue("gateway"); gw != "" {
		return gw + "/" + r.PathValue("port")
	}
	return r.PathValue("name")
}

// sessionInfo is the answer of login and GET /api/session.
func (s *Server) sessionInfo(id *auth.Identity) protocol.Session {
	info := protocol.Session{Auth: s.auth.Enabled(), User: id.User, Via: id.Via, Roles: map[string]protocol.Role{}}
	for _, p := range s.cfg.Hub.Ports() {
		if role := id.Role(p.Name()); role != auth.RoleNone {
			info.Roles[p.Name()] = protocol.Role(role)
		}
	}
	if role := id.Role("*"); role != auth.RoleNone {
		info.Roles["*"] = protocol.Role(role)
	}
	info.CanOpen = s.cfg.AllowOpen && id.Role("*").Allows(auth.RoleControl)
	info.Central = s.cfg.Central
	return info
}

func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.sessionInfo(identity(r.Context())))
}

// handleLogin serves POST /api/login: {"token":…} or {"user":…,"password":…}
// starts a browser session (an HttpOnly, SameSite=Strict cookie).
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req protocol.Login
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4096))
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, `login: want {"token":"…"} or {"user":"…","password":"…"}`)
		return
	}
	if !s.auth.Enabled() {
		writeJSON(w, http.StatusOK, s.sessionInfo(&auth.Identity{Via: "none"}))
		return
	}
	id, cookie, err := s.auth.Login(r, req.Token, req.User, req.Password)
	if err != nil {
		s.deny(w, r, err)
		return
	}
	http.SetCookie(w, cookie)
	s.audit("login", r, "user", id.User)
	writeJSON(w, http.StatusOK, s.sessionInfo(id))
}

// handleLogout serves POST /api/logout: it ends the request's session and
// closes the WebSockets opened with it before it answers.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	clear, ended := s.auth.Logout(r) // which began closing them (sessionEnded)
	if ended != "" {
		n := s.endSession(ended, string(auth.EndLogout))
		s.audit("logout", r, "websockets", n)
	}
	http.SetCookie(w, clear)
	w.WriteHeader(http.StatusNoContent)
}

// audit records an access event in the audit log, if there is one.
func (s *Server) audit(msg string, r *http.Request, args ...any) {
	id, _ := r.Context().Value(identityKey{}).(*auth.Identity)
	s.auditAs(msg, r.RemoteAddr, id, args...)
}

// auditAs records in the audit log what a client at remote, known as id
// (nil: not authenticated), did.
func (s *Server) auditAs(msg, remote string, id *auth.Identity, args ...any) {
	if s.cfg.Audit == nil {
		return
	}
	base := []any{"remote", remote}
	if id != nil {
		base = append(base, "user", id.User, "via", id.Via)
	}
	s.cfg.Audit.Info(msg, append(base, args...)...)
}

// securityHeaders sets the headers every answer carries; the console's
// pages also get a Content-Security-Policy that allows nothing but the
// server's own scripts, styles and WebSockets, and no framing.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}
