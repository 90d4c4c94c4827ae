//go:build linux

// Package bench measures serialhub end to end: a pseudo-terminal plays the
// device, a real server shares it on 127.0.0.1, and N real WebSocket
// clients in this process receive what the device sends.
//
// Latency mode writes numbered lines at a steady rate and reports, over
// every line every client received, the time from the device's write to
// the client's read (p50, p90, p99, max). Throughput mode writes a known
// pattern as fast as the pty takes it and reports each client's rate and
// any byte lost or corrupted; it can pace the device to a given rate. The clients share the machine with the
// server, so the figures include their cost.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// Mode is what a run measures.
type Mode string

// The modes.
const (
	Latency    Mode = "latency"
	Throughput Mode = "throughput"
)

// Config describes a run. Zero values take the defaults beside them.
type Config struct {
	Mode    Mode // required
	Clients int  // WebSocket clients; default 1

	// Latency mode.
	Lines    int // timed lines; default 2000
	Rate     int // lines per second; default 1000
	LineSize int // bytes per line, newline included; default 62

	// Throughput mode.
	Bytes int     // bytes the device sends; default 64 MiB
	MBps  float64 // the device's rate in 10^6 bytes per second; 0: as fast as the pty takes it

	ClientBuffer int // the hub's per-client queue; default hub.DefaultClientBuffer
}

func (c *Config) defaults() error {
	if c.Clients <= 0 {
		c.Clients = 1
	}
	if c.Lines <= 0 {
		c.Lines = 2000
	}
	if c.Rate <= 0 {
		c.Rate = 1000
	}
	if c.LineSize <= 0 {
		c.LineSize = 62
	}
	if c.LineSize < 16 {
		return fmt.Errorf("line size %d: want at least 16 bytes", c.LineSize)
	}
	if c.Bytes <= 0 {
		c.Bytes = 64 << 20
	}
	switch c.Mode {
	case Latency, Throughput:
		return nil
	}
	return fmt.Errorf("mode %q: want latency or throughput", c.Mode)
}

// Result is what a run measured.
type Result struct {
	Config Config

	// Latency mode: over all lines of all clients.
	Samples            int
	P50, P90, P99, Max time.Duration

	// Throughput mode.
	PerClientMBps float64 // the slowest client's rate, in 10^6 bytes per second
	AggregateMBps float64 // all bytes delivered to all clients over the run's time
	Duration      time.Duration

	// Both: bytes that some client missed or received wrong. Zero is the
	// only good value.
	Lost uint64
}

// Run performs one measurement. ctx bounds it.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.defaults(); err != nil {
		return Result{}, err
	}
	p, err := serialtest.OpenPTY()
	if err != nil {
		return Result{}, err
	}
	defer p.Close()
	srv, err := serialtest.StartServer(serialtest.Options{
		Ports: []hub.Config{{Name: "bench", Device: p.Path, Scrollback: -1, ClientBuffer: cfg.ClientBuffer}},
	})
	if err != nil {
		return Result{}, err
	}
	defer srv.Close()

	clients := make([]*serialtest.Client, cfg.Clients)
	for i := range clients {
		c, err := serialtest.Dial(ctx, srv.WSURL("bench", "replay=0"))
		if err != nil {
			return Result{}, fmt.Errorf("client %d: %w", i, err)
		}
		defer c.Conn.CloseNow()
		if err := waitOpen(ctx, c); err != nil {
			return Result{}, fmt.Errorf("client %d: %w", i, err)
		}
		clients[i] = c
	}
	if cfg.Mode == Latency {
		return runLatency(ctx, cfg, p, clients)
	}
	return runThroughput(ctx, cfg, p, clients)
}

// waitOpen reads events until the port is open.
func waitOpen(ctx context.Context, c *serialtest.Client) error {
	for {
		f, err := c.Next(ctx)
		if err != nil {
			return err
		}
		if f.Event.Type == "status" && f.Event.Port.State == hub.StateOpen {
			return nil
		}
	}
}

// receive calls onData with each binary frame's bytes and onDropped with
// each dropped event, until onData returns true (done). It reuses one
// buffer; onData must not keep it.
func receive(ctx context.Context, c *serialtest.Client, onData func([]byte) bool, onDropped func(uint64)) error {
	buf := make([]byte, 128<<10)
	for {
		typ, r, err := c.Conn.Reader(ctx)
		if err != nil {
			return err
		}
		n := 0
		for {
			if n == len(buf) {
				buf = slices.Grow(buf, len(buf))[:cap(buf)]
			}
			m, err := r.Read(buf[n:])
			n += m
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
		}
		if typ == websocket.MessageText {
			var ev serialtest.Event
			if err := json.Unmarshal(buf[:n], &ev); err != nil {
				return fmt.Errorf("event %q: %w", buf[:n], err)
			}
			if ev.Type == "dropped" {
				onDropped(ev.Bytes)
			}
			continue
		}
		if onData(buf[:n]) {
			return nil
		}
	}
}

