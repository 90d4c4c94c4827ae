package rfc2217

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"testing"

	"github.com/serialhub/serialhub/internal/device"
)

// pyserialPython returns a Python interpreter that has pyserial, or skips
// the test.
func pyserialPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import serial.rfc2217").Run() == nil {
			return path
		}
	}
	t.Skip("pyserial is not installed (Debian package python3-serial): skipping the test against pyserial's rfc2217:// client")
	return ""
}

// TestPyserial runs pyserial's rfc2217:// client against a session: it must
// open without a timeout (on a port like a pty too, where lines and break
// are not supported), and its settings, lines, break and data must reach
// the port.
func TestPyserial(t *testing.T) {
	python := pyserialPython(t)
	tests := []struct {
		name    string
		noLines bool          // the port refuses lines and break, as a pty
		modem   *device.Modem // the port's modem lines, if any
	}{
		{"port with modem lines", false, &device.Modem{CTS: true}},
		{"port like a pty", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := newFakePort()
			port.echo, port.noLines, port.modem = true, tt.noLines, tt.modem
			ts := startServer(t, port, &Server{})

			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			modemArg := "no"
			if tt.modem != nil {
				modemArg = "yes"
			}
			cmd := exec.CommandContext(ctx, python, "testdata/pyserial_client.py", "rfc2217://"+ts.addr+"?logging=debug", modemArg)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("pyserial: %v\n%s", err, stderr.Bytes())
			}
			var res struct {
				Version string `json:"version"`
				EchoOK  bool   `json:"echo_ok"`
				Echo    string `json:"echo"`
				CTS     *bool  `json:"cts"`
				DSR     *bool  `json:"dsr"`
			}
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("pyserial's output %q: %v", out, err)
			}
			t.Logf("pyserial %s", res.Version)
			if !res.EchoOK {
				t.Errorf("pyserial read back %s", res.Echo)
			}
			if tt.modem != nil && (res.CTS == nil || !*res.CTS || res.DSR == nil || *res.DSR) {
				t.Errorf("pyserial read CTS %v DSR %v, want true and false", res.CTS, res.DSR)
			}
			if err := ts.sessionResult(t); err != nil {
				t.Errorf("session ended with %v", err)
			}

			port.mu.Lock()
			defer port.mu.Unlock()
			want := []string{
				"settings 9600 8N1", // opening
				"dtr true", "rts true",
				"settings 57600 8N1",
				"dtr false", "rts false", "dtr true",
				"break true", "break false",
			}
			if !slices.Equal(port.calls, want) {
				t.Errorf("port calls\n got %q\nwant %q", port.calls, want)
			}
			if want := append(allBytes(), 255, 255); !bytes.Equal(port.written, want) {
				t.Errorf("device got %x", port.written)
			}
		})
	}
}

// allBytes returns every byte value once, in order.
func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}
