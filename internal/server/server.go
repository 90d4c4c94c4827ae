// Package server is serialhub's HTTP and WebSocket front: the embedded
// console at /, the REST API under /api/, Prometheus metrics at /metrics,
// and one WebSocket per client at /ws/{port} that carries raw bytes in
// binary frames and JSON control messages and events in text frames
// (docs/protocol.md).
//
// A Server is an http.Handler; Server.Close closes every WebSocket
// client with a close frame and waits for them, which http.Server.Shutdown
// does not do for hijacked connections.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"path/filepath"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/dashboard"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/metrics"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/trigger"
	"github.com/serialhub/serialhub/internal/values"
	"github.com/serialhub/serialhub/internal/wire"
)

// Defaults for Config.
const (
	DefaultWriteTimeout       = 10 * time.Second
	DefaultMaxMessage         = 1 << 20
	DefaultMaxClients         = 512
	DefaultMaxClientsPerPort  = 128
	DefaultControlRate        = 50
	DefaultMaxPorts           = 32
	DefaultMaxUnauthenticated = 16
)

// Config configures a Server. Zero values take the documented defaults.
type Config struct {
	Hub *hub.Hub // required: the ports to serve
	UI  fs.FS    // the console's files, served at /; nil serves none
	// Pages, if set, are the user's own pages, served under /pages/ to
	// those who may use the console (pages.go, docs/pages.md); nil: none.
	Pages   fs.FS
	Version string // reported by /healthz

	// WriteTimeout bounds every WebSocket write; a client that takes
	// longer to accept one is disconnected. Default DefaultWriteTimeout.
	WriteTimeout time.Duration
	// MaxMessage is the largest WebSocket message a client may send, in
	// bytes; a larger one closes the connection with status 1009.
	// Default DefaultMaxMessage.
	MaxMessage int64
	// OriginPatterns are extra hosts (path.Match patterns, as in
	// websocket.AcceptOptions) whose pages may open WebSockets; the
	// server's own host is always allowed.
	OriginPatterns []string
	// AllowedHosts are the host names (path.Match patterns; a port is
	// ignored) requests may name in Host besides those always served:
	// IP addresses, localhost and names under .localhost. Requests for
	// any other host get 421 Misdirected Request, which stops DNS
	// rebinding (hosts.go). "*" allows every host.
	AllowedHosts []string

	// AllowOpen lets clients open the machine's serial ports as new ports
	// (POST /api/ports) and close those again (DELETE /api/ports/{name}).
	AllowOpen bool
	// MaxPorts bounds the ports clients may have open at once with
	// AllowOpen; more are refused with 503. Default DefaultMaxPorts.
	MaxPorts int
	// PortDefaults is the template of a port a client opens: settings,
	// scrollback, client buffer, logger. Name, device, description and
	// the settings the client gives fill it in.
	PortDefaults hub.Config
	// NewRecorder, if set, gives a port a client opens its capture.
	NewRecorder func(name string) (hub.Recorder, error)
	// Triggers, if set, runs the ports' triggers (triggers.go): New
	// attaches the engines it has for the hub's ports, and a port a
	// client opens gets one. Nil: no triggers.
	Triggers *trigger.Manager
	// Jobs, if set, runs the ports' jobs (jobs.go); nil: none.
	Jobs *job.Manager
	// Metrics are more counters by port for /metrics (the MQTT
	// bridge's); none if empty.
	Metrics []metrics.PortCounters
	// Values, if set, gives a port's decoder (package values), for GET
	// /api/ports/{name}/values; ok is false for a port without one.
	Values func(port string) (e *values.Engine, ok bool)
	// Dashboards, if set, keeps the console's dashboards
	// (dashboards.go); nil: none.
	Dashboards *dashboard.Store

	// Auth authenticates requests; nil means no authentication (everyone
	// controls every port).
	Auth *auth.Authenticator
	// Audit, if set, records who connected from where to which port, and
	// what each writer sent and changed.
	Audit *slog.Logger
	// AuditData makes the audit log record the bytes written, not only
	// their number.
	AuditData bool

	// MaxClients bounds the WebSocket clients of the server, and
	// MaxClientsPerPort those of each port; more are refused with 503.
	// Defaults DefaultMaxClients, DefaultMaxClientsPerPort.
	MaxClients, MaxClientsPerPort int
	// MaxUnauthenticated bounds the requests one client address (an IPv6
	// /64) may have in progress before they authenticate: logins, the
	// console's files, /healthz, any request until its credentials are
	// checked. More get 429 with Retry-After; with slow requests timed out
	// by the http.Server, this stops one address holding many connections
	// (slowloris). Default DefaultMaxUnauthenticated.
	MaxUnauthenticated int
	// ControlRate bounds the control messages a client may send per
	// second (with bursts of ten times that); more get rate_limited
	// errors. Default DefaultControlRate.
	ControlRate float64

	// Central: the server is a fleet's central (GET /api/session says
	// so, and the console shows its directory).
	Central bool

	// ListDevices lists the machine's serial ports for GET /api/devices;
	// nil means device.List. Tests give a fake.
	ListDevices func() ([]device.PortInfo, error)

	Logger *slog.Logger // nil: slog.Default()
}

