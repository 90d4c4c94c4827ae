package server_test

import (
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// TestViewersCannotFillAPort: view-only clients get at most seven eighths
// of a port's places; the rest are kept for clients with control.
func TestViewersCannotFillAPort(t *testing.T) {
	e := startAuthed(t, withServerConfig(func(c *server.Config) { c.MaxClientsPerPort = 16 }))
	for i := range 14 {
		v := e.dialAs(bearer(viewToken), "replay=0")
		if _, err := v.WaitState(e.ctx, protocol.StateOpen); err != nil {
			t.Fatalf("viewer %d: %v", i, err)
		}
	}
	_, err := serialtest.DialHeader(e.ctx, e.srv.WSURL("dev", "replay=0"), bearer(viewToken))
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("a 15th viewer of a port with 16 places: %v, want 503", err)
	}
	for i := range 2 {
		c := e.dialAs(bearer(controlToken), "replay=0")
		if _, err := c.WaitState(e.ctx, protocol.StateOpen); err != nil {
			t.Fatalf("controller %d after the viewers: %v", i, err)
		}
	}
	if _, err := serialtest.DialHeader(e.ctx, e.srv.WSURL("dev", "replay=0"), bearer(controlToken)); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("a 17th client of a port with 16 places: %v, want 503", err)
	}
}
