//go:build linux

package bench_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/bench"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestMemorySmall builds the serialhub program and measures it with a few
// idle clients: the figures are there and consistent, and the table shows
// them. The 1,000-client figure belongs to "serialhub bench --mode memory
// --clients 1000".
func TestMemorySmall(t *testing.T) {
	bin := serialtest.BuildSerialhub(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	r, err := bench.Run(ctx, bench.Config{Mode: bench.Memory, Clients: 20, Server: bin})
	if err != nil {
		t.Fatal(err)
	}
	if r.Baseline.RSS == 0 || r.Resident.RSS == 0 || r.Resident.HWM < r.Resident.RSS || r.Resident.HWM < r.Baseline.RSS {
		t.Fatalf("baseline %+v, with 20 clients %+v", r.Baseline, r.Resident)
	}
	var out bytes.Buffer
	bench.Format(&out, []bench.Result{r})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(strings.Join(strings.Fields(lines[1]), " "), "memory 20 ") {
		t.Fatalf("table:\n%s", out.String())
	}
	t.Logf("\n%s", out.String())
}

func TestMemoryNeedsServer(t *testing.T) {
	_, err := bench.Run(t.Context(), bench.Config{Mode: bench.Memory, Server: filepath.Join(t.TempDir(), "serialhub")})
	if err == nil || !strings.Contains(err.Error(), "start serialhub") {
		t.Fatalf("Run with no program there: %v", err)
	}
}
