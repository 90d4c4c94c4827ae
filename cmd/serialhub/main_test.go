//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestServeWithNoArguments runs the serve command as "serialhub" with no
// arguments would, and uses it as a newcomer does: the simulated device is
// listed, streams telemetry and answers; stopping the server closes the
// client with 1001 and returns nil (exit status 0).
func TestServeWithNoArguments(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := serve(t, nil, nil)
	addr := srv.addr

	resp, err := http.Get("http://" + addr + "/api/ports")
	if err != nil {
		t.Fatal(err)
	}
	var ports []protocol.Port
	err = json.NewDecoder(resp.Body).Decode(&ports)
	resp.Body.Close()
	if err != nil || len(ports) != 1 || ports[0].Name != "sim" || ports[0].Device != "sim://" {
		t.Fatalf("/api/ports = %+v, %v; want the simulator", ports, err)
	}

	client, err := serialtest.Dial(ctx, "ws://"+addr+"/ws/sim")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Conn.CloseNow()
	readUntil := func(want string) {
		t.Helper()
		var got []byte
		for !bytes.Contains(got, []byte(want)) {
			f, err := client.Next(ctx)
			if err != nil {
				t.Fatalf("waiting for %q: %v (got %q)", want, err, got)
			}
			got = append(got, f.Data...)
		}
	}
	readUntil("temp:")
	if err := client.Send(ctx, []byte("version\r")); err != nil {
		t.Fatal(err)
	}
	readUntil(device.SimVersion)

	stopped := make(chan error, 1)
	go func() { stopped <- srv.Stop() }() // SIGINT or SIGTERM
	for {
		_, err := client.Next(ctx)
		if err == nil {
			continue
		}
		if websocket.CloseStatus(err) != websocket.StatusGoingAway {
			t.Fatalf("client closed with %v, want status 1001", err)
		}
		break
	}
	if err := <-stopped; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if !strings.Contains(srv.logs.String(), "shutting down") {
		t.Fatalf("logs lack the shutdown:\n%s", srv.logs.String())
	}
}

func TestHelpExplainsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), newOpener(), []string{"--help"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	c := newServeCommand(newOpener(), nil, nil)
	c.flags.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(out.String(), "-"+f.Name) {
			t.Errorf("--help does not mention -%s", f.Name)
		}
		if f.Usage == "" {
			t.Errorf("-%s has no explanation", f.Name)
		}
	})
	for _, want := range []string{"PORT is [NAME=]DEVICE", "sim://", "loop://", "version"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), newOpener(), []string{"version"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "serialhub ") {
		t.Fatalf("version printed %q", out.String())
	}
}

func TestBadArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string // in the error or on stderr
	}{
		{[]string{"--no-such-flag"}, "flag provided but not defined"},
		{[]string{"serve", "--baud", "0"}, "--baud 0"},
		{[]string{"serve", "--max-clients", "0"}, "--max-clients 0"},
		{[]string{"serve", "--max-clients-per-port", "-1"}, "--max-clients-per-port -1"},
		{[]string{"serve", "--write-timeout", "0s"}, "--write-timeout 0s"},
		{[]string{"serve", "--max-ports", "0"}, "--max-ports 0"},
		{[]string{"serve", "--allow-origin", "[bad"}, `--allow-origin pattern "[bad"`},
		{[]string{"serve", "lab=/dev/x,parity=q"}, `invalid parity "q"`},
		{[]string{"serve", "sim://", "--no-such-flag"}, "flag provided but not defined: -no-such-flag"},
		{[]string{"serve", "--log-level", "loud", "sim://"}, "--log-level"},
		{[]string{"serve", "a=sim://", "a=loop://"}, "two ports are named a"},
		{[]string{"bench", "--mode", "fast"}, "go run ./cmd/serialhub-bench"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // nothing may start serving
			var out, errOut bytes.Buffer
			err := run(ctx, newOpener(), tt.args, &out, &errOut)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error()+errOut.String(), tt.want) {
				t.Fatalf("error %v, stderr %q; want %q", err, errOut.String(), tt.want)
			}
			if errors.Is(err, errUsage) && errOut.Len() == 0 {
				t.Fatal("usage error with nothing said on stderr")
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.0.0.2", true},
		{"::1", true},
		{"0.0.0.0", false},
		{"::", false},
		{"192.0.2.10", false},
	}
	for _, tt := range tests {
		if got := isLoopback(&net.TCPAddr{IP: net.ParseIP(tt.ip)}); got != tt.want {
			t.Errorf("isLoopback(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}
