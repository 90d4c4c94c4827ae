package hub

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// validName is what a port name may be: it appears in URLs and file names.
var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidName reports whether name can name a port: 1 to 64 letters, digits,
// dots, underscores and dashes, starting with a letter or digit.
func ValidName(name string) bool { return validName.MatchString(name) }

// validRemote is a port of another server (a fleet gateway's, at the
// central): SERVER/PORT, where SERVER is a fleet gateway's name (1 to 64
// letters, digits, '_' or '-', starting with a letter or digit: no dot)
// and PORT a port name.
var validRemote = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}/[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidRemoteName reports whether name can name a port of another server:
// SERVER/PORT, such as pi-07/dut (docs/fleet.md).
func ValidRemoteName(name string) bool { return validRemote.MatchString(name) }

// DefaultName names a port after its device: the base name of a path
// (ttyUSB0), the scheme of a URL with nothing after it (sim, loop). The
// result may not be a valid name (a URL with a host); check ValidName.
func DefaultName(dev string) string {
	if scheme, rest, ok := strings.Cut(dev, "://"); ok {
		if rest == "" {
			return scheme
		}
		dev = rest
	}
	if i := strings.LastIndexAny(dev, `/\`); i >= 0 {
		dev = dev[i+1:]
	}
	return dev
}

// Errors of Add and Remove.
var (
	ErrExists   = errors.New("a port has that name")
	ErrNotFound = errors.New("no such port")
)

// Hub is the set of ports a server shares, in the order they were added.
// Its methods are safe for concurrent use.
type Hub struct {
	mu     sync.Mutex
	ports  []*Port          // guarded by mu
	byName map[string]*Port // guarded by mu
	closed bool             // guarded by mu

	// watchMu guards watchers; it is taken by ports with their own lock
	// held, so it is never held while taking another.
	watchMu  sync.Mutex
	watchers map[chan struct{}]struct{} // guarded by watchMu
}

// New opens a port for each config. Names must be valid and unique. A
// device that fails to open does not fail New: its port reports the error.
func New(cfgs []Config) (*Hub, error) {
	h := &Hub{byName: make(map[string]*Port)}
	for _, c := range cfgs {
		if _, err := h.Add(c); err != nil {
			h.Close()
			return nil, err
		}
	}
	return h, nil
}

// Add opens a port for cfg and adds it to the hub.
func (h *Hub) Add(cfg Config) (*Port, error) {
	if !ValidName(cfg.Name) && !(cfg.Origin != nil && ValidRemoteName(cfg.Name)) {
		return nil, fmt.Errorf("invalid port name %q: use 1 to 64 letters, digits, '.', '_' or '-'", cfg.Name)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	if _, dup := h.byName[cfg.Name]; dup {
		return nil, fmt.Errorf("port name %q is used twice (name ports with NAME=DEVICE): %w", cfg.Name, ErrExists)
	}
	cfg.onChange = h.changed
	p, err := Open(cfg)
	if err != nil {
		return nil, err
	}
	h.ports = append(h.ports, p)
	h.byName[cfg.Name] = p
	h.changed()
	return p, nil
}

// Watch returns a channel that receives when the hub's list of ports may
// have changed: a port was added or removed, or a port's state, error or
// Origin changed. It has room for one value, so changes close together
// come as one: read Ports after each. stop ends the watch.
func (h *Hub) Watch() (changes <-chan struct{}, stop func()) {
	c := make(chan struct{}, 1)
	h.watchMu.Lock()
	if h.watchers == nil {
		h.watchers = make(map[chan struct{}]struct{})
	}
	h.watchers[c] = struct{}{}
	h.watchMu.Unlock()
	return c, func() {
		h.watchMu.Lock()
		delete(h.watchers, c)
		h.watchMu.Unlock()
	}
}

// changed tells the watchers; it never blocks.
func (h *Hub) changed() {
	h.watchMu.Lock()
	defer h.watchMu.Unlock()
	for c := range h.watchers {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Remove closes the port called name and takes it out of the hub; its
// clients get its last status (closed) and their subscriptions end.
func (h *Hub) Remove(name string) error {
	h.mu.Lock()
	p, ok := h.byName[name]
	if ok {
		delete(h.byName, name)
		h.ports = slices.DeleteFunc(h.ports, func(q *Port) bool { return q == p })
	}
	h.mu.Unlock()
	if !ok {
		return fmt.Errorf("port %q: %w", name, ErrNotFound)
	}
	err := p.Close()
	h.changed()
	return err
}

// Port returns the port called name.
func (h *Hub) Port(name string) (*Port, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	p, ok := h.byName[name]
	return p, ok
}

// Ports returns the ports in order.
func (h *Hub) Ports() []*Port {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.ports)
}

// Close closes every port; it is idempotent. Add fails after it.
func (h *Hub) Close() error {
	h.mu.Lock()
	h.closed = true
	ports := slices.Clone(h.ports)
	h.mu.Unlock()
	var errs []error
	for _, p := range ports {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}