func runLatency(ctx context.Context, cfg Config, p *serialtest.PTY, clients []*serialtest.Client) (Result, error) {
	sent := make([]atomic.Int64, cfg.Lines) // UnixNano of each line's write
	start := time.Now()
	lats := make([][]time.Duration, len(clients))
	var lost atomic.Uint64
	var wg sync.WaitGroup
	errs := make(chan error, len(clients)+1)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var pending []byte // a line split across frames
			got := make([]time.Duration, 0, cfg.Lines)
			next := 0 // the line number expected next
			err := receive(ctx, c, func(b []byte) bool {
				now := time.Since(start)
				pending = append(pending, b...)
				for {
					j := bytes.IndexByte(pending, '\n')
					if j < 0 {
						break
					}
					line := pending[:j]
					pending = pending[j+1:]
					seq, err := strconv.Atoi(string(line[:min(len(line), 8)]))
					if err != nil || seq < next || seq >= cfg.Lines {
						lost.Add(uint64(len(line) + 1)) // garbled
						continue
					}
					lost.Add(uint64((seq - next) * cfg.LineSize)) // lines skipped
					next = seq + 1
					got = append(got, now-time.Duration(sent[seq].Load()))
				}
				return next >= cfg.Lines
			}, func(n uint64) {
				lost.Add(n)
				pending = pending[:0] // the line it was in is broken
			})
			lats[i] = got
			if err != nil {
				errs <- err
			}
		}()
	}

	// The device: one line per tick, each stamped just before its write.
	line := bytes.Repeat([]byte{'.'}, cfg.LineSize)
	line[len(line)-1] = '\n'
	tick := time.NewTicker(time.Second / time.Duration(cfg.Rate))
	defer tick.Stop()
	for seq := range cfg.Lines {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return Result{}, ctx.Err()
		}
		copy(line, fmt.Appendf(nil, "%08d", seq))
		sent[seq].Store(int64(time.Since(start)))
		if _, err := p.Master.Write(line); err != nil {
			return Result{}, fmt.Errorf("device write: %w", err)
		}
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return Result{}, err
	}
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	slices.Sort(all)
	res := Result{Config: cfg, Samples: len(all), Lost: lost.Load()}
	if len(all) > 0 {
		res.P50 = all[len(all)*50/100]
		res.P90 = all[len(all)*90/100]
		res.P99 = all[len(all)*99/100]
		res.Max = all[len(all)-1]
	}
	return res, nil
}

// patternSize is the period of the throughput pattern; it is prime so the
// pattern does not line up with any buffer size.
const patternSize = 1<<20 + 7

func runThroughput(ctx context.Context, cfg Config, p *serialtest.PTY, clients []*serialtest.Client) (Result, error) {
	pat := make([]byte, 2*patternSize) // twice, so any window is one slice
	for i := range pat {
		pat[i] = byte((i % patternSize) * 31 >> 3)
	}
	total := cfg.Bytes
	rates := make([]float64, len(clients))
	var lost, delivered atomic.Uint64
	var wg sync.WaitGroup
	errs := make(chan error, len(clients)+1)
	start := time.Now()
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var off int // stream offset of the next byte, data and losses
			var first time.Time
			err := receive(ctx, c, func(b []byte) bool {
				if first.IsZero() {
					first = time.Now()
				}
				for len(b) > 0 {
					n := min(len(b), patternSize)
					w := off % patternSize
					if !bytes.Equal(b[:n], pat[w:w+n]) {
						lost.Add(uint64(n))
					} else {
						delivered.Add(uint64(n))
					}
					off += n
					b = b[n:]
				}
				if off >= total {
					rates[i] = float64(total) / time.Since(first).Seconds() / 1e6
					return true
				}
				return false
			}, func(n uint64) { lost.Add(n); off += int(n) })
			if err != nil {
				errs <- err
			}
		}()
	}
	// The device writes 16 KiB at a time, each at its due time when paced:
	// a real device's rate is bounded by its baud rate, and a client can
	// only keep up with a rate it can take.
	const step = 16 << 10
	var pace *time.Timer
	if cfg.MBps > 0 {
		pace = time.NewTimer(0)
		defer pace.Stop()
	}
	for off := 0; off < total; {
		if pace != nil {
			due := time.Duration(float64(off) / (cfg.MBps * 1e6) * float64(time.Second))
			pace.Reset(due - time.Since(start))
			select {
			case <-pace.C:
			case <-ctx.Done():
				return Result{}, ctx.Err()
			}
		}
		n := min(total-off, step)
		w := off % patternSize
		m, err := p.Master.Write(pat[w : w+n])
		if err != nil {
			return Result{}, fmt.Errorf("device write: %w", err)
		}
		off += m
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return Result{}, err
	}
	return Result{
		Config:        cfg,
		PerClientMBps: slices.Min(rates),
		AggregateMBps: float64(delivered.Load()) / elapsed.Seconds() / 1e6,
		Duration:      elapsed,
		Lost:          lost.Load(),
	}, nil
}

// Format writes results as a table.
func Format(w io.Writer, results []Result) {
	fmt.Fprintf(w, "%-10s %7s %8s %9s %9s %9s %9s %12s %12s %6s\n",
		"mode", "clients", "samples", "p50", "p90", "p99", "max", "MB/s/client", "MB/s total", "lost")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/1e6) }
	for _, r := range results {
		switch r.Config.Mode {
		case Latency:
			fmt.Fprintf(w, "%-10s %7d %8d %9s %9s %9s %9s %12s %12s %6d\n",
				r.Config.Mode, r.Config.Clients, r.Samples, ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), "-", "-", r.Lost)
		case Throughput:
			fmt.Fprintf(w, "%-10s %7d %8s %9s %9s %9s %9s %12.1f %12.1f %6d\n",
				r.Config.Mode, r.Config.Clients, "-", "-", "-", "-", "-", r.PerClientMBps, r.AggregateMBps, r.Lost)
		}
	}
}
