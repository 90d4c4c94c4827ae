//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// Issue 14, "The lab tools themselves": the tools test engineers already
// script serial consoles with, as Debian ships them (python3-labgrid,
// python3-pexpect), drive the simulator through a real serialhub. Each
// script lives in testdata and prints, as JSON, the text its tool's own
// expect matched.

// labPython returns Debian's Python if it can import every module in
// modules, and skips the test (naming the Debian package) otherwise.
func labPython(t *testing.T, pkg string, modules ...string) string {
	t.Helper()
	const python = "/usr/bin/python3"
	for _, m := range modules {
		if out, err := exec.Command(python, "-c", "import "+m).CombinedOutput(); err != nil {
			t.Skipf("%s (Debian package %s) is not installed (scripts/test installs it): %v\n%s", m, pkg, err, out)
		}
	}
	return python
}

// runLabScript runs testdata/SCRIPT with python and args, with env added
// to this process's environment, and decodes what it printed into out.
func runLabScript(t *testing.T, ctx context.Context, python, script string, env []string, out any, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, python, append([]string{filepath.Join("testdata", script)}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderr.Bytes())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("%s printed %q: %v\n%s", script, stdout.Bytes(), err, stderr.Bytes())
	}
}

// simAnswer is the simulator's answer to command, exactly as a terminal
// sees it: the echo of the command and its line ending, then the answer
// (or its start) on a line of its own.
func simAnswer(command, ending, answer string) string {
	return command + ending + "\r\n" + answer
}

// TestLabgridSerialDriver runs labgrid's SerialDriver on a
// NetworkSerialPort pointing at serialhub's RFC 2217 listener (and, as
// labgrid also offers, at its raw TCP listener): labgrid opens the port
// (RFC 2217: baud, data bits, parity, stop bits, purge and SET-CONTROL
// exchanges, each of which it waits for), then its own sendline and expect
// get the simulator's exact answers to "version" and "help". Over RFC
// 2217 the speed labgrid asked for reaches the port.
func TestLabgridSerialDriver(t *testing.T) {
	python := labPython(t, "python3-labgrid", "labgrid")
	for _, tc := range []struct {
		protocol, flag string
	}{
		{"rfc2217", "--rfc2217"},
		{"raw", "--raw-tcp"},
	} {
		t.Run(tc.protocol, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			tcpReady := make(chan net.Addr, 1)
			srv := serve(t, []string{tc.flag, "sim=127.0.0.1:0", "sim=sim://"}, func(c *serveCommand) {
				c.TCPReady = tcpReady
			})
			tcpAddr := (<-tcpReady).(*net.TCPAddr)

			const speed = 9600
			envFile := filepath.Join(t.TempDir(), "env.yaml")
			yaml := fmt.Sprintf(`targets:
  main:
    resources:
      NetworkSerialPort:
        host: 127.0.0.1
        port: %d
        speed: %d
        protocol: %s
    drivers:
      SerialDriver: {}
`, tcpAddr.Port, speed, tc.protocol)
			if err := os.WriteFile(envFile, []byte(yaml), 0o600); err != nil {
				t.Fatal(err)
			}

			// labgrid's sendline ends a line with LF.
			want := []string{
				simAnswer("version", "\n", device.SimVersion+"\r\n"),
				simAnswer("help", "\n", "commands: help, version, "),
			}
			var got []string
			runLabScript(t, ctx, python, "labgrid_console.py", nil, &got,
				envFile, "version", want[0], "help", want[1])
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("labgrid's expect matched %q, want %q", got, want)
			}
			if tc.protocol == "rfc2217" {
				if p := getPort(ctx, t, srv.addr, "sim"); p.Settings.Baud != speed {
					t.Errorf("after labgrid's session the port runs at %d baud, want the %d labgrid set", p.Settings.Baud, speed)
				}
			}
		})
	}
}

// TestPexpectSpawnAttach has pexpect.spawn run "serialhub attach" (this
// test binary as the real program) on a pseudo-terminal: it types
// "version", expects the simulator's exact answer, quits with the escape
// key and requires exit status 0.
func TestPexpectSpawnAttach(t *testing.T) {
	python := labPython(t, "python3-pexpect", "pexpect")
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	srv := serve(t, []string{"sim=sim://"}, nil)

	// attach's terminal is raw: the CR typed reaches the simulator as it is.
	want := simAnswer("version", "\r", device.SimVersion+"\r\n")
	var got string
	runLabScript(t, ctx, python, "pexpect_attach.py", []string{runMainEnv + "=1"}, &got,
		os.Args[0], srv.addr+"/sim", "version", want)
	if got != want {
		t.Errorf("pexpect matched %q, want %q", got, want)
	}
}

// TestFdpexpectPtyLink has pexpect's fdpexpect drive the link "serialhub
// pty" makes, as a program that opens a serial port would: it writes
// "version" and expects the simulator's exact answer.
func TestFdpexpectPtyLink(t *testing.T) {
	python := labPython(t, "python3-pexpect", "pexpect", "pexpect.fdpexpect")
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	srv := serve(t, []string{"sim=sim://"}, nil)
	link := filepath.Join(t.TempDir(), "ttySIM")
	stop := startPty(t, ctx, "ws://"+srv.addr+"/ws/sim", link)

	want := simAnswer("version", "\r", device.SimVersion+"\r\n")
	var got string
	runLabScript(t, ctx, python, "fdpexpect_link.py", nil, &got, link, "version", want)
	if got != want {
		t.Errorf("fdpexpect matched %q, want %q", got, want)
	}
	if err := stop(); err != nil {
		t.Errorf("pty = %v, want nil", err)
	}
}
