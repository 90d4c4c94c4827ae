package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// Events: the JSON objects the server sends in text frames. Each has a
// "type"; docs/protocol.md is their reference.
type (
	statusEvent struct {
		Type string          `json:"type"` // "status"
		Port hub.Info        `json:"port"`
		ID   json.RawMessage `json:"id,omitempty"` // when it answers a status or modem message
	}
	replayEvent struct {
		Type   string `json:"type"` // "replay"
		Bytes  int    `json:"bytes"`
		Offset uint64 `json:"offset"` // stream offset of the first byte replayed
	}
	droppedEvent struct {
		Type   string `json:"type"`   // "dropped"
		Bytes  uint64 `json:"bytes"`  // missed at this point of the stream
		Total  uint64 `json:"total"`  // missed since the connection opened
		Reason string `json:"reason"` // "slow" (fell behind) or "away" (older than the scrollback on resuming)
	}
	errorEvent struct {
		Type    string          `json:"type"` // "error"
		Code    string          `json:"code"`
		Message string          `json:"message"`
		ID      json.RawMessage `json:"id,omitempty"`
		Bytes   int             `json:"bytes,omitempty"` // for write errors: bytes not written
	}
	lockRequestEvent struct {
		Type string `json:"type"` // "lock-request"
		From string `json:"from"` // who asks the holder to let go
	}
	replyEvent struct {
		Type string          `json:"type"` // "pong" or "ok"
		ID   json.RawMessage `json:"id,omitempty"`
	}
)

// Error codes of error events.
const (
	codeBadRequest  = "bad_request"  // the control message is not valid JSON or lacks a type
	codeUnknownType = "unknown_type" // the control message's type is not one the server knows
	codeTooLarge    = "too_large"    // the control message is over maxControlSize
	codeNotOpen     = "not_open"     // bytes were sent while the port's device is not open
	codeWriteFailed = "write_failed" // the device refused bytes

	codeBadSettings  = "bad_settings"  // a setting's value is invalid; nothing changed
	codeNotSupported = "not_supported" // the device lacks the control (modem lines on a pty) or ignored a setting
	codeFailed       = "failed"        // the device failed to carry out a control
	codeNotFound     = "not_found"     // (REST) no such port or endpoint
	codeLocked       = "locked"        // another client holds the exclusive port's write lock
)

// defaultBreak is the length of a break when a request gives none.
const defaultBreak = 250 * time.Millisecond

// maxControlSize is the largest control message (text frame) accepted.
const maxControlSize = 16 << 10

// request is a control message from a client. Which fields count depends on
// the type.
type request struct {
	Type string          `json:"type"`
	ID   json.RawMessage `json:"id,omitempty"`

	Settings   *settingsPatch `json:"settings,omitempty"` // settings
	linesPatch                // lines
	MS         *int           `json:"ms,omitempty"` // break: its length in milliseconds
}

// settingsPatch is a change of some settings: the fields given change.
type settingsPatch struct {
	Baud        *int                `json:"baud,omitempty"`
	DataBits    *int                `json:"dataBits,omitempty"`
	Parity      *device.Parity      `json:"parity,omitempty"`
	StopBits    *device.StopBits    `json:"stopBits,omitempty"`
	FlowControl *device.FlowControl `json:"flowControl,omitempty"`
}

func (p *settingsPatch) empty() bool { return *p == settingsPatch{} }

// apply returns s changed by p.
func (p *settingsPatch) apply(s device.Settings) device.Settings {
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

// linesPatch is a change of DTR, RTS or both.
type linesPatch struct {
	DTR *bool `json:"dtr,omitempty"`
	RTS *bool `json:"rts,omitempty"`
}

// breakLength checks a requested break length in milliseconds (nil: the
// default).
func breakLength(ms *int) (time.Duration, error) {
	if ms == nil {
		return defaultBreak, nil
	}
	d := time.Duration(*ms) * time.Millisecond
	if *ms <= 0 || d > hub.MaxBreak {
		return 0, fmt.Errorf("break of %d ms: want 1 to %d", *ms, hub.MaxBreak.Milliseconds())
	}
	return d, nil
}

// requestError is a control message the server cannot act on.
type requestError struct {
	code string
	msg  string
	id   json.RawMessage
}

func (e *requestError) Error() string { return e.msg }

// parseRequest decodes and checks a control message. Every failure is a
// *requestError that names what is wrong.
func parseRequest(b []byte) (request, error) {
	var req request
	if len(b) > maxControlSize {
		return req, &requestError{code: codeTooLarge, msg: fmt.Sprintf("control message of %d bytes is over the limit of %d", len(b), maxControlSize)}
	}
	if err := json.Unmarshal(b, &req); err != nil {
		// A field of the wrong type leaves the others decoded: echo the
		// id if it is one, so the client can tell which message failed.
		var id json.RawMessage
		if validID(req.ID) {
			id = req.ID
		}
		return req, &requestError{code: codeBadRequest, msg: "control message" + explainJSON(err), id: id}
	}
	if len(req.ID) > 0 && !validID(req.ID) {
		return req, &requestError{code: codeBadRequest, msg: "control message: id must be a number or a string of at most 128 bytes"}
	}
	bad := func(msg string) (request, error) {
		return req, &requestError{code: codeBadRequest, msg: msg, id: req.ID}
	}
	switch req.Type {
	case "":
		return bad(`control message has no "type"`)
	case "ping", "status", "modem", "lock", "unlock", "request-lock":
		return req, nil
	case "settings":
		if req.Settings == nil || req.Settings.empty() {
			return bad(`settings: want "settings" with at least one of baud, dataBits, parity, stopBits, flowControl`)
		}
		return req, nil
	case "lines":
		if req.DTR == nil && req.RTS == nil {
			return bad(`lines: want "dtr", "rts" or both, true or false`)
		}
		return req, nil
	case "break":
		if _, err := breakLength(req.MS); err != nil {
			return bad(err.Error())
		}
		return req, nil
	default:
		return req, &requestError{code: codeUnknownType, msg: fmt.Sprintf("unknown control message type %q (want ping, status, settings, lines, break, modem, lock, unlock or request-lock)", req.Type), id: req.ID}
	}
}

// validID reports whether id is a JSON number or a short string: ids are
// echoed back, so they must stay small and plain.
func validID(id json.RawMessage) bool {
	if len(id) > 128 {
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
