package hub

import (
	"errors"
	"fmt"
	"regexp"
)

// validName is what a port name may be: it appears in URLs and file names.
var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidName reports whether name can name a port: 1 to 64 letters, digits,
// dots, underscores and dashes, starting with a letter or digit.
func ValidName(name string) bool { return validName.MatchString(name) }

// Hub is the set of ports a server shares, in the order they were given.
// It is fixed after New; its methods are safe for concurrent use.
type Hub struct {
	ports  []*Port
	byName map[string]*Port
}

// New opens a port for each config. Names must be valid and unique. A
// device that fails to open does not fail New: its port reports the error.
func New(cfgs []Config) (*Hub, error) {
	h := &Hub{byName: make(map[string]*Port)}
	for _, c := range cfgs {
		if !ValidName(c.Name) {
			h.Close()
			return nil, fmt.Errorf("invalid port name %q: use 1 to 64 letters, digits, '.', '_' or '-'", c.Name)
		}
		if _, dup := h.byName[c.Name]; dup {
			h.Close()
			return nil, fmt.Errorf("port name %q is used twice: name ports with NAME=DEVICE", c.Name)
		}
		p, err := Open(c)
		if err != nil {
			h.Close()
			return nil, err
		}
		h.ports = append(h.ports, p)
		h.byName[c.Name] = p
	}
	return h, nil
}

// Port returns the port called name.
func (h *Hub) Port(name string) (*Port, bool) {
	p, ok := h.byName[name]
	return p, ok
}

// Ports returns the ports in order.
func (h *Hub) Ports() []*Port { return h.ports }

// Close closes every port; it is idempotent.
func (h *Hub) Close() error {
	var errs []error
	for _, p := range h.ports {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}