// Server serves a hub over HTTP. It is safe for concurrent use.
type Server struct {
	cfg     Config              // static after New
	log     *slog.Logger        // static after New
	auth    *auth.Authenticator // static after New; never nil
	hosts   hostPolicy          // static after New
	unauth  unauthLimiter
	mux     *http.ServeMux
	handler http.Handler // mux behind the security headers, the host check, the limiter and the CSRF check
	// stopSessionEnds ends the authenticator's calls of sessionEnded
	// (auth.Authenticator.OnSessionEnd); static after New, called by
	// StartShutdown.
	stopSessionEnds func()

	openMu sync.Mutex // makes counting the ports clients opened and opening one a step

	mu       sync.Mutex
	clients  map[*client]struct{}       // guarded by mu
	statuses map[*hub.Port]*statusCache // guarded by mu: one per port while it has clients
	perPort  map[*hub.Port]int          // guarded by mu: the clients of each port
	closing  bool                       // guarded by mu
	streams  int                        // guarded by mu: GET /api/events streams open
	done     chan struct{}              // closed by StartShutdown: event streams end
	wg       sync.WaitGroup             // one per tracked client, and one per close sessionEnded began
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Hub == nil {
		return nil, errors.New("server: no hub")
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = DefaultWriteTimeout
	}
	if cfg.MaxMessage <= 0 {
		cfg.MaxMessage = DefaultMaxMessage
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.ListDevices == nil {
		cfg.ListDevices = device.List
	}
	if cfg.MaxClients <= 0 {
		cfg.MaxClients = DefaultMaxClients
	}
	if cfg.MaxClientsPerPort <= 0 {
		cfg.MaxClientsPerPort = DefaultMaxClientsPerPort
	}
	if cfg.MaxUnauthenticated <= 0 {
		cfg.MaxUnauthenticated = DefaultMaxUnauthenticated
	}
	if cfg.ControlRate <= 0 {
		cfg.ControlRate = DefaultControlRate
	}
	if cfg.MaxPorts <= 0 {
		cfg.MaxPorts = DefaultMaxPorts
	}
	hosts, err := newHostPolicy(cfg.AllowedHosts)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	a := cfg.Auth
	if a == nil {
		var err error
		if a, err = auth.New(auth.Config{}); err != nil {
			return nil, err
		}
	}
	s := &Server{
		cfg:      cfg,
		log:      cfg.Logger,
		mux:      http.NewServeMux(),
		clients:  make(map[*client]struct{}),
		statuses: make(map[*hub.Port]*statusCache),
		perPort:  make(map[*hub.Port]int),
		done:     make(chan struct{}),
		auth:     a,
		hosts:    hosts,
		unauth:   unauthLimiter{max: cfg.MaxUnauthenticated, pending: make(map[netip.Prefix]int)},
	}
	s.routes()
	s.attachTriggers()
	if cfg.Jobs != nil {
		for _, p := range cfg.Hub.Ports() {
			cfg.Jobs.Restore(p) // a job a restart interrupted is told at once
		}
	}
	// The WebSockets of a session close when it ends, however it ends.
	s.stopSessionEnds = a.OnSessionEnd(s.sessionEnded)
	// Requests for a host the server does not serve are refused first;
	// then those of an address with too many requests not yet
	// authenticated; then requests that change something (POST, PUT,
	// PATCH, DELETE) from another site's page, whatever cookie they carry.
	csrf := http.NewCrossOriginProtection()
	s.handler = securityHeaders(s.checkHost(s.limitUnauthenticated(csrf.Handler(s.mux))))
	return s, nil
}

func (s *Server) routes() {
	// Open to all: the console's files (it asks for a login itself), the
	// health check, logging in and out.
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("POST /api/login", s.handleLogin)
	s.mux.HandleFunc("POST /api/logout", s.handleLogout)
	// The rest needs an identity; handlers check its role per port.
	authed := func(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, s.authenticated(h)) }
	authed("GET /api/session", s.handleSession)
	authed("GET /api/ports", s.handlePorts)
	authed("GET /api/events", s.handleEvents)
	authed("GET /api/ports/{name}", s.handlePort)
	authed("POST /api/ports", s.handleOpen)
	authed("DELETE /api/ports/{name}", s.handleClose)
	authed("GET /api/devices", s.handleDevices)
	authed("PATCH /api/ports/{name}/settings", s.handleControl("settings"))
	authed("PUT /api/ports/{name}/lines", s.handleControl("lines"))
	authed("POST /api/ports/{name}/break", s.handleControl("break"))
	authed("GET /api/ports/{name}/modem", s.handleModem)
	authed("GET /api/ports/{name}/capture", s.handleCapture)
	authed("POST /api/ports/{name}/expect", s.handleExpect)
	authed("POST /api/broadcast", s.handleBroadcast)
	authed("GET /api/dashboards", s.handleDashboards)
	authed("GET /api/dashboards/{id}", s.handleDashboard)
	authed("PUT /api/dashboards/{id}", s.handlePutDashboard)
	authed("DELETE /api/dashboards/{id}", s.handleDeleteDashboard)
	authed("GET /api/ports/{name}/decoder", s.handleDecoder)
	authed("PUT /api/ports/{name}/decoder", s.handleSetDecoder)
	authed("DELETE /api/ports/{name}/decoder", s.handleSetDecoder)
	authed("GET /api/ports/{name}/values", s.handleValues)
	authed("GET /api/ports/{name}/values.csv", s.handleValuesCSV)
	authed("POST /api/ports/{name}/lease", s.handleTakeLease)
	authed("GET /api/ports/{name}/lease", s.handleGetLease)
	authed("DELETE /api/ports/{name}/lease", s.handleDeleteLease)
	authed("GET /api/ports/{name}/triggers", s.handleTriggers)
	authed("POST /api/ports/{name}/triggers", s.handleAddTrigger)
	authed("DELETE /api/ports/{name}/triggers/{id}", s.handleRemoveTrigger)
	authed("POST /api/ports/{name}/jobs", s.handleStartJob)
	authed("GET /api/ports/{name}/jobs", s.handleJobs)
	authed("GET /api/ports/{name}/jobs/{id}", s.handleJob)
	authed("POST /api/ports/{name}/jobs/{id}/{action}", s.handleJobAction)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, protocol.CodeNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
	})
	authed("GET /ws/{name}", s.handleWS)
	// A fleet gateway's port at the central: GATEWAY/PORT, with the
	// slash as it is or escaped (%2F) in the one-segment routes above.
	authed("GET /ws/{gateway}/{port}", s.handleWS)
	authed("GET /api/ports/{gateway}/{port}", s.handlePort)
	authed("GET /metrics", metrics.Handler(s.cfg.Hub, s.cfg.Version, func(r *http.Request) func(string) bool {
		id := identity(r.Context())
		return func(port string) bool { return id.Role(port) != auth.RoleNone }
	}, s.triggerStats, s.cfg.Metrics...).ServeHTTP)
	s.pageRoutes() // /pages/ and /sdk/serialhub.js
	if s.cfg.UI != nil {
		// "/" rather than "GET /", which would conflict with "/api/".
		files := http.FileServerFS(s.cfg.UI)
		s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				w.Header().Set("Allow", "GET, HEAD")
				http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
				return
			}
			files.ServeHTTP(w, r)
		})
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, protocol.Health{Status: "ok", Version: s.cfg.Version})
}

