//go:build linux

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/protocol"
)

// runExpectCmd runs "serialhub expect" as a process and returns its
// output and exit status.
func runExpectCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCmd(t, nil, append([]string{"expect"}, args...)...)
}

// serialhub expect against the simulator: exit 0 and the output up to the
// match; 1 and all the output on a timeout; 2 on an error; --json gives
// the offset the next call goes on from.
func TestExpectCommand(t *testing.T) {
	proc := startServe(t, "sim=sim://")
	url := proc.addr + "/sim"

	out, errOut, code := runExpectCmd(t, url, "--send", `rate 0\rhelp\r`, "--expect", `commands:[^\r]*\r\n`, "--timeout", "10s")
	if code != 0 || !strings.Contains(out, "commands: help, version") || !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("a match: exit %d, %q, %s", code, out, errOut)
	}
	out, errOut, code = runExpectCmd(t, url, "--send", `version\r`, "--expect", `no such answer`, "--timeout", "500ms")
	if code != 1 || !strings.Contains(out, "version") || !strings.Contains(errOut, "no match within") {
		t.Fatalf("a timeout: exit %d, %q, %s", code, out, errOut)
	}
	out, errOut, code = runExpectCmd(t, url, "--send", `version\r`, "--expect", `serialhub-sim [^\r]*`, "--timeout", "10s", "--json")
	var res protocol.ExpectResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Index != 0 || res.Offset == 0 || res.Stream == "" || res.At == nil {
		t.Fatalf("--json: exit %d, %q, %s", code, out, errOut)
	}
	if _, errOut, code = runExpectCmd(t, url, "--expect", "("); code != 2 || !strings.Contains(errOut, "missing closing )") {
		t.Fatalf("a bad pattern: exit %d, %s", code, errOut)
	}
	if _, errOut, code = runExpectCmd(t, proc.addr+"/nope", "--expect", "x"); code != 2 || !strings.Contains(errOut, "no such port") {
		t.Fatalf("no such port: exit %d, %s", code, errOut)
	}
}
