package protocol

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		in       string
		wantType string
		wantCode string
		wantMsg  string
		wantID   string
	}{
		{in: `{"type":"ping"}`, wantType: "ping"},
		{in: `{"type":"ping","id":7}`, wantType: "ping"},
		{in: `{"type":"status","id":"abc"}`, wantType: "status"},
		{in: `{"type":"status","extra":1}`, wantType: "status"},
		{in: `{"type":"settings","settings":{"stopBits":1.5}}`, wantType: "settings"},
		{in: `{"type":"lines","rts":false}`, wantType: "lines"},
		{in: `{"type":"break"}`, wantType: "break"},
		{in: `{"type":"break","ms":10000}`, wantType: "break"},
		{in: ``, wantCode: CodeBadRequest, wantMsg: "not a JSON object"},
		{in: `not json`, wantCode: CodeBadRequest, wantMsg: "not a JSON object"},
		{in: `[1,2]`, wantCode: CodeBadRequest, wantMsg: "not a JSON object"},
		{in: `{"type":5}`, wantCode: CodeBadRequest, wantMsg: `field "type" must be a string`},
		{in: `{"type":"lines","id":9,"dtr":"yes"}`, wantCode: CodeBadRequest, wantMsg: `field "dtr" must be true or false`, wantID: "9"},
		{in: `{}`, wantCode: CodeBadRequest, wantMsg: `no "type"`},
		{in: `{"type":"ping","id":{"a":1}}`, wantCode: CodeBadRequest, wantMsg: "id must be"},
		{in: `{"type":"ping","id":"` + strings.Repeat("x", 200) + `"}`, wantCode: CodeBadRequest, wantMsg: "id must be"},
		{in: `{"type":"settings","id":3}`, wantCode: CodeBadRequest, wantMsg: "at least one of", wantID: "3"},
		{in: `{"type":"settings","settings":{}}`, wantCode: CodeBadRequest, wantMsg: "at least one of"},
		{in: `{"type":"lines"}`, wantCode: CodeBadRequest, wantMsg: `want "dtr", "rts" or both`},
		{in: `{"type":"break","ms":0}`, wantCode: CodeBadRequest, wantMsg: "want 1 to 10000"},
		{in: `{"type":"break","ms":10001}`, wantCode: CodeBadRequest, wantMsg: "want 1 to 10000"},
		{in: `{"type":"break","ms":9223372036855}`, wantCode: CodeBadRequest, wantMsg: "want 1 to 10000"},
		{in: `{"type":"explode","id":1}`, wantCode: CodeUnknownType, wantMsg: `unknown control message type "explode"`, wantID: "1"},
		{in: `{"type":"ping","pad":"` + strings.Repeat("x", MaxControlSize) + `"}`, wantCode: CodeTooLarge, wantMsg: "over the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 40)], func(t *testing.T) {
			req, err := ParseRequest([]byte(tt.in))
			if tt.wantCode == "" {
				if err != nil || req.Type != tt.wantType {
					t.Fatalf("ParseRequest = %+v, %v; want type %q", req, err, tt.wantType)
				}
				return
			}
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("ParseRequest error = %v, want a *RequestError", err)
			}
			if re.Code != tt.wantCode || !strings.Contains(re.Message, tt.wantMsg) || string(re.ID) != tt.wantID {
				t.Fatalf("ParseRequest error = %s %q id %s, want %s containing %q id %s", re.Code, re.Message, re.ID, tt.wantCode, tt.wantMsg, tt.wantID)
			}
		})
	}
}

