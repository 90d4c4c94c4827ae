//go:build linux

package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// clients/python's tests (unittest, Debian's python3 and
// python3-websocket) against a real serialhub serving sim://.
func TestPythonClient(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import websocket").Run(); err != nil {
		t.Skip("Debian's python3-websocket is not installed (scripts/test installs it)")
	}
	proc := startServe(t, "sim=sim://")
	dir, err := filepath.Abs("../../clients/python")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/python3", "-m", "unittest", "-v", "test_serialhub")
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "SERIALHUB_URL="+proc.addr+"/sim", "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Ran 7 tests") || strings.Contains(string(out), "skipped") {
		t.Fatalf("python3 -m unittest test_serialhub: %v\n%s", err, out)
	}
}
