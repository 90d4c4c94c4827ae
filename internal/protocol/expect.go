package protocol

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// ExpectRequest is the body of POST /api/ports/{name}/expect: write Send
// (if given), then wait until the port's output matches one of Expect
// (Go regular expressions), the Timeout passes, or, with Quiet, the line
// has been silent that long. Since (with Stream) starts matching at a
// stream offset a previous answer gave, so nothing is lost between calls.
// Durations are Go's ("90s", "250ms").
type ExpectRequest struct {
	// Type and ID: over the WebSocket, "expect" and the request's id
	// (echoed in the answer); absent over REST.
	Type      string          `json:"type,omitempty"`
	ID        json.RawMessage `json:"id,omitempty"`
	Send      string          `json:"send,omitempty"`
	Expect    []string        `json:"expect,omitempty"`
	Timeout   string          `json:"timeout,omitempty"`   // default "30s", at most "10m"
	Quiet     string          `json:"quiet,omitempty"`     // "0s" or absent: not used
	CharDelay string          `json:"charDelay,omitempty"` // between the bytes of Send; at most "1s"
	Since     *uint64         `json:"since,omitempty"`
	Stream    string          `json:"stream,omitempty"`
}

// ExpectResult is the answer: 200 when a pattern matched or the line was
// quiet, 408 when the timeout passed (Transcript holds all the output
// since the write).
type ExpectResult struct {
	Type       string          `json:"type,omitempty"`       // over the WebSocket: "expect"
	ID         json.RawMessage `json:"id,omitempty"`         // over the WebSocket: the request's
	Index      int             `json:"index"`                // the pattern that matched; -1 if none
	Before     string          `json:"before"`               // output before the match
	Match      string          `json:"match"`                // the matched text
	After      string          `json:"after"`                // output after the match, received by then
	Offset     uint64          `json:"offset"`               // the stream offset just past the match: Since of the next call
	Stream     string          `json:"stream"`               // the stream Offset counts in
	At         *time.Time      `json:"at,omitempty"`         // the device's read time of the match's last byte
	SentAt     *time.Time      `json:"sentAt,omitempty"`     // when Send was written
	Quiet      bool            `json:"quiet,omitempty"`      // the line was silent for Quiet
	TimedOut   bool            `json:"timedOut,omitempty"`   // no match within Timeout (status 408)
	Transcript string          `json:"transcript,omitempty"` // on a timeout or quiet: all the output
	Dropped    uint64          `json:"dropped,omitempty"`    // output bytes lost meanwhile (too slow, or older than the scrollback with since)
	Trimmed    uint64          `json:"trimmed,omitempty"`    // output bytes dropped from the front: more than 1 MiB came
}

// MaxExpectPatterns bounds the patterns of one request.
const MaxExpectPatterns = 32

// ParsedExpect is an ExpectRequest checked: patterns compiled, durations
// parsed.
type ParsedExpect struct {
	Send                      []byte
	Expect                    []*regexp.Regexp
	Timeout, Quiet, CharDelay time.Duration
	Since                     *uint64
	Stream                    string
	ID                        json.RawMessage // the WebSocket request's id
}

// TypeExpect is the type of a send-and-expect over the WebSocket: the
// request is an ExpectRequest, the answer an ExpectResult with the same
// type and id (an error event with the id if it cannot be carried out).
const TypeExpect = "expect"

// ParseExpect decodes and checks an expect request's body. Errors are
// *RequestError with CodeBadRequest, saying what is wrong.
func ParseExpect(b []byte) (ParsedExpect, error) {
	var p ParsedExpect
	var req ExpectRequest
	bad := func(format string, args ...any) (ParsedExpect, error) {
		var id json.RawMessage
		if ValidID(req.ID) {
			id = req.ID // echoed, once the request decoded
		}
		return ParsedExpect{}, &RequestError{Code: CodeBadRequest, Message: fmt.Sprintf(format, args...), ID: id}
	}
	if len(b) > MaxControlSize {
		return ParsedExpect{}, &RequestError{Code: CodeTooLarge, Message: fmt.Sprintf("expect request of %d bytes is over the limit of %d", len(b), MaxControlSize)}
	}
	if err := decodeBody(b, &req); err != nil {
		return ParsedExpect{}, err
	}
	if len(req.Expect) > MaxExpectPatterns {
		return bad("expect request: %d patterns, at most %d", len(req.Expect), MaxExpectPatterns)
	}
	for i, e := range req.Expect {
		re, err := regexp.Compile(e)
		if err != nil {
			return bad("expect[%d] %q: %v", i, e, err)
		}
		p.Expect = append(p.Expect, re)
	}
	for _, d := range []struct {
		name, text string
		to         *time.Duration
	}{{"timeout", req.Timeout, &p.Timeout}, {"quiet", req.Quiet, &p.Quiet}, {"charDelay", req.CharDelay, &p.CharDelay}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil || v < 0 {
			return bad("%s %q: want a duration such as \"90s\" or \"250ms\"", d.name, d.text)
		}
		*d.to = v
	}
	if req.Type != "" && req.Type != TypeExpect {
		return bad("expect request of type %q", req.Type)
	}
	if req.ID != nil && !ValidID(req.ID) {
		return bad("id: want a number or a string of at most %d bytes", MaxIDSize)
	}
	if len(p.Expect) == 0 && p.Quiet == 0 {
		return bad("expect request: give expect (patterns), or quiet")
	}
	p.Send, p.Since, p.Stream, p.ID = []byte(req.Send), req.Since, req.Stream, req.ID
	return p, nil
}
