//go:build linux

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/serialhub/serialhub/internal/bench"
)

const benchUsage = `Usage: serialhub bench [flags]

Measures serialhub end to end on this machine: a pseudo-terminal plays the
device, a real server shares it on 127.0.0.1 and WebSocket clients in this
process receive it. Latency runs send numbered lines at --rate and report
device-to-client percentiles; throughput runs send --bytes as fast as the
pty takes them, or at --mbps, and report each client's rate. Lost must
be 0 (except at --mbps 0, where the device outruns the clients).

Flags:
`

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serialhub bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mode := fs.String("mode", "all", "`what` to measure: latency, throughput or all")
	clientsFlag := fs.String("clients", "1,100", "comma-separated `counts` of WebSocket clients, one run each")
	lines := fs.Int("lines", 5000, "timed lines per latency run")
	rate := fs.Int("rate", 1000, "lines per second in latency runs")
	lineSize := fs.Int("line-size", 62, "bytes per line in latency runs, newline included")
	size := fs.Int("bytes", 64<<20, "bytes the device sends in each throughput run (divided by 4 for runs of more than 10 clients)")
	mbps := fs.Float64("mbps", -1, "device `rate` in throughput runs, in MB/s (10^6 bytes); 0: as fast as the pty takes bytes, which outruns clients and loses data by design; default: 20 for one client, 1 for more (the targets)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), benchUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	var modes []bench.Mode
	switch *mode {
	case "all":
		modes = []bench.Mode{bench.Latency, bench.Throughput}
	case "latency", "throughput":
		modes = []bench.Mode{bench.Mode(*mode)}
	default:
		return fmt.Errorf("--mode %q: want latency, throughput or all", *mode)
	}
	var counts []int
	for _, s := range strings.Split(*clientsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 10000 {
			return fmt.Errorf("--clients: %q is not a count from 1 to 10000", s)
		}
		counts = append(counts, n)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	var results []bench.Result
	for _, m := range modes {
		for _, n := range counts {
			cfg := bench.Config{Mode: m, Clients: n, Lines: *lines, Rate: *rate, LineSize: *lineSize, Bytes: *size}
			if n > 10 {
				cfg.Bytes /= 4
			}
			switch {
			case *mbps >= 0:
				cfg.MBps = *mbps
			case n == 1:
				cfg.MBps = 20
			default:
				cfg.MBps = 1
			}
			fmt.Fprintf(stderr, "running %s with %d clients...\n", m, n)
			r, err := bench.Run(ctx, cfg)
			if err != nil {
				return fmt.Errorf("bench %s with %d clients: %w", m, n, err)
			}
			results = append(results, r)
		}
	}
	bench.Format(stdout, results)
	for _, r := range results {
		if r.Lost > 0 {
			return fmt.Errorf("%s with %d clients lost %d bytes", r.Config.Mode, r.Config.Clients, r.Lost)
		}
	}
	return nil
}
