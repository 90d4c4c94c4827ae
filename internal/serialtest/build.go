//go:build linux

package serialtest

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BuildSerialhub builds this module's serialhub program, without the race
// detector, into the test's temporary directory and returns its path; it
// skips the test if there is no go command. Tests whose figures depend on
// the program's speed or size run it rather than a race-instrumented test
// binary.
func BuildSerialhub(t testing.TB) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build serialhub with")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	bin := filepath.Join(t.TempDir(), "serialhub")
	build := exec.CommandContext(ctx, gobin, "build", "-o", bin, "github.com/serialhub/serialhub/cmd/serialhub")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
