package protocol

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Port is the port object: what GET /api/ports/{name} answers and what a
// status event carries. docs/protocol.md ("Port object") explains each
// field.
type Port struct {
	Name         string   `json:"name"`                  // the port's name in URLs
	Stream       string   `json:"stream"`                // names the port's byte stream: a new one each time the port starts, so offsets compare only within one
	Description  string   `json:"description,omitempty"` // what the port is, for people
	Device       string   `json:"device"`                // what was opened: a path, loop://, sim://, tcp://…, rfc2217://…
	Settings     Settings `json:"settings"`              // the line settings in effect
	Lines        Lines    `json:"lines"`                 // DTR and RTS as last set
	Modem        *Modem   `json:"modem"`                 // the modem inputs as last read; nil while unknown
	ModemError   string   `json:"modemError,omitempty"`  // why Modem is nil while the device is open
	ModemEvents  bool     `json:"modemEvents"`           // the open device tells when its modem inputs change
	State        State    `json:"state"`                 // the device's state
	Error        string   `json:"error"`                 // why the port is in StateError or StateDisconnected; "" otherwise
	Clients      int      `json:"clients"`               // WebSocket clients of the port
	BytesIn      uint64   `json:"bytesIn"`               // bytes read from the device: the stream offset of the next byte
	BytesOut     uint64   `json:"bytesOut"`              // bytes written to the device
	DroppedBytes uint64   `json:"droppedBytes"`          // bytes not delivered to slow clients, summed over them (Dropped.Slow)
	Dropped      Drops    `json:"dropped"`               // bytes lost, by reason
	Reopens      uint64   `json:"reopens"`               // times the device was opened again after it went away or failed
	Capture      bool     `json:"capture"`               // the port's traffic is recorded (GET /api/ports/{name}/capture)
	Removable    bool     `json:"removable"`             // opened by a client (POST /api/ports); DELETE closes it
	Exclusive    bool     `json:"exclusive"`             // the port has a write lock
	Lock         *Lock    `json:"lock"`                  // who holds the write lock; nil if no one

	// Presence: who is connected, and who wrote last (docs/protocol.md,
	// "Presence"). Absent when empty.
	Watchers     []Watcher `json:"watchers,omitempty"`     // the clients connected, by name: the first MaxWatchers names in order
	WatchersMore int       `json:"watchersMore,omitempty"` // how many other names are connected, beyond Watchers
	Typing       *Typing   `json:"typing,omitempty"`       // the client that wrote to the device last, and when; nil until one has

	// A fleet gateway's port, at the central (docs/fleet.md). Absent for
	// a local port.
	Gateway  string            `json:"gateway,omitempty"`  // the gateway that has the device
	Online   *bool             `json:"online,omitempty"`   // the gateway is reachable
	LastSeen *time.Time        `json:"lastSeen,omitempty"` // when the gateway was last heard from
	Tags     map[string]string `json:"tags,omitempty"`     // the gateway's tags (--tag KEY=VALUE)

	// A port with a decoder (docs/decoders.md): its name, the records it
	// decoded, the input it could not decode, and the bytes it could not
	// keep up with. Absent without a decoder.
	Decoder        string  `json:"decoder,omitempty"`
	DecodedRecords *uint64 `json:"decodedRecords,omitempty"`
	DecodeErrors   *uint64 `json:"decodeErrors,omitempty"`
	DecodeDropped  *uint64 `json:"decodeDropped,omitempty"`

	// Job is the port's running job, or its last one (docs/jobs.md);
	// absent if it has had none. After a restart it is the job that was
	// running when serialhub stopped, failed and Interrupted.
	Job *Job `json:"job,omitempty"`
}

// State is the state of a port's device.
type State string

// The states of a port.
const (
	StateOpening      State = "opening"      // the device is being opened
	StateOpen         State = "open"         // the device is open and being read
	StateError        State = "error"        // the device could not be opened yet (Port.Error says why); serialhub keeps trying
	StateDisconnected State = "disconnected" // the device was open and went away (Port.Error says why); reopened when it is back
	StateClosed       State = "closed"       // the port was closed, or the server is shutting down
)

// Settings are a serial line's parameters.
type Settings struct {
	Baud        int         `json:"baud"`        // bits per second
	DataBits    int         `json:"dataBits"`    // 5 to 8
	Parity      Parity      `json:"parity"`      // none, odd, even, mark or space
	StopBits    StopBits    `json:"stopBits"`    // "1", "1.5" or "2"
	FlowControl FlowControl `json:"flowControl"` // none, rtscts or xonxoff
}

// String formats the settings the way serial users write them: "115200 8N1",
// with the flow control after it unless it is none: "115200 8N1 rtscts".
func (s Settings) String() string {
	p := "N"
	if s.Parity != "" {
		p = strings.ToUpper(string(s.Parity[:1]))
	}
	str := fmt.Sprintf("%d %d%s%s", s.Baud, s.DataBits, p, s.StopBits)
	if s.FlowControl != "" && s.FlowControl != FlowNone {
		str += " " + string(s.FlowControl)
	}
	return str
}

