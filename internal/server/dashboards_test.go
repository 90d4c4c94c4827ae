//go:build linux

package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/dashboard"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/server"
)

func withDashboards(t *testing.T, dir string) envOption {
	store, err := dashboard.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return withServerConfig(func(c *server.Config) { c.Dashboards = store })
}

// Dashboards are saved on the server, in a file each, and every page
// hears of a change; seeing one takes the view role on its port, saving
// or removing it control; a bad one is refused with the reason.
func TestDashboards(t *testing.T) {
	dir := t.TempDir()
	e := startAuthed(t, withDashboards(t, dir))
	board := `{"name":"Bench","port":"dev","widgets":[{"id":"w1","type":"gauge","value":"temp","min":0,"max":50},{"id":"w2","type":"button","label":"LED on","send":"LED ON\r\n"}]}`
	events := openEvents(e.ctx, t, e.srv.URL, bearer(viewToken))
	if ev := events.next(); ev != "ports" {
		t.Fatalf("first event %q", ev)
	}

	if status, body, _ := do(t, "PUT", e.srv.URL+"/api/dashboards/bench", bearer(viewToken), board); status != http.StatusForbidden {
		t.Fatalf("a viewer's save: %d %s", status, body)
	}
	status, body, _ := do(t, "PUT", e.srv.URL+"/api/dashboards/bench", bearer(controlToken), board)
	var saved protocol.Dashboard
	if status != http.StatusOK || json.Unmarshal([]byte(body), &saved) != nil || saved.ID != "bench" || saved.By != "ctl" || saved.Updated == nil || len(saved.Widgets) != 2 {
		t.Fatalf("save: %d %s", status, body)
	}
	if ev := events.next(); ev != "dashboards" {
		t.Fatalf("after a save, event %q; want dashboards", ev)
	}
	if _, err := os.Stat(filepath.Join(dir, "bench.json")); err != nil {
		t.Fatalf("the dashboard's file: %v", err)
	}

	// Another viewer of the port reads it, widgets as saved.
	status, body, _ = do(t, "GET", e.srv.URL+"/api/dashboards/bench", bearer(viewToken), "")
	var read struct{ Widgets []map[string]any }
	if status != http.StatusOK || json.Unmarshal([]byte(body), &read) != nil || len(read.Widgets) != 2 || read.Widgets[1]["send"] != "LED ON\r\n" || read.Widgets[0]["max"] != 50.0 {
		t.Fatalf("a viewer's read: %d %s", status, body)
	}
	status, body, _ = do(t, "GET", e.srv.URL+"/api/dashboards", bearer(viewToken), "")
	var list []protocol.DashboardSummary
	if status != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list) != 1 || list[0].ID != "bench" || list[0].Widgets != 2 || list[0].Port != "dev" {
		t.Fatalf("list: %d %s", status, body)
	}

	for _, tt := range []struct{ id, body, want string }{
		{"bench", `{"name":"Bench","port":"dev","widgets":[{"id":"w1","type":"hologram"}]}`, "not a widget"},
		{"bench", `{"name":"Bench"}`, "the port it shows"},
		{"bad..id%2F", board, "dashboard id"},
	} {
		if status, body, _ := do(t, "PUT", e.srv.URL+"/api/dashboards/"+tt.id, bearer(controlToken), tt.body); status != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("PUT %s %s: %d %s, want 400 naming %q", tt.id, tt.body, status, body, tt.want)
		}
	}
	if status, _, _ := do(t, "GET", e.srv.URL+"/api/dashboards/nope", bearer(viewToken), ""); status != http.StatusNotFound {
		t.Fatalf("a dashboard that does not exist: %d", status)
	}

	if status, _, _ := do(t, "DELETE", e.srv.URL+"/api/dashboards/bench", bearer(viewToken), ""); status != http.StatusForbidden {
		t.Fatalf("a viewer's delete: %d", status)
	}
	if status, _, _ := do(t, "DELETE", e.srv.URL+"/api/dashboards/bench", bearer(controlToken), ""); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	if ev := events.next(); ev != "dashboards" {
		t.Fatalf("after a delete, event %q; want dashboards", ev)
	}
	if status, _, _ := do(t, "GET", e.srv.URL+"/api/dashboards/bench", bearer(viewToken), ""); status != http.StatusNotFound {
		t.Fatalf("a deleted dashboard: %d", status)
	}
}

// Without --dashboards the endpoints say how to get them.
func TestDashboardsOff(t *testing.T) {
	e := start(t)
	if status, body, _ := do(t, "GET", e.srv.URL+"/api/dashboards", nil, ""); status != http.StatusNotFound || !strings.Contains(body, "--dashboards") {
		t.Fatalf("GET /api/dashboards without a store: %d %s", status, body)
	}
}
