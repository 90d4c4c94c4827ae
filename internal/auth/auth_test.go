package auth_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/serialhub/serialhub/internal/auth"
)

const (
	aliceToken = "shub_alice-secret-token"
	bobPass    = "correct horse battery"
)

func newAuth(t *testing.T) *auth.Authenticator {
	t.Helper()
	// A low bcrypt cost keeps the test fast; HashPassword uses 12.
	bobHash, err := bcrypt.GenerateFromPassword([]byte(bobPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	a, err := auth.New(auth.Config{
		Users: []auth.User{
			{Name: "alice", TokenHashes: []string{auth.HashToken(aliceToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
			{Name: "bob", PasswordHash: string(bobHash), Roles: map[string]auth.Role{"*": auth.RoleView, "lab": auth.RoleControl, "secret": auth.RoleNone}},
		},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		ProxyHeader:    "X-Forwarded-User",
		SessionTTL:     time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func req(remote string, header ...string) *http.Request {
	r := httptest.NewRequest("GET", "/api/ports", nil)
	r.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

func basic(user, pass string) string {
	r := httptest.NewRequest("GET", "/", nil)
	r.SetBasicAuth(user, pass)
	return r.Header.Get("Authorization")
}

func TestAuthenticate(t *testing.T) {
	a := newAuth(t)
	tests := []struct {
		name    string
		r       *http.Request
		user    string
		wantErr error
	}{
		{"token", req("1.2.3.4:5", "Authorization", "Bearer "+aliceToken), "alice", nil},
		{"wrong token", req("1.2.3.5:5", "Authorization", "Bearer nope"), "", auth.ErrBadCredentials},
		{"password", req("1.2.3.6:5", "Authorization", basic("bob", bobPass)), "bob", nil},
		{"wrong password", req("1.2.3.7:5", "Authorization", basic("bob", "nope")), "", auth.ErrBadCredentials},
		{"unknown user", req("1.2.3.8:5", "Authorization", basic("eve", bobPass)), "", auth.ErrBadCredentials},
		{"other scheme", req("1.2.3.9:5", "Authorization", "Digest x"), "", auth.ErrBadCredentials},
		{"nothing", req("1.2.3.10:5"), "", auth.ErrUnauthenticated},
		{"trusted proxy", req("10.1.2.3:5", "X-Forwarded-User", "bob"), "bob", nil},
		{"untrusted proxy", req("192.168.1.1:5", "X-Forwarded-User", "bob"), "", auth.ErrUnauthenticated},
		{"proxy, unknown user", req("10.1.2.3:5", "X-Forwarded-User", "eve"), "", auth.ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := a.Authenticate(tt.r)
			if !errors.Is(err, tt.wantErr) || (err == nil && id.User != tt.user) {
				t.Fatalf("Authenticate = %+v, %v; want user %q, error %v", id, err, tt.user, tt.wantErr)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	a := newAuth(t)
	id, err := a.Authenticate(req("1.2.3.4:5", "Authorization", basic("bob", bobPass)))
	if err != nil {
		t.Fatal(err)
	}
	for port, want := range map[string]auth.Role{"lab": auth.RoleControl, "gps": auth.RoleView, "secret": auth.RoleNone} {
		if got := id.Role(port); got != want {
			t.Errorf("bob's role for %s = %q, want %q", port, got, want)
		}
	}
	if !auth.RoleControl.Allows(auth.RoleView) || auth.RoleView.Allows(auth.RoleControl) || auth.RoleNone.Allows(auth.RoleView) ||
		!auth.RoleAdmin.Allows(auth.RoleControl) || auth.RoleControl.Allows(auth.RoleAdmin) {
		t.Error("Allows does not order the roles")
	}
	for _, s := range []string{"none", "view", "control", "admin"} {
		if r, err := auth.ParseRole(s); err != nil || string(r) != s {
			t.Errorf("ParseRole(%q) = %q, %v", s, r, err)
		}
	}
	if _, err := auth.ParseRole("root"); err == nil {
		t.Error("ParseRole(root) did not fail")
	}
	off, _ := auth.New(auth.Config{})
	id, err = off.Authenticate(req("1.2.3.4:5"))
	if err != nil || off.Enabled() || id.Role("anything") != auth.RoleControl {
		t.Fatalf("with no users: %+v, %v", id, err)
	}
}

func TestLoginSessions(t *testing.T) {
	a := newAuth(t)
	r := req("1.2.3.4:5")
	id, cookie, err := a.Login(r, "", "bob", bobPass)
	if err != nil || id.User != "bob" {
		t.Fatal(err)
	}
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Name != auth.SessionCookie || cookie.Path != "/" {
		t.Fatalf("cookie %+v: want HttpOnly, SameSite=Strict", cookie)
	}
	withCookie := req("1.2.3.4:5")
	withCookie.AddCookie(cookie)
	if id, err := a.Authenticate(withCookie); err != nil || id.User != "bob" || id.Via != "session" {
		t.Fatalf("with the session cookie: %+v, %v", id, err)
	}
	if id, _ := a.Authenticate(withCookie); id == nil || id.Session() != cookie.Value || !a.SessionActive(id.Session()) {
		t.Fatalf("the identity of a session does not name it: %+v", id)
	}
	clear, ended := a.Logout(withCookie)
	if clear.MaxAge >= 0 {
		t.Fatalf("logout cookie %+v does not clear", clear)
	}
	if ended != cookie.Value || a.SessionActive(ended) {
		t.Fatalf("Logout ended session %q (active %v), want %q and no longer active", ended, a.SessionActive(ended), cookie.Value)
	}
	if _, again := a.Logout(withCookie); again != "" {
		t.Fatalf("a second logout ended %q", again)
	}
	if _, err := a.Authenticate(withCookie); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Fatalf("after logout: %v", err)
	}
	forged := req("1.2.3.4:5")
	forged.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: "made-up"})
	if _, err := a.Authenticate(forged); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Fatalf("made-up session: %v", err)
	}
	if _, _, err := a.Login(r, aliceToken, "", ""); err != nil {
		t.Fatalf("login with a token: %v", err)
	}
}

// Failed attempts from one address are limited; other addresses, and the
// right credentials once the limit passes, still work.
func TestFailedAttemptsAreLimited(t *testing.T) {
	a := newAuth(t)
	var limited bool
	for range 10 {
		_, err := a.Authenticate(req("6.6.6.6:1", "Authorization", "Bearer guess"))
		if errors.Is(err, auth.ErrRateLimited) {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("10 wrong tokens in a row from one address were never rate limited")
	}
	if _, err := a.Authenticate(req("6.6.6.6:1", "Authorization", "Bearer "+aliceToken)); !errors.Is(err, auth.ErrRateLimited) {
		t.Fatalf("a limited address tried again at once: %v, want ErrRateLimited", err)
	}
	if id, err := a.Authenticate(req("7.7.7.7:1", "Authorization", "Bearer "+aliceToken)); err != nil || id.User != "alice" {
		t.Fatalf("another address: %v", err)
	}
}

func TestUserValidation(t *testing.T) {
	good := auth.HashToken("x")
	tests := []struct {
		u    auth.User
		want string
	}{
		{auth.User{Roles: map[string]auth.Role{"*": "view"}, TokenHashes: []string{good}}, "no name"},
		{auth.User{Name: "a", PasswordHash: "plain", Roles: map[string]auth.Role{"*": "view"}}, "not a bcrypt hash"},
		{auth.User{Name: "a", TokenHashes: []string{"md5:abc"}, Roles: map[string]auth.Role{"*": "view"}}, "want sha256:"},
		{auth.User{Name: "a", TokenHashes: []string{good}}, "no roles"},
		{auth.User{Name: "a", TokenHashes: []string{good}, Roles: map[string]auth.Role{"*": "root"}}, `invalid role "root"`},
		{auth.User{Name: "a", TokenHashes: []string{good}, Roles: map[string]auth.Role{"lab": ""}}, `invalid role ""`},
	}
	for _, tt := range tests {
		if err := tt.u.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.u, err, tt.want)
		}
	}
	if _, err := auth.New(auth.Config{Users: []auth.User{{Name: "a", Roles: map[string]auth.Role{"*": "view"}}}}); err == nil || !strings.Contains(err.Error(), "neither a password hash nor a token hash") {
		t.Errorf("a user with no way to log in: %v", err)
	}
	if _, err := auth.New(auth.Config{ProxyHeader: "X-User", Users: []auth.User{{Name: "a", Roles: map[string]auth.Role{"*": "view"}}}}); err != nil {
		t.Errorf("a user the proxy names, with no password or token: %v", err)
	}
	if _, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "a", TokenHashes: []string{good}, Roles: map[string]auth.Role{"*": "view"}},
		{Name: "a", TokenHashes: []string{good}, Roles: map[string]auth.Role{"*": "view"}},
	}}); err == nil {
		t.Error("two users with one name accepted")
	}
	if h, err := auth.HashPassword("long enough"); err != nil || bcrypt.CompareHashAndPassword([]byte(h), []byte("long enough")) != nil {
		t.Errorf("HashPassword: %v", err)
	}
	if _, err := auth.HashPassword("short"); err == nil {
		t.Error("a 5-character password hashed")
	}
	if t1, t2 := auth.NewToken(), auth.NewToken(); t1 == t2 || len(t1) < 40 {
		t.Errorf("tokens %q, %q", t1, t2)
	}
}

// A password login runs one bcrypt comparison, at the users' cost, whether
// the user exists, has a password or not: the time it takes does not tell
// which names are users.
func TestUnknownUsersCostABcryptComparison(t *testing.T) {
	a := newAuth(t)
	var costs []int
	auth.SetCompare(a, func(hash, password []byte) error {
		c, err := bcrypt.Cost(hash)
		if err != nil {
			t.Errorf("compared against %q: not a bcrypt hash: %v", hash, err)
		}
		costs = append(costs, c)
		return bcrypt.CompareHashAndPassword(hash, password)
	})
	tests := []struct {
		name, user string
	}{
		{"known user, wrong password", "bob"},
		{"unknown user", "eve"},
		{"user without a password", "alice"},
		{"empty name", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			costs = nil
			// Each from its own address: the failed-login limit stays out of it.
			r := req(fmt.Sprintf("9.9.9.%d:1", i), "Authorization", basic(tt.user, "wrong password"))
			if _, err := a.Authenticate(r); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("Authenticate: %v, want ErrBadCredentials", err)
			}
			if len(costs) != 1 || costs[0] != bcrypt.MinCost {
				t.Fatalf("bcrypt comparisons at costs %v, want one at bob's cost %d", costs, bcrypt.MinCost)
			}
		})
	}
}

// A user keeps at most 20 sessions: the 21st login ends the oldest, and
// no one else's.
func TestSessionsPerUserAreBounded(t *testing.T) {
	a := newAuth(t)
	r := req("1.2.3.4:5")
	withSession := func(c *http.Cookie) *http.Request {
		r := req("1.2.3.4:5")
		r.AddCookie(c)
		return r
	}
	_, bob, err := a.Login(r, "", "bob", bobPass)
	if err != nil {
		t.Fatal(err)
	}
	var alice []*http.Cookie
	for range 21 {
		_, c, err := a.Login(r, aliceToken, "", "")
		if err != nil {
			t.Fatal(err)
		}
		alice = append(alice, c)
	}
	if _, err := a.Authenticate(withSession(alice[0])); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Errorf("alice's oldest session after 21 logins: %v, want ended", err)
	}
	for i, c := range alice[1:] {
		if _, err := a.Authenticate(withSession(c)); err != nil {
			t.Errorf("alice's session %d of the last 20: %v", i+2, err)
		}
	}
	if id, err := a.Authenticate(withSession(bob)); err != nil || id.User != "bob" {
		t.Errorf("bob's session after alice's 21 logins: %v", err)
	}
}

