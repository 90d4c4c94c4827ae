package dashboard_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/serialhub/serialhub/internal/dashboard"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

func TestMain(m *testing.M) { serialtest.Main(m) }

// A dashboard saved is read back as saved, listed, and watched; a file
// that is not a dashboard is not listed; a removed one is gone.
func TestStore(t *testing.T) {
	dir := t.TempDir()
	s, err := dashboard.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	changes, stop := s.Watch()
	defer stop()
	d, err := protocol.ParseDashboard("gps", []byte(`{"name":"GPS","port":"gps","widgets":[{"id":"t","type":"track"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(d, "alice"); err != nil {
		t.Fatal(err)
	}
	<-changes
	got, err := s.Get("gps")
	if err != nil || got.Name != "GPS" || got.By != "alice" || got.Updated == nil || len(got.Widgets) != 1 {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].ID != "gps" || list[0].Widgets != 1 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if err := s.Delete("gps"); err != nil {
		t.Fatal(err)
	}
	<-changes
	if _, err := s.Get("gps"); !errors.Is(err, dashboard.ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := s.Delete("gps"); !errors.Is(err, dashboard.ErrNotFound) {
		t.Fatalf("Delete twice: %v", err)
	}
	if _, err := s.Get("../etc/passwd"); !errors.Is(err, dashboard.ErrNotFound) {
		t.Fatalf("a path for an id: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("the directory holds %v: a temporary file was left", entries)
	}
}
