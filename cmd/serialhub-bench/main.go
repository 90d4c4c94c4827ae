// Command serialhub-bench measures serialhub end to end on this machine:
// latency and throughput from a pseudo-terminal playing the device to
// clients of a real server, and the same for ser2net and socat, for
// comparison. It is a program of its own so that serialhub does not ship
// the test harness it runs on. Run it with --help, or see
// docs/performance.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2) // the flag package already said what is wrong
	default:
		fmt.Fprintln(os.Stderr, "serialhub-bench:", err)
		os.Exit(1)
	}
}

// errUsage reports bad command-line arguments that were already explained.
var errUsage = errors.New("usage error")
