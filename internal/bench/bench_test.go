//go:build linux

package bench_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/bench"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestRunSmall checks that both modes run on every target and deliver
// everything; the figures themselves belong to the benchmarks below. The
// ser2net and socat targets are skipped where those are not installed.
func TestRunSmall(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, target := range []bench.Target{bench.WebSocket, bench.RawTCP, bench.Ser2net, bench.Socat} {
		clients := 3
		if target == bench.Socat {
			clients = 1
		}
		for _, cfg := range []bench.Config{
			{Mode: bench.Latency, Target: target, Clients: clients, Lines: 200, Rate: 2000},
			{Mode: bench.Throughput, Target: target, Clients: clients, Bytes: 2 << 20, MBps: 10},
		} {
			t.Run(fmt.Sprintf("%s/%s/%d", target, cfg.Mode, cfg.Clients), func(t *testing.T) {
				r, err := bench.Run(ctx, cfg)
				if errors.Is(err, exec.ErrNotFound) {
					t.Skip(err)
				}
				if err != nil {
					t.Fatal(err)
				}
				if r.Lost != 0 {
					t.Fatalf("lost %d bytes", r.Lost)
				}
				if cfg.Mode == bench.Latency && r.Samples != cfg.Lines*cfg.Clients {
					t.Fatalf("%d samples, want %d", r.Samples, cfg.Lines*cfg.Clients)
				}
				if cfg.Mode == bench.Throughput && r.PerClientMBps <= 0 {
					t.Fatalf("rate %f", r.PerClientMBps)
				}
			})
		}
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		cfg  bench.Config
		want string
	}{
		{bench.Config{Mode: bench.Latency, Target: bench.Socat, Clients: 2}, "socat serves one client, not 2"},
		{bench.Config{Mode: bench.Latency, Target: "telnet"}, `target "telnet": want websocket, raw-tcp, ser2net or socat`},
		{bench.Config{Mode: "fast"}, `mode "fast"`},
		{bench.Config{Mode: bench.Memory, Target: bench.RawTCP}, "target raw-tcp has none"},
		{bench.Config{Mode: bench.Crowd, Target: bench.WebSocket}, "mode crowd measures serialhub with raw TCP clients: target websocket has none"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			err := tt.cfg.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
			if _, err := bench.Run(context.Background(), tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run: %v, want %q", err, tt.want)
			}
		})
	}
}

// Each benchmark is one whole run of a few seconds whatever b.N is: run
// them with -benchtime 1x (see docs/performance.md).

func benchLatency(b *testing.B, clients int) {
	cfg := bench.Config{Mode: bench.Latency, Clients: clients, Lines: 3000, Rate: 1000}
	r, err := bench.Run(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(r.P50)/1e6, "p50-ms")
	b.ReportMetric(float64(r.P99)/1e6, "p99-ms")
	b.ReportMetric(float64(r.Lost), "lost-bytes")
}

