//go:build linux

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPagesFlagAndConfigKey: --pages DIR and the config file's pages key
// serve the folder under /pages/; a folder that does not exist stops the
// server at start with a message naming the flag.
func TestPagesFlagAndConfigKey(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<title>my page</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(t.TempDir(), "serialhub.toml")
	if err := os.WriteFile(conf, []byte("pages = "+`"`+dir+`"`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--pages", dir, "loop://"}, {"--config", conf, "loop://"}} {
		r := serve(t, args, nil)
		resp, err := http.Get("http://" + r.addr + "/pages/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "my page") {
			t.Errorf("serve %q: GET /pages/: %d %q, want the folder's index.html", args, resp.StatusCode, b)
		}
		r.Stop()
	}

	c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
	if err := c.ParseFlags([]string{"--pages", filepath.Join(dir, "missing"), "loop://"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "--pages") {
		t.Errorf("serve --pages MISSING: %v, want an error naming --pages", err)
	}
}
