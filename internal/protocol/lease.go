package protocol

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode"
)

// Leases reserve a port's write access for a while (docs/automation.md,
// "Leases"). POST /api/ports/{name}/lease takes, renews or waits for one
// with a LeaseRequest body and answers a Lease; DELETE releases or breaks
// it. Over the WebSocket the same request has the type "lease"; the
// connection then acts under the lease and receives LeaseEvents.
const (
	TypeLease      = "lease"       // request: take, renew or wait for a lease; event: LeaseEvent
	TypeRelease    = "release"     // request: let go of the connection's lease, or stop waiting
	TypeBreakLease = "break-lease" // request (admin): end whoever holds the port, lease or lock
)

// LeaseHeader carries a lease's id on a REST request (or the query
// parameter "lease" on a WebSocket's URL): the request is the holder's.
const LeaseHeader = "Serialhub-Lease"

// Limits of a lease request.
const (
	DefaultLeaseTTL = 60 * time.Second
	MinLeaseTTL     = time.Second
	MaxLeaseTTL     = 24 * time.Hour
	MaxLeaseNote    = 200 // bytes
)

// LeaseRequest is the body of POST /api/ports/{name}/lease, and over the
// WebSocket a request of type "lease" (with its id).
type LeaseRequest struct {
	Type  string          `json:"type,omitempty"`  // over the WebSocket: "lease"
	ID    json.RawMessage `json:"id,omitempty"`    // over the WebSocket: the request's id
	TTL   string          `json:"ttl,omitempty"`   // how long it lasts unless renewed; default "60s", at most "24h"
	Note  string          `json:"note,omitempty"`  // what for, shown to others
	Wait  bool            `json:"wait,omitempty"`  // queue behind the holder rather than fail with "locked"
	Lease string          `json:"lease,omitempty"` // renew this lease (its id); the LeaseHeader does the same over REST
}

// ParsedLease is a LeaseRequest checked.
type ParsedLease struct {
	TTL   time.Duration
	Note  string
	Wait  bool
	Lease string          // to renew; "" for a new lease
	ID    json.RawMessage // the WebSocket request's id
}

// Lease is the answer to POST /api/ports/{name}/lease: the lease its
// caller holds. Lease is its id, which the holder's requests carry.
type Lease struct {
	Lease   string    `json:"lease"`
	Port    string    `json:"port"`
	Holder  string    `json:"holder"`
	Note    string    `json:"note,omitempty"`
	Since   time.Time `json:"since"`
	Expires time.Time `json:"expires"`
	TTL     string    `json:"ttl"`
}

// Kinds of LeaseEvent.
const (
	LeaseQueued   = "queued"   // waiting; Position says where (1 is next)
	LeaseGranted  = "granted"  // held, until Expires unless renewed
	LeaseRenewed  = "renewed"  // held, until the new Expires
	LeaseReleased = "released" // let go by its holder
	LeaseExpired  = "expired"  // not renewed in time: write access ended
	LeaseBroken   = "broken"   // ended by an admin (By): write access ended
)

// LeaseEvent tells the clients acting under a lease, or waiting for one,
// what happened to it. Others learn from the port object's lock.
type LeaseEvent struct {
	Type     string     `json:"type"`            // TypeLease
	Event    string     `json:"event"`           // LeaseQueued, LeaseGranted, …
	Lease    string     `json:"lease,omitempty"` // its id: a connection that reconnects within its time passes it as ?lease=
	Holder   string     `json:"holder"`
	Note     string     `json:"note,omitempty"`
	Expires  *time.Time `json:"expires,omitempty"`  // granted, renewed
	TTL      string     `json:"ttl,omitempty"`      // granted, renewed
	By       string     `json:"by,omitempty"`       // broken
	Position int        `json:"position,omitempty"` // queued
}

// LeaseWaiter is a client in the queue for a port's lease (Lock.Queue).
type LeaseWaiter struct {
	Holder string    `json:"holder"`
	Note   string    `json:"note,omitempty"`
	Since  time.Time `json:"since"` // when it began to wait
}

// ParseLease decodes and checks a lease request's body: over REST when ws
// is false, over the WebSocket (type "lease", with an id) when true.
// Errors are *RequestError.
func ParseLease(b []byte, ws bool) (ParsedLease, error) {
	var req LeaseRequest
	bad := func(format string, args ...any) (ParsedLease, error) {
		var id json.RawMessage
		if ws && ValidID(req.ID) {
			id = req.ID
		}
		return ParsedLease{}, &RequestError{Code: CodeBadRequest, Message: fmt.Sprintf(format, args...), ID: id}
	}
	if len(b) > MaxControlSize {
		return ParsedLease{}, &RequestError{Code: CodeTooLarge, Message: fmt.Sprintf("lease request of %d bytes is over the limit of %d", len(b), MaxControlSize)}
	}
	if len(b) == 0 && !ws {
		b = []byte("{}") // POST with no body: a lease of the default time
	}
	if err := decodeBody(b, &req); err != nil {
		return ParsedLease{}, err
	}
	switch {
	case ws && req.Type != TypeLease:
		return bad("lease request of type %q", req.Type)
	case !ws && (req.Type != "" || req.ID != nil):
		return bad(`lease request: "type" and "id" are for the WebSocket; over REST the lease's id is "lease"`)
	case req.ID != nil && !ValidID(req.ID):
		return bad("id: want a number or a string of at most %d bytes", MaxIDSize)
	}
	p := ParsedLease{TTL: DefaultLeaseTTL, Note: req.Note, Wait: req.Wait, Lease: req.Lease, ID: req.ID}
	if req.TTL != "" {
		d, err := time.ParseDuration(req.TTL)
		if err != nil || d < MinLeaseTTL || d > MaxLeaseTTL {
			return bad("ttl %q: want a duration from %v to %v, such as \"60s\" or \"10m\"", req.TTL, MinLeaseTTL, MaxLeaseTTL)
		}
		p.TTL = d
	}
	if len(req.Note) > MaxLeaseNote {
		return bad("note: %d bytes, at most %d", len(req.Note), MaxLeaseNote)
	}
	for _, r := range req.Note {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return bad("note: no control characters or invalid UTF-8")
		}
	}
	if req.Lease != "" && !ValidLeaseID(req.Lease) {
		return bad("lease %q: not a lease's id (32 hexadecimal digits)", req.Lease)
	}
	return p, nil
}

// ValidLeaseID reports whether s has the form of a lease's id: 32
// lower-case hexadecimal digits.
func ValidLeaseID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
