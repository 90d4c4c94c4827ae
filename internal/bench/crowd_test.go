//go:build linux

package bench_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/bench"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestCrowdSmall builds the serialhub program and lets a small crowd of
// raw TCP clients join and leave: a status counted every client, GET
// /api/ports answered meanwhile, the figures are consistent and the table
// shows them. Timing is not judged here: the 10,000-client figures belong
// to "serialhub-bench --mode crowd" (docs/performance.md).
func TestCrowdSmall(t *testing.T) {
	bin := serialtest.BuildSerialhub(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	const n = 50
	r, err := bench.Run(ctx, bench.Config{Mode: bench.Crowd, Clients: n, Server: bin})
	if err != nil {
		t.Fatal(err)
	}
	if r.Config.Target != bench.RawTCP {
		t.Errorf("target %q, want raw-tcp", r.Config.Target)
	}
	if r.Counted != n {
		t.Errorf("a status counted %d clients besides the watcher, want %d", r.Counted, n)
	}
	if r.Joined <= 0 || r.Left <= 0 {
		t.Errorf("joined in %v, left in %v", r.Joined, r.Left)
	}
	if r.Samples < 1 || r.P50 <= 0 || r.P50 > r.P90 || r.P90 > r.P99 || r.P99 > r.Max {
		t.Errorf("%d answers, p50 %v, p90 %v, p99 %v, max %v", r.Samples, r.P50, r.P90, r.P99, r.Max)
	}
	var out bytes.Buffer
	bench.Format(&out, []bench.Result{r})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "mode ") || !strings.HasPrefix(strings.Join(strings.Fields(lines[1]), " "), "crowd 50 ") {
		t.Fatalf("table:\n%s", out.String())
	}
	t.Logf("\n%s", out.String())
}

// TestCrowdTooManyFiles checks that a crowd this process cannot hold is
// refused up front, naming the limit, before anything starts.
func TestCrowdTooManyFiles(t *testing.T) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Max > 1<<24 {
		t.Skipf("RLIMIT_NOFILE's hard limit is %d: no crowd is too big", lim.Max)
	}
	_, err := bench.Run(t.Context(), bench.Config{Mode: bench.Crowd, Clients: int(lim.Max), Server: filepath.Join(t.TempDir(), "serialhub")})
	if err == nil || !strings.Contains(err.Error(), "RLIMIT_NOFILE") {
		t.Fatalf("Run with %d clients: %v", lim.Max, err)
	}
}
