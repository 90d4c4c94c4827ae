package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"
	"unicode/utf8"
)

// Types of the control messages a client sends. Each is a JSON object in a
// text frame with one of these as its "type" (TypeStatus asks for a status
// event).
const (
	TypePing        = "ping"
	TypeSettings    = "settings"
	TypeLines       = "lines"
	TypeBreak       = "break"
	TypeModem       = "modem"
	TypeLock        = "lock"
	TypeUnlock      = "unlock"
	TypeRequestLock = "request-lock"
)

// Limits of control messages.
const (
	// MaxControlSize is the largest control message (text frame), and
	// the largest body of a REST request, in bytes.
	MaxControlSize = 16 << 10
	// MaxIDSize is the largest id of a control message, in bytes of JSON.
	MaxIDSize = 128
	// DefaultBreak is the length of a break when a request gives none.
	DefaultBreak = 250 * time.Millisecond
	// MaxBreak is the longest break a request may ask for.
	MaxBreak = 10 * time.Second
)

// Request is a control message from a client. Which fields count depends
// on Type: Settings for TypeSettings, DTR and RTS for TypeLines, MS for
// TypeBreak.
type Request struct {
	Type string          `json:"type"`
	ID   json.RawMessage `json:"id,omitempty"` // a number or a string of at most MaxIDSize bytes, echoed in the answer

	Settings *SettingsPatch `json:"settings,omitempty"` // settings: the fields that change
	DTR      *bool          `json:"dtr,omitempty"`      // lines
	RTS      *bool          `json:"rts,omitempty"`      // lines
	MS       *int           `json:"ms,omitempty"`       // break: its length in milliseconds; nil: DefaultBreak
}

// SettingsPatch is a change of some settings: the fields given change, the
// others stay.
type SettingsPatch struct {
	Baud        *int         `json:"baud,omitempty"`
	DataBits    *int         `json:"dataBits,omitempty"`
	Parity      *Parity      `json:"parity,omitempty"`
	StopBits    *StopBits    `json:"stopBits,omitempty"`
	FlowControl *FlowControl `json:"flowControl,omitempty"`
}

// Empty reports whether p changes nothing.
func (p *SettingsPatch) Empty() bool { return p == nil || *p == SettingsPatch{} }

// Apply returns s changed by p.
func (p *SettingsPatch) Apply(s Settings) Settings {
	if p == nil {
		return s
	}
	if p.Baud != nil {
		s.Baud = *p.Baud
	}
	if p.DataBits != nil {
		s.DataBits = *p.DataBits
	}
	if p.Parity != nil {
		s.Parity = *p.Parity
	}
	if p.StopBits != nil {
		s.StopBits = *p.StopBits
	}
	if p.FlowControl != nil {
		s.FlowControl = *p.FlowControl
	}
	return s
}

// Break returns the length of the break a TypeBreak request asks for.
func (r Request) Break() (time.Duration, error) { return BreakLength(r.MS) }

// BreakLength checks a requested break length in milliseconds (nil: the
// default).
func BreakLength(ms *int) (time.Duration, error) {
	if ms == nil {
		return DefaultBreak, nil
	}
	if *ms <= 0 || int64(*ms) > MaxBreak.Milliseconds() {
		return 0, fmt.Errorf("break of %d ms: want 1 to %d", *ms, MaxBreak.Milliseconds())
	}
	return time.Duration(*ms) * time.Millisecond, nil
}

// RequestError is a control message (or REST body) the server cannot act
// on: the server answers it with an Error event (or ErrorBody) of Code.
type RequestError struct {
	Code    string          // CodeBadRequest, CodeUnknownType or CodeTooLarge
	Message string          // what is wrong, for people
	ID      json.RawMessage // the request's id, if it had a valid one
}

func (e *RequestError) Error() string { return e.Message }

