//go:build linux

package serialtest

import (
	"context"
	"fmt"

	"github.com/serialhub/serialhub/internal/hub"
)

// WaitStatus reads s until a status message for which ok is true, and
// returns it; ctx bounds the wait. Data and other messages read on the way
// are discarded.
func WaitStatus(ctx context.Context, s *hub.Subscriber, ok func(hub.Info) bool) (hub.Info, error) {
	var msgs []hub.Message
	for {
		var err error
		msgs, err = s.Receive(ctx, msgs[:0])
		if err != nil {
			return hub.Info{}, fmt.Errorf("waiting for a status: %w", err)
		}
		for _, m := range msgs {
			if m.Status != nil && ok(*m.Status) {
				return *m.Status, nil
			}
		}
	}
}

// WaitPort waits, as WaitStatus does, through a subscriber of its own to
// p, for a status for which ok is true.
func WaitPort(ctx context.Context, p *hub.Port, ok func(hub.Info) bool) (hub.Info, error) {
	s, err := p.Subscribe(false)
	if err != nil {
		return hub.Info{}, err
	}
	defer s.Close()
	return WaitStatus(ctx, s, ok)
}

// StateIs returns a test for WaitStatus and WaitPort: the port is in state.
func StateIs(state hub.State) func(hub.Info) bool {
	return func(i hub.Info) bool { return i.State == state }
}
