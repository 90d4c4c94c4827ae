// Package config reads serialhub's configuration file: TOML, with the
// serve command's flags as top-level keys and a [[port]] table per port.
// docs/config.md is its reference, with a complete example.
//
// Every error names the file and line and says what is wrong, so a
// mistake stops serialhub at start rather than later.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// File is a parsed configuration file. Top-level fields are those of the
// serve command's flags; IsSet says which the file gives, since the
// command line overrides them.
type File struct {
	Listen       string   `toml:"listen"`
	Baud         int      `toml:"baud"`
	Scrollback   int      `toml:"scrollback"`
	ClientBuffer int      `toml:"client-buffer"`
	WriteTimeout Duration `toml:"write-timeout"`
	ReadTimeout  Duration `toml:"read-timeout"`
	MaxMessage   int64    `toml:"max-message"`
	AllowOrigin  []string `toml:"allow-origin"`
	AllowHost    []string `toml:"allow-host"`
	AllowOpen    bool     `toml:"allow-open"`
	LogDir       string   `toml:"log-dir"`
	Dashboards   string   `toml:"dashboards"`
	Jobs         string   `toml:"jobs"`  // --jobs: where the ports' jobs are kept across a restart (docs/jobs.md)
	Pages        string   `toml:"pages"` // --pages: the user's own pages (docs/pages.md)
	LogMaxSize   int64    `toml:"log-max-size"`
	LogMaxFiles  int      `toml:"log-max-files"`
	LogLevel     string   `toml:"log-level"`
	LogFormat    string   `toml:"log-format"`

	TLSCert           string `toml:"tls-cert"`
	TLSKey            string `toml:"tls-key"`
	InsecureNoAuth    bool   `toml:"insecure-no-auth"`
	AuditLog          string `toml:"audit-log"`
	AuditData         bool   `toml:"audit-data"`
	MaxClients        int    `toml:"max-clients"`
	MaxClientsPerPort int    `toml:"max-clients-per-port"`
	MaxPorts          int    `toml:"max-ports"`

	// The fleet (docs/fleet.md): a gateway's keys (serve) and the
	// central's (fleet). Checked by the command that takes them.
	Fleet        string            `toml:"fleet"`
	Gateway      string            `toml:"gateway"`
	FleetCreds   string            `toml:"fleet-creds"`
	FleetCA      string            `toml:"fleet-ca"`
	Tags         map[string]string `toml:"tags"` // as --tag KEY=VALUE
	NATSListen   string            `toml:"nats-listen"`
	NATS         string            `toml:"nats"`
	NATSReplicas int               `toml:"nats-replicas"`
	Store        string            `toml:"store"`

	// MQTT (docs/mqtt.md): as the flags of the same names.
	MQTT             string `toml:"mqtt"`
	MQTTUser         string `toml:"mqtt-user"`
	MQTTPasswordFile string `toml:"mqtt-password-file"`
	MQTTClientID     string `toml:"mqtt-client-id"`
	MQTTCA           string `toml:"mqtt-ca"`
	MQTTRole         string `toml:"mqtt-role"`
	MQTTDiscovery    bool   `toml:"mqtt-discovery"`

	Auth  Auth   `toml:"auth"`
	Users []User `toml:"user"`
	Ports []Port `toml:"port"`

	// Profiles are the [[profile]] tables: job profiles of the user's
	// own (docs/jobs.md, "Custom profiles").
	Profiles []Profile `toml:"profile"`

	name string        // the file's name, for errors
	src  string        // its text, for the lines of errors found after parsing
	meta toml.MetaData // which keys it sets
}

