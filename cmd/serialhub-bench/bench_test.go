//go:build linux

package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/serialtest"
)

func TestBenchTargetErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--target", "telnet"}, `--target "telnet": want websocket, raw-tcp, ser2net or socat`},
		{[]string{"--target", "socat", "--clients", "1,100"}, "--clients 100: target socat serves one client, not 100"},
		{[]string{"--mode", "memory", "--target", "raw-tcp"}, "mode memory measures serialhub with WebSocket clients: target raw-tcp has none"},
		{[]string{"--mode", "crowd", "--target", "websocket"}, "mode crowd measures serialhub with raw TCP clients: target websocket has none"},
		{[]string{"--mode", "crowd", "--clients", "100001"}, `--clients: "100001" is not a count from 1 to 100000`},
		{[]string{"--clients", "10001"}, `--clients: "10001" is not a count from 1 to 10000`},
		{[]string{"--gateways", "2"}, "--gateways is for --mode fleet"},
		{[]string{"--mode", "latency", "--duration", "1s"}, "--duration is for --mode fleet"},
		{[]string{"--mode", "fleet", "--target", "raw-tcp"}, "--target is not for --mode fleet"},
		{[]string{"--mode", "fleet", "--clients", "2"}, "--clients is not for --mode fleet"},
		{[]string{"--mode", "fleet", "--ports", "0"}, "--gateways 100 --ports 0: want at least 1 of each"},
		{[]string{"--mode", "fleet", "--rate", "0"}, "--rate 0: want at least 1"},
		{[]string{"--mode", "fleet", "--rate", "1001"}, "rate 1001: the simulator prints at most 1000 lines a second"},
		{[]string{"--mode", "fleet", "--gateways", "1000", "--ports", "6"}, "1000 gateways of 6 ports: 6000 ports, want at most 5000"},
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

// TestBenchCrowd runs a small crowd through the command line: the crowd
// goes to serialhub's raw TCP listener without being told, and the table
// has its row. (bench.TestCrowdSmall checks the figures.)
func TestBenchCrowd(t *testing.T) {
	bin := serialtest.BuildSerialhub(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"--mode", "crowd", "--clients", "20", "--serialhub", bin}, &out, &errOut); err != nil {
		t.Fatalf("%v; stderr:\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || lines[0] != "target: raw-tcp" || !strings.HasPrefix(strings.Join(strings.Fields(lines[2]), " "), "crowd 20 ") {
		t.Fatalf("output:\n%s", out.String())
	}
}

// TestBenchFleet runs a tiny fleet through the command line: a row for
// each path and the target line. (bench.TestFleetSmall checks the
// figures.)
func TestBenchFleet(t *testing.T) {
	bin := serialtest.BuildSerialhub(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"--mode", "fleet", "--gateways", "1", "--ports", "2", "--duration", "500ms", "--serialhub", bin}, &out, &errOut); err != nil {
		t.Fatalf("%v; stderr:\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(strings.Join(strings.Fields(lines[1]), " "), "direct 2 ") ||
		!strings.HasPrefix(strings.Join(strings.Fields(lines[2]), " "), "fleet 2 ") || !strings.HasPrefix(lines[3], "target: ") {
		t.Fatalf("output:\n%s", out.String())
	}
}
