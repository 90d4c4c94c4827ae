//go:build linux

package main

import (
	"net/http"
	"os"
	"strings"
	"testing"
)

// statusFor returns the status of GET /healthz at addr naming host in
// its Host header.
func statusFor(t *testing.T, addr, host string) int {
	t.Helper()
	req, err := http.NewRequest("GET", "http://"+addr+"/healthz", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The serve command answers the hosts a user would type: loopback, the
// --listen host, the machine's name, --allow-host and the config file's
// allow-host; other names get 421 (DNS rebinding).
func TestServeAnswersOnlyItsHosts(t *testing.T) {
	config := writeConfig(t, "allow-host = [\"from-file.example\"]\n")
	hostname, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		args  []string
		allow []string
	}{
		{"flags", []string{"--listen", "serialhub.lab.example:8080", "--allow-host", "bench.example", "--allow-host", "*.dut.example"},
			[]string{"serialhub.lab.example:8080", "bench.example", "BENCH.example:1", "a.dut.example", hostname}},
		{"config file", []string{"--config", config}, []string{"from-file.example:8080", "localhost"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, append(tt.args, "sim://"), nil)
			port := srv.addr[strings.LastIndex(srv.addr, ":"):]
			for _, host := range append(tt.allow, srv.addr, "localhost"+port, "[::1]"+port) {
				if status := statusFor(t, srv.addr, host); status != http.StatusOK {
					t.Errorf("Host %s: %d, want 200", host, status)
				}
			}
			for _, host := range []string{"attacker.example:8080", "attacker.example" + port, "dut.example"} {
				if status := statusFor(t, srv.addr, host); status != http.StatusMisdirectedRequest {
					t.Errorf("Host %s: %d, want 421", host, status)
				}
			}
		})
	}
}

func TestBadAllowHost(t *testing.T) {
	for _, args := range [][]string{
		{"--allow-host", "[lab"},
		{"--config", writeConfig(t, "baud = 9600\nallow-host = [\"[lab\"]\n")},
	} {
		c := newServeCommand(newOpener(), &strings.Builder{}, &strings.Builder{})
		err := c.ParseFlags(args)
		if err == nil {
			t.Errorf("%v: no error", args)
			continue
		}
		t.Logf("%v: %v", args, err)
	}
}
