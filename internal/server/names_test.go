package server

import (
	"net/http/httptest"
	"testing"

	"github.com/serialhub/serialhub/internal/auth"
)

// TestClientName covers the addresses a test server on 127.0.0.1 never
// sees: IPv6, IPv4 reached over IPv6, an address that is not IP:port.
func TestClientName(t *testing.T) {
	tests := []struct {
		user, remote string
		browser      bool
		want         string
	}{
		{"alice", "192.168.1.20:51234", true, "alice"},
		{"alice", "192.168.1.20:51234", false, "alice"},
		{"", "192.168.1.20:51234", true, "a browser at 192.168.1.20"},
		{"", "192.168.1.20:51234", false, "a program at 192.168.1.20:51234"},
		{"", "[::ffff:192.168.1.20]:51234", true, "a browser at 192.168.1.20"},
		{"", "[::ffff:192.168.1.20]:51234", false, "a program at 192.168.1.20:51234"},
		{"", "[2001:db8::7]:51234", true, "a browser at 2001:db8::7"},
		{"", "[2001:db8::7]:51234", false, "a program at [2001:db8::7]:51234"},
		{"", "@", false, "a program at @"}, // a Unix socket's peer
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/ws/dev", nil)
		r.RemoteAddr = tt.remote
		if tt.browser {
			r.Header.Set("Origin", "http://192.168.1.10:8080")
		}
		if got := clientName(&auth.Identity{User: tt.user}, r); got != tt.want {
			t.Errorf("user %q at %s (browser %v): %q, want %q", tt.user, tt.remote, tt.browser, got, tt.want)
		}
	}
}