// ParseRequest decodes and checks a control message. Every failure is a
// *RequestError that names what is wrong; a request it accepts is complete
// enough to act on.
func ParseRequest(b []byte) (Request, error) {
	var req Request
	if len(b) > MaxControlSize {
		return req, &RequestError{Code: CodeTooLarge, Message: fmt.Sprintf("control message of %d bytes is over the limit of %d", len(b), MaxControlSize)}
	}
	if err := json.Unmarshal(b, &req); err != nil {
		// A field of the wrong type leaves the others decoded: echo the
		// id if it is one, so the client can tell which message failed.
		var id json.RawMessage
		if ValidID(req.ID) {
			id = req.ID
		}
		return req, &RequestError{Code: CodeBadRequest, Message: "control message" + explainJSON(err), ID: id}
	}
	if len(req.ID) > 0 && !ValidID(req.ID) {
		return req, &RequestError{Code: CodeBadRequest, Message: fmt.Sprintf("control message: id must be a number or a string of at most %d bytes", MaxIDSize)}
	}
	bad := func(msg string) (Request, error) {
		return req, &RequestError{Code: CodeBadRequest, Message: msg, ID: req.ID}
	}
	switch req.Type {
	case "":
		return bad(`control message has no "type"`)
	case TypePing, TypeStatus, TypeModem, TypeLock, TypeUnlock, TypeRequestLock, TypeRelease, TypeBreakLease:
		return req, nil
	case TypeSettings:
		if req.Settings.Empty() {
			return bad(`settings: want "settings" with at least one of baud, dataBits, parity, stopBits, flowControl`)
		}
		return req, nil
	case TypeLines:
		if req.DTR == nil && req.RTS == nil {
			return bad(`lines: want "dtr", "rts" or both, true or false`)
		}
		return req, nil
	case TypeBreak:
		if _, err := req.Break(); err != nil {
			return bad(err.Error())
		}
		return req, nil
	default:
		return req, &RequestError{Code: CodeUnknownType, Message: fmt.Sprintf("unknown control message type %q (want ping, status, settings, lines, break, modem, lock, unlock or request-lock)", req.Type), ID: req.ID}
	}
}

// ParseBody decodes and checks the body of a REST control request as the
// control message of type typ: PATCH …/settings takes the settings object
// itself, PUT …/lines and POST …/break the message's fields without its
// type; an empty body gives none. Failures are *RequestErrors.
func ParseBody(typ string, body []byte) (Request, error) {
	msg := map[string]json.RawMessage{}
	if len(body) > 0 {
		if typ == TypeSettings {
			msg["settings"] = body
		} else if err := json.Unmarshal(body, &msg); err != nil {
			return Request{}, &RequestError{Code: CodeBadRequest, Message: "request body" + explainJSON(err)}
		}
	}
	msg["type"], _ = json.Marshal(typ)
	// A settings body that is not JSON fails to marshal: ParseRequest
	// then rejects the empty message.
	b, _ := json.Marshal(msg)
	return ParseRequest(b)
}

// ParseOpen decodes the body of POST /api/ports; a field it does not know
// is an error. Failures are *RequestErrors.
func ParseOpen(body []byte) (OpenPort, error) {
	var req OpenPort
	if err := decodeBody(body, &req); err != nil {
		return req, err
	}
	return req, nil
}

// decodeBody decodes a REST request's body into v: one JSON object, no
// field v lacks, nothing after it. Its errors are *RequestError.
func decodeBody(body []byte, v any) *RequestError {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &RequestError{Code: CodeBadRequest, Message: "request body" + explainJSON(err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &RequestError{Code: CodeBadRequest, Message: "request body: want one JSON object and nothing after it"}
	}
	return nil
}

// ValidID reports whether id is a JSON number or a string of at most
// MaxIDSize bytes: ids are echoed back, so they must stay small and plain.
func ValidID(id json.RawMessage) bool {
	// An id is echoed as it came, in a text frame, which must be UTF-8: a
	// browser drops a connection that receives anything else.
	if len(id) > MaxIDSize || !utf8.Valid(id) {
		return false
	}
	var v any
	if err := json.Unmarshal(id, &v); err != nil {
		return false
	}
	switch v.(type) {
	case float64, string:
		return true
	}
	return false
}

// explainJSON turns a JSON decoding error into the rest of a sentence
// that starts with what was being decoded.
func explainJSON(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return fmt.Sprintf(": field %q must be %s", typeErr.Field, jsonKind(typeErr.Type.Kind()))
	case errors.As(err, &typeErr), errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return " is not a JSON object: " + err.Error()
	default:
		return ": " + err.Error()
	}
}

// jsonKind names the JSON values that decode into a Go kind.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "a " + k.String()
}
