package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"path"
	"strings"

	"github.com/serialhub/serialhub/internal/protocol"
)

// DNS rebinding: a page on attacker.example whose name the attacker then
// points at 127.0.0.1 is, to the browser, on the same site as the server,
// so Origin and CSRF checks pass. Its requests still carry the attacker's
// name in Host, so the server answers only the hosts a user would type:
//
//   - IP addresses, any: a page's origin is then that address, which DNS
//     cannot move (and a server reached through NAT or a container's
//     published port sees addresses of other machines);
//   - localhost and names under .localhost, which browsers resolve to
//     loopback themselves;
//   - Config.AllowedHosts: the listen address's host, the machine's
//     names, --allow-host.
//
// Anything else gets 421 Misdirected Request before any handler runs.

// hostPolicy decides which Host headers the server answers.
type hostPolicy struct {
	patterns []string // path.Match patterns, lower case, without ports; static after New
}

// newHostPolicy checks and normalises the allowed hosts.
func newHostPolicy(allowed []string) (hostPolicy, error) {
	var p hostPolicy
	for _, a := range allowed {
		h := hostName(a)
		if h == "" {
			continue
		}
		if _, err := path.Match(h, ""); err != nil {
			return hostPolicy{}, fmt.Errorf("allowed host %q: %w", a, err)
		}
		p.patterns = append(p.patterns, h)
	}
	return p, nil
}

// hostName returns the host of a Host header (or an allowed host) without
// its port or IPv6 brackets, in lower case, without a trailing dot.
func hostName(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	} else if len(h) > 1 && h[0] == '[' && h[len(h)-1] == ']' {
		h = h[1 : len(h)-1]
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// allows reports whether the server answers requests for host (a Host
// header, with or without a port).
func (p hostPolicy) allows(host string) bool {
	h := hostName(host)
	if h == "" {
		return true // HTTP/1.0 without Host: no browser sends that
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	for _, pat := range p.patterns {
		if ok, _ := path.Match(pat, h); ok {
			return true
		}
	}
	return false
}

// checkHost answers 421 to requests for a host the server does not serve.
func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.hosts.allows(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		h := hostName(r.Host)
		if len(h) > 100 {
			h = h[:100] + "…"
		}
		s.audit("host refused", r, "host", h)
		writeError(w, http.StatusMisdirectedRequest, protocol.CodeMisdirected,
			fmt.Sprintf("this server does not answer to the host name %q (a guard against DNS rebinding): if you reach serialhub by that name, start it with --allow-host %s", h, h))
	})
}
