//go:build linux

package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// writeCert writes a self-signed certificate for 127.0.0.1 with the given
// serial number, and returns it.
func writeCert(t *testing.T, certFile, keyFile string, serial int64) *x509.Certificate {
	t.Helper()
	c, err := serialtest.NewCert(serial)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, c.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, c.KeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return c.Leaf
}

// TestTLSWithCertificateReload serves HTTPS and WSS, then replaces the
// certificate files and sends SIGHUP: new connections get the new one.
func TestTLSWithCertificateReload(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	first := writeCert(t, certFile, keyFile, 1)

	reloaded := make(chan error, 1)
	srv := serve(t, []string{"--tls-cert", certFile, "--tls-key", keyFile, "sim://"}, func(c *serveCommand) {
		c.TLSReloaded = reloaded
	})
	addr := srv.addr

	// connect returns the serial number of the certificate the server shows.
	connect := func(trusted *x509.Certificate) int64 {
		t.Helper()
		pool := x509.NewCertPool()
		pool.AddCert(trusted)
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
		resp, err := client.Get("https://" + addr + "/api/ports")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn, _, err := websocket.Dial(ctx, "wss://"+addr+"/ws/sim", &websocket.DialOptions{HTTPClient: client})
		if err != nil {
			t.Fatalf("wss: %v", err)
		}
		conn.CloseNow()
		return resp.TLS.PeerCertificates[0].SerialNumber.Int64()
	}
	if got := connect(first); got != 1 {
		t.Fatalf("certificate %d, want 1", got)
	}
	second := writeCert(t, certFile, keyFile, 2)
	// Run has registered for SIGHUP (it is serving), so the signal
	// reloads rather than ends this process.
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	if err := <-reloaded; err != nil {
		t.Fatalf("reload: %v", err)
	}
	if got := connect(second); got != 2 {
		t.Fatalf("after reload: certificate %d, want 2", got)
	}
}

func TestRefusesNonLoopbackWithoutUsers(t *testing.T) {
	for _, args := range [][]string{
		{"--listen", "0.0.0.0:0", "sim://"},
		{"--listen", ":8080", "sim://"},
		{"--rfc2217", "sim=0.0.0.0:0", "sim://"},
	} {
		c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
		if err := c.ParseFlags(args); err != nil {
			t.Fatal(err)
		}
		err := c.Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), "--insecure-no-auth") {
			t.Errorf("%v: %v, want a refusal naming --insecure-no-auth", args, err)
		}
	}
}

// A config file with users turns authentication on; the audit log records
// who connected and what they wrote.
func TestUsersFromConfigAndAuditLog(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	token := auth.NewToken()
	audit := filepath.Join(t.TempDir(), "audit.log")
	path := writeConfig(t, `
audit-log = "`+audit+`"
audit-data = true

[[user]]
name = "robot"
token-hashes = ["`+auth.HashToken(token)+`"]
roles = { "*" = "control" }

[[port]]
name = "echo"
device = "loop://"
`)
	srv := serve(t, []string{"--config", path}, nil)
	addr := srv.addr

	if resp, err := http.Get("http://" + addr + "/api/ports"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without the token: %v %v", resp.StatusCode, err)
	}
	conn, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws/echo?replay=0", &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + token}}})
	if err != nil {
		t.Fatal(err)
	}
	conn.Write(ctx, websocket.MessageBinary, []byte("hello audit"))
	for { // the loopback echoes it: written by then
		typ, b, err := conn.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if typ == websocket.MessageBinary && string(b) == "hello audit" {
			break
		}
	}
	conn.Close(websocket.StatusNormalClosure, "")
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(audit)
	if err != nil {
		t.Fatal(err)
	}
	var saw = map[string]bool{}
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		msg, _ := rec["msg"].(string)
		saw[msg] = true
		if msg == "write" && (rec["user"] != "robot" || rec["bytes"] != float64(11) || rec["data"] != `"hello audit"`) {
			t.Errorf("write record %v", rec)
		}
		if msg == "connected" && (rec["user"] != "robot" || rec["port"] != "echo" || rec["remote"] == nil) {
			t.Errorf("connected record %v", rec)
		}
	}
	for _, want := range []string{"connected", "write", "disconnected"} {
		if !saw[want] {
			t.Errorf("audit log lacks %q:\n%s", want, b)
		}
	}
}
