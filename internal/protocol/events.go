package protocol

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Types of the events the server sends. Each event is a JSON object in a
// text frame with one of these as its "type".
const (
	TypeStatus      = "status"       // Status
	TypeReplay      = "replay"       // Replay
	TypeDropped     = "dropped"      // Dropped
	TypeError       = "error"        // Error
	TypeLockRequest = "lock-request" // LockRequest
	TypePong        = "pong"         // Reply to a ping
	TypeOK          = "ok"           // Reply to a request carried out
	TypeStamps      = "stamps"       // Stamps
	// TypeNotice (trigger.go): Notice.
)

// Reasons of a Dropped event.
const (
	ReasonSlow = "slow" // the client fell behind: its queue was full
	ReasonAway = "away" // on resuming: bytes older than the scrollback
	// ReasonUpstream: lost before they reached this server, between a
	// fleet gateway and the central (docs/fleet.md).
	ReasonUpstream = "upstream"
)

// Status carries the port object: on connect, on every change, and in
// answer to a status or modem request (then with its ID).
type Status struct {
	Type string          `json:"type"` // TypeStatus
	Port Port            `json:"port"`
	ID   json.RawMessage `json:"id,omitempty"` // the request's, when it answers one
}

// Replay announces the scrollback: Bytes bytes follow in binary frames,
// the first at stream offset Offset.
type Replay struct {
	Type   string `json:"type"` // TypeReplay
	Bytes  int    `json:"bytes"`
	Offset uint64 `json:"offset"` // stream offset of the first byte replayed
}

// Dropped tells a client it missed bytes at this point of the stream.
type Dropped struct {
	Type   string `json:"type"`   // TypeDropped
	Bytes  uint64 `json:"bytes"`  // missed at this point of the stream
	Total  uint64 `json:"total"`  // missed since the connection opened
	Reason string `json:"reason"` // ReasonSlow, ReasonAway or ReasonUpstream
}

// Error tells a client that a control message or a write failed. It
// never closes the connection.
type Error struct {
	Type    string          `json:"type"` // TypeError
	Code    string          `json:"code"` // one of the Code constants
	Message string          `json:"message"`
	ID      json.RawMessage `json:"id,omitempty"`    // the request's, if it had one
	Bytes   int             `json:"bytes,omitempty"` // for write errors: bytes not written
}

// LockRequest asks the holder of the write lock to let go.
type LockRequest struct {
	Type string `json:"type"` // TypeLockRequest
	From string `json:"from"` // who asks
}

// Reply answers a ping (TypePong) or a request carried out (TypeOK).
type Reply struct {
	Type string          `json:"type"` // TypePong or TypeOK
	ID   json.RawMessage `json:"id,omitempty"`
	// Port is the port as the request left it, in the ok of a settings,
	// lines or break request: the values in effect, which may differ
	// from those asked for (a device that rounds its baud). The status
	// event that tells every client may come before or after the ok.
	Port *Port `json:"port,omitempty"`
}

// Stamps precedes a binary frame of device bytes for a client that asked
// for timestamps (QueryTimestamps): when the bytes of that frame were read.
type Stamps struct {
	Type   string  `json:"type"`   // TypeStamps
	Offset uint64  `json:"offset"` // stream offset of the first byte of the next binary frame
	Stamps []Stamp `json:"stamps"` // the first has At 0; At increases
}

// Stamp says that the bytes of the next frame from index At up to the next
// Stamp's At were read from the device at Time. It is sent as the array
// [at, ms]: ms is Unix time in milliseconds with a fraction down to the
// microsecond.
type Stamp struct {
	At   int
	Time time.Time
}

// MarshalJSON writes [at, ms].
func (s Stamp) MarshalJSON() ([]byte, error) {
	ms := float64(s.Time.UnixMicro()) / 1000
	b := make([]byte, 0, 32)
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(s.At), 10)
	b = append(b, ',')
	b = strconv.AppendFloat(b, ms, 'f', -1, 64)
	return append(b, ']'), nil
}

// UnmarshalJSON reads [at, ms], rounding the time to the microsecond.
func (s *Stamp) UnmarshalJSON(data []byte) error {
	var pair []float64
	if err := json.Unmarshal(data, &pair); err != nil {
		return fmt.Errorf("stamp: want [index, milliseconds]: %w", err)
	}
	if len(pair) != 2 {
		return fmt.Errorf("stamp: want [index, milliseconds], got %d numbers", len(pair))
	}
	if pair[0] < 0 || pair[0] != math.Trunc(pair[0]) || pair[0] > math.MaxInt32 {
		return fmt.Errorf("stamp: index %v is not a whole number of bytes", pair[0])
	}
	*s = Stamp{At: int(pair[0]), Time: time.UnixMicro(int64(math.Round(pair[1] * 1000))).UTC()}
	return nil
}

// Event is any event of the server, decoded: Type is always set, the
// other fields as the type has them. Clients decode every text frame into
// one and ignore types they do not know.
type Event struct {
	Type    string  `json:"type"`
	Port    *Port   `json:"port,omitempty"`    // status
	Bytes   uint64  `json:"bytes,omitempty"`   // replay, dropped, error
	Total   uint64  `json:"total,omitempty"`   // dropped
	Offset  uint64  `json:"offset,omitempty"`  // replay, stamps
	Reason  string  `json:"reason,omitempty"`  // dropped
	Code    string  `json:"code,omitempty"`    // error
	Message string  `json:"message,omitempty"` // error
	From    string  `json:"from,omitempty"`    // lock-request
	Stamps  []Stamp `json:"stamps,omitempty"`  // stamps
	// lease (LeaseEvent)
	LeaseEvent string     `json:"event,omitempty"` // what happened: LeaseGranted, …
	Lease      string     `json:"lease,omitempty"`
	Holder     string     `json:"holder,omitempty"`
	Note       string     `json:"note,omitempty"`
	Expires    *time.Time `json:"expires,omitempty"`
	TTL        string     `json:"ttl,omitempty"`
	By         string     `json:"by,omitempty"`
	Position   int        `json:"position,omitempty"`
	// notice (Notice)
	Trigger string     `json:"trigger,omitempty"`
	Text    string     `json:"text,omitempty"`
	Time    *time.Time `json:"time,omitempty"`
	// job (JobEvent)
	Job *Job            `json:"job,omitempty"`
	ID  json.RawMessage `json:"id,omitempty"` // status, error, pong, ok: the request's
}