func (s *Server) handlePorts(w http.ResponseWriter, r *http.Request) {
	ports := s.cfg.Hub.Ports()
	infos := make([]protocol.Port, 0, len(ports))
	id := identity(r.Context())
	for _, p := range ports {
		if id.Role(p.Name()) != auth.RoleNone {
			infos = append(infos, wire.PortObject(p.Info()))
		}
	}
	writeJSON(w, http.StatusOK, infos)
}

func (s *Server) handlePort(w http.ResponseWriter, r *http.Request) {
	p, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, wire.PortObject(p.Info()))
}

func (s *Server) handleDevices(w http.ResponseWriter, r *http.Request) {
	if !identity(r.Context()).MaySeeSomePort() {
		writeError(w, http.StatusForbidden, protocol.CodeForbidden, "you have no role on any port: the machine's serial ports are not yours to see")
		return
	}
	list, err := s.cfg.ListDevices()
	if err != nil {
		writeError(w, http.StatusInternalServerError, protocol.CodeFailed, err.Error())
		return
	}
	served := map[string]string{} // device path, resolved, to port name
	for _, p := range s.cfg.Hub.Ports() {
		if identity(r.Context()).Role(p.Name()) == auth.RoleNone {
			continue
		}
		served[resolvePath(p.Info().Device)] = p.Name()
	}
	entries := make([]protocol.Device, 0, len(list))
	for _, d := range list {
		entries = append(entries, wire.DeviceEntry(d, served[resolvePath(d.Path)]))
	}
	writeJSON(w, http.StatusOK, entries)
}

