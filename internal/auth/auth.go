// Package auth decides who a request comes from and what they may do with
// each port.
//
// A request is authenticated, in this order, by a session cookie (set by
// Login, for browsers), an "Authorization: Bearer TOKEN" header, HTTP basic
// auth with a user's password, or a trusted reverse proxy's user header.
// Tokens are stored as SHA-256 hashes (they are long and random, so a fast
// hash is enough); passwords as bcrypt hashes. Failed attempts are limited
// per client address.
//
// Each user has a role per port: view (read only) or control (may write,
// change settings and lines). With no users configured, the Authenticator
// is off: everyone controls every port, which the serve command allows only
// on loopback addresses (or with --insecure-no-auth).
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a user may do with a port.
type Role string

// The roles, from least to most.
const (
	RoleNone    Role = "none"    // may not see the port
	RoleView    Role = "view"    // may watch: read output, status, capture
	RoleControl Role = "control" // may also write, change settings and lines, take the write lock or a lease
	RoleAdmin   Role = "admin"   // may also break another's lease or lock, and add webhook triggers
)

// Allows reports whether r includes want.
func (r Role) Allows(want Role) bool {
	rank := map[Role]int{RoleView: 1, RoleControl: 2, RoleAdmin: 3} // anything else: none
	return rank[r] >= rank[want]
}

// ParseRole parses "view", "control", "admin" or "none".
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case RoleView, RoleControl, RoleAdmin, RoleNone:
		return Role(s), nil
	}
	return "", fmt.Errorf("invalid role %q: want view, control, admin or none", s)
}

// Errors callers test for.
var (
	ErrUnauthenticated = errors.New("authentication required")
	ErrBadCredentials  = errors.New("wrong user, password or token")
	ErrRateLimited     = errors.New("too many failed attempts")
)

// HashToken returns the form a token is stored in: "sha256:" and the hex
// SHA-256 of the token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// NewToken returns a random token: 32 bytes, URL-safe base64.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return "shub_" + base64.RawURLEncoding.EncodeToString(b)
}

// passwordCost is the bcrypt cost of the hashes HashPassword makes.
const passwordCost = 12

// HashPassword returns a bcrypt hash of password for the configuration.
func HashPassword(password string) (string, error) {
	if len(password) < 8 {
		return "", errors.New("password too short: use at least 8 characters")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), passwordCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// User is a person or program that may use the server.
type User struct {
	Name         string
	PasswordHash string          // bcrypt ("$2a$…", "$2b$…", "$2y$…"), or "" for no password
	TokenHashes  []string        // "sha256:HEX", from HashToken
	Roles        map[string]Role // by port name; "*" for every port not named
}

// Role returns the user's role for port.
func (u *User) Role(port string) Role { return u.RoleFor(port, nil) }

// TagPrefix begins a role's key that names a fleet gateway's tag:
// "tag:room=lab2" gives a role on every port of the gateways tagged
// room=lab2.
const TagPrefix = "tag:"

// RoleFor returns the user's role for port, whose gateway has tags (nil
// for a local port). The first of these that the user's roles name
// decides: the port's own name; for a fleet port GATEWAY/PORT, the
// gateway ("GATEWAY/*"); its tags ("tag:KEY=VALUE"; of several, the
// widest role); "*".
func (u *User) RoleFor(port string, tags map[string]string) Role {
	if r, ok := u.Roles[port]; ok {
		return r
	}
	if gw, _, ok := strings.Cut(port, "/"); ok {
		if r, ok := u.Roles[gw+"/*"]; ok {
			return r
		}
	}
	best, found := RoleNone, false
	for k, v := range tags {
		if r, ok := u.Roles[TagPrefix+k+"="+v]; ok {
			if !found || (r.Allows(RoleView) && !best.Allows(r)) {
				best = r
			}
			found = true
		}
	}
	if found {
		return best
	}
	if r, ok := u.Roles["*"]; ok {
		return r
	}
	return RoleNone
}

// Validate checks a user's configuration.
func (u *User) Validate() error {
	if u.Name == "" {
		return errors.New("user has no name")
	}
	if u.PasswordHash != "" {
		if _, err := bcrypt.Cost([]byte(u.PasswordHash)); err != nil {
			return fmt.Errorf("user %s: password hash is not a bcrypt hash (serialhub hash-password makes one): %v", u.Name, err)
		}
	}
	for _, t := range u.TokenHashes {
		hexPart, ok := strings.CutPrefix(t, "sha256:")
		if b, err := hex.DecodeString(hexPart); !ok || err != nil || len(b) != sha256.Size {
			return fmt.Errorf("user %s: token hash %q: want sha256: and 64 hex digits (serialhub token makes one)", u.Name, t)
		}
	}
	if len(u.Roles) == 0 {
		return fmt.Errorf("user %s has no roles: give roles = { \"*\" = \"view\" } or \"control\", per port or for all", u.Name)
	}
	for port, r := range u.Roles {
		if _, err := ParseRole(string(r)); err != nil {
			return fmt.Errorf("user %s, port %s: %v", u.Name, port, err)
		}
	}
	return nil
}

// hasToken reports whether the token whose HashToken is h is one of the
// user's, comparing hashes in constant time.
func (u *User) hasToken(h string) bool {
	found := false
	for _, t := range u.TokenHashes {
		if subtle.ConstantTimeCompare([]byte(strings.ToLower(t)), []byte(h)) == 1 {
			found = true
		}
	}
	return found
}
