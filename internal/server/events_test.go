package server

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		in       string
		wantType string
		wantCode string
		wantMsg  string
	}{
		{`{"type":"ping"}`, "ping", "", ""},
		{`{"type":"ping","id":7}`, "ping", "", ""},
		{`{"type":"status","id":"abc"}`, "status", "", ""},
		{`{"type":"status","extra":1}`, "status", "", ""},
		{``, "", codeBadRequest, "not a JSON object"},
		{`not json`, "", codeBadRequest, "not a JSON object"},
		{`[1,2]`, "", codeBadRequest, "not a JSON object"},
		{`{"type":5}`, "", codeBadRequest, `field "type" must be a string`},
		{`{}`, "", codeBadRequest, `no "type"`},
		{`{"type":"ping","id":{"a":1}}`, "", codeBadRequest, "id must be"},
		{`{"type":"ping","id":"` + strings.Repeat("x", 200) + `"}`, "", codeBadRequest, "id must be"},
		{`{"type":"explode","id":1}`, "", codeUnknownType, `unknown control message type "explode"`},
		{`{"type":"ping","pad":"` + strings.Repeat("x", maxControlSize) + `"}`, "", codeTooLarge, "over the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 40)], func(t *testing.T) {
			req, err := parseRequest([]byte(tt.in))
			if tt.wantCode == "" {
				if err != nil || req.Type != tt.wantType {
					t.Fatalf("parseRequest = %+v, %v; want type %q", req, err, tt.wantType)
				}
				return
			}
			var re *requestError
			if !errors.As(err, &re) {
				t.Fatalf("parseRequest error = %v, want a *requestError", err)
			}
			if re.code != tt.wantCode || !strings.Contains(re.msg, tt.wantMsg) {
				t.Fatalf("parseRequest error = %s %q, want %s containing %q", re.code, re.msg, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

// FuzzParseRequest checks that no control message crashes the parser and
// that every rejection is a *requestError with a code and a message.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{`{"type":"ping","id":1}`, `{"type":"status"}`, `{}`, `{"type":"x","id":"y"}`, `[`, `{"id":{"a":[1]}}`, "\xff\xfe"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := parseRequest(b)
		if err == nil {
			// What is accepted is complete enough to act on.
			switch req.Type {
			case "ping", "status", "modem", "lock", "unlock", "request-lock":
			case "settings":
				if req.Settings == nil || req.Settings.empty() {
					t.Fatal("accepted a settings message that changes nothing")
				}
			case "lines":
				if req.DTR == nil && req.RTS == nil {
					t.Fatal("accepted a lines message that sets no line")
				}
			case "break":
				if _, err := breakLength(req.MS); err != nil {
					t.Fatalf("accepted a break of %v ms", *req.MS)
				}
			default:
				t.Fatalf("accepted type %q", req.Type)
			}
			if len(req.ID) > 0 && !validID(req.ID) {
				t.Fatalf("accepted id %s", req.ID)
			}
			return
		}
		var re *requestError
		if !errors.As(err, &re) || re.code == "" || re.msg == "" {
			t.Fatalf("rejection %v is not a complete *requestError", err)
		}
	})
}
