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
	Name string   // the port's name
}

// ParseURL turns what a user typed into the port it names. It accepts
//
//	ws://HOST:PORT/ws/NAME      the port's WebSocket, as docs/protocol.md has it
//	wss://HOST:PORT/ws/NAME     the same over TLS
//	http://HOST:PORT/NAME       the server's address and the port's name (https: wss)
//	HOST:PORT/NAME              the same, without TLS
//
// each optionally behind a path prefix (a reverse proxy's /serial/ws/NAME).
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
	path := u.Path
	if !strings.HasSuffix(path, "/ws/") {
		path = strings.TrimSuffix(path, "/")
	}
	i := strings.LastIndexByte(path, '/')
	name := path[i+1:]
	if i < 0 || name == "" {
		return Target{}, fmt.Errorf("URL %q names no port: want ws://HOST:PORT/ws/NAME or HOST:PORT/NAME", s)
	}
	if !validName(name) {
		return Target{}, fmt.Errorf("URL %q: %q is not a port name (1 to 64 of A-Z a-z 0-9 . _ -)", s, name)
	}
	prefix := strings.TrimSuffix(path[:i], "/ws") // ws/NAME or NAME, after any prefix
	q := u.Query()
	q.Del("replay")
	q.Del("since")
	ws := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: prefix + "/ws/" + name, RawQuery: q.Encode()}
	api := &url.URL{Scheme: httpScheme, Host: u.Host, Path: prefix + "/api/ports"}
	return Target{WS: ws, API: api, Name: name}, nil
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
