//go:build linux

package server_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/server"
)

// pagesDir makes a --pages folder beside a secret file, with a hidden file
// and a subfolder without index.html.
func pagesDir(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"secret.txt":       "the secret beside the pages",
		"pages/index.html": "<!doctype html><title>mine</title>",
		"pages/app.js":     "export const mine = 1;",
		"pages/.env":       "TOKEN=hidden",
		"pages/.git/HEAD":  "ref: refs/heads/main",
		"pages/sub/a.css":  "body{}",
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "pages")
}

// get sends a GET that does not follow redirects.
func get(t *testing.T, url string, h http.Header) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

func TestPagesAreServedWithTheConsolesCSP(t *testing.T) {
	dir := pagesDir(t)
	e := start(t, withServerConfig(func(c *server.Config) { c.Pages = os.DirFS(dir) }))
	for _, tc := range []struct{ path, want, ctype string }{
		{"/pages/", "<title>mine</title>", "text/html"},
		{"/pages/app.js", "export const mine", "text/javascript"},
		{"/pages/sub/a.css", "body{}", "text/css"},
		{"/sdk/serialhub.js", "export", "text/javascript"},
	} {
		status, body, h := get(t, e.srv.URL+tc.path, nil)
		if status != http.StatusOK || !strings.Contains(body, tc.want) || !strings.HasPrefix(h.Get("Content-Type"), tc.ctype) {
			t.Errorf("GET %s: %d %s %.60q, want 200 %s with %q", tc.path, status, h.Get("Content-Type"), body, tc.ctype, tc.want)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: Content-Security-Policy %q, want the console's (default-src 'self', nothing inline)", tc.path, csp)
		}
	}
	// The SDK's connect, as docs/pages.md imports it.
	if _, body, _ := get(t, e.srv.URL+"/sdk/serialhub.js", nil); !strings.Contains(body, "connect") {
		t.Errorf("/sdk/serialhub.js does not export connect")
	}
}

func TestPagesStayInTheirFolder(t *testing.T) {
	dir := pagesDir(t)
	e := start(t, withServerConfig(func(c *server.Config) { c.Pages = os.DirFS(dir) }))
	for _, path := range []string{
		"/pages/../secret.txt",
		"/pages/%2e%2e/secret.txt",
		"/pages/..%2fsecret.txt",
		"/pages/sub/../../secret.txt",
		"/pages/.env",
		"/pages/.git/HEAD",
		"/pages/%2egit/HEAD",
		"/pages/sub/", // no index.html: no listing
	} {
		status, body, _ := get(t, e.srv.URL+path, nil)
		if status == http.StatusOK || strings.Contains(body, "secret beside") || strings.Contains(body, "hidden") ||
			strings.Contains(body, "refs/heads") || strings.Contains(body, "a.css") {
			t.Errorf("GET %s: %d %q: served something outside the pages or hidden", path, status, body)
		}
	}
}

func TestNoPagesWithoutTheFlag(t *testing.T) {
	e := start(t)
	if status, _, _ := get(t, e.srv.URL+"/pages/", nil); status != http.StatusNotFound {
		t.Errorf("GET /pages/ without --pages: %d, want 404", status)
	}
	// The SDK is there all the same (a page may be served from elsewhere).
	if status, _, _ := get(t, e.srv.URL+"/sdk/serialhub.js", nil); status != http.StatusOK {
		t.Errorf("GET /sdk/serialhub.js without --pages: %d, want 200", status)
	}
}

func TestPagesNeedALogin(t *testing.T) {
	dir := pagesDir(t)
	e := startAuthed(t, withServerConfig(func(c *server.Config) { c.Pages = os.DirFS(dir) }))
	// A browser is sent to the console's login, which brings it back.
	status, _, h := get(t, e.srv.URL+"/pages/app.js?x=1&y=2", http.Header{"Accept": {"text/html,*/*"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/?next=%2Fpages%2Fapp.js%3Fx%3D1%26y%3D2" {
		t.Errorf("GET /pages/ without a session from a browser: %d to %q, want 303 to the login with next", status, h.Get("Location"))
	}
	// A program (or a module script) gets 401.
	if status, body, _ := get(t, e.srv.URL+"/pages/app.js", nil); status != http.StatusUnauthorized || strings.Contains(body, "mine") {
		t.Errorf("GET /pages/app.js without credentials: %d %q, want 401", status, body)
	}
	if status, _, _ := get(t, e.srv.URL+"/pages/app.js", bearer("shub_wrong")); status != http.StatusUnauthorized {
		t.Errorf("GET /pages/app.js with a wrong token: %d, want 401", status)
	}
	if status, body, _ := get(t, e.srv.URL+"/pages/app.js", bearer(viewToken)); status != http.StatusOK || !strings.Contains(body, "mine") {
		t.Errorf("GET /pages/app.js as a viewer: %d %q, want 200", status, body)
	}
}
