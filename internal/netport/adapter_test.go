package netport

import (
	"testing"

	"github.com/serialhub/serialhub/internal/hub"
)

// TestPausedBytesReachThePort: what an RFC 2217 session drops for a client
// that suspended the flow (rfc2217's TestServerSuspend) is counted by the
// port as DropPaused, and under no other reason.
func TestPausedBytesReachThePort(t *testing.T) {
	p, err := hub.Open(hub.Config{Name: "p", Device: "loop://"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	(&hubPort{p: p}).Paused(7)
	if got := p.Info().Drops; got != (hub.Drops{Paused: 7}) {
		t.Fatalf("drops %+v, want 7 paused", got)
	}
}
