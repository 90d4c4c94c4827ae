// Package netport serves hub ports on plain TCP, as ser2net does, so tools
// that speak no WebSocket can share them with the console: raw (bytes
// straight through, for telnet, nc, socat) and RFC 2217 (Telnet with the
// Com Port Control Option, for pyserial's rfc2217:// and ser2net's
// clients). A TCP client is one more subscriber of its port: it sees what
// every other client sees, and its writes are serialised with theirs.
//
// A client that reads too slowly loses data, never slows the port; the
// loss is logged and counted in the port's dropped bytes, since neither
// protocol has a way to say so. TCP clients start with the live stream (no
// scrollback), as ser2net's do.
//
// A TCP client has no identity: it is named by its protocol and address,
// "raw TCP client 10.0.0.5:51234" or "RFC 2217 client 10.0.0.5:51234",
// in the port's watchers and, when it writes, as the port's last writer.
// It never holds an exclusive port's write lock: while a WebSocket client
// does, its bytes and controls are refused. With Config.Audit, what it
// does is recorded in the audit log like a WebSocket client's, named by
// its address and protocol.
package netport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/rfc2217"
)

// Protocol is what a listener speaks.
type Protocol string

// The protocols.
const (
	Raw     Protocol = "raw"
	RFC2217 Protocol = "rfc2217"
)

// Config configures a Server. The zero value logs to slog.Default and
// keeps no audit log.
type Config struct {
	// Logger receives the listeners' and sessions' logs; nil:
	// slog.Default().
	Logger *slog.Logger
	// Audit, if set, records each TCP client's connection and
	// disconnection, writes (their size) and controls (settings, DTR and
	// RTS, break), as the WebSocket server's audit log does; nil records
	// nothing.
	Audit *slog.Logger
	// AuditData makes Audit record the bytes written too; default false.
	AuditData bool
	// MaxClientsPerPort bounds the TCP clients of each port, raw and RFC
	// 2217 together, as the WebSocket server bounds its own; one more is
	// told so (raw) and disconnected. Default DefaultMaxClientsPerPort.
	MaxClientsPerPort int
}

// DefaultMaxClientsPerPort is Config.MaxClientsPerPort's default, the
// WebSocket server's.
const DefaultMaxClientsPerPort = 128

// Server runs TCP listeners for ports. Close stops them all.
type Server struct {
	log    *slog.Logger       // static
	audit  audit              // static
	ctx    context.Context    // ends at Close: ends every session
	cancel context.CancelFunc // static
	wg     sync.WaitGroup     // accept loops and sessions

	maxPerPort int // static

	mu        sync.Mutex
	listeners []net.Listener    // guarded by mu
	closed    bool              // guarded by mu
	clients   map[*hub.Port]int // guarded by mu: the TCP clients of each port
}

// New returns a Server with no listeners.
func New(cfg Config) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	if cfg.MaxClientsPerPort <= 0 {
		cfg.MaxClientsPerPort = DefaultMaxClientsPerPort
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{log: log, audit: audit{log: cfg.Audit, data: cfg.AuditData}, ctx: ctx, cancel: cancel,
		maxPerPort: cfg.MaxClientsPerPort, clients: make(map[*hub.Port]int)}
}

// Listen serves port on addr with protocol proto until Close, and returns
// the address it listens on (addr may give port 0).
func (s *Server) Listen(proto Protocol, port *hub.Port, addr string) (net.Addr, error) {
	if proto != Raw && proto != RFC2217 {
		return nil, fmt.Errorf("unknown protocol %q", proto)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s listener for port %s: %w", proto, port.Name(), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		ln.Close()
		return nil, errors.New("netport: server closed")
	}
	s.listeners = append(s.listeners, ln)
	log := s.log.With("port", port.Name(), "protocol", string(proto), "listen", ln.Addr().String())
	s.wg.Add(1)
	go s.accept(ln, proto, port, log)
	log.Info("serving over TCP")
	return ln.Addr(), nil
}

// Delays between failed accepts, as net/http's: the first wait, doubled at
// each failure in a row up to the last.
const (
	acceptRetryFirst = 5 * time.Millisecond
	acceptRetryMax   = time.Second
)

// accept runs sessions for the connections ln accepts, until Close. An
// accept that fails (too many open files, say) is retried after a delay
// that doubles while they keep failing: the listener serves again once
// the cause is gone.
func (s *Server) accept(ln net.Listener, proto Protocol, port *hub.Port, log *slog.Logger) {
	defer s.wg.Done()
	var delay time.Duration // since the last accept that worked
	for {
		conn, err := ln.Accept()
		if err != nil {
			if s.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			if delay == 0 {
				delay = acceptRetryFirst
			} else {
				delay = min(2*delay, acceptRetryMax)
			}
			log.Error("accept failed; retrying", "err", err, "delay", delay)
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-s.ctx.Done():
				t.Stop()
				return
			}
			continue
		}
		if delay != 0 {
			log.Info("accepting again")
			delay = 0
		}
		if !s.admit(port) {
			log.Warn("TCP client refused: the port has its maximum of TCP clients", "client", conn.RemoteAddr().String(), "max", s.maxPerPort)
			if proto == Raw {
				conn.SetWriteDeadline(time.Now().Add(time.Second))
				fmt.Fprintf(conn, "serialhub: port %s has its maximum of %d TCP clients: try later\r\n", port.Name(), s.maxPerPort)
			}
			conn.Close()
			continue
		}
		clog := log.With("client", conn.RemoteAddr().String())
		name := clientName(proto, conn.RemoteAddr())
		caudit := s.audit.with("remote", conn.RemoteAddr().String(), "protocol", string(proto), "port", port.Name())
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			// The client's place is free before the audit log says it left.
			defer caudit.event("disconnected")
			defer s.leave(port)
			clog.Info("TCP client connected")
			caudit.event("connected")
			var err error
			if proto == Raw {
				err = serveRaw(s.ctx, conn, port, name, clog, caudit)
			} else {
				srv := &rfc2217.Server{Logger: clog}
				err = srv.Serve(s.ctx, conn, &hubPort{p: port, name: name, audit: caudit})
			}
			if err != nil && s.ctx.Err() == nil {
				clog.Info("TCP client gone", "err", err)
			} else {
				clog.Info("TCP client gone")
			}
		}()
	}
}

// clientName names a TCP client for people, as the WebSocket server
// names its clients without users: what it is and where, with the port
// that tells two clients of one machine apart. An IPv4 address reached
// over IPv6 is shown as IPv4.
func clientName(proto Protocol, addr net.Addr) string {
	what := "raw TCP client "
	if proto == RFC2217 {
		what = "RFC 2217 client "
	}
	if ap, err := netip.ParseAddrPort(addr.String()); err == nil {
		return what + netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()).String()
	}
	return what + addr.String()
}

// admit counts a new TCP client of port, or reports false if the port has
// its maximum.
func (s *Server) admit(port *hub.Port) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clients[port] >= s.maxPerPort {
		return false
	}
	s.clients[port]++
	return true
}

// leave stops counting a TCP client of port.
func (s *Server) leave(port *hub.Port) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clients[port]--; s.clients[port] <= 0 {
		delete(s.clients, port)
	}
}

// Close stops every listener and session and waits for them. It is
// idempotent.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	listeners := s.listeners
	s.mu.Unlock()
	s.cancel()
	for _, ln := range listeners {
		ln.Close()
	}
	s.wg.Wait()
	return nil
}
