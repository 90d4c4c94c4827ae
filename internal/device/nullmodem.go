package device

import (
	"fmt"
	"sync"
)

// nullModem gives the devices that are not serial lines (loop://, sim://) a
// Controller that behaves like a null-modem plug: settings are kept and have
// no effect, and the modem inputs follow the outputs (CTS follows RTS; DSR
// and DCD follow DTR), so every control can be tried without hardware. The
// device behind the plug may also hold an input on or off by itself (the
// simulator's "line" command), as a real device drops CTS when it is busy;
// ModemChanges tells of every change.
type nullModem struct {
	changes chan struct{} // capacity 1: signalled when the inputs change

	mu       sync.Mutex
	settings Settings    // guarded by mu
	lines    Lines       // guarded by mu
	breaking bool        // guarded by mu
	held     [4]heldLine // guarded by mu: inputs the far end holds, by modemLineNames index
}

// heldLine is an input the far end holds at a value rather than leaving it
// to follow our outputs.
type heldLine struct {
	held, on bool
}

// modemLineNames are the modem inputs in the order of nullModem.held.
var modemLineNames = [4]string{"cts", "dsr", "ri", "dcd"}

func newNullModem(s Settings) nullModem {
	return nullModem{settings: s, lines: DefaultLines, changes: make(chan struct{}, 1)}
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
	n.change(func() { n.lines = l })
	return nil
}

// holdLine makes the far end hold the input named (one of
// modemLineNames) on or off, or, with name "reset", release every input to
// follow our outputs again.
func (n *nullModem) holdLine(name string, on bool) error {
	if name == "reset" {
		n.change(func() { n.held = [4]heldLine{} })
		return nil
	}
	for i, ln := range modemLineNames {
		if ln == name {
			n.change(func() { n.held[i] = heldLine{held: true, on: on} })
			return nil
		}
	}
	return fmt.Errorf("no modem input %q (want cts, dsr, ri, dcd or reset)", name)
}

// change runs f with n.mu held and signals changes if it changed the inputs.
func (n *nullModem) change(f func()) {
	n.mu.Lock()
	before := n.modemLocked()
	f()
	changed := n.modemLocked() != before
	n.mu.Unlock()
	if changed {
		select {
		case n.changes <- struct{}{}:
		default: // one is already waiting: the reader reads the latest state
		}
	}
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
	return n.modemLocked(), nil
}

func (n *nullModem) modemLocked() Modem {
	v := [4]bool{n.lines.RTS, n.lines.DTR, false, n.lines.DTR}
	for i, h := range n.held {
		if h.held {
			v[i] = h.on
		}
	}
	return Modem{CTS: v[0], DSR: v[1], RI: v[2], DCD: v[3]}
}

// ModemChanges tells of every change of the inputs, whether our outputs or
// the far end made it.
func (n *nullModem) ModemChanges() <-chan struct{} { return n.changes }

// dtr reports whether our DTR output is on.
func (n *nullModem) dtr() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.lines.DTR
}
