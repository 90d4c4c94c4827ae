// Package dashboard keeps the dashboards the console builds
// (docs/dashboards.md): a JSON file each in a directory (--dashboards),
// written whole (a temporary file renamed over the old one), so a crash
// leaves either the old dashboard or the new one. Watchers hear of every
// change, so every viewer sees the same dashboard live.
package dashboard

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
)

// ErrNotFound is returned (wrapped) for a dashboard the store does not
// have.
var ErrNotFound = errors.New("no such dashboard")

// Store is a directory of dashboards. Its methods are safe for concurrent
// use; one Store should own its directory.
type Store struct {
	dir string // static

	mu       sync.Mutex
	watchers map[chan struct{}]struct{} // guarded by mu: each capacity 1
}

// Open returns the store of dir, creating it if need be.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dashboards: %w", err)
	}
	return &Store{dir: dir, watchers: map[chan struct{}]struct{}{}}, nil
}

func (s *Store) path(id string) string { return filepath.Join(s.dir, id+".json") }

// List returns every dashboard's summary, by id.
func (s *Store) List() ([]protocol.DashboardSummary, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("dashboards: %w", err)
	}
	var out []protocol.DashboardSummary
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || !protocol.ValidDashboardID(id) || !e.Type().IsRegular() {
			continue
		}
		d, err := s.Get(id)
		if err != nil {
			continue // removed meanwhile, or not a dashboard: not listed
		}
		out = append(out, protocol.DashboardSummary{ID: d.ID, Name: d.Name, Port: d.Port, Widgets: len(d.Widgets), Updated: d.Updated, By: d.By})
	}
	slices.SortFunc(out, func(a, b protocol.DashboardSummary) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Get returns dashboard id.
func (s *Store) Get(id string) (protocol.Dashboard, error) {
	if !protocol.ValidDashboardID(id) {
		return protocol.Dashboard{}, fmt.Errorf("dashboard %q: %w", id, ErrNotFound)
	}
	b, err := os.ReadFile(s.path(id))
	if errors.Is(err, os.ErrNotExist) {
		return protocol.Dashboard{}, fmt.Errorf("dashboard %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return protocol.Dashboard{}, fmt.Errorf("dashboard %s: %w", id, err)
	}
	var d protocol.Dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		return protocol.Dashboard{}, fmt.Errorf("dashboard %s: %s is damaged: %w", id, s.path(id), err)
	}
	d.ID = id
	return d, nil
}

// Put saves d (checked by protocol.ParseDashboard) as saved by by, now,
// and tells the watchers.
func (s *Store) Put(d protocol.Dashboard, by string) (protocol.Dashboard, error) {
	now := time.Now().UTC().Round(time.Millisecond)
	d.Updated, d.By = &now, by
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return d, err
	}
	f, err := os.CreateTemp(s.dir, ".tmp-"+d.ID+"-*")
	if err != nil {
		return d, fmt.Errorf("dashboard %s: %w", d.ID, err)
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), s.path(d.ID))
	}
	if err != nil {
		os.Remove(f.Name())
		return d, fmt.Errorf("dashboard %s: %w", d.ID, err)
	}
	s.changed()
	return d, nil
}

// Delete removes dashboard id and tells the watchers.
func (s *Store) Delete(id string) error {
	if !protocol.ValidDashboardID(id) {
		return fmt.Errorf("dashboard %q: %w", id, ErrNotFound)
	}
	err := os.Remove(s.path(id))
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("dashboard %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("dashboard %s: %w", id, err)
	}
	s.changed()
	return nil
}

// Watch returns a channel that receives after each change (changes close
// together may come as one), and a function that stops it.
func (s *Store) Watch() (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	s.mu.Lock()
	s.watchers[c] = struct{}{}
	s.mu.Unlock()
	return c, func() {
		s.mu.Lock()
		delete(s.watchers, c)
		s.mu.Unlock()
	}
}

func (s *Store) changed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.watchers {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}
