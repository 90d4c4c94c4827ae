package auth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "serialhub_session"

// Defaults for Config.
const (
	DefaultSessionTTL = 12 * time.Hour
	maxSessions       = 10000
	// MaxSessionsPerUser bounds each user's sessions: a user's next login
	// ends their oldest session, so no user's logins end another's.
	MaxSessionsPerUser = 20
	// Failed attempts: a burst of failLimitBurst, then one every
	// failLimitEvery, per client address.
	failLimitBurst = 5
	failLimitEvery = 2 * time.Second
	maxLimiters    = 10000
)

// Config configures an Authenticator.
type Config struct {
	Users []User // none: authentication is off

	// TrustedProxies are the addresses whose ProxyHeader names the user
	// (a reverse proxy that authenticated them). Requests from other
	// addresses with that header are not trusted.
	TrustedProxies []netip.Prefix
	ProxyHeader    string // e.g. "X-Forwarded-User"; "" for none

	SessionTTL time.Duration // how long a login lasts; default DefaultSessionTTL

	// PortTags, if set, returns the tags of a port's fleet gateway (nil
	// for a local port), for roles that name tags (User.RoleFor). It is
	// called for every check of a role: it must be quick.
	PortTags func(port string) map[string]string
}

// EndReason says why a session ended, in words for its user: the server
// closes the session's WebSockets with it as the reason.
type EndReason string

// Why sessions end.
const (
	EndLogout      EndReason = "logged out"                                     // Logout
	EndExpired     EndReason = "session expired"                                // its SessionTTL passed
	EndUserLimit   EndReason = "session ended: too many sessions for this user" // the user logged in with MaxSessionsPerUser sessions
	EndServerLimit EndReason = "session ended: too many sessions on the server" // a login found the server's bound reached, and this was the oldest
)

// Identity is who a request comes from.
type Identity struct {
	User string // "" when authentication is off
	Via  string // how they were authenticated: session, token, password, proxy, or none
	user *User  // nil when authentication is off
	// session is the id of the session the request came with (Via
	// "session", or a Login's), "" otherwise.
	session string
	// tags is Config.PortTags, or nil.
	tags func(port string) map[string]string
}

// Session returns the id of the session the identity came with, as Logout
// returns it when it ends that session, or "" if it came some other way.
func (id *Identity) Session() string { return id.session }

// Role returns the identity's role for port.
func (id *Identity) Role(port string) Role {
	if id.user == nil {
		return RoleControl
	}
	if id.tags == nil {
		return id.user.Role(port)
	}
	return id.user.RoleFor(port, id.tags(port))
}

// MaySeeSomePort reports whether the identity has a role other than none
// on some port (named, or "*": ports not named).
func (id *Identity) MaySeeSomePort() bool {
	if id.user == nil {
		return true
	}
	for _, r := range id.user.Roles {
		if r != RoleNone {
			return true
		}
	}
	return false
}

// Authenticator authenticates requests. It is safe for concurrent use.
//
// Each browser session ends at its expiry, by a timer of its own, or
// earlier: by Logout, or to make room for a login (MaxSessionsPerUser, and
// a bound on the sessions of all users). OnSessionEnd tells its owner of
// each end, whatever the cause, so that it can close what was opened with
// the session. Close stops the timers.
type Authenticator struct {
	cfg    Config           // static
	byName map[string]*User // static
	// compare is bcrypt.CompareHashAndPassword; static (tests count the
	// comparisons).
	compare func(hash, password []byte) error

	dummyOnce sync.Once
	dummy     []byte // set once by dummyOnce: a hash no password matches, at the users' cost

	mu       sync.Mutex
	sessions map[string]session    // guarded by mu: by session id
	byUser   map[*User][]string    // guarded by mu: each user's session ids, oldest first
	limiters map[string]*allowance // guarded by mu: failed attempts, by client address
	// hooks are OnSessionEnd's functions; guarded by mu, and replaced
	// rather than changed, so that a copy taken under mu can be called
	// after it.
	hooks []*endHook
	// ended are the sessions ended while mu is held, not yet told to the
	// hooks; guarded by mu: whoever ends one tells them as it lets mu go
	// (unlockAndTell).
	ended  []sessionEnd
	closed bool // guarded by mu: Close was called
}

type session struct {
	user    *User
	expires time.Time
	timer   *time.Timer // ends the session at expires (expire); stopped when it ends otherwise
}

// endHook is one OnSessionEnd registration (its pointer tells them apart).
type endHook struct {
	f func(sid string, why EndReason)
}

// sessionEnd is a session that ended, and why.
type sessionEnd struct {
	id  string
	why EndReason
}

