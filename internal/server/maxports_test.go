package server_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/serialhub/serialhub/internal/server"
)

// TestMaxPorts: clients may open at most MaxPorts ports at runtime, even
// all at once; closing one makes room again.
func TestMaxPorts(t *testing.T) {
	e := start(t, withServerConfig(func(c *server.Config) {
		c.AllowOpen = true
		c.MaxPorts = 3
	}))
	// Ten opens side by side: three are created, the others refused.
	var wg sync.WaitGroup
	statuses := make(chan int, 10)
	for i := range 10 {
		wg.Go(func() {
			resp, err := http.Post(e.srv.URL+"/api/ports", "application/json", strings.NewReader(`{"name":"p`+string(rune('0'+i))+`","device":"loop://"}`))
			if err != nil {
				statuses <- -1
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	created := 0
	for s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusServiceUnavailable:
		default:
			t.Errorf("an open answered %d", s)
		}
	}
	if created != 3 {
		t.Fatalf("%d ports opened, want 3 (MaxPorts)", created)
	}
	status, body, _ := do(t, "POST", e.srv.URL+"/api/ports", nil, `{"name":"more","device":"loop://"}`)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "too_many") || !strings.Contains(body, "--max-ports") {
		t.Fatalf("an open over the limit: %d %s, want 503 too_many naming --max-ports", status, body)
	}
	// The configured port does not count; a closed one frees its place.
	var name string
	for i := range 10 {
		n := "p" + string(rune('0'+i))
		if s, _, _ := do(t, "GET", e.srv.URL+"/api/ports/"+n, nil, ""); s == http.StatusOK {
			name = n
			break
		}
	}
	if s, body, _ := do(t, "DELETE", e.srv.URL+"/api/ports/"+name, nil, ""); s != http.StatusNoContent {
		t.Fatalf("DELETE %s: %d %s", name, s, body)
	}
	if s, body, _ := do(t, "POST", e.srv.URL+"/api/ports", nil, `{"name":"more","device":"loop://"}`); s != http.StatusCreated {
		t.Fatalf("an open after a close: %d %s", s, body)
	}
}
