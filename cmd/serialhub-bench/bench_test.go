//go:build linux

package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestBenchTargetErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--target", "telnet"}, `--target "telnet": want websocket, raw-tcp, ser2net or socat`},
		{[]string{"--target", "socat", "--clients", "1,100"}, "--clients 100: target socat serves one client, not 100"},
		{[]string{"--mode", "memory", "--target", "raw-tcp"}, "mode memory measures serialhub with WebSocket clients: target raw-tcp has none"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tt.args, &out, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if out.Len() != 0 {
				t.Fatalf("ran before it refused: %q", out.String())
			}
		})
	}
}

// TestBenchSocatOneClient checks that --target socat runs with one client
// unless told otherwise, and says which target the figures are for.
func TestBenchSocatOneClient(t *testing.T) {
	if _, err := exec.LookPath("socat"); err != nil {
		t.Skip("socat is not installed (Debian package socat)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"--target", "socat", "--mode", "latency", "--lines", "50"}, &out, &errOut); err != nil {
		t.Fatalf("%v; stderr:\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || lines[0] != "target: socat" || !strings.HasPrefix(strings.Join(strings.Fields(lines[2]), " "), "latency 1 50 ") {
		t.Fatalf("output:\n%s", out.String())
	}
}
