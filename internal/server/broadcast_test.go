//go:build linux

package server_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// POST /api/broadcast writes the same bytes to the ports named and to the
// fleet ports with a tag, and says how each went: ok, not found, or
// refused by the caller's role.
func TestBroadcast(t *testing.T) {
	e := startAuthed(t)
	tagged, err := e.srv.Hub.Add(hub.Config{Name: "pi/x", Device: "loop://", Logger: slog.New(slog.DiscardHandler),
		Origin: func() *hub.Origin {
			return &hub.Origin{Gateway: "pi", Online: true, Tags: map[string]string{"room": "lab2"}}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := serialtest.WaitPort(e.ctx, tagged, serialtest.StateIs(hub.StateOpen)); err != nil {
		t.Fatal(err)
	}
	loop, err := tagged.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer loop.Close()

	results := func(token, body string) map[string]protocol.BroadcastResult {
		t.Helper()
		code, b, _ := do(t, http.MethodPost, e.srv.URL+"/api/broadcast", bearer(token), body)
		var a protocol.BroadcastAnswer
		if code != http.StatusOK || json.Unmarshal([]byte(b), &a) != nil {
			t.Fatalf("broadcast %s: %d %s", body, code, b)
		}
		m := map[string]protocol.BroadcastResult{}
		for _, r := range a.Results {
			m[r.Port] = r
		}
		return m
	}
	m := results(controlToken, `{"ports":["dev","nope"],"tag":"room=lab2","send":"hi\r"}`)
	if !m["dev"].OK || !m["pi/x"].OK || m["nope"].Code != protocol.CodeNotFound || len(m) != 3 || m["other"].Port != "" {
		t.Fatalf("results %+v", m)
	}
	if got := string(e.deviceRead(3)); got != "hi\r" {
		t.Fatalf("dev got %q", got)
	}
	var got []byte
	for len(got) < 3 {
		msgs, err := loop.Receive(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, msg := range msgs {
			got = append(got, msg.Data...)
		}
	}
	if string(got) != "hi\r" {
		t.Fatalf("the tagged port got %q", got)
	}

	m = results(viewToken, `{"ports":["dev","other"],"send":"x"}`)
	if m["dev"].Code != protocol.CodeForbidden || m["other"].Code != protocol.CodeForbidden {
		t.Fatalf("a viewer's broadcast: %+v", m)
	}
	for _, body := range []string{`{"ports":["dev"]}`, `{"tag":"room","send":"x"}`, `{"send":"x"}`, `{"ports":["dev"],"send":"x","bogus":1}`} {
		if code, b, _ := do(t, http.MethodPost, e.srv.URL+"/api/broadcast", bearer(controlToken), body); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s; want 400", body, code, b)
		}
	}
}