func TestParseBody(t *testing.T) {
	tests := []struct {
		name, typ, body string
		wantCode        string
		check           func(Request) bool
	}{
		{name: "settings object", typ: TypeSettings, body: `{"baud":9600}`,
			check: func(r Request) bool { return r.Settings != nil && *r.Settings.Baud == 9600 }},
		{name: "lines", typ: TypeLines, body: `{"dtr":false}`,
			check: func(r Request) bool { return r.DTR != nil && !*r.DTR && r.RTS == nil }},
		{name: "break without body", typ: TypeBreak, body: ``,
			check: func(r Request) bool { return r.MS == nil }},
		{name: "break of 100 ms", typ: TypeBreak, body: `{"ms":100}`,
			check: func(r Request) bool { return *r.MS == 100 }},
		{name: "the type is the endpoint's", typ: TypeBreak, body: `{"type":"ping"}`,
			check: func(r Request) bool { return r.Type == TypeBreak }},
		{name: "modem without body", typ: TypeModem, body: ``,
			check: func(r Request) bool { return r.Type == TypeModem }},
		{name: "settings not JSON", typ: TypeSettings, body: `{baud`, wantCode: CodeBadRequest},
		{name: "settings empty", typ: TypeSettings, body: `{}`, wantCode: CodeBadRequest},
		{name: "lines not an object", typ: TypeLines, body: `[true]`, wantCode: CodeBadRequest},
		{name: "lines of the wrong type", typ: TypeLines, body: `{"dtr":1}`, wantCode: CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := ParseBody(tt.typ, []byte(tt.body))
			if tt.wantCode != "" {
				var re *RequestError
				if !errors.As(err, &re) || re.Code != tt.wantCode {
					t.Fatalf("ParseBody = %+v, %v; want a %s *RequestError", req, err, tt.wantCode)
				}
				return
			}
			if err != nil || req.Type != tt.typ || !tt.check(req) {
				t.Fatalf("ParseBody = %+v, %v", req, err)
			}
		})
	}
}

