package mqtt

import (
	"fmt"
	"strings"
)

// TopicName maps a port or value name to one MQTT topic level: bytes
// other than ASCII letters, digits, '.', '_' and '-' become %XX (upper
// case hex), so '/' (a fleet port GW/PORT at a central), the wildcards
// '+' and '#', '%' itself, spaces and non-ASCII bytes can never change
// a topic's structure. The mapping is one to one (UnTopicName reverses
// it); names made only of safe bytes are unchanged.
func TopicName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if safe(c) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// UnTopicName reverses TopicName; ok is false for a level TopicName
// cannot have made.
func UnTopicName(level string) (name string, ok bool) {
	var b strings.Builder
	for i := 0; i < len(level); i++ {
		c := level[i]
		switch {
		case safe(c):
			b.WriteByte(c)
		case c == '%' && i+2 < len(level) && isUpperHex(level[i+1]) && isUpperHex(level[i+2]):
			v := unhex(level[i+1])<<4 | unhex(level[i+2])
			if safe(v) {
				return "", false // TopicName never encodes a safe byte
			}
			b.WriteByte(v)
			i += 2
		default:
			return "", false
		}
	}
	return b.String(), true
}

func safe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// objectID maps a name to Home Assistant's object and node ids, which
// allow only letters, digits, '_' and '-': other bytes become '_'. It
// is not one to one; the unique_id of a sensor uses TopicName.
func objectID(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !(safe(c) && c != '.') {
			b[i] = '_'
		}
	}
	return string(b)
}
