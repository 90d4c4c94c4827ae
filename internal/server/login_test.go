//go:build linux

package server_test

import (
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/crypto/bcrypt"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/server"
)

// withSlowPasswordUser gives the server one user, "dave", whose password
// hash has bcrypt's default cost (10): each comparison takes tens of
// milliseconds, long enough for parallel guesses to overlap.
func withSlowPasswordUser(t *testing.T) envOption {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte("dave's long password"), bcrypt.DefaultCost)
	if err != nil {
		t.Fatal(err)
	}
	a, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(controlToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "dave", PasswordHash: string(hash), Roles: map[string]auth.Role{"*": auth.RoleView}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return withServerConfig(func(c *server.Config) { c.Auth = a })
}

// Parallel wrong passwords from one address are limited as sequential ones
// are: each attempt is counted before its password is compared, so only
// the allowance (5) is compared at all and the rest get 429 at once.
func TestParallelPasswordGuessesAreLimited(t *testing.T) {
	e := startAuthed(t, withSlowPasswordUser(t))
	const guesses = 60
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	began := time.Now()
	statuses := make(chan int, guesses)
	var wg sync.WaitGroup
	for i := range guesses {
		wg.Go(func() {
			body := `{"user":"dave","password":"guess ` + string(rune('a'+i%26)) + `"}`
			req, err := http.NewRequestWithContext(ctx, "POST", e.srv.URL+"/api/login", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	elapsed := time.Since(began)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	// 5 at once, then one more every 2 s the test took.
	allowed := 5 + int(elapsed/(2*time.Second))
	t.Logf("%d parallel wrong passwords in %v: %d answered 401, %d 429", guesses, elapsed.Round(time.Millisecond), count[http.StatusUnauthorized], count[http.StatusTooManyRequests])
	if count[http.StatusTooManyRequests] == 0 || count[http.StatusUnauthorized] > allowed || count[http.StatusUnauthorized]+count[http.StatusTooManyRequests] != guesses {
		t.Fatalf("%d parallel wrong passwords in %v: %d answered 401, %d 429 (statuses %v); want at most %d compared (401), the rest 429",
			guesses, elapsed.Round(time.Millisecond), count[http.StatusUnauthorized], count[http.StatusTooManyRequests], count, allowed)
	}
}

// A malformed Authorization header is refused without repeating it: not
// in the 401's body, not in the audit log, even when it holds a valid
// token (as "Bearer<TAB>TOKEN" does).
func TestCredentialsAreNeverEchoed(t *testing.T) {
	var audit logBuffer
	e := startAuthed(t, withServerConfig(func(c *server.Config) { c.Audit = slog.New(slog.NewJSONHandler(&audit, nil)) }))
	for _, h := range []string{
		"Bearer\t" + controlToken,
		"Bearer\t\t" + controlToken,
		"\tBearer\t" + controlToken,
		controlToken,
		"Bearer:" + controlToken,
		"Token " + controlToken,
		"Basic\t" + controlToken,
	} {
		status, body, _ := do(t, "GET", e.srv.URL+"/api/ports", http.Header{"Authorization": {h}}, "")
		if status != http.StatusUnauthorized || strings.Contains(body, controlToken) || strings.Contains(body, "control-token") {
			t.Errorf("Authorization %q: %d %s; want 401 without the token", h, status, body)
		}
	}
	if log := audit.String(); !strings.Contains(log, "auth failed") || strings.Contains(log, controlToken) || strings.Contains(log, "control-token") {
		t.Errorf("the audit log does not record the failures, or holds the token:\n%s", log)
	}
}

// Logging out closes the WebSockets opened with that session (close code
// 1008, reason "logged out"), and only those: the same user's token
// connection goes on.
func TestLogoutClosesTheSessionsWebSockets(t *testing.T) {
	e := startAuthed(t)
	status, body, h := do(t, "POST", e.srv.URL+"/api/login", nil, `{"token":"`+controlToken+`"}`)
	if status != http.StatusOK {
		t.Fatalf("login: %d %s", status, body)
	}
	session := http.Header{"Cookie": {strings.Split(h.Get("Set-Cookie"), ";")[0]}}
	inSession := e.dialAs(session, "replay=0")
	inSession.waitStatus(protocol.StateOpen)
	byToken := e.dialAs(bearer(controlToken), "replay=0")
	byToken.waitStatus(protocol.StateOpen)

	if status, _, _ := do(t, "POST", e.srv.URL+"/api/logout", session, ""); status != http.StatusNoContent {
		t.Fatalf("logout: %d", status)
	}
	// The close comes at once; a regression fails here, not at the
	// test's deadline.
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	var err error
	for err == nil { // what the port sent before the close, if anything
		_, err = inSession.Next(ctx)
	}
	if websocket.CloseStatus(err) != websocket.StatusPolicyViolation || !strings.Contains(err.Error(), "logged out") {
		t.Fatalf("the session's WebSocket after logout: %v; want close 1008 \"logged out\"", err)
	}
	if err := inSession.Send(e.ctx, []byte("after logout\n")); err == nil {
		t.Fatal("the session's WebSocket still takes bytes after logout")
	}
	// The token's connection is another: it still writes.
	byToken.Send(e.ctx, []byte("still here\n"))
	if got := e.deviceRead(11); string(got) != "still here\n" {
		t.Fatalf("device read %q", got)
	}
}

// One user's logins, however many, do not log anyone else out: each user
// keeps at most 20 sessions, the oldest ending first.
func TestOneUsersLoginsDoNotEvictOthers(t *testing.T) {
	e := startAuthed(t)
	login := func(body string) http.Header {
		t.Helper()
		status, b, h := do(t, "POST", e.srv.URL+"/api/login", nil, body)
		if status != http.StatusOK {
			t.Fatalf("login %s: %d %s", body, status, b)
		}
		return http.Header{"Cookie": {strings.Split(h.Get("Set-Cookie"), ";")[0]}}
	}
	carol := login(`{"user":"carol","password":"` + carolPass + `"}`)
	// More logins than the server keeps sessions in all (10,000), four at
	// a time.
	const logins = 10_001
	var first, last http.Header
	first = login(`{"token":"` + controlToken + `"}`)
	loginTokens(t, e, func(yield func(string) bool) {
		for range logins - 2 {
			if !yield(controlToken) {
				return
			}
		}
	})
	last = login(`{"token":"` + controlToken + `"}`)
	for _, s := range []struct {
		name    string
		session http.Header
		want    int
	}{
		{"carol's session", carol, http.StatusOK},
		{"ctl's latest session", last, http.StatusOK},
		{"ctl's first session", first, http.StatusUnauthorized},
	} {
		if status, body, _ := do(t, "GET", e.srv.URL+"/api/session", s.session, ""); status != s.want {
			t.Errorf("%s after %d logins as ctl: %d %s, want %d", s.name, logins, status, body, s.want)
		}
	}
}

// login logs in with body and returns the session's cookie header.
func (e *env) login(body string) http.Header {
	e.t.Helper()
	status, b, h := do(e.t, "POST", e.srv.URL+"/api/login", nil, body)
	if status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", body, status, b)
	}
	return http.Header{"Cookie": {strings.Split(h.Get("Set-Cookie"), ";")[0]}}
}

// closedWith reads c until its connection ends, within wait, and fails
// unless the server closed it with status 1008 and reason. The bytes it
// writes are then refused.
func (c *client) closedWith(wait time.Duration, reason string) {
	c.e.t.Helper()
	ctx, cancel := context.WithTimeout(c.e.ctx, wait)
	defer cancel()
	var err error
	for err == nil { // what the port sent before the close, if anything
		_, err = c.Next(ctx)
	}
	if websocket.CloseStatus(err) != websocket.StatusPolicyViolation || !strings.Contains(err.Error(), reason) {
		c.e.t.Fatalf("the WebSocket: %v; want close 1008 %q", err, reason)
	}
	if err := c.Send(c.e.ctx, []byte("after the close\n")); err == nil {
		c.e.t.Fatal("the WebSocket still takes bytes after its close")
	}
}

// writes checks that c's bytes reach the device.
func (c *client) writes(s string) {
	c.e.t.Helper()
	if err := c.Send(c.e.ctx, []byte(s)); err != nil {
		c.e.t.Fatalf("send: %v", err)
	}
	if got := c.e.deviceRead(len(s)); string(got) != s {
		c.e.t.Fatalf("device read %q, want %q", got, s)
	}
}

// The 21st login of a user ends their oldest session, and the WebSockets
// opened with it close (1008, with the reason) at once; the user's next
// session's go on.
func TestTheUsersLimitClosesTheOldestSessionsWebSockets(t *testing.T) {
	e := startAuthed(t)
	const login = `{"token":"` + controlToken + `"}`
	oldest := e.dialAs(e.login(login), "replay=0")
	oldest.waitStatus(protocol.StateOpen)
	next := e.dialAs(e.login(login), "replay=0")
	next.waitStatus(protocol.StateOpen)
	for range auth.MaxSessionsPerUser - 2 {
		e.login(login)
	}
	oldest.writes("20 sessions\n")
	e.login(login)
	oldest.closedWith(10*time.Second, "session ended: too many sessions for this user")
	next.writes("still here\n")
}

// A session's WebSockets close when it expires (1008, "session
// expired"), without a request that would notice; a token's connection
// goes on.
func TestExpiredSessionsWebSocketsClose(t *testing.T) {
	// Long enough to log in and connect on a busy machine; the test takes
	// that long.
	const ttl = 3 * time.Second
	e := startAuthed(t, withServerConfig(func(c *server.Config) { c.Auth = usersAuth(t, ttl) }))
	inSession := e.dialAs(e.login(`{"token":"`+controlToken+`"}`), "replay=0")
	inSession.waitStatus(protocol.StateOpen)
	byToken := e.dialAs(bearer(controlToken), "replay=0")
	byToken.waitStatus(protocol.StateOpen)
	inSession.closedWith(ttl+10*time.Second, "session expired")
	byToken.writes("still here\n")
}

// When the server holds its maximum of sessions (10,000, from 500 users
// with 20 each), a login of a user with fewer ends the oldest session of
// all, and its WebSockets close (1008, with the reason).
func TestTheServersLimitClosesTheOldestSessionsWebSockets(t *testing.T) {
	const users = 501 // enough to reach the bound without a user's limit
	var more []auth.User
	token := func(i int) string { return fmt.Sprintf("shub_user-%d", i) }
	for i := range users {
		more = append(more, auth.User{Name: fmt.Sprintf("user%d", i), TokenHashes: []string{auth.HashToken(token(i))}, Roles: map[string]auth.Role{"*": auth.RoleControl}})
	}
	e := startAuthed(t, withServerConfig(func(c *server.Config) { c.Auth = usersAuth(t, 0, more...) }))
	oldest := e.dialAs(e.login(`{"token":"`+token(0)+`"}`), "replay=0")
	oldest.waitStatus(protocol.StateOpen)
	// 9,999 more, four at a time: 20 for each of users 1 to 499, 19 for
	// user 500.
	loginTokens(t, e, func(yield func(string) bool) {
		for i := 1; i < users; i++ {
			n := auth.MaxSessionsPerUser
			if i == users-1 {
				n--
			}
			for range n {
				if !yield(token(i)) {
					return
				}
			}
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	oldest.writes("10,000 sessions\n")
	e.login(`{"token":"` + token(users-1) + `"}`)
	oldest.closedWith(10*time.Second, "session ended: too many sessions on the server")
}

// loginTokens logs in with each token of tokens, four logins at a time,
// and reports any login that is not 200 as an error of t (not Fatal: the
// logins run on goroutines of their own); after a failure the rest are
// skipped.
func loginTokens(t *testing.T, e *env, tokens iter.Seq[string]) {
	t.Helper()
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for tok := range jobs {
				if t.Failed() {
					continue
				}
				req, err := http.NewRequestWithContext(e.ctx, "POST", e.srv.URL+"/api/login", strings.NewReader(`{"token":"`+tok+`"}`))
				if err != nil {
					t.Error(err)
					continue
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("login: %d", resp.StatusCode)
				}
			}
		})
	}
	for tok := range tokens {
		jobs <- tok
	}
	close(jobs)
	wg.Wait()
}
