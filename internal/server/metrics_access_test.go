package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/server"
)

// TestMetricsShowOnlyVisiblePorts: /metrics leaves out the series of ports
// the caller may not see, as /api/ports does.
func TestMetricsShowOnlyVisiblePorts(t *testing.T) {
	e := startAuthed(t)
	carol := http.Header{}
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth("carol", carolPass)
	carol.Set("Authorization", req.Header.Get("Authorization"))
	tests := []struct {
		name      string
		h         http.Header
		see, hide []string
	}{
		{"control everywhere", bearer(controlToken), []string{`port="dev"`, `port="other"`}, nil},
		{"carol: dev only", carol, []string{`port="dev"`}, []string{`port="other"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := do(t, "GET", e.srv.URL+"/metrics", tt.h, "")
			if status != http.StatusOK {
				t.Fatalf("/metrics: %d %s", status, body)
			}
			if !strings.Contains(body, "go_goroutines") || !strings.Contains(body, "serialhub_build_info") {
				t.Fatalf("/metrics lacks the runtime's or the build's series:\n%.500s", body)
			}
			for _, s := range tt.see {
				if !strings.Contains(body, s) {
					t.Errorf("/metrics lacks %s", s)
				}
			}
			for _, s := range tt.hide {
				if strings.Contains(body, s) {
					t.Errorf("/metrics shows %s, a port the caller may not see", s)
				}
			}
		})
	}
}

// TestDevicesNeedARole: the machine's serial ports are listed only to a
// user with a role on some port.
func TestDevicesNeedARole(t *testing.T) {
	a, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(controlToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "nobody", TokenHashes: []string{auth.HashToken(viewToken)}, Roles: map[string]auth.Role{"*": auth.RoleNone}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	e := startAuthed(t, withServerConfig(func(c *server.Config) { c.Auth = a }))
	if status, body, _ := do(t, "GET", e.srv.URL+"/api/devices", bearer(viewToken), ""); status != http.StatusForbidden || !strings.Contains(body, "forbidden") {
		t.Fatalf("/api/devices for a user with no role anywhere: %d %s, want 403 forbidden", status, body)
	}
	if status, body, _ := do(t, "GET", e.srv.URL+"/api/devices", bearer(controlToken), ""); status != http.StatusOK {
		t.Fatalf("/api/devices for a user with control: %d %s", status, body)
	}
}
