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
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/metrics"
)

// Defaults for Config.
const (
	DefaultWriteTimeout = 10 * time.Second
	DefaultMaxMessage   = 1 << 20
)

// Config configures a Server. Zero values take the documented defaults.
type Config struct {
	Hub     *hub.Hub // required: the ports to serve
	UI      fs.FS    // the console's files, served at /; nil serves none
	Version string   // reported by /healthz

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

	// AllowOpen lets clients open the machine's serial ports as new ports
	// (POST /api/ports) and close those again (DELETE /api/ports/{name}).
	AllowOpen bool
	// PortDefaults is the template of a port a client opens: settings,
	// scrollback, client buffer, logger. Name, device, description and
	// the settings the client gives fill it in.
	PortDefaults hub.Config
	// NewRecorder, if set, gives a port a client opens its capture.
	NewRecorder func(name string) (hub.Recorder, error)

	// ListDevices lists the machine's serial ports for GET /api/devices;
	// nil means device.List. Tests give a fake.
	ListDevices func() ([]device.PortInfo, error)

	Logger *slog.Logger // nil: slog.Default()
}

// Server serves a hub over HTTP. It is safe for concurrent use.
type Server struct {
	cfg Config       // static after New
	log *slog.Logger // static after New
	mux *http.ServeMux

	mu      sync.Mutex
	clients map[*client]struct{} // guarded by mu
	closing bool                 // guarded by mu
	wg      sync.WaitGroup       // one per tracked client
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
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		mux:     http.NewServeMux(),
		clients: make(map[*client]struct{}),
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /api/ports", s.handlePorts)
	s.mux.HandleFunc("GET /api/ports/{name}", s.handlePort)
	s.mux.HandleFunc("POST /api/ports", s.handleOpen)
	s.mux.HandleFunc("DELETE /api/ports/{name}", s.handleClose)
	s.mux.HandleFunc("GET /api/devices", s.handleDevices)
	s.mux.HandleFunc("PATCH /api/ports/{name}/settings", s.handleControl("settings"))
	s.mux.HandleFunc("PUT /api/ports/{name}/lines", s.handleControl("lines"))
	s.mux.HandleFunc("POST /api/ports/{name}/break", s.handleControl("break"))
	s.mux.HandleFunc("GET /api/ports/{name}/modem", s.handleModem)
	s.mux.HandleFunc("GET /api/ports/{name}/capture", s.handleCapture)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, codeNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
	})
	s.mux.HandleFunc("GET /ws/{name}", s.handleWS)
	s.mux.Handle("GET /metrics", metrics.Handler(s.cfg.Hub, s.cfg.Version))
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
	s.mux.ServeHTTP(w, r)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
}

func (s *Server) handlePorts(w http.ResponseWriter, r *http.Request) {
	ports := s.cfg.Hub.Ports()
	infos := make([]hub.Info, 0, len(ports))
	for _, p := range ports {
		infos = append(infos, p.Info())
	}
	writeJSON(w, http.StatusOK, infos)
}

func (s *Server) handlePort(w http.ResponseWriter, r *http.Request) {
	p, ok := s.cfg.Hub.Port(r.PathValue("name"))
	if !ok {
		writeError(w, http.StatusNotFound, codeNotFound, "no port named "+r.PathValue("name"))
		return
	}
	writeJSON(w, http.StatusOK, p.Info())
}

// deviceEntry is a serial port of the machine, and the name of the port
// serialhub serves it as, if any.
type deviceEntry struct {
	device.PortInfo
	Port string `json:"port,omitempty"`
}

func (s *Server) handleDevices(w http.ResponseWriter, r *http.Request) {
	list, err := s.cfg.ListDevices()
	if err != nil {
		writeError(w, http.StatusInternalServerError, codeFailed, err.Error())
		return
	}
	served := map[string]string{} // device path, resolved, to port name
	for _, p := range s.cfg.Hub.Ports() {
		served[resolvePath(p.Info().Device)] = p.Name()
	}
	entries := make([]deviceEntry, 0, len(list))
	for _, d := range list {
		entries = append(entries, deviceEntry{PortInfo: d, Port: served[resolvePath(d.Path)]})
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
	p, ok := s.cfg.Hub.Port(r.PathValue("name"))
	if !ok {
		writeError(w, http.StatusNotFound, codeNotFound, "no port named "+r.PathValue("name"))
		return
	}
	m, err := p.Modem(r.Context())
	if err != nil {
		code, status := controlError(err)
		writeError(w, status, code, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, m)
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
	writeJSON(w, status, map[string]string{"error": msg, "code": code})
}

// track registers a client for Close; it reports false once Close began.
func (s *Server) track(c *client) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.clients[c] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) untrack(c *client) {
	s.mu.Lock()
	delete(s.clients, c)
	s.mu.Unlock()
	s.wg.Done()
}

// Close closes every WebSocket client with status 1001 (going away) and
// waits for their goroutines. New WebSocket clients are refused from then
// on. It is idempotent. Close the http.Server first so no new requests come.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closing = true
	clients := make([]*client, 0, len(s.clients))
	for c := range s.clients {
		clients = append(clients, c)
	}
	s.mu.Unlock()
	// Each close handshake may wait for a slow client (5 s at most), so
	// they run side by side.
	var closing sync.WaitGroup
	for _, c := range clients {
		closing.Go(func() { c.goAway("server shutting down") })
	}
	closing.Wait()
	s.wg.Wait()
	return nil
}
