package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestNoTestHarnessInTheProduct checks that serialhub, built for each
// system it ships for, links none of the test harness: the testing
// package (nor its sub-packages), creack/pty or internal/serialtest.
func TestNoTestHarnessInTheProduct(t *testing.T) {
	forbidden := func(pkg string) bool {
		return pkg == "testing" || strings.HasPrefix(pkg, "testing/") ||
			pkg == "github.com/creack/pty" ||
			pkg == "github.com/serialhub/serialhub/internal/serialtest"
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		t.Run(goos, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "go", "list", "-deps", ".") // this package: cmd/serialhub
			cmd.Env = append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=0")
			out, err := cmd.Output()
			if err != nil {
				var stderr string
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = string(ee.Stderr)
				}
				t.Fatalf("go list -deps ./cmd/serialhub: %v\n%s", err, stderr)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 10 {
				t.Fatalf("go list -deps named only %q", deps)
			}
			for _, pkg := range deps {
				if forbidden(pkg) {
					t.Errorf("serialhub (GOOS=%s) depends on %s, which belongs to the tests", goos, pkg)
				}
			}
		})
	}
}
