package protocol

import (
	"fmt"
	"strings"
)

// BroadcastRequest is the body of POST /api/broadcast: Send written to
// every port named in Ports and every fleet port whose gateway has Tag
// (KEY=VALUE, or tag:KEY=VALUE).
type BroadcastRequest struct {
	Ports []string `json:"ports,omitempty"`
	Tag   string   `json:"tag,omitempty"`
	Send  string   `json:"send"`
}

// BroadcastAnswer is the answer: one result per port.
type BroadcastAnswer struct {
	Results []BroadcastResult `json:"results"`
}

// BroadcastResult is how the write to one port went.
type BroadcastResult struct {
	Port  string `json:"port"`
	OK    bool   `json:"ok"`              // the device took every byte
	Code  string `json:"code,omitempty"`  // as an error event's: locked, not_open, forbidden, not_found, …
	Error string `json:"error,omitempty"` // for people
}

// ParseBroadcast decodes and checks a broadcast request's body: something
// to send, and ports or a tag (KEY=VALUE, or tag:KEY=VALUE; TagKey and
// TagValue hold it split). Errors are *RequestError.
func ParseBroadcast(body []byte) (req BroadcastRequest, tagKey, tagValue string, err error) {
	if e := decodeBody(body, &req); e != nil {
		return req, "", "", e
	}
	bad := func(format string, args ...any) (BroadcastRequest, string, string, error) {
		return req, "", "", &RequestError{Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
	}
	if req.Send == "" {
		return bad("broadcast request: nothing to send")
	}
	if len(req.Ports) == 0 && req.Tag == "" {
		return bad("broadcast request: no ports named, and no tag")
	}
	if req.Tag != "" {
		var ok bool
		if tagKey, tagValue, ok = strings.Cut(strings.TrimPrefix(req.Tag, "tag:"), "="); !ok || tagKey == "" {
			return bad("tag %q: want KEY=VALUE", req.Tag)
		}
	}
	return req, tagKey, tagValue, nil
}
