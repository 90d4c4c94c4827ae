package serialtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// natsBuild is the nats-server program BuildNATSServer built, once per
// test binary run; Main removes its folder at the end.
var natsBuild struct {
	once sync.Once
	dir  string // the folder of the program (os.MkdirTemp); "" if none
	bin  string
	err  error
}

// BuildNATSServer builds nats-server from its Go module, at the version
// this module requires (go.mod), into a temporary folder, and returns its
// path: for tests against a real NATS cluster of processes. It builds
// once per test binary run (later calls return the same program; Main
// removes it at the end), without the race detector, and needs nothing
// but the module cache or the module proxy. It skips the test if there is
// no go command.
func BuildNATSServer(t testing.TB) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build nats-server with")
	}
	natsBuild.once.Do(func() {
		natsBuild.err = buildNATSServer(gobin)
	})
	if natsBuild.err != nil {
		t.Fatal(natsBuild.err)
	}
	return natsBuild.bin
}

func buildNATSServer(gobin string) error {
	dir, err := os.MkdirTemp("", "serialhub-test-nats-server-")
	if err != nil {
		return err
	}
	natsBuild.dir = dir
	// Not the caller's context: the program serves every later caller.
	// A build from an empty build cache takes a minute on two cores.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(dir, "nats-server")
	build := exec.CommandContext(ctx, gobin, "build", "-o", bin, "github.com/nats-io/nats-server/v2")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build nats-server: %v\n%s", err, out)
	}
	natsBuild.bin = bin
	return nil
}

// removeBuilds removes what BuildNATSServer built. Main calls it once the
// tests are over.
func removeBuilds() {
	if natsBuild.dir != "" {
		os.RemoveAll(natsBuild.dir)
	}
}
