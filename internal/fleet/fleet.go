// Package fleet joins serialhub gateways to a central over NATS
// (docs/fleet.md). fleet.go names the subjects a gateway's ports travel
// on; batch.go encodes port data as NATS messages; central.go is the
// central's embedded NATS server and the registry (JetStream key-value);
// creds.go the gateways' credentials and permissions; gateway.go a
// gateway's side (StartGateway); directory.go and remote.go the
// central's (StartDirectory: every gateway port a port of the central's
// hub).
package fleet

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/serialhub/serialhub/internal/hub"
)

// Prefix begins every subject serialhub uses.
const Prefix = "serialhub"

// What travels on a port's subjects.
const (
	KindOut    = "out"    // gateway → central: batches of the device's bytes (core NATS)
	KindIn     = "in"     // central → gateway: bytes for the device (request/reply: ok or an error event)
	KindCtl    = "ctl"    // central → gateway: a control request (protocol.Request JSON; request/reply)
	KindStatus = "status" // gateway → central: the port object when it changes (protocol.Port JSON)
	// KindHistory: central → gateway, a request for the port's recent
	// bytes ({"stream":S,"since":N}, or {} for all the scrollback holds);
	// the answer is several messages to the reply subject (gateway.go,
	// history).
	KindHistory = "history"
)

// ErrBadName reports a gateway or port name that cannot name a subject.
var ErrBadName = errors.New("bad name")

// validGateway is what a gateway name may be: a subject token and a path
// segment (/ws/GATEWAY/PORT), so no dots.
var validGateway = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// ValidGateway reports whether name can name a gateway: 1 to 64 letters,
// digits, underscores and dashes, starting with a letter or digit.
func ValidGateway(name string) bool { return validGateway.MatchString(name) }

// portToken is a port name as one subject token: a port name may hold
// dots, which separate tokens, so each becomes '~' (never in a port name).
func portToken(port string) string { return strings.ReplaceAll(port, ".", "~") }

// PortOfToken is the port name a subject token stands for.
func PortOfToken(token string) string { return strings.ReplaceAll(token, "~", ".") }

// Subject is the subject of a gateway's port for kind (KindOut, …):
// serialhub.GATEWAY.PORT.KIND.
func Subject(gateway, port, kind string) (string, error) {
	if !ValidGateway(gateway) {
		return "", fmt.Errorf("gateway %q: %w: use 1 to 64 letters, digits, '_' or '-'", gateway, ErrBadName)
	}
	if !hub.ValidName(port) {
		return "", fmt.Errorf("port %q: %w", port, ErrBadName)
	}
	switch kind {
	case KindOut, KindIn, KindCtl, KindStatus, KindHistory:
	default:
		return "", fmt.Errorf("subject kind %q: %w", kind, ErrBadName)
	}
	return Prefix + "." + gateway + "." + portToken(port) + "." + kind, nil
}

// GatewaySubjects is the pattern of every subject of a gateway: what its
// credential lets it use (serialhub.GATEWAY.>).
func GatewaySubjects(gateway string) string { return Prefix + "." + gateway + ".>" }

// ParseSubject splits a port subject into its gateway, port and kind.
func ParseSubject(subject string) (gateway, port, kind string, err error) {
	parts := strings.Split(subject, ".")
	if len(parts) != 4 || parts[0] != Prefix {
		return "", "", "", fmt.Errorf("subject %q: %w: want %s.GATEWAY.PORT.KIND", subject, ErrBadName, Prefix)
	}
	gateway, port, kind = parts[1], PortOfToken(parts[2]), parts[3]
	if _, err := Subject(gateway, port, kind); err != nil {
		return "", "", "", fmt.Errorf("subject %q: %w", subject, err)
	}
	return gateway, port, kind, nil
}
