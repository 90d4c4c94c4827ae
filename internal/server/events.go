package server

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/serialhub/serialhub/internal/hub"
)

// Events: the JSON objects the server sends in text frames. Each has a
// "type"; docs/protocol.md is their reference.
type (
	statusEvent struct {
		Type string   `json:"type"` // "status"
		Port hub.Info `json:"port"`
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
)

// maxControlSize is the largest control message (text frame) accepted.
const maxControlSize = 16 << 10

// request is a control message from a client.
type request struct {
	Type string          `json:"type"`
	ID   json.RawMessage `json:"id,omitempty"`
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
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return req, &requestError{code: codeBadRequest, msg: fmt.Sprintf("control message: field %q must be a %s", typeErr.Field, typeErr.Type)}
		}
		return req, &requestError{code: codeBadRequest, msg: "control message is not a JSON object: " + err.Error()}
	}
	if len(req.ID) > 0 && !validID(req.ID) {
		return req, &requestError{code: codeBadRequest, msg: "control message: id must be a number or a string of at most 128 bytes"}
	}
	switch req.Type {
	case "":
		return req, &requestError{code: codeBadRequest, msg: `control message has no "type"`, id: req.ID}
	case "ping", "status":
		return req, nil
	default:
		return req, &requestError{code: codeUnknownType, msg: fmt.Sprintf("unknown control message type %q (want ping or status)", req.Type), id: req.ID}
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