// Port is a [[port]] table.
type Port struct {
	Name        string `toml:"name"`        // default: the device's base name
	Device      string `toml:"device"`      // a device spec, as on the command line; or give Match
	Description string `toml:"description"` // for people

	// Match finds the device by what it is rather than where it is
	// plugged: at each open, the first serial port whose USB ids (and
	// serial number, if given) match is opened.
	Match *Match `toml:"match"`

	Baud        *int    `toml:"baud"`     // default: the top-level baud
	DataBits    *int    `toml:"databits"` // default 8
	Parity      *string `toml:"parity"`   // default none
	StopBits    *string `toml:"stopbits"` // default "1"
	FlowControl *string `toml:"flow"`     // default none
	Scrollback  *int    `toml:"scrollback"`
	Capture     *bool   `toml:"capture"` // default: true when log-dir is set

	Exclusive bool `toml:"exclusive"` // a write lock: while one client holds it, only that client writes

	RawTCP  string `toml:"raw-tcp"` // serve the port as raw bytes on this TCP address
	RFC2217 string `toml:"rfc2217"` // serve the port over RFC 2217 on this TCP address

	// Triggers are the port's [[port.trigger]] tables
	// (docs/automation.md, "Triggers").
	Triggers []Trigger `toml:"trigger"`

	// Decode names the port's decoder (docs/decoders.md): arduino, csv,
	// json, kv, regex, nmea or frame; "" for none.
	Decode string `toml:"decode"`
	// Decoder is the decoder's options, the [port.decoder] table; Parse
	// sets its Name to Decode and checks it, so it is the whole Spec.
	Decoder decode.Spec `toml:"decoder"`

	triggers []protocol.ParsedTrigger // Triggers, checked by Parse
}

// Profile is a [[profile]] table: a job profile built on a built-in one
// (base) with its options changed (package job's Options; "" leaves one
// as the base has it).
type Profile struct {
	Name      string `toml:"name"`
	Base      string `toml:"base"` // line, grbl, marlin or delay
	OK        string `toml:"ok"`
	Error     string `toml:"error"`
	Resend    string `toml:"resend"`
	Busy      string `toml:"busy"`
	Ignore    string `toml:"ignore"`
	Reset     string `toml:"reset"`
	Timeout   string `toml:"timeout"`
	OnError   string `toml:"on-error"`
	Buffer    int    `toml:"buffer"`
	Delay     string `toml:"delay"`
	CharDelay string `toml:"char-delay"`
	Others    string `toml:"others"`
	Comments  string `toml:"comments"`
	EOL       string `toml:"eol"`
}

// Options returns the profile's options by the names of package job's
// Options, those not set left out.
func (p Profile) Options() map[string]string {
	o := map[string]string{
		"ok": p.OK, "error": p.Error, "resend": p.Resend, "busy": p.Busy, "ignore": p.Ignore, "reset": p.Reset,
		"timeout": p.Timeout, "on-error": p.OnError, "delay": p.Delay, "char-delay": p.CharDelay,
		"others": p.Others, "comments": p.Comments, "eol": p.EOL,
	}
	if p.Buffer != 0 {
		o["buffer"] = strconv.Itoa(p.Buffer)
	}
	for k, v := range o {
		if v == "" {
			delete(o, k)
		}
	}
	return o
}

// Trigger is a [[port.trigger]] table: the fields of a trigger in the
// REST API (protocol.TriggerSpec).
type Trigger struct {
	ID      string          `toml:"id"`
	On      string          `toml:"on"`
	Pattern string          `toml:"pattern"`
	Line    string          `toml:"line"`
	Edge    string          `toml:"edge"`
	Holdoff string          `toml:"holdoff"`
	Actions []TriggerAction `toml:"actions"`
}

// TriggerAction is one of a trigger's actions: an inline table such as
// {webhook = "https://…"} or {send = '\r'}.
type TriggerAction struct {
	Webhook string `toml:"webhook"`
	Send    string `toml:"send"`
	Note    string `toml:"note"`
	Notice  string `toml:"notice"`
}

// ParsedTriggers returns the port's triggers as Parse checked them.
func (p *Port) ParsedTriggers() []protocol.ParsedTrigger { return p.triggers }

// Auth is the [auth] table.
type Auth struct {
	SessionTTL      Duration `toml:"session-ttl"`       // how long a browser login lasts; default 12h
	ProxyUserHeader string   `toml:"proxy-user-header"` // e.g. "X-Forwarded-User"
	TrustedProxies  []string `toml:"trusted-proxies"`   // addresses or CIDR prefixes whose proxy-user-header is believed
}

// User is a [[user]] table.
type User struct {
	Name         string            `toml:"name"`
	PasswordHash string            `toml:"password-hash"` // bcrypt, from serialhub hash-password
	TokenHashes  []string          `toml:"token-hashes"`  // "sha256:…", from serialhub token
	Roles        map[string]string `toml:"roles"`         // port name or "*" to view or control
}

// Match identifies a USB serial device.
type Match struct {
	VID          string `toml:"vid"`    // USB vendor id, hex, e.g. "0403"
	PID          string `toml:"pid"`    // USB product id, hex, e.g. "6001"
	SerialNumber string `toml:"serial"` // optional
}