// ends collects what an Authenticator's OnSessionEnd hook is told, as
// "id reason".
type ends struct{ ch chan string }

func watchEnds(a *auth.Authenticator) (*ends, func()) {
	e := &ends{ch: make(chan string, 100)}
	stop := a.OnSessionEnd(func(sid string, why auth.EndReason) { e.ch <- sid + " " + string(why) })
	return e, stop
}

// told returns what the hook was told since the last call.
func (e *ends) told() []string {
	var got []string
	for {
		select {
		case s := <-e.ch:
			got = append(got, s)
		default:
			return got
		}
	}
}

// A session ends at its expiry, by itself: the hook is told then, with
// nothing looking the session up, and not a moment before.
func TestSessionsEndAtTheirExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t) // sessions last an hour
		defer a.Close()
		e, _ := watchEnds(a)
		_, c, err := a.Login(req("1.2.3.4:5"), "", "bob", bobPass)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Hour - time.Nanosecond)
		synctest.Wait()
		if got := e.told(); len(got) != 0 || !a.SessionActive(c.Value) {
			t.Fatalf("a nanosecond before its expiry, the session is active: %v, and ended %q", a.SessionActive(c.Value), got)
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if got, want := e.told(), []string{c.Value + " session expired"}; !slices.Equal(got, want) {
			t.Fatalf("at its expiry the hook was told %q, want %q", got, want)
		}
	})
}

