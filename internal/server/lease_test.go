//go:build linux

package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// takeLease posts a lease request and decodes the answer, failing unless
// its status is want.
func takeLease(t *testing.T, e *env, h http.Header, body string, want int) protocol.Lease {
	t.Helper()
	status, got, _ := do(t, "POST", e.srv.URL+"/api/ports/dev/lease", h, body)
	if status != want {
		t.Fatalf("POST lease %s: %d %s, want %d", body, status, got, want)
	}
	var l protocol.Lease
	if status == http.StatusOK {
		if err := json.Unmarshal([]byte(got), &l); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func withLease(h http.Header, id string) http.Header {
	out := http.Header{protocol.LeaseHeader: {id}}
	for k, v := range h {
		out[k] = v
	}
	return out
}

// A lease over REST: only requests carrying it write or change the port;
// others are told who holds it, until when and why; its holder renews it;
// another waits in the queue, which everyone sees, and gets the port when
// the holder lets go.
func TestLeaseOverREST(t *testing.T) {
	e := start(t)
	watcher := e.dial("replay=0")
	watcher.waitStatus(protocol.StateOpen)

	l := takeLease(t, e, nil, `{"ttl":"60s","note":"nightly flash test"}`, http.StatusOK)
	if !protocol.ValidLeaseID(l.Lease) || l.Port != "dev" || !strings.HasPrefix(l.Holder, "a program at 127.0.0.1:") || l.TTL != "1m0s" || time.Until(l.Expires) < 50*time.Second {
		t.Fatalf("lease %+v", l)
	}
	info := watcher.statusWhere(func(p protocol.Port) bool { return p.Lock != nil })
	if !info.Lock.Lease || info.Lock.Holder != l.Holder || info.Lock.Note != "nightly flash test" || info.Lock.Expires == nil || info.Lock.TimeLeftMs == nil || *info.Lock.TimeLeftMs <= 0 {
		t.Fatalf("everyone sees lock %+v", info.Lock)
	}

	// Others: refused, and told who, until when and why.
	status, body, _ := do(t, "PATCH", e.srv.URL+"/api/ports/dev/settings", nil, `{"baud":9600}`)
	if status != http.StatusConflict || !strings.Contains(body, `"locked"`) || !strings.Contains(body, "until") || !strings.Contains(body, "nightly flash test") {
		t.Fatalf("another's settings: %d %s", status, body)
	}
	watcher.Send(e.ctx, []byte("not mine"))
	if ev := watcher.waitEvent(protocol.TypeError); ev.Code != protocol.CodeLocked {
		t.Fatalf("another's write: %+v", ev)
	}
	status, body, _ = do(t, "POST", e.srv.URL+"/api/ports/dev/lease", nil, `{}`)
	if status != http.StatusConflict || !strings.Contains(body, "nightly flash test") {
		t.Fatalf("a second lease: %d %s", status, body)
	}

	// The holder: by the header over REST, by ?lease= over the WebSocket.
	if status, body, _ := do(t, "POST", e.srv.URL+"/api/ports/dev/expect", withLease(nil, l.Lease), `{"send":"mine\n","quiet":"1ms"}`); status != http.StatusOK {
		t.Fatalf("the holder's expect: %d %s", status, body)
	}
	if got := e.deviceRead(5); string(got) != "mine\n" {
		t.Fatalf("device read %q", got)
	}
	holder := e.dial("replay=0&lease=" + l.Lease)
	holder.waitStatus(protocol.StateOpen)
	holder.Send(e.ctx, []byte("ws\n"))
	if got := e.deviceRead(3); string(got) != "ws\n" {
		t.Fatalf("device read %q", got)
	}

	// Renewing moves the end.
	r := takeLease(t, e, nil, `{"ttl":"2h","lease":"`+l.Lease+`"}`, http.StatusOK)
	if r.Lease != l.Lease || time.Until(r.Expires) < time.Hour || r.Note != "nightly flash test" {
		t.Fatalf("renewed: %+v", r)
	}
	if status, body, _ := do(t, "GET", e.srv.URL+"/api/ports/dev/lease", nil, ""); status != http.StatusOK || !strings.Contains(body, `"timeLeftMs"`) {
		t.Fatalf("GET lease: %d %s", status, body)
	}

	// Another waits; everyone sees the queue; it gets the port when the
	// holder lets go.
	waited := make(chan protocol.Lease, 1)
	go func() {
		status, body, _ := do(t, "POST", e.srv.URL+"/api/ports/dev/lease", nil, `{"ttl":"30s","note":"next","wait":true}`)
		var w protocol.Lease
		if status == http.StatusOK {
			json.Unmarshal([]byte(body), &w)
		}
		waited <- w
	}()
	for {
		if f := watcher.next(); f.Event.Type == protocol.TypeStatus && f.Event.Port.Lock != nil && len(f.Event.Port.Lock.Queue) == 1 {
			if q := f.Event.Port.Lock.Queue[0]; q.Note != "next" {
				t.Fatalf("queue %+v", q)
			}
			break
		}
	}
	if status, body, _ := do(t, "DELETE", e.srv.URL+"/api/ports/dev/lease", withLease(nil, l.Lease), ""); status != http.StatusOK {
		t.Fatalf("release: %d %s", status, body)
	}
	next := <-waited
	if !protocol.ValidLeaseID(next.Lease) || next.Lease == l.Lease || next.Note != "next" {
		t.Fatalf("the waiter got %+v", next)
	}
	if ev := holder.waitEvent(protocol.TypeLease); ev.LeaseEvent != protocol.LeaseRenewed || ev.TTL != "2h0m0s" {
		t.Fatalf("the lease's connection heard %+v, want renewed", ev)
	}
	if ev := holder.waitEvent(protocol.TypeLease); ev.LeaseEvent != protocol.LeaseReleased {
		t.Fatalf("the lease's connection heard %+v, want released", ev)
	}
	holder.Send(e.ctx, []byte("stale"))
	if ev := holder.waitEvent(protocol.TypeError); ev.Code != protocol.CodeLocked {
		t.Fatalf("the old holder's write: %+v", ev)
	}
	// A request still carrying the old lease learns it has none.
	status, body, _ = do(t, "PUT", e.srv.URL+"/api/ports/dev/lines", withLease(nil, l.Lease), `{"dtr":false}`)
	if status != http.StatusConflict || !strings.Contains(body, protocol.CodeNoLease) {
		t.Fatalf("a request with a released lease: %d %s", status, body)
	}
	if status, body, _ := do(t, "DELETE", e.srv.URL+"/api/ports/dev/lease", withLease(nil, l.Lease), ""); status != http.StatusNotFound || !strings.Contains(body, protocol.CodeNoLease) {
		t.Fatalf("releasing twice: %d %s", status, body)
	}
}

// Bad lease requests get a clear error and change nothing.
func TestLeaseBadRequests(t *testing.T) {
	e := start(t)
	for _, tt := range []struct{ body, want string }{
		{`{"ttl":"1ms"}`, "ttl"},
		{`{"ttl":"60s","extra":1}`, "extra"},
		{`{"lease":"nope"}`, "not a lease's id"},
		{`{"lease":"0123456789abcdef0123456789abcdef"}`, protocol.CodeNoLease},
	} {
		status, body, _ := do(t, "POST", e.srv.URL+"/api/ports/dev/lease", nil, tt.body)
		if status/100 != 4 || !strings.Contains(body, tt.want) {
			t.Errorf("POST lease %s: %d %s, want a 4xx naming %q", tt.body, status, body, tt.want)
		}
	}
	if status, body, _ := do(t, "GET", e.srv.URL+"/api/ports/dev/lease", nil, ""); status != http.StatusNotFound || !strings.Contains(body, protocol.CodeNoLease) {
		t.Fatalf("GET lease of a free port: %d %s", status, body)
	}
	if status, _, _ := do(t, "GET", e.srv.URL+"/ws/dev?lease=xyz", nil, ""); status != http.StatusBadRequest {
		t.Fatalf("a WebSocket with a malformed lease: %d", status)
	}
	takeLease(t, e, nil, `{"ttl":"1m"}`, http.StatusOK) // nothing above took it
}

// A lease over the WebSocket: the connection acts under it and hears its
// events; reconnecting with its id holds the port again; a waiter hears
// its place and its grant; an unrenewed lease expires and its holder is
// told.
func TestLeaseOverWebSocket(t *testing.T) {
	e := start(t)
	a := e.dial("replay=0")
	a.waitStatus(protocol.StateOpen)
	a.Control(e.ctx, `{"type":"lease","id":1,"ttl":"1m","note":"bring-up"}`)
	granted, reply := a.leaseAndReply("1")
	if granted.LeaseEvent != protocol.LeaseGranted || !protocol.ValidLeaseID(granted.Lease) || granted.Note != "bring-up" || granted.Expires == nil {
		t.Fatalf("granted: %+v", granted)
	}
	if reply.Type != protocol.TypeOK {
		t.Fatalf("lease reply: %+v", reply)
	}
	a.Send(e.ctx, []byte("a1"))
	if got := e.deviceRead(2); string(got) != "a1" {
		t.Fatalf("device read %q", got)
	}
	a.close()

	// Back within the lease's time.
	a = e.dial("replay=0&lease=" + granted.Lease)
	a.waitStatus(protocol.StateOpen)
	a.Send(e.ctx, []byte("a2"))
	if got := e.deviceRead(2); string(got) != "a2" {
		t.Fatalf("device read %q", got)
	}

	b := e.dial("replay=0")
	b.waitStatus(protocol.StateOpen)
	b.Control(e.ctx, `{"type":"lease","id":"w","ttl":"1s","wait":true}`)
	if ev := b.waitEvent(protocol.TypeLease); ev.LeaseEvent != protocol.LeaseQueued || ev.Position != 1 {
		t.Fatalf("the waiter heard %+v, want queued at 1", ev)
	}
	a.Control(e.ctx, `{"type":"release","id":2}`)
	if ev := a.waitReply("2"); ev.Type != protocol.TypeOK {
		t.Fatalf("release: %+v", ev)
	}
	if ev, reply := b.leaseAndReply(`"w"`); ev.LeaseEvent != protocol.LeaseGranted || reply.Type != protocol.TypeOK {
		t.Fatalf("the waiter heard %+v and %+v, want granted and ok", ev, reply)
	}
	b.Send(e.ctx, []byte("b1"))
	if got := e.deviceRead(2); string(got) != "b1" {
		t.Fatalf("device read %q", got)
	}
	// b's second lives a second: it expires, and b is told.
	if ev := b.waitEvent(protocol.TypeLease); ev.LeaseEvent != protocol.LeaseExpired {
		t.Fatalf("b heard %+v, want expired", ev)
	}
	a.Control(e.ctx, `{"type":"release","id":3}`)
	if ev := a.waitReply("3"); ev.Code != protocol.CodeNoLease {
		t.Fatalf("releasing with no lease: %+v", ev)
	}
}

// Breaking a lease takes the admin role; it ends the holder's write
// access at once (the next in the queue holds the port) and tells the
// holder who broke it.
func TestBreakLeaseNeedsAdmin(t *testing.T) {
	const adminToken = "shub_admin-token"
	a := usersAuth(t, 0, auth.User{Name: "root", TokenHashes: []string{auth.HashToken(adminToken)}, Roles: map[string]auth.Role{"*": auth.RoleAdmin}})
	p := startAuthed(t, withServerConfig(func(c *server.Config) { c.Auth = a }))
	holder := p.dialAs(bearer(controlToken), "replay=0")
	holder.waitStatus(protocol.StateOpen)
	holder.Control(p.ctx, `{"type":"lease","id":1,"ttl":"1h","note":"mine"}`)
	if _, reply := holder.leaseAndReply("1"); reply.Type != protocol.TypeOK {
		t.Fatalf("lease: %+v", reply)
	}
	if status, body, _ := do(t, "POST", p.srv.URL+"/api/ports/dev/lease", bearer(viewToken), `{}`); status != http.StatusForbidden {
		t.Fatalf("a viewer's lease: %d %s", status, body)
	}
	if status, body, _ := do(t, "DELETE", p.srv.URL+"/api/ports/dev/lease", bearer(controlToken), ""); status != http.StatusForbidden || !strings.Contains(body, "admin") {
		t.Fatalf("a control user's break: %d %s", status, body)
	}
	waited := make(chan int, 1)
	go func() {
		status, _, _ := do(t, "POST", p.srv.URL+"/api/ports/dev/lease", bearer(adminToken), `{"wait":true,"note":"admin's turn"}`)
		waited <- status
	}()
	for {
		if f := holder.next(); f.Event.Type == protocol.TypeStatus && f.Event.Port.Lock != nil && len(f.Event.Port.Lock.Queue) == 1 {
			break
		}
	}
	if status, body, _ := do(t, "DELETE", p.srv.URL+"/api/ports/dev/lease", bearer(adminToken), ""); status != http.StatusOK {
		t.Fatalf("the admin's break: %d %s", status, body)
	}
	if ev := holder.waitEvent(protocol.TypeLease); ev.LeaseEvent != protocol.LeaseBroken || ev.By != "root" {
		t.Fatalf("the holder heard %+v, want broken by root", ev)
	}
	if status := <-waited; status != http.StatusOK {
		t.Fatalf("the waiting admin: %d", status)
	}
	holder.Send(p.ctx, []byte("after"))
	if ev := holder.waitEvent(protocol.TypeError); ev.Code != protocol.CodeLocked || !strings.Contains(ev.Message, "admin's turn") {
		t.Fatalf("the broken holder's write: %+v", ev)
	}
}

// leaseAndReply reads until both the next lease event and the reply to
// request id have come, in either order: the reply is the connection's
// answer, the event the port's news.
func (c *client) leaseAndReply(id string) (lease, reply serialtest.Event) {
	c.e.t.Helper()
	for lease.Type == "" || reply.Type == "" {
		f := c.next()
		switch {
		case f.Event.Type == protocol.TypeLease && lease.Type == "":
			lease = f.Event
		case f.Event.Type != "" && string(f.Event.ID) == id:
			reply = f.Event
		}
	}
	return lease, reply
}
