package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/serialhub/serialhub/internal/bench"
)

const usage = `Usage: serialhub-bench [flags] (or go run ./cmd/serialhub-bench [flags])

Measures serialhub end to end on this machine: a pseudo-terminal plays the
device, a real server shares it on 127.0.0.1 and WebSocket clients in this
process receive it. Latency runs send numbered lines at --rate and report
device-to-client percentiles; throughput runs send --bytes as fast as the
pty takes them, or at --mbps, and report each client's rate. Lost must
be 0, except at --mbps 0: the device then outruns the clients, and
serialhub drops what a client cannot take rather than slow the device
(ser2net and socat slow the device instead). Memory runs start the
serialhub program (--serialhub) as a process of its own, serving a pty,
connect idle WebSocket clients and report its resident memory (VmRSS, and
VmHWM as the peak) with none and with them, in MB of 10^6 bytes. Crowd
runs start the serialhub program likewise, with its raw TCP listener
(--target raw-tcp, the default there), let --clients raw TCP clients
(default 10000) join until a WebSocket watcher's status counts them all,
then leave until it counts none, while GET /api/ports is asked in turn;
they report joins a second, the time to join and to leave, and the
answers' count and latency (p50, p99, max). Crowd runs need a file
descriptor per client: the soft RLIMIT_NOFILE is raised to the hard one,
and a crowd beyond the hard one is refused. --mode all runs no crowd.

Fleet runs (--mode fleet, issue 13) start the serialhub program twice,
one after the other: as a fleet's central ("serialhub fleet"), with
--gateways simulated gateways in this process, each sharing --ports sim://
ports over a NATS connection of its own; and as a server of that many
sim:// ports itself (the direct path). Each port gets one WebSocket
client, which sets its simulator to --rate lines a second (default 10
there) and times each line read within a window of --duration from its
device read time to its arrival. For each path they report the time from
the server's start until GET /api/ports lists every port open (and, at the
central, online), the server's CPU (over the start, then over the window,
in % of one core) and resident memory (now and peak), this process's CPU,
and the latency p50, p90, p99 and max. The targets, for 100 gateways of 5
ports at 10 lines/s: every port listed within 10s, p99 through the central
under 3 times the direct p99 plus 2ms, the central under 300MB.

--target measures another path with the same pty and clients:
  websocket  serialhub, WebSocket clients (the default)
  raw-tcp    serialhub's raw TCP listener (serve --raw-tcp), TCP clients
  ser2net    ser2net 4 in raw mode (Debian package ser2net), TCP clients
  socat      socat between a TCP port and the pty (Debian package socat),
             one TCP client: --clients defaults to 1
TCP clients hear of no loss: theirs shows as bytes missing or wrong.

The target column judges serialhub's runs (websocket, raw-tcp) against its
targets: latency p99 under 2 ms with 1 client and 10 ms with 100; with a
device paced at 20 MB/s (1 client) or 1 MB/s (100 clients, each), every
client keeping up (within 2%, the start-up the rate includes) with nothing
lost; 1,000 idle clients in under 40 MB; with 10,000 raw TCP clients
joining and leaving, every answer of GET /api/ports within 100 ms; and
the fleet's above. --check makes a missed target an error.

Flags:
`