// Parity is the parity mode of a serial line.
type Parity string

// The parity modes.
const (
	ParityNone  Parity = "none"
	ParityOdd   Parity = "odd"
	ParityEven  Parity = "even"
	ParityMark  Parity = "mark"
	ParitySpace Parity = "space"
)

// StopBits is the number of stop bits: "1", "1.5" or "2". It is sent as
// a string; requests may give a number.
type StopBits string

// The stop bit settings.
const (
	StopBits1     StopBits = "1"
	StopBits1Half StopBits = "1.5"
	StopBits2     StopBits = "2"
)

// UnmarshalJSON accepts the strings "1", "1.5" and "2" and also the
// numbers 1, 1.5 and 2, as people write them. It does not judge the
// value: the server does.
func (b *StopBits) UnmarshalJSON(data []byte) error {
	var str string
	if err := json.Unmarshal(data, &str); err == nil {
		*b = StopBits(str)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("stop bits: want \"1\", \"1.5\" or \"2\", got %s", data)
	}
	*b = StopBits(n.String())
	return nil
}

// FlowControl is a serial line's flow control.
type FlowControl string

// The flow control modes.
const (
	FlowNone    FlowControl = "none"
	FlowRTSCTS  FlowControl = "rtscts"  // hardware: RTS/CTS
	FlowXONXOFF FlowControl = "xonxoff" // software: XON/XOFF
)

// Lines are a serial line's modem control outputs.
type Lines struct {
	DTR bool `json:"dtr"` // Data Terminal Ready
	RTS bool `json:"rts"` // Request To Send
}

// Modem are a serial line's modem status inputs; also the answer of
// GET /api/ports/{name}/modem.
type Modem struct {
	CTS bool `json:"cts"` // Clear To Send
	DSR bool `json:"dsr"` // Data Set Ready
	RI  bool `json:"ri"`  // Ring Indicator
	DCD bool `json:"dcd"` // Data Carrier Detect
}

// Lock says who holds a port's write lock: a connection's lock on an
// exclusive port, or a lease on any port (Lease is then true).
type Lock struct {
	Holder     string        `json:"holder"` // who, as the server names them: a user, or "a browser at ADDRESS" / "a program at ADDRESS:PORT" without users
	Since      time.Time     `json:"since"`
	Lease      bool          `json:"lease,omitempty"`      // a lease (POST /api/ports/{name}/lease) rather than a connection's lock
	Note       string        `json:"note,omitempty"`       // the lease's note
	Expires    *time.Time    `json:"expires,omitempty"`    // when the lease ends unless renewed
	TimeLeftMs *int64        `json:"timeLeftMs,omitempty"` // how long until then, as the server saw it when it sent this
	Queue      []LeaseWaiter `json:"queue,omitempty"`      // who waits for the lease, next first
}

// MaxWatchers is the most names a port object's Watchers lists: a port
// with thousands of clients sends each of them a bounded list, and says
// how many more there are (WatchersMore).
const MaxWatchers = 16

// Watcher is a name under which clients are connected to a port, and how
// many are: one user's two tabs are {"name":"alice","count":2}. Names are
// for people to read, as the write lock's holder: a user's name, or
// without users "a browser at ADDRESS", "a program at ADDRESS:PORT", "raw
// TCP client ADDRESS:PORT", "RFC 2217 client ADDRESS:PORT".
type Watcher struct {
	Name  string `json:"name"`
	Count int    `json:"count"` // connections under that name, 1 or more
}

// Typing says which client wrote to the device last, and when the write
// was carried out (serialhub's clock).
type Typing struct {
	Name string    `json:"name"` // as in Watcher
	At   time.Time `json:"at"`   // sent as RFC 3339 in UTC with milliseconds: "2026-11-29T05:41:07.250Z"
}

// TimeMillis is the layout of Typing.At on the wire.
const TimeMillis = "2006-01-02T15:04:05.000Z07:00"

// MarshalJSON sends At with exactly three digits of fraction, in UTC.
func (t Typing) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name string `json:"name"`
		At   string `json:"at"`
	}{t.Name, t.At.UTC().Format(TimeMillis)})
}

// Drops counts the bytes a port lost, by reason, since the port started.
type Drops struct {
	Slow    uint64 `json:"slow"`    // device bytes not delivered to a client whose queue was full
	Cutoff  uint64 `json:"cutoff"`  // device bytes queued for a WebSocket client cut off by the write timeout
	Paused  uint64 `json:"paused"`  // device bytes dropped for an RFC 2217 client that suspended the flow
	Capture uint64 `json:"capture"` // bytes the capture could not record
	Refused uint64 `json:"refused"` // bytes clients sent that were not written to the device
	// Upstream: device bytes lost before they reached this server (a
	// fleet gateway's port whose link to the central lost them).
	Upstream uint64 `json:"upstream"`
}
