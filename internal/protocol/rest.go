package protocol

// Query parameters of GET /ws/{name}.
const (
	// QueryReplay: "0" skips the scrollback (only the live stream).
	QueryReplay = "replay"
	// QuerySince resumes a stream: replay from this stream offset.
	QuerySince = "since"
	// QueryStream names the stream QuerySince counts in (Port.Stream).
	QueryStream = "stream"
	// QueryTimestamps: "1" asks for a Stamps event before every binary
	// frame of device bytes.
	QueryTimestamps = "timestamps"
	// QueryLease: the connection acts under this lease (its id), as
	// after a reconnect within the lease's time.
	QueryLease = "lease"
)

// Query parameters of GET /api/ports/{name}/capture.
const (
	QueryFormat = "format" // text (default) or raw
	QueryDir    = "dir"    // in, out or both
)

// ErrorBody is the body of every REST error answer (4xx, 5xx).
type ErrorBody struct {
	Error string `json:"error"` // what went wrong, for people
	Code  string `json:"code"`  // one of the Code constants
}

// Health is the answer of GET /healthz.
type Health struct {
	Status  string `json:"status"` // "ok"
	Version string `json:"version"`
}

// Role is what an identity may do with a port.
type Role string

// The roles a session lists.
const (
	RoleView    Role = "view"    // read everything about the port
	RoleControl Role = "control" // also write, change settings and lines, lock, open and close
)

// Session is the answer of GET /api/session and POST /api/login.
type Session struct {
	Auth  bool            `json:"auth"`           // the server requires authentication
	User  string          `json:"user,omitempty"` // who is logged in
	Via   string          `json:"via"`            // how: session, token, password, proxy or none
	Roles map[string]Role `json:"roles"`          // per port, and "*" for ports not named
	// CanOpen: the server opens ports at runtime (--allow-open) and this
	// identity controls ports not named ("*"), so POST /api/ports is
	// worth offering. The request may still be refused for its name.
	CanOpen bool `json:"canOpen"`
	// Central: the server is a fleet's central (serialhub fleet): its
	// ports include the gateways' (docs/fleet.md).
	Central bool `json:"central,omitempty"`
}

// Login is the body of POST /api/login: a token, or a user and password.
type Login struct {
	Token    string `json:"token,omitempty"`
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
}

// Device is a serial port of the machine: an entry of GET /api/devices and
// of "serialhub list --json".
type Device struct {
	Path         string `json:"path"`                   // e.g. /dev/ttyUSB0, COM3
	ByID         string `json:"byId,omitempty"`         // a stable path, e.g. /dev/serial/by-id/… (Linux)
	ByPath       string `json:"byPath,omitempty"`       // the path by physical connection (Linux)
	USB          bool   `json:"usb"`                    // a USB device
	VID          string `json:"vid,omitempty"`          // USB vendor id, 4 upper-case hex digits
	PID          string `json:"pid,omitempty"`          // USB product id
	SerialNumber string `json:"serialNumber,omitempty"` // USB serial number
	Manufacturer string `json:"manufacturer,omitempty"`
	Product      string `json:"product,omitempty"`
	Port         string `json:"port,omitempty"` // the serialhub port serving it, if any (GET /api/devices only)
}

// OpenPort is the body of POST /api/ports (ParseOpen decodes it).
type OpenPort struct {
	Name        string         `json:"name"`        // default: the device's base name
	Device      string         `json:"device"`      // a path GET /api/devices lists, sim:// or loop://
	Description string         `json:"description"` // optional
	Settings    *SettingsPatch `json:"settings"`    // optional; over the server's defaults
}