// run measures what args say; ctx ends it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serialhub-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mode := fs.String("mode", "all", "`what` to measure: latency, throughput, memory, crowd, fleet or all (latency, throughput and, with --target websocket, memory)")
	server := fs.String("serialhub", "", "the serialhub `program` memory, crowd and fleet runs start (default: serialhub beside this program, else on PATH, else one built from this module with go build)")
	target := fs.String("target", "websocket", "`what` serves the device: websocket, raw-tcp, ser2net or socat")
	clientsFlag := fs.String("clients", "1,100", "comma-separated `counts` of clients, one run each (default 1 with --target socat, 10000 with --mode crowd)")
	lines := fs.Int("lines", 5000, "timed lines per latency run")
	rate := fs.Int("rate", 1000, "lines per second in latency runs; of each port in fleet runs (default 10 there)")
	gateways := fs.Int("gateways", 100, "simulated gateways in fleet runs")
	ports := fs.Int("ports", 5, "sim:// ports of each gateway in fleet runs (the direct path serves gateways × ports)")
	duration := fs.Duration("duration", 20*time.Second, "fleet runs: the window whose lines are timed, on each path")
	lineSize := fs.Int("line-size", 62, "bytes per line in latency runs, newline included")
	size := fs.Int("bytes", 64<<20, "bytes the device sends in each throughput run (divided by 4 for runs of more than 10 clients)")
	mbps := fs.Float64("mbps", -1, "device `rate` in throughput runs, in MB/s (10^6 bytes); 0: as fast as the pty takes bytes, which outruns clients and loses data by design; default: 20 for one client, 1 for more (the targets)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	check := fs.Bool("check", false, "exit with an error if a run of serialhub (websocket or raw-tcp) misses its target (the table's target column)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if *mode == "fleet" {
		if !given["rate"] {
			*rate = 0 // the fleet's default
		}
		return runFleet(ctx, bench.FleetConfig{Gateways: *gateways, Ports: *ports, Rate: *rate, Duration: *duration, Server: *server}, given, *timeout, *check, stdout, stderr)
	}
	for _, name := range []string{"gateways", "ports", "duration"} {
		if given[name] {
			return fmt.Errorf("--%s is for --mode fleet", name)
		}
	}
	var modes []bench.Mode
	switch *mode {
	case "all":
		modes = []bench.Mode{bench.Latency, bench.Throughput}
		if *target == string(bench.WebSocket) {
			modes = append(modes, bench.Memory)
		}
	case "latency", "throughput", "memory", "crowd":
		modes = []bench.Mode{bench.Mode(*mode)}
	default:
		return fmt.Errorf("--mode %q: want latency, throughput, memory, crowd, fleet or all", *mode)
	}
	if *mode == string(bench.Crowd) {
		if !given["target"] {
			*target = string(bench.RawTCP)
		}
		if !given["clients"] {
			*clientsFlag = "10000"
		}
	}
	switch bench.Target(*target) {
	case bench.WebSocket, bench.RawTCP, bench.Ser2net, bench.Socat:
	default:
		return fmt.Errorf("--target %q: want websocket, raw-tcp, ser2net or socat", *target)
	}
	if *target == string(bench.Socat) && !given["clients"] {
		*clientsFlag = "1"
	}
	most := 10000
	if *mode == string(bench.Crowd) {
		most = 100000 // idle raw TCP clients, for a moment
	}
	var counts []int
	for _, s := range strings.Split(*clientsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > most {
			return fmt.Errorf("--clients: %q is not a count from 1 to %d", s, most)
		}
		counts = append(counts, n)
	}
	var cfgs []bench.Config
	for _, m := range modes {
		for _, n := range counts {
			cfg := bench.Config{Mode: m, Target: bench.Target(*target), Clients: n, Lines: *lines, Rate: *rate, LineSize: *lineSize, Bytes: *size, Server: *server}
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
			if err := cfg.Validate(); err != nil {
				return fmt.Errorf("--clients %d: %w", n, err)
			}
			cfgs = append(cfgs, cfg)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	of := "" // the default target goes without saying
	if *target != string(bench.WebSocket) {
		of = " of " + *target
		fmt.Fprintf(stdout, "target: %s\n", *target)
	}
	if *server == "" && (slices.Contains(modes, bench.Memory) || slices.Contains(modes, bench.Crowd)) {
		// "go run ./cmd/serialhub-bench" has no serialhub beside it: build
		// the one of this module.
		if _, err := bench.FindServer(); err != nil {
			bin, cleanup, berr := buildServer(ctx, stderr)
			if berr != nil {
				return fmt.Errorf("%w (building one failed too: %v)", err, berr)
			}
			defer cleanup()
			for i := range cfgs {
				cfgs[i].Server = bin
			}
		}
	}
	var results []bench.Result
	for _, cfg := range cfgs {
		fmt.Fprintf(stderr, "running %s with %d clients%s...\n", cfg.Mode, cfg.Clients, of)
		r, err := bench.Run(ctx, cfg)
		if err != nil {
			return fmt.Errorf("bench %s with %d clients%s: %w", cfg.Mode, cfg.Clients, of, err)
		}
		results = append(results, r)
	}
	bench.Format(stdout, results)
	for _, r := range results {
		if r.Lost > 0 {
			return fmt.Errorf("%s with %d clients lost %d bytes", r.Config.Mode, r.Config.Clients, r.Lost)
		}
		if g, ok := bench.GoalOf(r.Config); ok && *check {
			if why := g.Missed(r); why != "" {
				return fmt.Errorf("%s with %d clients missed its target %s: %s", r.Config.Mode, r.Config.Clients, g, why)
			}
		}
	}
	return nil
}

// runFleet measures a simulated fleet and the same ports served directly
// (--mode fleet).
func runFleet(ctx context.Context, cfg bench.FleetConfig, given map[string]bool, timeout time.Duration, check bool, stdout, stderr io.Writer) error {
	for _, name := range []string{"target", "clients", "lines", "line-size", "bytes", "mbps"} {
		if given[name] {
			return fmt.Errorf("--%s is not for --mode fleet: it runs a WebSocket client a port on both paths", name)
		}
	}
	if cfg.Gateways < 1 || cfg.Ports < 1 {
		return fmt.Errorf("--gateways %d --ports %d: want at least 1 of each", cfg.Gateways, cfg.Ports)
	}
	if given["duration"] && cfg.Duration <= 0 {
		return fmt.Errorf("--duration %s: want more than 0", cfg.Duration)
	}
	if given["rate"] && cfg.Rate < 1 {
		return fmt.Errorf("--rate %d: want at least 1", cfg.Rate)
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if cfg.Server == "" {
		if _, err := bench.FindServer(); err != nil {
			bin, cleanup, berr := buildServer(ctx, stderr)
			if berr != nil {
				return fmt.Errorf("%w (building one failed too: %v)", err, berr)
			}
			defer cleanup()
			cfg.Server = bin
		}
	}
	fmt.Fprintf(stderr, "running fleet with %d gateways of %d ports, directly then through a central...\n", cfg.Gateways, cfg.Ports)
	r, err := bench.RunFleet(ctx, cfg)
	if err != nil {
		return fmt.Errorf("bench fleet: %w", err)
	}
	bench.FormatFleet(stdout, r)
	if lost := r.Direct.Lost + r.Central.Lost; lost > 0 {
		return fmt.Errorf("fleet lost %d bytes", lost)
	}
	if g, ok := bench.FleetGoalOf(r.Config); ok && check {
		if why := g.Missed(r); why != "" {
			return fmt.Errorf("fleet missed its target: %s", why)
		}
	}
	return nil
}

// buildServer builds this module's serialhub into a temporary directory,
// which cleanup removes.
func buildServer(ctx context.Context, stderr io.Writer) (bin string, cleanup func(), err error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "serialhub-bench")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	bin = filepath.Join(dir, "serialhub")
	fmt.Fprintln(stderr, "building serialhub for the memory, crowd and fleet runs...")
	build := exec.CommandContext(ctx, gobin, "build", "-o", bin, "github.com/serialhub/serialhub/cmd/serialhub")
	build.Stderr = stderr
	if err := build.Run(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("go build: %w", err)
	}
	return bin, cleanup, nil
}
