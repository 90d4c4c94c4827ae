package protocol

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Triggers (docs/automation.md, "Triggers"): per port, on a regular
// expression in the data received or sent, or on a change of a modem
// line, do actions, at most once per hold-off.

// TriggerSpec is a trigger as given: the body of POST
// /api/ports/{name}/triggers, and a config file's [[port.trigger]].
type TriggerSpec struct {
	ID      string          `json:"id,omitempty"`      // a name; the server gives one if absent
	On      string          `json:"on"`                // TriggerReceived, TriggerSent or TriggerModem
	Pattern string          `json:"pattern,omitempty"` // a Go regular expression (received, sent)
	Line    string          `json:"line,omitempty"`    // CTS, DSR, DCD or RI (modem)
	Edge    string          `json:"edge,omitempty"`    // rise, fall or any (modem); default any
	Holdoff string          `json:"holdoff,omitempty"` // a Go duration; default DefaultHoldoff
	Actions []TriggerAction `json:"actions"`
}

// TriggerAction is one thing a trigger does: exactly one field is set.
type TriggerAction struct {
	Webhook string `json:"webhook,omitempty"` // POST a TriggerFiring to this http(s) URL
	Send    string `json:"send,omitempty"`    // write these bytes to the port (\r, \n, \t, \xHH, \\ understood)
	Note    string `json:"note,omitempty"`    // write this note in the port's capture
	Notice  string `json:"notice,omitempty"`  // raise this notice for the port's WebSocket clients
}

// Trigger is a trigger as the server lists it: its spec, completed (ID,
// Edge and Holdoff filled in), with what it has done.
type Trigger struct {
	TriggerSpec
	Source     string     `json:"source"`              // TriggerFromConfig or TriggerFromAPI
	Fired      uint64     `json:"fired"`               // times its actions were done
	Suppressed uint64     `json:"suppressed"`          // matches within a hold-off, not acted on
	Errors     uint64     `json:"errors"`              // actions that failed (a webhook's drop included)
	LastFired  *time.Time `json:"lastFired,omitempty"` // when it last fired
}

// TriggerFiring is the JSON a webhook action POSTs.
type TriggerFiring struct {
	Port    string    `json:"port"`
	Trigger string    `json:"trigger"`
	On      string    `json:"on"`
	Match   string    `json:"match,omitempty"` // the text matched (received, sent), at most MaxTriggerMatch bytes
	Time    time.Time `json:"time"`            // the device's read time of the match's last byte, or of the line change
	Line    string    `json:"line,omitempty"`  // modem: the line
	Edge    string    `json:"edge,omitempty"`  // modem: rise or fall
	// Suppressed counts the matches within the hold-off since the
	// trigger last fired.
	Suppressed uint64 `json:"suppressed"`
}

// Notice is an event: a trigger's notice for the people watching a port.
type Notice struct {
	Type    string    `json:"type"`    // TypeNotice
	Trigger string    `json:"trigger"` // the trigger's id
	Text    string    `json:"text"`
	Time    time.Time `json:"time"` // when the trigger fired
}

// TypeNotice is the type of a Notice event.
const TypeNotice = "notice"

// What a trigger is on.
const (
	TriggerReceived = "received"
	TriggerSent     = "sent"
	TriggerModem    = "modem"
)

// Where a trigger comes from.
const (
	TriggerFromConfig = "config"
	TriggerFromAPI    = "api"
)

// Limits and defaults of triggers.
const (
	DefaultHoldoff     = time.Second
	MaxHoldoff         = 24 * time.Hour
	MaxTriggerActions  = 8
	MaxTriggerPattern  = 1024 // bytes of a pattern
	MaxTriggerText     = 4096 // bytes of a send, note or notice, and of a webhook's URL
	MaxTriggerMatch    = 1024 // a match is looked for in the last MaxTriggerMatch bytes: a longer one is not found
	MaxTriggersPerPort = 64
)

// validTriggerID is what a trigger's id may be: it appears in URLs.
var validTriggerID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidTriggerID reports whether id can name a trigger: 1 to 64 letters,
// digits, dots, underscores and dashes, starting with a letter or digit.
func ValidTriggerID(id string) bool { return validTriggerID.MatchString(id) }

// ParsedTrigger is a TriggerSpec checked: the spec completed (Edge,
// Holdoff and Line in their canonical form), the pattern compiled, the
// bytes of each send action unescaped.
type ParsedTrigger struct {
	Spec    TriggerSpec
	Pattern *regexp.Regexp // received, sent
	Holdoff time.Duration
	Send    [][]byte // per action: the bytes of a send action, nil for the others
}

// ParseTrigger decodes and checks the body of POST
// /api/ports/{name}/triggers. Errors are *RequestError.
func ParseTrigger(body []byte) (ParsedTrigger, error) {
	if len(body) > MaxControlSize {
		return ParsedTrigger{}, &RequestError{Code: CodeTooLarge, Message: fmt.Sprintf("trigger of %d bytes is over the limit of %d", len(body), MaxControlSize)}
	}
	var spec TriggerSpec
	if err := decodeBody(body, &spec); err != nil {
		return ParsedTrigger{}, err
	}
	return CheckTrigger(spec)
}