// String describes the match the way it is shown as the port's device.
func (m *Match) String() string {
	s := "usb:" + strings.ToUpper(m.VID) + ":" + strings.ToUpper(m.PID)
	if m.SerialNumber != "" {
		s += ":" + m.SerialNumber
	}
	return s
}

// Matches reports whether p is the device m describes.
func (m *Match) Matches(p device.PortInfo) bool {
	return p.USB && strings.EqualFold(p.VID, m.VID) && strings.EqualFold(p.PID, m.PID) &&
		(m.SerialNumber == "" || p.SerialNumber == m.SerialNumber)
}

// Duration is a time.Duration written as in Go: "10s", "1m30s".
type Duration time.Duration

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("invalid duration %q: want e.g. 10s or 1m30s", b)
	}
	*d = Duration(v)
	return nil
}

// Load reads and checks the configuration file at path.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, b)
}

// Parse parses and checks a configuration file's text; name is used in
// errors.
func Parse(name string, src []byte) (*File, error) {
	f := &File{name: name, src: string(src)}
	md, err := toml.Decode(f.src, f)
	if err != nil {
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			// Type errors come as text: "toml: line 3 (last key "baud"): …".
			if m := decodeErr.FindStringSubmatch(err.Error()); m != nil {
				return nil, fmt.Errorf("%s:%s: %s: %s", name, m[1], m[2], m[3])
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		msg := pe.Message
		if pe.LastKey != "" {
			msg = fmt.Sprintf("%s: %s", pe.LastKey, msg)
		}
		return nil, fmt.Errorf("%s:%d: %s", name, pe.Position.Line, msg)
	}
	f.meta = md
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		k := undecoded[0]
		return nil, f.errorf(f.keyLine(k), "unknown key %q (see docs/config.md for the keys there are)", k.String())
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f, nil
}

// IsSet reports whether the file sets the top-level key.
func (f *File) IsSet(key string) bool { return f.meta.IsDefined(key) }

// check validates what TOML's types cannot.
func (f *File) check() error {
	for i, u := range f.Users {
		au := auth.User{Name: u.Name, PasswordHash: u.PasswordHash, TokenHashes: u.TokenHashes, Roles: map[string]auth.Role{}}
		for port, r := range u.Roles {
			au.Roles[port] = auth.Role(r)
		}
		if err := au.Validate(); err != nil {
			return f.errorf(f.tableLine("user", i), "%v", err)
		}
		if u.PasswordHash == "" && len(u.TokenHashes) == 0 && f.Auth.ProxyUserHeader == "" {
			return f.errorf(f.tableLine("user", i), "user %s has neither password-hash nor token-hashes (serialhub hash-password, serialhub token make them)", u.Name)
		}
	}
	if _, err := f.TrustedProxies(); err != nil {
		return f.errorf(f.keyLine(toml.Key{"trusted-proxies"}), "%v", err)
	}
	for _, h := range f.AllowHost {
		if _, err := path.Match(h, ""); err != nil || h == "" {
			return f.errorf(f.keyLine(toml.Key{"allow-host"}), "allow-host %q: want a host name or a pattern such as *.lab.example", h)
		}
	}
	// A limit or a timeout of 0 or less is a mistake, not a wish for the
	// default: say so rather than put the default in its place.
	for key, v := range map[string]int64{
		"max-clients": int64(f.MaxClients), "max-clients-per-port": int64(f.MaxClientsPerPort), "max-ports": int64(f.MaxPorts),
		"client-buffer": int64(f.ClientBuffer), "max-message": f.MaxMessage, "write-timeout": int64(f.WriteTimeout), "read-timeout": int64(f.ReadTimeout),
	} {
		if f.meta.IsDefined(key) && v <= 0 {
			return f.errorf(f.keyLine(toml.Key{key}), "%s must be more than 0 (leave it out for the default)", key)
		}
	}
	if f.meta.IsDefined("auth", "session-ttl") && f.Auth.SessionTTL <= 0 {
		return f.errorf(f.keyLine(toml.Key{"auth", "session-ttl"}), "session-ttl must be more than 0 (leave it out for the default, 12h)")
	}
	for _, pattern := range f.AllowOrigin {
		if _, err := path.Match(pattern, ""); err != nil {
			return f.errorf(f.keyLine(toml.Key{"allow-origin"}), "allow-origin pattern %q: %v", pattern, err)
		}
	}
	names := map[string]int{}
	for i := range f.Ports {
		p := &f.Ports[i]
		line := func(key string) int { return f.portKeyLine(i, key) }
		switch {
		case p.Device == "" && p.Match == nil:
			return f.errorf(line(""), "port %d has no device (or match)", i+1)
		case p.Device != "" && p.Match != nil:
			return f.errorf(line("match"), "port %d has both a device and a match: give one", i+1)
		case p.Match != nil && (!isHex4(p.Match.VID) || !isHex4(p.Match.PID)):
			return f.errorf(line("match"), "port %d: match wants vid and pid as 4 hex digits, e.g. vid = \"0403\", pid = \"6001\"", i+1)
		}
		if p.Name == "" {
			if p.Match != nil {
				return f.errorf(line("match"), "port %d: a port found by match needs a name", i+1)
			}
			p.Name = hub.DefaultName(p.Device)
		}
		if !hub.ValidName(p.Name) {
			return f.errorf(line("name"), "port %d: invalid name %q: use 1 to 64 letters, digits, '.', '_' or '-'", i+1, p.Name)
		}
		if j, dup := names[p.Name]; dup {
			return f.errorf(line("name"), "port %q is defined twice (also port %d)", p.Name, j+1)
		}
		names[p.Name] = i
		s := p.Settings(device.DefaultSettings)
		if err := s.Validate(); err != nil {
			return f.errorf(line(settingKey(err)), "port %q: %v", p.Name, err)
		}
		for key, addr := range map[string]string{"raw-tcp": p.RawTCP, "rfc2217": p.RFC2217} {
			if _, _, err := net.SplitHostPort(addr); addr != "" && err != nil {
				return f.errorf(line(key), "port %q: %s address %q: want HOST:PORT, e.g. 127.0.0.1:2217", p.Name, key, addr)
			}
		}
		if p.Scrollback != nil && *p.Scrollback < 0 {
			return f.errorf(line("scrollback"), "port %q: scrollback %d is negative", p.Name, *p.Scrollback)
		}
		p.Decoder.Name = p.Decode
		if err := p.Decoder.Validate(); err != nil {
			return f.errorf(f.decoderLine(i), "port %q: %v", p.Name, err)
		}
		p.triggers = nil
		ids := map[string]bool{}
		for j, t := range p.Triggers {
			spec := protocol.TriggerSpec{ID: t.ID, On: t.On, Pattern: t.Pattern, Line: t.Line, Edge: t.Edge, Holdoff: t.Holdoff}
			for _, a := range t.Actions {
				spec.Actions = append(spec.Actions, protocol.TriggerAction(a))
			}
			parsed, err := protocol.CheckTrigger(spec)
			if err != nil {
				return f.errorf(f.triggerLine(i, j), "port %q: %v", p.Name, err)
			}
			if t.ID != "" && ids[t.ID] {
				return f.errorf(f.triggerLine(i, j), "port %q: trigger id %q is used twice", p.Name, t.ID)
			}
			ids[t.ID] = true
			p.triggers = append(p.triggers, parsed)
		}
		if len(p.Triggers) > protocol.MaxTriggersPerPort {
			return f.errorf(line(""), "port %q: %d triggers, at most %d", p.Name, len(p.Triggers), protocol.MaxTriggersPerPort)
		}
	}
	return nil
}

// AuthConfig returns the users and proxy trust as auth.New takes them.
func (f *File) AuthConfig() auth.Config {
	cfg := auth.Config{ProxyHeader: f.Auth.ProxyUserHeader, SessionTTL: time.Duration(f.Auth.SessionTTL)}
	cfg.TrustedProxies, _ = f.TrustedProxies() // checked by Parse
	for _, u := range f.Users {
		au := auth.User{Name: u.Name, PasswordHash: u.PasswordHash, TokenHashes: u.TokenHashes, Roles: map[string]auth.Role{}}
		for port, r := range u.Roles {
			au.Roles[port] = auth.Role(r)
		}
		cfg.Users = append(cfg.Users, au)
	}
	return cfg
}

// TrustedProxies parses [auth] trusted-proxies: addresses or prefixes.
func (f *File) TrustedProxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range f.Auth.TrustedProxies {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: want an address or a prefix such as 10.0.0.0/8", s)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Settings returns the port's line settings, taking what it does not set
// from defaults.
func (p *Port) Settings(defaults device.Settings) device.Settings {
	s := defaults
	if p.Baud != nil {
		s.Baud = *p.Baud
	}
	if p.DataBits != nil {
		s.DataBits = *p.DataBits
	}
	if p.Parity != nil {
		s.Parity = device.Parity(strings.ToLower(*p.Parity))
	}
	if p.StopBits != nil {
		s.StopBits = device.StopBits(*p.StopBits)
	}
	if p.FlowControl != nil {
		s.FlowControl = device.FlowControl(strings.ToLower(*p.FlowControl))
	}
	return s
}

// settingKey names the key of the setting a Validate error is about.
func settingKey(err error) string {
	msg := err.Error()
	for _, k := range []struct{ word, key string }{{"baud", "baud"}, {"data bits", "databits"}, {"parity", "parity"}, {"stop bits", "stopbits"}, {"flow", "flow"}} {
		if strings.Contains(msg, k.word) {
			return k.key
		}
	}
	return ""
}

var decodeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

func isHex4(s string) bool {
	if len(s) != 4 {
		return false
	}
	return strings.Trim(strings.ToLower(s), "0123456789abcdef") == ""
}

func (f *File) errorf(line int, format string, args ...any) error {
	if line > 0 {
		return fmt.Errorf("%s:%d: %s", f.name, line, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("%s: %s", f.name, fmt.Sprintf(format, args...))
}

// keyLine finds the line of a key that TOML decoding reported, by its last
// part; 0 if not found.
func (f *File) keyLine(k toml.Key) int {
	last := k[len(k)-1]
	re := regexp.MustCompile(`^\s*(` + regexp.QuoteMeta(last) + `|"` + regexp.QuoteMeta(last) + `")\s*=`)
	for i, l := range strings.Split(f.src, "\n") {
		if re.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

// tableLine finds the line of the i-th [[name]] table's header; 0 if not
// found.
func (f *File) tableLine(name string, i int) int {
	header := regexp.MustCompile(`^\s*\[\[\s*` + regexp.QuoteMeta(name) + `\s*\]\]`)
	n := -1
	for j, l := range strings.Split(f.src, "\n") {
		if header.MatchString(l) {
			if n++; n == i {
				return j + 1
			}
		}
	}
	return 0
}

// triggerLine finds the line of the header of the j-th [[port.trigger]]
// table of the i-th [[port]] table, or of the port's header if not found.
func (f *File) triggerLine(i, j int) int {
	port := regexp.MustCompile(`^\s*\[\[\s*port\s*\]\]`)
	trig := regexp.MustCompile(`^\s*\[\[\s*port\s*\.\s*trigger\s*\]\]`)
	n, m := -1, -1
	for k, l := range strings.Split(f.src, "\n") {
		switch {
		case port.MatchString(l):
			n++
		case n == i && trig.MatchString(l):
			if m++; m == j {
				return k + 1
			}
		}
	}
	return f.portKeyLine(i, "")
}

// decoderLine finds the line of the i-th [[port]] table's decode key, or
// of its [port.decoder] table, or of its header.
func (f *File) decoderLine(i int) int {
	if l := f.portKeyLine(i, "decode"); l != f.portKeyLine(i, "") {
		return l
	}
	port := regexp.MustCompile(`^\s*\[\[\s*port\s*\]\]`)
	table := regexp.MustCompile(`^\s*\[\s*port\s*\.\s*decoder\s*\]`)
	n := -1
	for k, l := range strings.Split(f.src, "\n") {
		switch {
		case port.MatchString(l):
			n++
		case n == i && table.MatchString(l):
			return k + 1
		}
	}
	return f.portKeyLine(i, "")
}

// portKeyLine finds the line of key in the i-th [[port]] table, or of the
// table's header if key is "" or not there; 0 if not found.
func (f *File) portKeyLine(i int, key string) int {
	lines := strings.Split(f.src, "\n")
	header := regexp.MustCompile(`^\s*\[\[\s*port\s*\]\]`)
	table := regexp.MustCompile(`^\s*\[`)
	keyRe := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*[=.]`)
	n := -1
	start := 0
	for j, l := range lines {
		if header.MatchString(l) {
			n++
			if n == i {
				start = j + 1
			}
			continue
		}
		if n == i && key != "" {
			if table.MatchString(l) {
				break
			}
			if keyRe.MatchString(l) {
				return j + 1
			}
		}
	}
	return start
}
