//go:build linux

package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "serialhub.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The file and the command line combine as docs/config.md says: flags
// given win over the file, the file wins over defaults, ports add up.
func TestConfigAndCommandLineCombine(t *testing.T) {
	path := writeConfig(t, `
baud = 9600
scrollback = 1000
log-level = "debug"

[[port]]
name = "a"
device = "loop://"

[[port]]
name = "b"
device = "loop://"
baud = 1200
description = "the second"
`)
	// The flags' order does not matter: after the port, --config still
	// loads the file and --baud still wins over it.
	for _, args := range [][]string{
		{"--config", path, "--baud", "57600", "c=sim://"},
		{"c=sim://", "--baud", "57600", "--config", path},
	} {
		c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
		if err := c.ParseFlags(args); err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if c.LogLevel != "debug" || c.Scrollback != 1000 {
			t.Errorf("file's keys not taken: log-level %q, scrollback %d", c.LogLevel, c.Scrollback)
		}
		got := map[string]hub.Config{}
		var order []string
		for _, p := range c.Ports {
			got[p.Name] = p
			order = append(order, p.Name)
		}
		if strings.Join(order, ",") != "a,b,c" {
			t.Fatalf("ports %v, want the file's then the command line's: a,b,c", order)
		}
		if got["a"].Settings.Baud != 57600 || got["b"].Settings.Baud != 1200 || got["c"].Settings.Baud != 57600 {
			t.Errorf("bauds a=%d b=%d c=%d, want 57600 (--baud over the file), 1200 (the port's own), 57600", got["a"].Settings.Baud, got["b"].Settings.Baud, got["c"].Settings.Baud)
		}
		if got["b"].Description != "the second" || got["a"].Scrollback != 1000 {
			t.Errorf("port b %+v, a %+v", got["b"], got["a"])
		}
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", path, "a=sim://"}, "two ports are named a"},
		{[]string{"--config", writeConfig(t, "[[port]]\ndevice = \"sim://\"\nparity = \"q\"\n")}, `serialhub.toml:3: port "sim": invalid parity "q"`},
		{[]string{"--config", filepath.Join(t.TempDir(), "missing.toml")}, "no such file"},
	} {
		c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
		if err := c.ParseFlags(tt.args); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
}

// A port found by match opens the serial port with those USB ids,
// wherever it is.
func TestConfigMatchFindsTheDevice(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pty, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer pty.Close()
	path := writeConfig(t, `
[[port]]
name = "gps"
match = { vid = "1546", pid = "01a7" }
`)
	srv := serve(t, []string{"--config", path}, func(c *serveCommand) {
		c.listDevices = func() ([]device.PortInfo, error) {
			return []device.PortInfo{
				{Path: "/dev/serialhub-no-such-tty", USB: true, VID: "0403", PID: "6001"},
				{Path: pty.Path, USB: true, VID: "1546", PID: "01A7"},
			}, nil
		}
	})
	addr := srv.addr
	client, err := serialtest.Dial(ctx, "ws://"+addr+"/ws/gps?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Conn.CloseNow()
	info, err := client.WaitState(ctx, protocol.StateOpen)
	if err != nil {
		t.Fatal(err)
	}
	if info.Device != "usb:1546:01A7" {
		t.Fatalf("device shown as %q", info.Device)
	}
	pty.Master.Write([]byte("$GPGGA\r\n"))
	var got []byte
	for len(got) < 8 {
		f, err := client.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f.Data...)
	}
	if string(got) != "$GPGGA\r\n" {
		t.Fatalf("read %q", got)
	}
}

// --raw-tcp and --rfc2217 serve a port on TCP beside the console.
func TestServeOverTCP(t *testing.T) {
	tcpReady := make(chan net.Addr, 2)
	srv := serve(t, []string{"--raw-tcp", "echo=127.0.0.1:0", "--rfc2217", "echo=127.0.0.1:0", "echo=loop://"}, func(c *serveCommand) {
		c.TCPReady = tcpReady
	})
	raw, rfc := (<-tcpReady).String(), (<-tcpReady).String()
	conn, err := net.Dial("tcp", raw)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("echo me"))
	got := make([]byte, 7)
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.ReadFull(conn, got); err != nil || string(got) != "echo me" {
		t.Fatalf("raw TCP read %q, %v", got, err)
	}
	if rfc == raw {
		t.Fatal("one address for two listeners")
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}

	for _, bad := range [][]string{{"--raw-tcp", "nope=127.0.0.1:0", "sim://"}, {"--rfc2217", "sim"}, {"--rfc2217", "sim=2217"}} {
		c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
		if err := c.ParseFlags(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestTrustingEveryProxyIsWarnedOf: trusted-proxies that takes in every
// address is allowed (a proxy may come from anywhere on a private
// network), but serialhub says what it means.
func TestTrustingEveryProxyIsWarnedOf(t *testing.T) {
	path := filepath.Join(t.TempDir(), "serialhub.toml")
	cfg := "[auth]\nproxy-user-header = \"X-Remote-User\"\ntrusted-proxies = [\"0.0.0.0/0\"]\n\n[[user]]\nname = \"alice\"\nroles = { \"*\" = \"control\" }\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	r := serve(t, []string{"--config", path, "loop://"}, nil)
	r.Stop()
	if logs := r.logs.String(); !strings.Contains(logs, "trusted-proxies includes every address") {
		t.Fatalf("no warning of a trusted-proxies of 0.0.0.0/0 in the log:\n%s", logs)
	}
}
