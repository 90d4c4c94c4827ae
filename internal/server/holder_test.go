//go:build linux

package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// TestLockHolderNamed: everyone sees the write lock's holder, and its
// holder sees who asks for it, by a name a person can read: the user's on
// a server with users, whether the client came from a browser (a page
// such as the console) or a program; on a server without users, "a
// browser at ADDRESS" for a client whose request had an Origin header, as
// browsers' have, "a program at ADDRESS:PORT" for one without.
func TestLockHolderNamed(t *testing.T) {
	exclusive := withPortConfig(func(c *hub.Config) { c.Exclusive = true })
	// browser dials as a page of the server would: with an Origin header
	// (and with users, the session cookie of a login).
	browser := func(e *env, users bool) *client {
		h := http.Header{"Origin": {e.srv.URL}}
		if users {
			_, _, got := do(t, "POST", e.srv.URL+"/api/login", nil, `{"token":"`+controlToken+`"}`)
			h.Set("Cookie", strings.Split(got.Get("Set-Cookie"), ";")[0])
		}
		return e.dialAs(h, "replay=0")
	}
	// program dials as serialhub attach or a script: no Origin (and with
	// users, a token).
	program := func(e *env, users bool) *client {
		h := http.Header{}
		if users {
			h = bearer(controlToken)
		}
		return e.dialAs(h, "replay=0")
	}
	const (
		aBrowser = `^a browser at 127\.0\.0\.1$`
		aProgram = `^a program at 127\.0\.0\.1:[0-9]+$`
	)
	tests := []struct {
		name          string
		users         bool
		holder, asker func(*env, bool) *client
		// The names others see, as regular expressions.
		holderName, askerName string
	}{
		{"users: a browser holds, a program asks", true, browser, program, "^ctl$", "^ctl$"},
		{"users: a program holds, a browser asks", true, program, browser, "^ctl$", "^ctl$"},
		{"no users: a browser holds, a program asks", false, browser, program, aBrowser, aProgram},
		{"no users: a program holds, a browser asks", false, program, browser, aProgram, aBrowser},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *env
			if tt.users {
				e = startAuthed(t, exclusive)
			} else {
				e = start(t, exclusive)
			}
			holder, asker := tt.holder(e, tt.users), tt.asker(e, tt.users)
			holder.waitStatus(protocol.StateOpen)
			asker.waitStatus(protocol.StateOpen)

			holder.Control(e.ctx, `{"type":"lock","id":1}`)
			if ev := holder.waitReply("1"); ev.Type != protocol.TypeOK {
				t.Fatalf("lock: %+v", ev)
			}
			want := regexp.MustCompile(tt.holderName)
			// The holder and everyone else see one name.
			for who, c := range map[string]*client{"holder": holder, "asker": asker} {
				info := c.statusWhere(func(i protocol.Port) bool { return i.Lock != nil })
				if !want.MatchString(info.Lock.Holder) {
					t.Errorf("the %s sees lock.holder %q, want %s", who, info.Lock.Holder, tt.holderName)
				}
			}
			holderName := asker.statusWhere(func(i protocol.Port) bool { return i.Lock != nil }).Lock.Holder

			// Refusals name the holder.
			asker.Control(e.ctx, `{"type":"lock","id":2}`)
			if ev := asker.waitReply("2"); ev.Code != protocol.CodeLocked || !strings.Contains(ev.Message, holderName) {
				t.Errorf("a second lock: %+v, want locked naming %q", ev, holderName)
			}
			asker.Send(e.ctx, []byte("x"))
			if ev := asker.waitEvent(protocol.TypeError); ev.Code != protocol.CodeLocked || !strings.Contains(ev.Message, holderName) {
				t.Errorf("a write without the lock: %+v, want locked naming %q", ev, holderName)
			}

			// The holder hears who asks.
			asker.Control(e.ctx, `{"type":"request-lock","id":3}`)
			if ev := asker.waitReply("3"); ev.Type != protocol.TypeOK {
				t.Fatalf("request-lock: %+v", ev)
			}
			if ev := holder.waitEvent(protocol.TypeLockRequest); !regexp.MustCompile(tt.askerName).MatchString(ev.From) {
				t.Errorf("the holder was asked by %q, want %s", ev.From, tt.askerName)
			}
		})
	}
}
