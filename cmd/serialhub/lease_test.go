//go:build linux

package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/protocol"
)

// runCmd runs serialhub as a process (this test binary running main) with
// extra environment variables, and returns its output and exit status.
func runCmd(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// serialhub lease, as a shell script uses it: take prints the id that
// expect then carries; others are refused with the holder's note; show
// says who holds it; release and break free it; hold runs a command
// under a lease and exits with its status.
func TestLeaseCommand(t *testing.T) {
	proc := startServe(t, "sim=sim://")
	url := proc.addr + "/sim"
	send := []string{"expect", url, "--send", `rate 0\rversion\r`, "--expect", `serialhub-sim`, "--timeout", "10s"}

	out, errOut, code := runCmd(t, nil, "lease", "take", url, "--ttl", "10m", "--note", "ci run 42")
	id := strings.TrimSpace(out)
	if code != 0 || !protocol.ValidLeaseID(id) || !strings.Contains(errOut, "is yours until") {
		t.Fatalf("take: exit %d, %q, %s", code, out, errOut)
	}
	if out, errOut, code := runCmd(t, nil, "lease", "show", url); code != 0 || !strings.Contains(out, "a program at 127.0.0.1") || !strings.Contains(out, "ci run 42") || !strings.Contains(out, "left)") {
		t.Fatalf("show: exit %d, %q, %s", code, out, errOut)
	}
	if _, errOut, code := runCmd(t, nil, send...); code != 2 || !strings.Contains(errOut, "409 Conflict") || !strings.Contains(errOut, "ci run 42") {
		t.Fatalf("expect without the lease: exit %d, %s", code, errOut)
	}
	if _, errOut, code := runCmd(t, []string{leaseEnv + "=" + id}, send...); code != 0 {
		t.Fatalf("expect with $%s: exit %d, %s", leaseEnv, code, errOut)
	}
	if _, errOut, code := runCmd(t, nil, append(send, "--lease", id)...); code != 0 {
		t.Fatalf("expect with --lease: exit %d, %s", code, errOut)
	}
	if _, errOut, code := runCmd(t, nil, "lease", "take", url); code != 1 || !strings.Contains(errOut, "ci run 42") {
		t.Fatalf("a second take: exit %d, %s", code, errOut)
	}
	if _, errOut, code := runCmd(t, nil, "lease", "renew", url, id, "--ttl", "20m"); code != 0 || !strings.Contains(errOut, "is yours until") {
		t.Fatalf("renew: exit %d, %s", code, errOut)
	}
	if _, errOut, code := runCmd(t, nil, "lease", "release", url, id); code != 0 {
		t.Fatalf("release: exit %d, %s", code, errOut)
	}
	if _, errOut, code := runCmd(t, nil, "lease", "renew", url, id); code != 1 || !strings.Contains(errOut, "no such lease") {
		t.Fatalf("renewing a released lease: exit %d, %s", code, errOut)
	}
	if out, _, code := runCmd(t, nil, "lease", "show", url); code != 0 || !strings.Contains(out, "sim is free") {
		t.Fatalf("show after release: exit %d, %q", code, out)
	}

	// hold: the command runs under the lease ($SERIALHUB_LEASE), which is
	// released when it ends; its exit status is hold's.
	if _, errOut, code := runCmd(t, nil, append([]string{"lease", "hold", url, "--note", "held", "--"}, append([]string{os.Args[0]}, send...)...)...); code != 0 {
		t.Fatalf("hold running expect: exit %d, %s", code, errOut)
	}
	if _, _, code := runCmd(t, nil, "lease", "hold", url, "--", "sh", "-c", "exit 7"); code != 7 {
		t.Fatalf("hold running exit 7: exit %d", code)
	}
	if out, _, _ := runCmd(t, nil, "lease", "show", url); !strings.Contains(out, "sim is free") {
		t.Fatalf("show after hold: %q", out)
	}

	// A lease broken while hold's command runs stops the command: it no
	// longer holds the port.
	hold := exec.Command(os.Args[0], "lease", "hold", url, "--ttl", "2s", "--", "sh", "-c", "echo started; exec sleep 60")
	hold.Env = append(os.Environ(), runMainEnv+"=1")
	holdOut, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var holdErr bytes.Buffer
	hold.Stderr = &holdErr
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hold.Process.Kill() })
	if line, err := bufio.NewReader(holdOut).ReadString('\n'); err != nil || line != "started\n" {
		t.Fatalf("hold's command: %q, %v", line, err)
	}
	if _, errOut, code := runCmd(t, nil, "lease", "break", url); code != 0 {
		t.Fatalf("break: exit %d, %s", code, errOut)
	}
	var exit *exec.ExitError
	if err := hold.Wait(); !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(holdErr.String(), "was stopped") {
		t.Fatalf("hold after its lease was broken: %v, %s", err, holdErr.String())
	}

	// break: a server without users lets anyone.
	if _, _, code := runCmd(t, nil, "lease", "take", url); code != 0 {
		t.Fatal("take")
	}
	if _, errOut, code := runCmd(t, nil, "lease", "break", url); code != 0 {
		t.Fatalf("break: exit %d, %s", code, errOut)
	}
	if out, _, _ := runCmd(t, nil, "lease", "show", url); !strings.Contains(out, "sim is free") {
		t.Fatalf("show after break: %q", out)
	}
	if _, _, code := runCmd(t, nil, "lease", "frob", url); code != 2 {
		t.Fatalf("an unknown verb: exit %d", code)
	}
}