// resolvePath follows the symbolic links of a device path (a by-id path to
// its /dev/ttyUSB0), so two names of one device compare equal.
func resolvePath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// handleModem reads a port's modem lines now.
func (s *Server) handleModem(w http.ResponseWriter, r *http.Request) {
	p, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	m, err := p.Modem(r.Context())
	if err != nil {
		code, status := controlError(err)
		writeError(w, status, code, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, wire.ModemObject(m))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v) // the client may be gone; nothing to do about it
}

// writeError answers with an error object: {"error": message, "code": code},
// the codes being those of WebSocket error events.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, protocol.ErrorBody{Error: msg, Code: code})
}

// track registers a client for Close and counts it against the limits;
// it fails once Close began or a limit is reached.
func (s *Server) track(c *client) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return errors.New("server shutting down")
	}
	// An eighth of the places, in all and per port, are kept for clients
	// that may control the port, so that viewers cannot crowd them out.
	viewer := !c.role.Allows(auth.RoleControl)
	most, mostPerPort := s.cfg.MaxClients, s.cfg.MaxClientsPerPort
	if viewer {
		most -= most / 8
		mostPerPort -= mostPerPort / 8
	}
	if len(s.clients) >= most {
		if viewer {
			return fmt.Errorf("the server has its maximum of %d view-only clients (the other %d places are kept for clients with control): try later", most, s.cfg.MaxClients-most)
		}
		return fmt.Errorf("the server has its maximum of %d clients: try later", s.cfg.MaxClients)
	}
	if n := s.perPort[c.port]; n >= mostPerPort {
		if viewer {
			return fmt.Errorf("port %s has its maximum of %d view-only clients (the other %d places are kept for clients with control): try later", c.port.Name(), mostPerPort, s.cfg.MaxClientsPerPort-mostPerPort)
		}
		return fmt.Errorf("port %s has its maximum of %d clients: try later", c.port.Name(), s.cfg.MaxClientsPerPort)
	}
	s.clients[c] = struct{}{}
	s.perPort[c.port]++
	s.wg.Add(1)
	return nil
}

// attach gives a tracked client its connection; it reports false once
// Close began, and the client must then leave.
func (s *Server) attach(c *client, conn *websocket.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	c.conn = conn
	return true
}

// statusCacheOf returns the status cache of port for a new client, which
// gives it back with releaseStatusCache.
func (s *Server) statusCacheOf(port *hub.Port) *statusCache {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.statuses[port]
	if sc == nil {
		sc = &statusCache{}
		s.statuses[port] = sc
	}
	sc.clients++
	return sc
}

// releaseStatusCache lets go of a client's status cache; the last client
// of a port drops it.
func (s *Server) releaseStatusCache(port *hub.Port) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sc := s.statuses[port]; sc != nil {
		if sc.clients--; sc.clients == 0 {
			delete(s.statuses, port)
		}
	}
}

// untrack ends a client's tracking: it no longer counts against the
// limits, and Close no longer waits for it.
func (s *Server) untrack(c *client) {
	s.forget(c)
	s.wg.Done()
}

