package device

import "sync"

// nullModem gives the devices that are not serial lines (loop://, sim://) a
// Controller that behaves like a null-modem plug: settings are kept and have
// no effect, and the modem inputs follow the outputs (CTS follows RTS; DSR
// and DCD follow DTR), so every control can be tried without hardware.
type nullModem struct {
	mu       sync.Mutex
	settings Settings // guarded by mu
	lines    Lines    // guarded by mu
	breaking bool     // guarded by mu
}

func newNullModem(s Settings) nullModem {
	return nullModem{settings: s, lines: DefaultLines}
}

func (n *nullModem) SetSettings(s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.settings = s
	return nil
}

func (n *nullModem) SetLines(l Lines) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.lines = l
	return nil
}

// SetBreak records the break and reports whether it ended one.
func (n *nullModem) setBreak(on bool) (ended bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	ended = n.breaking && !on
	n.breaking = on
	return ended
}

func (n *nullModem) Modem() (Modem, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return Modem{CTS: n.lines.RTS, DSR: n.lines.DTR, DCD: n.lines.DTR}, nil
}
