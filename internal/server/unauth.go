package server

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"sync"

	"github.com/serialhub/serialhub/internal/protocol"
)

// Slowloris: a client that sends a request slowly, or never reads the
// answer, holds a connection and a goroutine. The http.Server's read
// timeouts (cmd/serialhub) end slow requests; this limiter bounds how many
// requests one client address has in progress before they authenticate,
// so that one address cannot hold many at once. A request counts from the
// moment its headers are in until its credentials are checked (then it no
// longer does: a WebSocket, a long capture download) or, for the routes
// open to all (login, logout, /healthz, the console's files), until it
// ends.

// unauthLimiter counts each client address's requests in progress that
// have not authenticated.
type unauthLimiter struct {
	max int // static after New

	mu      sync.Mutex
	pending map[netip.Prefix]int // guarded by mu: addresses with none are removed
}

// clientPrefix is the address a request is counted against: the client's
// IPv4 address, or its IPv6 /64 (what one machine is usually given).
func clientPrefix(remote string) netip.Prefix {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		return netip.Prefix{}
	}
	a := ap.Addr().Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}

func (l *unauthLimiter) acquire(p netip.Prefix) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[p] >= l.max {
		return false
	}
	l.pending[p]++
	return true
}

func (l *unauthLimiter) release(p netip.Prefix) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[p]--; l.pending[p] <= 0 {
		delete(l.pending, p)
	}
}

// unauthSlot is a request's place in the limiter, given back once.
type unauthSlot struct {
	once    sync.Once
	release func()
}

func (s *unauthSlot) done() { s.once.Do(s.release) }

type unauthSlotKey struct{}

// authenticatedNow gives back the limiter's slot of a request that has
// just authenticated.
func authenticatedNow(ctx context.Context) {
	if s, ok := ctx.Value(unauthSlotKey{}).(*unauthSlot); ok {
		s.done()
	}
}

// limitUnauthenticated refuses a request with 429 when its address has
// MaxUnauthenticated requests in progress that have not authenticated.
func (s *Server) limitUnauthenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := clientPrefix(r.RemoteAddr)
		if !s.unauth.acquire(p) {
			w.Header().Set("Retry-After", "1")
			// Do not wait for this request's body: close the connection
			// after the answer.
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusTooManyRequests, protocol.CodeRateLimited, fmt.Sprintf(
				"%s has %d requests in progress that have not authenticated (logins, the console's files, requests still sending): retry in a second",
				addrOf(p), s.unauth.max))
			return
		}
		slot := &unauthSlot{release: func() { s.unauth.release(p) }}
		defer slot.done()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), unauthSlotKey{}, slot)))
	})
}

// addrOf names a client prefix as people know it: the address alone for
// IPv4.
func addrOf(p netip.Prefix) string {
	if p.Addr().Is4() {
		return p.Addr().String()
	}
	return p.String()
}