// CheckTrigger checks a trigger given in any form (a REST body, a config
// file). Errors are *RequestError with CodeBadRequest.
func CheckTrigger(spec TriggerSpec) (ParsedTrigger, error) {
	p := ParsedTrigger{Spec: spec}
	bad := func(format string, args ...any) (ParsedTrigger, error) {
		return ParsedTrigger{}, &RequestError{Code: CodeBadRequest, Message: "trigger: " + fmt.Sprintf(format, args...)}
	}
	if spec.ID != "" && !ValidTriggerID(spec.ID) {
		return bad("id %q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", spec.ID)
	}
	switch spec.On {
	case TriggerReceived, TriggerSent:
		if spec.Line != "" || spec.Edge != "" {
			return bad(`line and edge are for "on":"modem"; "on":%q takes a pattern`, spec.On)
		}
		if spec.Pattern == "" {
			return bad(`"on":%q needs a pattern (a regular expression)`, spec.On)
		}
		if len(spec.Pattern) > MaxTriggerPattern {
			return bad("pattern of %d bytes: at most %d", len(spec.Pattern), MaxTriggerPattern)
		}
		re, err := regexp.Compile(spec.Pattern)
		if err != nil {
			return bad("pattern %q: %v", spec.Pattern, err)
		}
		if re.Match(nil) {
			return bad("pattern %q matches empty text: it would match everywhere", spec.Pattern)
		}
		p.Pattern = re
	case TriggerModem:
		if spec.Pattern != "" {
			return bad(`a pattern is for "on":"received" or "sent"; "on":"modem" takes line and edge`)
		}
		switch line := strings.ToUpper(spec.Line); line {
		case "CTS", "DSR", "DCD", "RI":
			p.Spec.Line = line
		default:
			return bad("line %q: want CTS, DSR, DCD or RI", spec.Line)
		}
		switch edge := strings.ToLower(spec.Edge); edge {
		case "":
			p.Spec.Edge = "any"
		case "rise", "fall", "any":
			p.Spec.Edge = edge
		default:
			return bad("edge %q: want rise, fall or any", spec.Edge)
		}
	case "":
		return bad(`no "on": want "received", "sent" or "modem"`)
	default:
		return bad(`"on":%q: want "received", "sent" or "modem"`, spec.On)
	}
	p.Holdoff = DefaultHoldoff
	if spec.Holdoff != "" {
		d, err := time.ParseDuration(spec.Holdoff)
		if err != nil || d < 0 || d > MaxHoldoff {
			return bad("holdoff %q: want a duration from 0s to %s, such as \"5s\"", spec.Holdoff, MaxHoldoff)
		}
		p.Holdoff = d
	}
	p.Spec.Holdoff = p.Holdoff.String()
	if len(spec.Actions) == 0 {
		return bad(`no actions: give at least one of {"webhook":URL}, {"send":TEXT}, {"note":TEXT}, {"notice":TEXT}`)
	}
	if len(spec.Actions) > MaxTriggerActions {
		return bad("%d actions: at most %d", len(spec.Actions), MaxTriggerActions)
	}
	p.Spec.Actions = append([]TriggerAction(nil), spec.Actions...)
	p.Send = make([][]byte, len(spec.Actions))
	for i, a := range spec.Actions {
		set := 0
		for _, v := range []string{a.Webhook, a.Send, a.Note, a.Notice} {
			if v != "" {
				set++
			}
			if len(v) > MaxTriggerText {
				return bad("actions[%d]: %d bytes: at most %d", i, len(v), MaxTriggerText)
			}
		}
		if set != 1 {
			return bad("actions[%d]: give exactly one of webhook, send, note or notice, not empty", i)
		}
		switch {
		case a.Webhook != "":
			u, err := url.Parse(a.Webhook)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return bad("actions[%d]: webhook %q: want an http:// or https:// URL", i, a.Webhook)
			}
		case a.Send != "":
			b, err := Unescape(a.Send)
			if err != nil {
				return bad("actions[%d]: send: %v", i, err)
			}
			p.Send[i] = b
		}
	}
	return p, nil
}

// HasWebhook reports whether the trigger has a webhook action (which
// needs the admin role: the server makes a request on its behalf).
func (p ParsedTrigger) HasWebhook() bool {
	for _, a := range p.Spec.Actions {
		if a.Webhook != "" {
			return true
		}
	}
	return false
}

// Unescape reads the escapes \r, \n, \t, \xHH and \\ (and the others of a
// Go string: \a \b \f \v \uHHHH \NNN) in s, as serialhub's commands do
// for bytes to send; \xHH is that byte, whatever its value.
func Unescape(s string) ([]byte, error) {
	if !strings.Contains(s, `\`) {
		return []byte(s), nil
	}
	out := make([]byte, 0, len(s))
	for len(s) > 0 {
		if s[0] != '\\' {
			out = append(out, s[0])
			s = s[1:]
			continue
		}
		r, multibyte, tail, err := strconv.UnquoteChar(s, 0)
		if err != nil {
			return nil, fmt.Errorf("%q: a bad escape (\\r, \\n, \\t, \\xHH, \\\\)", s)
		}
		if multibyte {
			out = utf8.AppendRune(out, r)
		} else {
			out = append(out, byte(r))
		}
		s = tail
	}
	return out, nil
}