// forget stops counting c against the limits; the port's count of clients
// drops after it (Subscriber.Close), so that a client that sees a port with
// room is not refused by a handler still finishing.
func (s *Server) forget(c *client) {
	s.mu.Lock()
	if _, ok := s.clients[c]; ok {
		delete(s.clients, c)
		if s.perPort[c.port]--; s.perPort[c.port] == 0 {
			delete(s.perPort, c.port)
		}
	}
	s.mu.Unlock()
}

// Close closes every WebSocket client with status 1001 (going away) and
// waits for their goroutines. New WebSocket clients are refused from then
// on. It is idempotent. Close the http.Server first so no new requests come.
func (s *Server) Close() error { return s.Shutdown(context.Background()) }

// Shutdown is Close within ctx: it sends every WebSocket client a close
// frame (1001) and waits for their handlers; the bytes and controls a
// client is waiting on (a device that takes nothing) are abandoned at once.
// When ctx ends first, it cuts the connections still open, waits for the
// handlers (which then return at once), and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error { return s.StartShutdown()(ctx) }

// StartShutdown begins Shutdown: from its return, new clients are refused
// and every client is going away with "server shutting down", even one
// whose port closes meanwhile. The function it returns waits, as Shutdown
// does; call it once.
func (s *Server) StartShutdown() (wait func(context.Context) error) {
	s.stopSessionEnds()
	s.mu.Lock()
	if !s.closing {
		close(s.done)
	}
	s.closing = true
	clients := make([]*client, 0, len(s.clients))
	for c := range s.clients {
		if c.conn != nil { // the others are not connected yet, and will not be (attach)
			clients = append(clients, c)
		}
	}
	s.mu.Unlock()
	// Each close handshake may wait for a slow client (5 s at most), so
	// they run side by side.
	var closing sync.WaitGroup
	for _, c := range clients {
		c.cancelOps()
		closing.Go(func() { c.goAway(reasonShutdown) })
	}
	done := make(chan struct{})
	go func() {
		closing.Wait()
		s.wg.Wait()
		close(done)
	}()
	return func(ctx context.Context) error {
		select {
		case <-done:
			return nil
		case <-ctx.Done():
		}
		for _, c := range clients {
			c.conn.CloseNow()
			c.cancel()
		}
		<-done
		return fmt.Errorf("websocket clients cut at the shutdown deadline: %w", ctx.Err())
	}
}

// reasonShutdown is the close reason clients get when the server stops.
const reasonShutdown = "server shutting down"

// reasonSessionEnded is the close reason (with status 1008, policy
// violation) of a WebSocket whose session was found ended as it connected
// (accept). Those open when their session ends get the authenticator's
// reason (auth.EndReason: "logged out", "session expired", …).
const reasonSessionEnded = "session ended"

// sessionEnded is the authenticator's OnSessionEnd. It begins closing,
// with status 1008 and why as the reason, every WebSocket opened with the
// session sid, which has ended, and returns at once: the session's login,
// logout, timer or request does not wait for anyone's close handshake.
// What those clients asked of their ports (writes, controls) is abandoned
// before it returns; the closes run side by side, each waiting for its
// client's close frame (5 s at most), in goroutines that Shutdown waits
// for. A client still upgrading is not connected yet: it checks its
// session once connected (accept), and the session has ended by then.
func (s *Server) sessionEnded(sid string, why auth.EndReason) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return // Shutdown closes every client
	}
	for c := range s.clients {
		if c.conn == nil || c.id.Session() != sid {
			continue
		}
		c.cancelOps()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			c.log.Info("closing the connection: its session ended", "reason", string(why))
			c.audit("session ended", "port", c.port.Name(), "reason", string(why))
			c.closeWith(websocket.StatusPolicyViolation, string(why))
		}()
	}
}

// endSession closes, with status 1008 and reason, every WebSocket opened
// with the session sid, which has ended, and returns how many. It waits
// for their close handshakes (5 s at most each, side by side), those
// sessionEnded began included.
func (s *Server) endSession(sid, reason string) int {
	s.mu.Lock()
	var clients []*client
	for c := range s.clients {
		if c.conn != nil && c.id.Session() == sid {
			clients = append(clients, c)
		}
	}
	s.mu.Unlock()
	var closing sync.WaitGroup
	for _, c := range clients {
		closing.Go(func() { c.closeWith(websocket.StatusPolicyViolation, reason) })
	}
	closing.Wait()
	return len(clients)
}

// shuttingDown reports whether Shutdown has begun.
func (s *Server) shuttingDown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}
