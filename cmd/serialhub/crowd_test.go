//go:build linux

package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// crowdClients is how many raw TCP clients TestTCPCrowd connects.
const crowdClients = 10000

// TestTCPCrowd connects 10,000 raw TCP clients to a real serialhub as fast
// as they come, and checks that GET /api/ports answers meanwhile, and
// while they leave, within apiWithin: a join or a leave costs the port one
// step, not a status queued for every other client under its lock (10,000
// connects used to block /api/ports for 17 to 25 s). It is the guard
// against that regression, not the measurement: it allows a second, as it
// shares 2 cores with the rest of the suite. The figures, and the 100 ms
// target for the slowest answer, are the benchmark's: serialhub-bench
// --mode crowd (docs/performance.md, "Crowd").
func TestTCPCrowd(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 TCP clients")
	}
	const apiWithin = time.Second
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	pty := openPTY(t)
	// The program as users run it: this test binary is built with the race
	// detector, which makes 10,000 clients several times slower.
	proc := startServeProgram(t, serialtest.BuildSerialhub(t), "--max-clients-per-port", "10001", "--raw-tcp", "dev="+"127.0.0.1:0", "dev="+pty.Path)
	watcher := dialOpen(ctx, t, proc)

	// /api/ports is asked in turn, from start to end, each answer timed.
	var slowest time.Duration
	stopAsking := make(chan struct{})
	asked := make(chan int)
	go func() {
		n := 0
		defer func() { asked <- n }()
		for {
			select {
			case <-stopAsking:
				return
			default:
			}
			start := time.Now()
			resp, err := http.Get("http://" + proc.addr + "/api/ports")
			if err != nil {
				t.Errorf("GET /api/ports: %v", err)
				return
			}
			var ports []protocol.Port
			json.NewDecoder(resp.Body).Decode(&ports)
			resp.Body.Close()
			slowest = max(slowest, time.Since(start))
			n++
		}
	}()

	start := time.Now()
	conns := make([]net.Conn, crowdClients)
	var wg sync.WaitGroup
	next := make(chan int)
	for range 32 {
		wg.Go(func() {
			for i := range next {
				c, err := net.Dial("tcp", proc.tcp["raw-tcp"])
				if err != nil {
					t.Errorf("client %d: %v", i, err)
					continue
				}
				conns[i] = c
			}
		})
	}
	for i := range crowdClients {
		next <- i
	}
	close(next)
	wg.Wait()
	// Every client is a subscriber once a status counts them all.
	if _, err := watcher.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	waitClientCount(ctx, t, watcher, func(n int) bool { return n >= crowdClients+1 })
	joined := time.Since(start)
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
	waitClientCount(ctx, t, watcher, func(n int) bool { return n == 1 })
	left := time.Since(start) - joined
	close(stopAsking)
	n := <-asked
	t.Logf("%d clients joined in %v (%.0f a second) and left in %v; /api/ports answered %d times, the slowest in %v",
		crowdClients, joined.Round(time.Millisecond), float64(crowdClients)/joined.Seconds(), left.Round(time.Millisecond), n, slowest.Round(time.Microsecond))
	if slowest > apiWithin {
		t.Errorf("GET /api/ports took %v during the crowd's coming and going, want at most %v", slowest, apiWithin)
	}
}

// waitClientCount reads c's events until a status whose client count satisfies ok.
func waitClientCount(ctx context.Context, t *testing.T, c *serialtest.Client, ok func(int) bool) {
	t.Helper()
	for {
		f, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("waiting for the client count: %v", err)
		}
		if f.Event.Type == protocol.TypeStatus && f.Event.Port != nil && ok(f.Event.Port.Clients) {
			return
		}
	}
}