func TestParseOpen(t *testing.T) {
	tests := []struct {
		name, body string
		want       OpenPort
		wantErr    string
	}{
		{name: "device only", body: `{"device":"sim://"}`, want: OpenPort{Device: "sim://"}},
		{name: "all fields", body: `{"name":"lab","device":"/dev/ttyUSB0","description":"bench","settings":{"baud":9600}}`,
			want: OpenPort{Name: "lab", Device: "/dev/ttyUSB0", Description: "bench", Settings: &SettingsPatch{Baud: ptr(9600)}}},
		{name: "unknown field", body: `{"device":"sim://","speed":9600}`, wantErr: `unknown field "speed"`},
		{name: "not JSON", body: `device`, wantErr: "not a JSON object"},
		{name: "a second object after the first", body: `{"device":"sim://"}{"device":"loop://"}`, wantErr: "nothing after it"},
		{name: "trailing garbage", body: `{"device":"sim://"} x`, wantErr: "nothing after it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOpen([]byte(tt.body))
			if tt.wantErr != "" {
				var re *RequestError
				if !errors.As(err, &re) || re.Code != CodeBadRequest || !strings.Contains(re.Message, tt.wantErr) {
					t.Fatalf("ParseOpen error = %v, want bad_request containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.want.Name || got.Device != tt.want.Device || got.Description != tt.want.Description ||
				(got.Settings == nil) != (tt.want.Settings == nil) {
				t.Fatalf("ParseOpen = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestBreakLength(t *testing.T) {
	tests := []struct {
		name    string
		ms      *int
		want    time.Duration
		wantErr bool
	}{
		{name: "default", ms: nil, want: DefaultBreak},
		{name: "1 ms", ms: ptr(1), want: time.Millisecond},
		{name: "the longest", ms: ptr(10000), want: MaxBreak},
		{name: "zero", ms: ptr(0), wantErr: true},
		{name: "negative", ms: ptr(-5), wantErr: true},
		{name: "too long", ms: ptr(10001), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BreakLength(tt.ms)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("BreakLength = %v, %v; want %v (error: %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestSettingsPatchApply(t *testing.T) {
	s := Settings{Baud: 115200, DataBits: 8, Parity: ParityNone, StopBits: StopBits1, FlowControl: FlowNone}
	tests := []struct {
		name  string
		patch *SettingsPatch
		want  Settings
	}{
		{name: "nil", patch: nil, want: s},
		{name: "baud", patch: &SettingsPatch{Baud: ptr(9600)}, want: Settings{Baud: 9600, DataBits: 8, Parity: ParityNone, StopBits: StopBits1, FlowControl: FlowNone}},
		{name: "all", patch: &SettingsPatch{Baud: ptr(300), DataBits: ptr(7), Parity: ptr(ParityEven), StopBits: ptr(StopBits2), FlowControl: ptr(FlowXONXOFF)},
			want: Settings{Baud: 300, DataBits: 7, Parity: ParityEven, StopBits: StopBits2, FlowControl: FlowXONXOFF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.patch.Apply(s); got != tt.want {
				t.Fatalf("Apply = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// FuzzParseRequest checks that no control message crashes the parser and
// that every rejection is a *RequestError with a code and a message.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{`{"type":"ping","id":1}`, `{"type":"status"}`, `{}`, `{"type":"x","id":"y"}`, `[`, `{"id":{"a":[1]}}`, "\xff\xfe",
		`{"type":"settings","settings":{"stopBits":1.5}}`, `{"type":"break","ms":99999999999999}`, `{"type":"lines","dtr":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := ParseRequest(b)
		if err == nil {
			// What is accepted is complete enough to act on.
			switch req.Type {
			case TypePing, TypeStatus, TypeModem, TypeLock, TypeUnlock, TypeRequestLock:
			case TypeSettings:
				if req.Settings.Empty() {
					t.Fatal("accepted a settings message that changes nothing")
				}
			case TypeLines:
				if req.DTR == nil && req.RTS == nil {
					t.Fatal("accepted a lines message that sets no line")
				}
			case TypeBreak:
				if d, err := req.Break(); err != nil || d <= 0 || d > MaxBreak {
					t.Fatalf("accepted a break of %v ms", *req.MS)
				}
			default:
				t.Fatalf("accepted type %q", req.Type)
			}
			if len(req.ID) > 0 && !ValidID(req.ID) {
				t.Fatalf("accepted id %s", req.ID)
			}
			return
		}
		var re *RequestError
		if !errors.As(err, &re) || re.Code == "" || re.Message == "" {
			t.Fatalf("rejection %v is not a complete *RequestError", err)
		}
	})
}

// TestIDsMustBeUTF8: an id is echoed in a text frame, which must be UTF-8
// (a browser drops the connection otherwise): one that is not is refused
// and not echoed.
func TestIDsMustBeUTF8(t *testing.T) {
	for _, body := range []string{"{\"type\":\"ping\",\"id\":\"\xff\"}", "{\"type\":\"ping\",\"id\":\"a\xc3\"}"} {
		_, err := ParseRequest([]byte(body))
		var re *RequestError
		if !errors.As(err, &re) || re.Code != CodeBadRequest || re.ID != nil {
			t.Errorf("ParseRequest(%q) = %v, want bad_request without the id", body, err)
		}
	}
	if !ValidID(json.RawMessage(`"é"`)) {
		t.Error("a UTF-8 id was refused")
	}
}

// FuzzParseExpect: an expect request from the network either parses or
// is refused with a RequestError; never a panic.
func FuzzParseExpect(f *testing.F) {
	for _, s := range []string{
		`{"send":"reboot\r\n","expect":["login: ","Kernel panic"],"timeout":"90s","quiet":"0s"}`,
		`{"expect":["("]}`, `{"quiet":"1s","since":12,"stream":"ab"}`, `{}`, `[]`, `{"charDelay":"-1s","expect":["x"]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseExpect(b)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("ParseExpect(%q): %v, not a RequestError with a message", b, err)
			}
			return
		}
		if len(p.Expect) == 0 && p.Quiet == 0 {
			t.Fatalf("ParseExpect(%q) took a request with nothing to wait for", b)
		}
	})
}

// FuzzParseBroadcast: a broadcast request from the network either parses
// (something to send, somewhere to send it) or is refused with a
// RequestError; never a panic.
func FuzzParseBroadcast(f *testing.F) {
	for _, s := range []string{
		`{"ports":["a","b"],"tag":"room=lab2","send":"reboot\r"}`, `{"tag":"tag:rack=3","send":"x"}`,
		`{"tag":"room","send":"x"}`, `{"send":"x"}`, `{}`, `[]`, `{"ports":["a"],"send":"x"} {}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, key, _, err := ParseBroadcast(b)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("ParseBroadcast(%q): %v, not a RequestError with a message", b, err)
			}
			return
		}
		if req.Send == "" || (len(req.Ports) == 0 && key == "") {
			t.Fatalf("ParseBroadcast(%q) took %+v, %q", b, req, key)
		}
	})
}

// FuzzParseLease: a lease request from the network either parses (a time
// within the limits, a printable note, a well-formed id) or is refused
// with a RequestError; never a panic.
func FuzzParseLease(f *testing.F) {
	for _, s := range []string{
		`{"ttl":"60s","note":"nightly flash test"}`, `{"ttl":"10m","wait":true}`, ``, `{}`, `[]`,
		`{"lease":"0123456789abcdef0123456789abcdef","ttl":"2h"}`, `{"ttl":"0s"}`, `{"note":"a\u0000b"}`,
		`{"type":"lease","id":7,"ttl":"30s"}`, `{"type":"lock"}`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, b []byte, ws bool) {
		p, err := ParseLease(b, ws)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("ParseLease(%q): %v, not a RequestError with a message", b, err)
			}
			return
		}
		if p.TTL < MinLeaseTTL || p.TTL > MaxLeaseTTL || len(p.Note) > MaxLeaseNote || (p.Lease != "" && !ValidLeaseID(p.Lease)) || (!ws && p.ID != nil) {
			t.Fatalf("ParseLease(%q, %v) took %+v", b, ws, p)
		}
	})
}

func TestParseLease(t *testing.T) {
	for _, tt := range []struct {
		body string
		ws   bool
		want string // an error's text, or "" for none
	}{
		{`{"ttl":"60s","note":"nightly flash test"}`, false, ""},
		{``, false, ""},
		{`{"ttl":"500ms"}`, false, `ttl "500ms": want a duration from 1s to 24h0m0s`},
		{`{"ttl":"25h"}`, false, `ttl "25h"`},
		{`{"note":"a\nb"}`, false, "no control characters"},
		{`{"lease":"xyz"}`, false, "not a lease's id"},
		{`{"id":1}`, false, `"type" and "id" are for the WebSocket`},
		{`{"type":"lease","id":1,"wait":true}`, true, ""},
		{`{"wait":true}`, true, `lease request of type ""`},
		{`{"ttl":60}`, false, "request body"},
	} {
		p, err := ParseLease([]byte(tt.body), tt.ws)
		if tt.want == "" {
			if err != nil {
				t.Errorf("ParseLease(%s): %v", tt.body, err)
			} else if p.TTL == 0 {
				t.Errorf("ParseLease(%s): no TTL", tt.body)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseLease(%s) = %v, want an error with %q", tt.body, err, tt.want)
		}
	}
}

// FuzzParseDashboard: a dashboard from the network either parses (a
// name, a port, widgets with unique ids and known types) or is refused
// with a RequestError; never a panic.
func FuzzParseDashboard(f *testing.F) {
	for _, s := range []string{
		`{"name":"GPS","port":"gps","widgets":[{"id":"w1","type":"track","x":0,"y":0,"w":6,"h":4,"lat":"lat","lon":"lon"},{"id":"w2","type":"button","label":"LED on","send":"LED ON\r\n"}]}`,
		`{"name":"x","port":"p","widgets":[null]}`, `{"name":"x","port":"p","widgets":[{"id":"a","type":"gauge"},{"id":"a","type":"led"}]}`,
		`{}`, `[]`, `{"name":"x","port":"p","widgets":[{"id":"a","type":"nope"}]}`, `{"id":"other","name":"x","port":"p"}`,
	} {
		f.Add("board-1", []byte(s))
	}
	f.Fuzz(func(t *testing.T, id string, b []byte) {
		d, err := ParseDashboard(id, b)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("ParseDashboard(%q): %v, not a RequestError with a message", b, err)
			}
			return
		}
		if d.ID != id || d.Name == "" || d.Port == "" || len(d.Widgets) > MaxDashboardWidgets || d.Updated != nil {
			t.Fatalf("ParseDashboard(%q, %q) took %+v", id, b, d)
		}
	})
}

func TestParseDashboard(t *testing.T) {
	for _, tt := range []struct{ id, body, want string }{
		{"gps", `{"name":"GPS","port":"gps","widgets":[{"id":"w1","type":"track"}]}`, ""},
		{"gps", `{"name":"GPS","port":"gps"}`, ""},
		{"../x", `{"name":"GPS","port":"gps"}`, "dashboard id"},
		{"gps", `{"name":"","port":"gps"}`, "a name"},
		{"gps", `{"name":"GPS"}`, "the port it shows"},
		{"gps", `{"name":"GPS","port":"gps","widgets":[null]}`, "want an object"},
		{"gps", `{"name":"GPS","port":"gps","widgets":[{"type":"led"}]}`, "an id"},
		{"gps", `{"name":"GPS","port":"gps","widgets":[{"id":"a","type":"led"},{"id":"a","type":"led"}]}`, "used twice"},
		{"gps", `{"name":"GPS","port":"gps","widgets":[{"id":"a","type":"chart3d"}]}`, "not a widget"},
		{"gps", `{"id":"other","name":"GPS","port":"gps"}`, "not the URL's"},
		{"gps", `{"name":"GPS","port":"gps","extra":1}`, "extra"},
	} {
		d, err := ParseDashboard(tt.id, []byte(tt.body))
		if tt.want == "" {
			if err != nil || d.ID != tt.id || d.Widgets == nil {
				t.Errorf("ParseDashboard(%s): %+v, %v", tt.body, d, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDashboard(%s, %s) = %v, want an error with %q", tt.id, tt.body, err, tt.want)
		}
	}
}
