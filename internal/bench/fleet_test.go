//go:build linux

package bench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/bench"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestFleetSmall builds the serialhub program and measures a tiny fleet,
// 2 gateways of 2 ports, on both paths: every port was listed, every
// client timed lines of the window, the figures are in order and the
// table shows them. Timing is not judged here: the figures of issue 13's
// 500 ports belong to "serialhub-bench --mode fleet"
// (docs/performance.md).
func TestFleetSmall(t *testing.T) {
	bin := serialtest.BuildSerialhub(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cfg := bench.FleetConfig{Gateways: 2, Ports: 2, Rate: 50, Duration: time.Second, Settle: 200 * time.Millisecond, Server: bin}
	r, err := bench.RunFleet(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		want bench.Path
		got  bench.PathResult
	}{{bench.Direct, r.Direct}, {bench.Central, r.Central}} {
		t.Run(string(p.want), func(t *testing.T) {
			g := p.got
			if g.Path != p.want || g.Ports != 4 {
				t.Errorf("path %q with %d ports, want %q with 4", g.Path, g.Ports, p.want)
			}
			if g.Up <= 0 || g.Listed < g.Up {
				t.Errorf("up after %v, listed after %v", g.Up, g.Listed)
			}
			// 4 ports at 50 lines a second for 1 s: 200 lines. The
			// simulators' tickers skip ticks on a busy machine, never
			// add any; a line of each port may straddle an end.
			if g.Lines < 50 || g.Lines > 204 {
				t.Errorf("%d lines timed, want about 200", g.Lines)
			}
			if g.P50 <= 0 || g.P50 > g.P90 || g.P90 > g.P99 || g.P99 > g.Max {
				t.Errorf("p50 %v, p90 %v, p99 %v, max %v", g.P50, g.P90, g.P99, g.Max)
			}
			if g.Lost != 0 {
				t.Errorf("%d bytes lost", g.Lost)
			}
			if g.Resident.RSS == 0 || g.Resident.HWM < g.Resident.RSS {
				t.Errorf("resident %d, peak %d", g.Resident.RSS, g.Resident.HWM)
			}
			if g.CPU < 0 || g.BenchCPU < 0 || g.Others < 0 || g.StartCPU < 0 {
				t.Errorf("CPU: server %v, bench %v, others %v, server's start %v", g.CPU, g.BenchCPU, g.Others, g.StartCPU)
			}
		})
	}
	var out bytes.Buffer
	bench.FormatFleet(&out, r)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "path ") ||
		!strings.HasPrefix(strings.Join(strings.Fields(lines[1]), " "), "direct 4 ") ||
		!strings.HasPrefix(strings.Join(strings.Fields(lines[2]), " "), "fleet 4 ") ||
		!strings.HasPrefix(lines[3], "target: none at this size") {
		t.Fatalf("table:\n%s", out.String())
	}
	t.Logf("\n%s", out.String())
}

// TestFleetGoal checks how a fleet run is judged: only at the issue's
// size, and against each of its targets.
func TestFleetGoal(t *testing.T) {
	if _, ok := bench.FleetGoalOf(bench.FleetConfig{Gateways: 2, Ports: 2, Rate: 10}); ok {
		t.Error("a fleet of 4 ports is judged")
	}
	g, ok := bench.FleetGoalOf(bench.FleetConfig{Gateways: 100, Ports: 5, Rate: 10})
	if !ok {
		t.Fatal("issue 13's fleet is not judged")
	}
	good := bench.FleetResult{
		Direct:  bench.PathResult{P99: time.Millisecond},
		Central: bench.PathResult{Listed: 3 * time.Second, P99: 4 * time.Millisecond, Resident: bench.Resident{RSS: 100e6, HWM: 120e6}},
	}
	tests := []struct {
		name   string
		change func(*bench.FleetResult)
		want   string
	}{
		{"met", func(*bench.FleetResult) {}, ""},
		{"listed late", func(r *bench.FleetResult) { r.Central.Listed = 11 * time.Second }, "listed after 11.00s"},
		{"p99 at the bound", func(r *bench.FleetResult) { r.Central.P99 = 5 * time.Millisecond }, "p99 5.000ms, not under 5.000ms"},
		{"p99 under a slower direct path's bound", func(r *bench.FleetResult) { r.Direct.P99 = 3 * time.Millisecond; r.Central.P99 = 10 * time.Millisecond }, ""},
		{"peak RSS", func(r *bench.FleetResult) { r.Central.Resident.HWM = 300e6 }, "the central's peak RSS 300.0MB"},
		{"lost", func(r *bench.FleetResult) { r.Direct.Lost = 7 }, "7 bytes lost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.change(&r)
			if got := g.Missed(r); got != tt.want {
				t.Errorf("Missed: %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFleetConfigRefused checks the sizes a fleet run refuses.
func TestFleetConfigRefused(t *testing.T) {
	tests := []struct {
		cfg  bench.FleetConfig
		want string
	}{
		{bench.FleetConfig{Gateways: 1001, Ports: 5}, "1001 gateways of 5 ports: 5005 ports, want at most 5000"},
		{bench.FleetConfig{Rate: 1001}, "rate 1001: the simulator prints at most 1000 lines a second"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if err := tt.cfg.Validate(); err == nil || err.Error() != tt.want {
				t.Fatalf("Validate: %v, want %q", err, tt.want)
			}
			if _, err := bench.RunFleet(t.Context(), tt.cfg); err == nil || err.Error() != tt.want {
				t.Fatalf("RunFleet: %v, want %q", err, tt.want)
			}
		})
	}
	if err := (bench.FleetConfig{}).Validate(); err != nil {
		t.Fatalf("the defaults: %v", err)
	}
}