// errClosed refuses a login after Close.
var errClosed = errors.New("the server is shutting down: no new sessions")

// New returns an Authenticator; it checks every user.
func New(cfg Config) (*Authenticator, error) {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	a := &Authenticator{cfg: cfg, byName: map[string]*User{}, sessions: map[string]session{}, byUser: map[*User][]string{}, limiters: map[string]*allowance{}, compare: bcrypt.CompareHashAndPassword}
	for i := range cfg.Users {
		u := &a.cfg.Users[i]
		if err := u.Validate(); err != nil {
			return nil, err
		}
		if u.PasswordHash == "" && len(u.TokenHashes) == 0 && cfg.ProxyHeader == "" {
			return nil, fmt.Errorf("user %s has neither a password hash nor a token hash (serialhub hash-password, serialhub token make them), and no proxy names users", u.Name)
		}
		if _, dup := a.byName[u.Name]; dup {
			return nil, fmt.Errorf("user %s is defined twice", u.Name)
		}
		a.byName[u.Name] = u
	}
	return a, nil
}

// Enabled reports whether requests must authenticate.
func (a *Authenticator) Enabled() bool { return len(a.byName) > 0 }

// Authenticate returns who r comes from. With authentication off it
// returns an identity that controls every port. It fails with
// ErrUnauthenticated when r carries no credentials, ErrBadCredentials when
// they are wrong, and ErrRateLimited when its address failed too often.
func (a *Authenticator) Authenticate(r *http.Request) (*Identity, error) {
	if !a.Enabled() {
		return &Identity{Via: "none"}, nil
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		if u := a.session(c.Value); u != nil {
			return &Identity{User: u.Name, Via: "session", user: u, session: c.Value, tags: a.cfg.PortTags}, nil
		}
		// An expired cookie is no credential; fall through to the others.
	}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, cred, _ := strings.Cut(h, " ")
		switch strings.ToLower(scheme) {
		case "bearer":
			return a.checkToken(r, strings.TrimSpace(cred))
		case "basic":
			user, pass, ok := r.BasicAuth()
			if !ok {
				return nil, fmt.Errorf("malformed basic credentials: %w", ErrBadCredentials)
			}
			return a.checkPassword(r, user, pass)
		default:
			// Nothing of the header is repeated: what looks like a
			// scheme may be a credential ("Bearer<TAB>TOKEN" has no
			// space), and errors reach the answer and the audit log.
			return nil, fmt.Errorf(`malformed Authorization header: want "Bearer TOKEN" or "Basic CREDENTIALS", the scheme then a space: %w`, ErrBadCredentials)
		}
	}
	if a.cfg.ProxyHeader != "" {
		if name := r.Header.Get(a.cfg.ProxyHeader); name != "" && a.fromTrustedProxy(r) {
			if u, ok := a.byName[name]; ok {
				return &Identity{User: u.Name, Via: "proxy", user: u, tags: a.cfg.PortTags}, nil
			}
			return nil, fmt.Errorf("proxy user %q is not configured: %w", name, ErrBadCredentials)
		}
	}
	return nil, ErrUnauthenticated
}

// checkToken finds the user whose token it is. The comparison is cheap, so
// the address's allowance is checked and a failure counted in one step
// (attempt): parallel guesses cannot all pass the check before any is
// counted.
func (a *Authenticator) checkToken(r *http.Request, token string) (*Identity, error) {
	var found *User
	h := HashToken(token) // once, not once a user
	for _, u := range a.byName {
		if u.hasToken(h) {
			found = u
		}
	}
	if err := a.attempt(r, found == nil); err != nil {
		return nil, err
	}
	if found == nil {
		return nil, ErrBadCredentials
	}
	return &Identity{User: found.Name, Via: "token", user: found, tags: a.cfg.PortTags}, nil
}

// checkPassword compares a user's password. A bcrypt comparison is slow
// (by design), so the attempt is counted as a failure before it starts and
// given back if the password is right: however many guesses arrive at once,
// no more than the address's allowance are compared.
func (a *Authenticator) checkPassword(r *http.Request, name, password string) (*Identity, error) {
	if err := a.attempt(r, true); err != nil {
		return nil, err
	}
	// An unknown user, or one without a password, is compared against a
	// hash of the same cost as the users': the answer takes as long, and
	// does not tell which names exist.
	u, ok := a.byName[name]
	var hash []byte
	if ok && u.PasswordHash != "" {
		hash = []byte(u.PasswordHash)
	} else {
		hash = a.dummyHash()
	}
	if err := a.compare(hash, []byte(password)); err != nil || !ok || u.PasswordHash == "" {
		return nil, ErrBadCredentials
	}
	a.giveBack(r)
	return &Identity{User: u.Name, Via: "password", user: u, tags: a.cfg.PortTags}, nil
}