func benchThroughput(b *testing.B, clients, size int, mbps float64) {
	cfg := bench.Config{Mode: bench.Throughput, Clients: clients, Bytes: size, MBps: mbps}
	r, err := bench.Run(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportMetric(r.PerClientMBps, "MB/s/client")
	b.ReportMetric(float64(r.Lost), "lost-bytes")
}

// The targets: p99 under 2 ms with 1 client and under 10 ms with
// 100; 20 MB/s to one client; 1 MB/s to each of 100 with zero loss.
func BenchmarkLatency1Client(b *testing.B)       { benchLatency(b, 1) }
func BenchmarkLatency100Clients(b *testing.B)    { benchLatency(b, 100) }
func BenchmarkThroughput1Client(b *testing.B)    { benchThroughput(b, 1, 64<<20, 20) }
func BenchmarkThroughput100Clients(b *testing.B) { benchThroughput(b, 100, 8<<20, 1) }

// BenchmarkCrowd10000Clients lets 10,000 raw TCP clients join and leave
// the serialhub program, built from this module, while GET /api/ports is
// asked in turn; the target is every answer within 100 ms.
func BenchmarkCrowd10000Clients(b *testing.B) {
	r, err := bench.Run(context.Background(), bench.Config{Mode: bench.Crowd, Clients: 10000, Server: serialtest.BuildSerialhub(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(r.Config.Clients)/r.Joined.Seconds(), "joins/s")
	b.ReportMetric(float64(r.Left)/1e6, "leave-ms")
	b.ReportMetric(float64(r.P50)/1e6, "api-p50-ms")
	b.ReportMetric(float64(r.P99)/1e6, "api-p99-ms")
	b.ReportMetric(float64(r.Max)/1e6, "api-max-ms")
}

func TestGoals(t *testing.T) {
	lat := func(clients int, p99 time.Duration) bench.Result {
		return bench.Result{Config: bench.Config{Mode: bench.Latency, Target: bench.WebSocket, Clients: clients}, P99: p99}
	}
	thr := func(target bench.Target, clients int, pace, got float64, lost uint64) bench.Result {
		return bench.Result{Config: bench.Config{Mode: bench.Throughput, Target: target, Clients: clients, MBps: pace}, PerClientMBps: got, Lost: lost}
	}
	crowd := func(clients int, slowest time.Duration) bench.Result {
		return bench.Result{Config: bench.Config{Mode: bench.Crowd, Target: bench.RawTCP, Clients: clients}, Max: slowest}
	}
	mem := func(clients int, rss uint64) bench.Result {
		return bench.Result{Config: bench.Config{Mode: bench.Memory, Target: bench.WebSocket, Clients: clients}, Resident: bench.Resident{RSS: rss, HWM: rss}}
	}
	tests := []struct {
		name   string
		r      bench.Result
		judged bool
		missed string
	}{
		{"1 client fast", lat(1, 450*time.Microsecond), true, ""},
		{"1 client slow", lat(1, 2*time.Millisecond), true, "p99 2ms"},
		{"100 clients", lat(100, 8500*time.Microsecond), true, ""},
		{"100 clients slow", lat(100, 11*time.Millisecond), true, "p99 11ms"},
		{"10 clients: no target", lat(10, time.Second), false, ""},
		{"paced 20, kept up", thr(bench.WebSocket, 1, 20, 19.92, 0), true, ""},
		{"paced 20, fell behind", thr(bench.RawTCP, 1, 20, 18.5, 0), true, "18.50 MB/s"},
		{"paced 20, lost", thr(bench.WebSocket, 1, 20, 20, 7), true, "7 bytes lost"},
		{"100 clients paced 1", thr(bench.WebSocket, 100, 1, 1.004, 0), true, ""},
		{"unpaced: no target", thr(bench.WebSocket, 1, 0, 80, 1e6), false, ""},
		{"ser2net: not judged", thr(bench.Ser2net, 1, 20, 5.6, 0), false, ""},
		{"1000 idle clients small", mem(1000, 39.9e6), true, ""},
		{"1000 idle clients big", mem(1000, 113e6), true, "RSS 113.0MB"},
		{"100 idle clients: no target", mem(100, 1e9), false, ""},
		{"crowd of 10000 quick", crowd(10000, 100*time.Millisecond), true, ""},
		{"crowd of 10000 slow", crowd(10000, 101*time.Millisecond), true, "max 101.000ms"},
		{"crowd of 100: no target", crowd(100, time.Second), false, ""},
	}
	for _, tt := range tests {
		g, ok := bench.GoalOf(tt.r.Config)
		if ok != tt.judged {
			t.Errorf("%s: judged %v, want %v", tt.name, ok, tt.judged)
			continue
		}
		if ok {
			if got := g.Missed(tt.r); got != tt.missed {
				t.Errorf("%s: missed %q, want %q", tt.name, got, tt.missed)
			}
		}
	}
}
