package remote

import (
	"fmt"
	"net/url"
	"strings"
)

// Target is a port of a serialhub server, as a user names it.
type Target struct {
	WS   *url.URL // the port's WebSocket: ws[s]://HOST/[PREFIX/]ws/NAME, with the user's other query parameters
	API  *url.URL // the server's port list: http[s]://HOST/[PREFIX/]api/ports
	Name string   // the port's name: NAME, or GATEWAY/PORT for a fleet port at a central
	// Other is the URL read the other way, if it can be: HOST/A/B names
	// the fleet port A/B at a central, or, Other, the port B behind a
	// path prefix /A. Dial tries Other if the server has no port Name.
	Other *Target
}

// ParseURL turns what a user typed into the port it names. It accepts
//
//	ws://HOST:PORT/ws/NAME      the port's WebSocket, as docs/protocol.md has it
//	wss://HOST:PORT/ws/NAME     the same over TLS
//	http://HOST:PORT/NAME       the server's address and the port's name (https: wss)
//	HOST:PORT/NAME              the same, without TLS
//
// each optionally behind a path prefix (a reverse proxy's /serial/ws/NAME).
// NAME may be a fleet port at a central: GATEWAY/PORT (docs/fleet.md).
// Query parameters are kept, except replay and since, which the client
// sets itself.
func ParseURL(s string) (Target, error) {
	if s == "" {
		return Target{}, fmt.Errorf("empty URL: want ws://HOST:PORT/ws/NAME or HOST:PORT/NAME")
	}
	raw := s
	if !strings.Contains(s, "://") {
		raw = "ws://" + s
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Target{}, fmt.Errorf("URL %q: %w", s, err)
	}
	var httpScheme string
	switch u.Scheme {
	case "ws", "http":
		u.Scheme, httpScheme = "ws", "http"
	case "wss", "https":
		u.Scheme, httpScheme = "wss", "https"
	default:
		return Target{}, fmt.Errorf("URL %q: scheme %q: want ws, wss, http or https", s, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return Target{}, fmt.Errorf("URL %q: no host: want ws://HOST:PORT/ws/NAME or HOST:PORT/NAME", s)
	}
	if u.User != nil {
		return Target{}, fmt.Errorf("URL %q: user information is not supported: give a token with --token or SERIALHUB_TOKEN", s)
	}
	if u.Fragment != "" {
		return Target{}, fmt.Errorf("URL %q: a fragment (#…) means nothing here", s)
	}
	if strings.HasSuffix(u.Path, "/ws/") {
		return Target{}, fmt.Errorf("URL %q names no port: want ws://HOST:PORT/ws/NAME or HOST:PORT/NAME", s)
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) == 1 && segs[0] == "" {
		return Target{}, fmt.Errorf("URL %q names no port: want ws://HOST:PORT/ws/NAME or HOST:PORT/NAME", s)
	}
	q := u.Query()
	q.Del("replay")
	q.Del("since")
	target := func(prefix []string, name string) Target {
		pre := ""
		if len(prefix) > 0 {
			pre = "/" + strings.Join(prefix, "/")
		}
		ws := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: pre + "/ws/" + name, RawQuery: q.Encode()}
		api := &url.URL{Scheme: httpScheme, Host: u.Host, Path: pre + "/api/ports"}
		return Target{WS: ws, API: api, Name: name}
	}
	n := len(segs)
	last := segs[n-1]
	if !validName(last) {
		return Target{}, fmt.Errorf("URL %q: %q is not a port name (1 to 64 of A-Z a-z 0-9 . _ -)", s, last)
	}
	switch {
	case n >= 2 && segs[n-2] == "ws":
		return target(segs[:n-2], last), nil // …/ws/NAME
	case n >= 3 && segs[n-3] == "ws" && validGateway(segs[n-2]):
		return target(segs[:n-3], segs[n-2]+"/"+last), nil // …/ws/GATEWAY/PORT
	case n >= 2 && validGateway(segs[n-2]):
		// HOST/A/B: a fleet port A/B at a central, or port B behind the
		// prefix /A. The first is tried first (Dial).
		fleet := target(segs[:n-2], segs[n-2]+"/"+last)
		other := target(segs[:n-1], last)
		fleet.Other = &other
		return fleet, nil
	}
	return target(segs[:n-1], last), nil
}

// validGateway reports whether name is a fleet gateway's name
// (docs/fleet.md): 1 to 64 letters, digits, '_' or '-'.
func validGateway(name string) bool {
	return validName(name) && !strings.Contains(name, ".")
}

// validName reports whether name is a port name serialhub accepts.
func validName(name string) bool {
	if len(name) < 1 || len(name) > 64 {
		return false
	}
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
		default:
			return false
		}
	}
	return name != "." && name != ".."
}