// dummyHash returns a bcrypt hash of a random password, of the highest
// cost among the users' hashes (HashPassword's if none has one). It is made
// at the first use, so that a server whose users log in by token never pays
// for it.
func (a *Authenticator) dummyHash() []byte {
	a.dummyOnce.Do(func() {
		cost := 0
		for _, u := range a.byName {
			if c, err := bcrypt.Cost([]byte(u.PasswordHash)); err == nil {
				cost = max(cost, c)
			}
		}
		if cost == 0 {
			cost = passwordCost
		}
		a.dummy, _ = bcrypt.GenerateFromPassword([]byte(NewToken()), cost) // fails only for costs Validate refused
	})
	return a.dummy
}

// Login checks a token, or a user and password, and starts a session; it
// returns the identity and the session cookie to set.
func (a *Authenticator) Login(r *http.Request, token, user, password string) (*Identity, *http.Cookie, error) {
	var id *Identity
	var err error
	switch {
	case token != "":
		id, err = a.checkToken(r, token)
	case user != "":
		id, err = a.checkPassword(r, user, password)
	default:
		return nil, nil, fmt.Errorf("give a token, or a user and password: %w", ErrBadCredentials)
	}
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 32)
	rand.Read(b)
	sid := base64.RawURLEncoding.EncodeToString(b)
	expires := time.Now().Add(a.cfg.SessionTTL)
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil, nil, errClosed
	}
	a.pruneSessionsLocked(id.user)
	// The timer cannot end the session before it is in the map: expire
	// waits for mu.
	a.sessions[sid] = session{user: id.user, expires: expires, timer: time.AfterFunc(a.cfg.SessionTTL, func() { a.expire(sid) })}
	a.byUser[id.user] = append(a.byUser[id.user], sid)
	a.unlockAndTell()
	id.Via, id.session = "session", sid
	return id, &http.Cookie{
		Name:     SessionCookie,
		Value:    sid,
		Path:     "/",
		Expires:  expires,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	}, nil
}

// Logout ends r's session, if any, and returns the cookie that clears it
// and the id of the session it ended ("" for none), so that the caller can
// close what was opened with it (Identity.Session). The OnSessionEnd hooks
// are told of the end (EndLogout) before it returns.
func (a *Authenticator) Logout(r *http.Request) (clear *http.Cookie, ended string) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		a.mu.Lock()
		if a.dropSessionLocked(c.Value, EndLogout) {
			ended = c.Value
		}
		a.unlockAndTell()
	}
	return &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode}, ended
}

// SessionActive reports whether the session with id sid goes on: it has
// neither ended nor expired.
func (a *Authenticator) SessionActive(sid string) bool { return a.session(sid) != nil }

// session returns the user of the session id, or nil if it has ended. A
// session's timer ends it at its expiry, but may fire a little late: one
// found expired first is ended here.
func (a *Authenticator) session(id string) *User {
	a.mu.Lock()
	s, ok := a.sessions[id]
	if ok && time.Now().After(s.expires) {
		a.dropSessionLocked(id, EndExpired)
		ok = false
	}
	a.unlockAndTell()
	if !ok {
		return nil
	}
	return s.user
}

// expire ends the session id at its expiry; its timer calls it.
func (a *Authenticator) expire(id string) {
	a.mu.Lock()
	a.dropSessionLocked(id, EndExpired) // nothing if it ended otherwise meanwhile
	a.unlockAndTell()
}

// OnSessionEnd has f called with the id of every session that ends from
// now on, and why: a logout, its expiry (at the time, by the session's
// timer: nothing has to look the session up), or a login that made room
// for itself (MaxSessionsPerUser, or the server's bound on all sessions).
// f is called without the Authenticator's lock held (it may call the
// Authenticator), in the goroutine that ended the session: a Login's or a
// Logout's before they return, a request's that found its session expired,
// or a timer's. It must not block for long. Sessions Close drops are not
// told. The returned stop ends the calls (a call already begun may still
// run); it is idempotent.
func (a *Authenticator) OnSessionEnd(f func(sid string, why EndReason)) (stop func()) {
	h := &endHook{f: f}
	a.mu.Lock()
	a.hooks = append(slices.Clip(a.hooks), h)
	a.mu.Unlock()
	return func() {
		a.mu.Lock()
		a.hooks = slices.DeleteFunc(slices.Clone(a.hooks), func(x *endHook) bool { return x == h })
		a.mu.Unlock()
	}
}