// Close ends the sessions quietly, timers included: nothing is told after
// it, and no session starts.
func TestCloseEndsTheSessionsQuietly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := newAuth(t)
		e, _ := watchEnds(a)
		_, c, err := a.Login(req("1.2.3.4:5"), aliceToken, "", "")
		if err != nil {
			t.Fatal(err)
		}
		a.Close()
		a.Close() // idempotent
		if a.SessionActive(c.Value) {
			t.Error("a session goes on after Close")
		}
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		if got := e.told(); len(got) != 0 {
			t.Errorf("after Close the hook was told %q", got)
		}
		if _, _, err := a.Login(req("1.2.3.4:5"), aliceToken, "", ""); err == nil {
			t.Error("a login after Close started a session")
		}
	})
}

// Every end is told, with its reason: the 21st login of a user ends the
// oldest of theirs, a logout its own (before Logout returns), and nothing
// after the hook's stop. The hook may call the Authenticator: it is called
// without its lock, after the session ended.
func TestSessionEndsAreTold(t *testing.T) {
	a := newAuth(t)
	defer a.Close()
	e := &ends{ch: make(chan string, 100)}
	stop := a.OnSessionEnd(func(sid string, why auth.EndReason) {
		// Asked from another goroutine, with a deadline: a hook called
		// with the lock held fails the test rather than hanging it.
		active := make(chan bool, 1)
		go func() { active <- a.SessionActive(sid) }()
		select {
		case act := <-active:
			e.ch <- fmt.Sprintf("%s %s active=%v", sid, why, act)
		case <-time.After(10 * time.Second):
			e.ch <- fmt.Sprintf("%s %s: the hook was called with the authenticator's lock held", sid, why)
		}
	})
	r := req("1.2.3.4:5")
	var alice []*http.Cookie
	for range auth.MaxSessionsPerUser {
		_, c, err := a.Login(r, aliceToken, "", "")
		if err != nil {
			t.Fatal(err)
		}
		alice = append(alice, c)
	}
	if got := e.told(); len(got) != 0 {
		t.Fatalf("20 logins ended %q", got)
	}
	if _, _, err := a.Login(r, aliceToken, "", ""); err != nil {
		t.Fatal(err)
	}
	if got, want := e.told(), []string{alice[0].Value + " session ended: too many sessions for this user active=false"}; !slices.Equal(got, want) {
		t.Fatalf("the 21st login: told %q, want %q", got, want)
	}
	withCookie := req("1.2.3.4:5")
	withCookie.AddCookie(alice[5])
	if _, ended := a.Logout(withCookie); ended != alice[5].Value {
		t.Fatalf("Logout ended %q", ended)
	}
	if got, want := e.told(), []string{alice[5].Value + " logged out active=false"}; !slices.Equal(got, want) {
		t.Fatalf("a logout: told %q, want %q", got, want)
	}
	stop()
	stop() // idempotent
	withCookie = req("1.2.3.4:5")
	withCookie.AddCookie(alice[6])
	a.Logout(withCookie)
	if got := e.told(); len(got) != 0 {
		t.Fatalf("after stop: told %q", got)
	}
}

