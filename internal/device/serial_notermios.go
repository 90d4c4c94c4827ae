//go:build !(linux || darwin)

package device

import "fmt"

// On other systems go.bug.st/serial's SetMode is all there is: no flow
// control, no held break, and no check of what the line took.

func (p *serialPort) applyTermios(s Settings) error {
	if s.FlowControl != FlowNone {
		return fmt.Errorf("flow control %s on this system: %w", s.FlowControl, ErrNotSupported)
	}
	return nil
}

func (p *serialPort) setBreak(on bool) error {
	return fmt.Errorf("break on this system: %w", ErrNotSupported)
}

func explainControlError(err error) error { return err }

func (p *serialPort) flushWriter() {}