// unlockAndTell lets a.mu go, then tells the hooks of the sessions ended
// while it was held.
func (a *Authenticator) unlockAndTell() {
	ended, hooks := a.ended, a.hooks
	a.ended = nil
	a.mu.Unlock()
	for _, e := range ended {
		for _, h := range hooks {
			h.f(e.id, e.why)
		}
	}
}

// Close stops every session's timer and forgets the sessions, without
// telling the hooks: the owner is closing what it opened with them itself.
// Logins fail from then on. Close is idempotent.
func (a *Authenticator) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	for _, s := range a.sessions {
		s.timer.Stop()
	}
	clear(a.sessions)
	clear(a.byUser)
	a.ended = nil
	return nil
}

// pruneSessionsLocked makes room for a session of u: it ends u's oldest
// if u has MaxSessionsPerUser, and if the server has maxSessions in all, it
// drops the expired ones (whose timers have not fired yet) and then the
// oldest.
func (a *Authenticator) pruneSessionsLocked(u *User) {
	if ids := a.byUser[u]; len(ids) >= MaxSessionsPerUser {
		a.dropSessionLocked(ids[0], EndUserLimit)
	}
	if len(a.sessions) < maxSessions {
		return
	}
	now := time.Now()
	var oldestID string
	var oldest time.Time
	for id, s := range a.sessions {
		if now.After(s.expires) {
			a.dropSessionLocked(id, EndExpired)
			continue
		}
		if oldestID == "" || s.expires.Before(oldest) {
			oldestID, oldest = id, s.expires
		}
	}
	if len(a.sessions) >= maxSessions {
		a.dropSessionLocked(oldestID, EndServerLimit)
	}
}

// dropSessionLocked ends the session id, if it goes on, for why: it stops
// its timer and notes the end for the hooks (unlockAndTell). It reports
// whether there was such a session.
func (a *Authenticator) dropSessionLocked(id string, why EndReason) bool {
	s, ok := a.sessions[id]
	if !ok {
		return false
	}
	s.timer.Stop() // false when the timer is what ends it (expire)
	delete(a.sessions, id)
	a.ended = append(a.ended, sessionEnd{id: id, why: why})
	ids := slices.DeleteFunc(a.byUser[s.user], func(x string) bool { return x == id })
	if len(ids) == 0 {
		delete(a.byUser, s.user)
	} else {
		a.byUser[s.user] = ids
	}
	return true
}

// clientAddr is the address failed attempts are counted against.
func clientAddr(r *http.Request) string {
	host := r.RemoteAddr
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		host = ap.Addr().String()
	}
	return host
}

func (a *Authenticator) fromTrustedProxy(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range a.cfg.TrustedProxies {
		if p.Contains(ap.Addr().Unmap()) {
			return true
		}
	}
	return false
}

// allowance is an address's failed attempts: a token bucket of
// failLimitBurst, refilled one every failLimitEvery, each failure taking
// one.
type allowance struct {
	tokens float64   // attempts left, as of at
	at     time.Time // when tokens was last brought up to date
}

// refill brings the allowance up to now.
func (b *allowance) refill(now time.Time) {
	b.tokens = min(failLimitBurst, b.tokens+float64(now.Sub(b.at))/float64(failLimitEvery))
	b.at = now
}

// attempt refuses an address that failed too often lately; otherwise, if
// failed, it counts a failure against the address. Both happen under one
// lock, so a failure is counted before the next attempt is checked.
func (a *Authenticator) attempt(r *http.Request, failed bool) error {
	addr := clientAddr(r)
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	b, ok := a.limiters[addr]
	if ok {
		b.refill(now)
		if b.tokens < 1 {
			return fmt.Errorf("%w from %s: wait a few seconds", ErrRateLimited, addr)
		}
	}
	if !failed {
		return nil
	}
	if !ok {
		if len(a.limiters) >= maxLimiters {
			// Forget those that have recovered, and if that is not
			// enough, any: the map stays bounded.
			for k, v := range a.limiters {
				if v.refill(now); v.tokens >= failLimitBurst || len(a.limiters) >= maxLimiters {
					delete(a.limiters, k)
				}
			}
		}
		b = &allowance{tokens: failLimitBurst, at: now}
		a.limiters[addr] = b
	}
	b.tokens--
	return nil
}

// giveBack returns an attempt counted in advance that succeeded.
func (a *Authenticator) giveBack(r *http.Request) {
	addr := clientAddr(r)
	a.mu.Lock()
	defer a.mu.Unlock()
	if b, ok := a.limiters[addr]; ok {
		b.refill(time.Now())
		b.tokens = min(failLimitBurst, b.tokens+1)
	}
}