// A fleet port's role: its own name, then its gateway, then its
// gateway's tags (the widest of those named), then "*".
func TestRoleForFleetPorts(t *testing.T) {
	u := &auth.User{Name: "ann", Roles: map[string]auth.Role{
		"pi-07/dut":      auth.RoleControl,
		"pi-07/*":        auth.RoleView,
		"pi-08/*":        auth.RoleNone,
		"tag:room=lab2":  auth.RoleView,
		"tag:rack=3":     auth.RoleControl,
		"tag:room=vault": auth.RoleNone,
		"*":              auth.RoleNone,
	}}
	lab2 := map[string]string{"room": "lab2"}
	tests := []struct {
		port string
		tags map[string]string
		want auth.Role
	}{
		{"pi-07/dut", nil, auth.RoleControl},
		{"pi-07/gps", lab2, auth.RoleView},                                              // the gateway before its tags
		{"pi-08/dut", lab2, auth.RoleNone},                                              // a gateway named none stays none
		{"pi-09/dut", lab2, auth.RoleView},                                              // by tag
		{"pi-09/dut", map[string]string{"room": "lab2", "rack": "3"}, auth.RoleControl}, // the widest tag
		{"pi-09/dut", map[string]string{"room": "vault"}, auth.RoleNone},
		{"pi-09/dut", map[string]string{"room": "other"}, auth.RoleNone}, // "*"
		{"local", nil, auth.RoleNone},
		{"pi-07", nil, auth.RoleNone}, // a local port named like a gateway is not its ports
	}
	for _, tt := range tests {
		if got := u.RoleFor(tt.port, tt.tags); got != tt.want {
			t.Errorf("RoleFor(%q, %v) = %s, want %s", tt.port, tt.tags, got, tt.want)
		}
	}
}
