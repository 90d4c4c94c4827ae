package server

import (
	"net/http"
	"net/netip"

	"github.com/serialhub/serialhub/internal/auth"
)

// clientName is how a WebSocket client is named to other people: as the
// write lock's holder (lock.holder, a locked error), as the sender of a
// lock request, in the port's watchers and as its last writer (typing). On a server with users it is the user's name. On a server
// without, where there is no user, it says what the client is and where
// it is, for a person to read:
//
//	a browser at 192.168.1.20        the request came with an Origin header
//	a program at 192.168.1.20:51234  it did not
//
// Browsers send Origin with every WebSocket request and programs seldom
// do, so a page of the console (or any web page) is a browser; serialhub
// attach, pty, scripts are programs. A program's port tells two programs
// on one machine apart (and matches what ss or lsof shows); for a browser
// it would tell a person nothing. An IPv4 address reached over IPv6 is
// shown as IPv4.
func clientName(id *auth.Identity, r *http.Request) string {
	if id.User != "" {
		return id.User
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if r.Header.Get("Origin") != "" {
		if err != nil {
			return "a browser at " + r.RemoteAddr
		}
		return "a browser at " + ap.Addr().Unmap().String()
	}
	if err != nil {
		return "a program at " + r.RemoteAddr
	}
	return "a program at " + netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()).String()
}
