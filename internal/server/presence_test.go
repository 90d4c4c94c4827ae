//go:build linux

package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/server"
)

// bobToken is the token of "bob", a second user who controls every port.
const bobToken = "bob-token-0123456789abcdef"

// withBob gives the server withUsers' users and bob.
func withBob(t *testing.T) envOption {
	a := usersAuth(t, 0, auth.User{Name: "bob", TokenHashes: []string{auth.HashToken(bobToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}})
	return withServerConfig(func(c *server.Config) { c.Auth = a })
}

// watchersOf renders a port object's watchers as "name×count, …, +N".
func watchersOf(p protocol.Port) string {
	var parts []string
	for _, w := range p.Watchers {
		parts = append(parts, fmt.Sprintf("%s×%d", w.Name, w.Count))
	}
	if p.WatchersMore > 0 {
		parts = append(parts, fmt.Sprintf("+%d", p.WatchersMore))
	}
	return strings.Join(parts, ", ")
}

// TestWatchersAreNamed: every client of a port sees who is connected to
// it, by the names the write lock uses, with how many connections each
// has: on a server with users, the users (one user's browser tabs and
// programs counted together); without, "a browser at ADDRESS" for pages
// (two on one machine count as two of one name) and "a program at
// ADDRESS:PORT" for programs. A client that leaves is no longer listed.
func TestWatchersAreNamed(t *testing.T) {
	t.Run("users", func(t *testing.T) {
		e := startAuthed(t)
		page := func() *client {
			h := http.Header{"Origin": {e.srv.URL}}
			_, _, got := do(t, "POST", e.srv.URL+"/api/login", nil, `{"token":"`+controlToken+`"}`)
			h.Set("Cookie", strings.Split(got.Get("Set-Cookie"), ";")[0])
			return e.dialAs(h, "replay=0")
		}
		tab1, tab2 := page(), page()
		script := e.dialAs(bearer(controlToken), "replay=0")
		viewer := e.dialAs(bearer(viewToken), "replay=0")
		const want = "ctl×3, watcher×1"
		for who, c := range map[string]*client{"a tab": tab1, "a script": script, "a viewer": viewer} {
			if p := c.statusWhere(func(p protocol.Port) bool { return watchersOf(p) == want }); p.WatchersMore != 0 {
				t.Fatalf("%s: watchersMore %d", who, p.WatchersMore)
			}
		}
		// REST says the same.
		var p protocol.Port
		code, body, _ := do(t, "GET", e.srv.URL+"/api/ports/dev", bearer(viewToken), "")
		if err := json.Unmarshal([]byte(body), &p); code != http.StatusOK || err != nil || watchersOf(p) != want {
			t.Fatalf("GET /api/ports/dev: %d %s, want watchers %s", code, body, want)
		}
		tab2.close()
		viewer.close()
		tab1.statusWhere(func(p protocol.Port) bool { return watchersOf(p) == "ctl×2" })
	})
	t.Run("no users", func(t *testing.T) {
		e := start(t)
		browser := func() *client { return e.dialAs(http.Header{"Origin": {e.srv.URL}}, "replay=0") }
		b1, b2 := browser(), browser()
		prog := e.dial("replay=0")
		want := regexp.MustCompile(`^a browser at 127\.0\.0\.1×2, a program at 127\.0\.0\.1:[0-9]+×1$`)
		for _, c := range []*client{b1, b2, prog} {
			c.statusWhere(func(p protocol.Port) bool { return want.MatchString(watchersOf(p)) })
		}
		prog.close()
		b1.statusWhere(func(p protocol.Port) bool { return watchersOf(p) == "a browser at 127.0.0.1×2" })
	})
}

// TestWatchersAreBounded: however many names are connected, a status
// lists the first 16 in order and counts the others: 21 programs (21
// names without users) see 16 names and "5 more".
func TestWatchersAreBounded(t *testing.T) {
	e := start(t)
	var clients []*client
	for range 21 {
		clients = append(clients, e.dial("replay=0"))
	}
	last := clients[len(clients)-1]
	p := last.statusWhere(func(p protocol.Port) bool { return p.Clients == 21 && p.WatchersMore > 0 })
	if len(p.Watchers) != protocol.MaxWatchers || p.WatchersMore != 21-protocol.MaxWatchers {
		t.Fatalf("watchers: %d names and %d more, want %d and %d: %s", len(p.Watchers), p.WatchersMore, protocol.MaxWatchers, 21-protocol.MaxWatchers, watchersOf(p))
	}
	if !slices.IsSortedFunc(p.Watchers, func(a, b protocol.Watcher) int { return strings.Compare(a.Name, b.Name) }) {
		t.Fatalf("watchers not in order: %s", watchersOf(p))
	}
	for _, w := range p.Watchers {
		if w.Count != 1 || !strings.HasPrefix(w.Name, "a program at 127.0.0.1:") {
			t.Fatalf("watcher %+v, want one program", w)
		}
	}
}

// TestTypingNamesTheWriter: after a client writes to the device, the
// others see who wrote and when (serialhub's clock, to the millisecond);
// another writer replaces it. One user typing 100 keys at 100 a second
// costs a watcher one status (and at most one more, should the typing
// outlast the 2 s refresh on a slow machine), not one per key.
func TestTypingNamesTheWriter(t *testing.T) {
	e := startAuthed(t, withBob(t))
	alice := e.dialAs(bearer(controlToken), "replay=0") // user "ctl"
	bob := e.dialAs(bearer(bobToken), "replay=0")
	watcher := e.dialAs(bearer(viewToken), "replay=0")
	for _, c := range []*client{alice, bob, watcher} {
		if p := c.statusWhere(func(p protocol.Port) bool { return watchersOf(p) == "bob×1, ctl×1, watcher×1" }); p.Typing != nil {
			t.Fatalf("typing %+v before anyone wrote", p.Typing)
		}
	}

	before := time.Now().Truncate(time.Millisecond)
	alice.writes("x")
	for who, c := range map[string]*client{"bob": bob, "the watcher": watcher} {
		p := c.statusWhere(func(p protocol.Port) bool { return p.Typing != nil })
		if after := time.Now(); p.Typing.Name != "ctl" || p.Typing.At.Before(before) || p.Typing.At.After(after) {
			t.Fatalf("%s sees typing %+v, want ctl between %s and %s", who, p.Typing, before, after)
		}
	}
	bob.writes("y")
	for _, c := range []*client{alice, watcher} {
		c.statusWhere(func(p protocol.Port) bool { return p.Typing != nil && p.Typing.Name == "bob" })
	}

	// Alice types 100 keys, 10 ms apart (a typist's pace, not a wait for
	// anything), then changes the baud: the port carries that out after
	// her keys and tells everyone, which ends what the watcher counts.
	tick := time.NewTicker(10 * time.Millisecond)
	for range 100 {
		<-tick.C
		alice.writes("k")
	}
	tick.Stop()
	alice.Control(e.ctx, `{"type":"settings","id":"fence","settings":{"baud":19200}}`)
	var told []protocol.Port
	for {
		ev := watcher.next().Event
		if ev.Type != protocol.TypeStatus {
			continue
		}
		if ev.Port.Typing != nil && ev.Port.Typing.Name == "ctl" {
			told = append(told, *ev.Port)
		}
		if ev.Port.Settings.Baud == 19200 {
			break
		}
	}
	// The statuses naming alice: her typing (once, or twice past the
	// refresh) and the settings change that ends the count.
	if len(told) == 0 || len(told) > 3 {
		t.Fatalf("100 keys by one user: the watcher got %d statuses naming her, want 1 to 3", len(told))
	}
}
