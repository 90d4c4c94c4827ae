//go:build linux

package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
)

// TestServeProgramFlagsAfterThePort runs the real serialhub with its
// flags after the port, a value flag, a boolean flag and a repeatable one,
// and checks that each took effect.
func TestServeProgramFlagsAfterThePort(t *testing.T) {
	proc := startServe(t, "lab=loop://", "--baud", "9600", "--allow-open", "--raw-tcp", "lab=127.0.0.1:0")

	getJSON := func(path string, v any) {
		t.Helper()
		resp, err := http.Get("http://" + proc.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	var ports []protocol.Port
	getJSON("/api/ports", &ports)
	if len(ports) != 1 || ports[0].Name != "lab" || ports[0].Settings.Baud != 9600 {
		t.Fatalf("/api/ports = %+v; want port lab at 9600 baud (--baud after the port)", ports)
	}
	var session protocol.Session
	getJSON("/api/session", &session)
	if !session.CanOpen {
		t.Fatalf("/api/session = %+v; want canOpen (--allow-open after the port)", session)
	}

	proc.mu.Lock()
	raw := proc.tcp["raw-tcp"]
	proc.mu.Unlock()
	if raw == "" {
		t.Fatalf("no raw TCP listener (--raw-tcp after the port); log:\n%s", proc.logs())
	}
	conn, err := net.Dial("tcp", raw)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("echo me")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 7)
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.ReadFull(conn, got); err != nil || string(got) != "echo me" {
		t.Fatalf("raw TCP through loop:// read %q, %v", got, err)
	}
}
