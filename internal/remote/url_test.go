package remote

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in, ws, api, name string
	}{
		{"ws://127.0.0.1:8080/ws/lab", "ws://127.0.0.1:8080/ws/lab", "http://127.0.0.1:8080/api/ports", "lab"},
		{"wss://hub.example:443/ws/gps", "wss://hub.example:443/ws/gps", "https://hub.example:443/api/ports", "gps"},
		{"http://pi:8080/lab", "ws://pi:8080/ws/lab", "http://pi:8080/api/ports", "lab"},
		{"https://pi/lab/", "wss://pi/ws/lab", "https://pi/api/ports", "lab"},
		{"pi:8080/lab", "ws://pi:8080/ws/lab", "http://pi:8080/api/ports", "lab"},
		{"[::1]:8080/ws/a.b_c-1", "ws://[::1]:8080/ws/a.b_c-1", "http://[::1]:8080/api/ports", "a.b_c-1"},
		{"https://proxy/serial/ws/lab", "wss://proxy/serial/ws/lab", "https://proxy/serial/api/ports", "lab"},
		{"ws://central:8080/ws/pi-07/dut", "ws://central:8080/ws/pi-07/dut", "http://central:8080/api/ports", "pi-07/dut"},
		{"https://proxy/serial/ws/pi-07/dut.1", "wss://proxy/serial/ws/pi-07/dut.1", "https://proxy/serial/api/ports", "pi-07/dut.1"},
		{"ws://h:1/ws/lab?replay=0&since=5&x=1", "ws://h:1/ws/lab?x=1", "http://h:1/api/ports", "lab"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseURL(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.WS.String() != tt.ws || got.API.String() != tt.api || got.Name != tt.name {
				t.Fatalf("got %s %s %q, want %s %s %q", got.WS, got.API, got.Name, tt.ws, tt.api, tt.name)
			}
		})
	}
}

// HOST/A/B is a fleet port A/B at a central, or else port B behind the
// prefix /A; HOST/a.b/c only the second (a gateway's name has no dot).
func TestParseURLTwoWays(t *testing.T) {
	tests := []struct {
		in, ws, other, name string
	}{
		{"central:8080/pi-07/dut", "ws://central:8080/ws/pi-07/dut", "ws://central:8080/pi-07/ws/dut", "pi-07/dut"},
		{"http://proxy/serial/lab", "ws://proxy/ws/serial/lab", "ws://proxy/serial/ws/lab", "serial/lab"},
		{"https://p/x/y/lab", "wss://p/x/ws/y/lab", "wss://p/x/y/ws/lab", "y/lab"},
		{"h/a.b/lab", "ws://h/a.b/ws/lab", "", "lab"},
		{"h/lab", "ws://h/ws/lab", "", "lab"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseURL(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			other := ""
			if got.Other != nil {
				other = got.Other.WS.String()
				if got.Other.Other != nil {
					t.Fatal("the other reading has another")
				}
			}
			if got.WS.String() != tt.ws || other != tt.other || got.Name != tt.name {
				t.Fatalf("got %s (other %q) %q, want %s (other %q) %q", got.WS, other, got.Name, tt.ws, tt.other, tt.name)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty URL"},
		{"ftp://h/lab", `scheme "ftp"`},
		{"ws:///ws/lab", "no host"},
		{"ws://h:8080", "names no port"},
		{"ws://h:8080/ws/", "names no port"},
		{"h:8080/bad%20name", "is not a port name"},
		{"ws://u:p@h/ws/lab", "--token"},
		{"ws://h/ws/lab#x", "fragment"},
		{"ws://h:port/ws/lab", "invalid port"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseURL(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseURL(%q) = %v, want an error with %q", tt.in, err, tt.want)
			}
		})
	}
}
