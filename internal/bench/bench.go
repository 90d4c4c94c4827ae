//go:build linux

// Package bench measures serialhub end to end: a pseudo-terminal plays the
// device, a real server shares it on 127.0.0.1, and N real clients in this
// process receive what the device sends: WebSocket clients, or TCP clients
// of serialhub's raw TCP listener. The same TCP clients measure ser2net and
// socat serving the same pty, for comparison.
//
// Latency mode writes numbered lines at a steady rate and reports, over
// every line every client received, the time from the device's write to
// the client's read (p50, p90, p99, max). Throughput mode writes a known
// pattern as fast as the pty takes it and reports each client's rate and
// any byte lost or corrupted; it can pace the device to a given rate. The
// clients share the machine with the server, so the figures include their
// cost.
//
// Memory mode runs the serialhub program as a process of its own, serving
// a pty, and reports its resident memory with no client and with N idle
// WebSocket clients.
//
// Crowd mode runs the serialhub program likewise, with its raw TCP
// listener: N raw TCP clients join and leave as fast as they can while
// GET /api/ports is asked in turn, and it reports how fast they joined
// and left and how long each answer took.
//
// Fleet mode (RunFleet, fleet.go) runs the serialhub program as a fleet's
// central with simulated gateways in this process, and as a server of the
// same sim:// ports, and reports for both how soon every port was listed,
// the server's CPU and memory, and the latency of each line from its
// device read time to a WebSocket client.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/coder/websocket"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/netport"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// Mode is what a run measures.
type Mode string

// The modes.
const (
	Latency    Mode = "latency"
	Throughput Mode = "throughput"
	Memory     Mode = "memory" // the serialhub program's resident memory; target WebSocket only
	Crowd      Mode = "crowd"  // the serialhub program under raw TCP clients joining and leaving; target RawTCP only
)

// Target is what serves the device to the clients.
type Target string

// The targets.
const (
	WebSocket Target = "websocket" // serialhub, WebSocket clients
	RawTCP    Target = "raw-tcp"   // serialhub's raw TCP listener (serve --raw-tcp)
	Ser2net   Target = "ser2net"   // ser2net 4 in raw mode at 115200n81, its other options at their defaults
	Socat     Target = "socat"     // socat between a TCP listener and the pty: one client only
)

// Config describes a run. Zero values take the defaults beside them.
type Config struct {
	Mode    Mode   // required
	Target  Target // default WebSocket; RawTCP in crowd mode
	Clients int    // default 1; 10,000 in crowd mode

	// Latency mode.
	Lines    int // timed lines; default 2000
	Rate     int // lines per second; default 1000
	LineSize int // bytes per line, newline included; default 62

	// Throughput mode.
	Bytes int     // bytes the device sends; default 64 MiB
	MBps  float64 // the device's rate in 10^6 bytes per second; 0: as fast as the pty takes it

	ClientBuffer int // serialhub's per-client queue; default hub.DefaultClientBuffer

	// Memory and crowd modes: the serialhub program to run; default
	// FindServer's.
	Server string
}

// Validate reports why Run would refuse c, if it would.
func (c Config) Validate() error { return c.defaults() }

func (c *Config) defaults() error {
	if c.Mode == Crowd {
		if c.Clients <= 0 {
			c.Clients = 10000
		}
		if c.Target == "" {
			c.Target = RawTCP
		}
	}
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
	switch c.Target {
	case "":
		c.Target = WebSocket
	case WebSocket, RawTCP, Ser2net:
	case Socat:
		if c.Clients > 1 {
			return fmt.Errorf("target socat serves one client, not %d", c.Clients)
		}
	default:
		return fmt.Errorf("target %q: want websocket, raw-tcp, ser2net or socat", c.Target)
	}
	switch c.Mode {
	case Latency, Throughput:
		return nil
	case Memory:
		if c.Target != WebSocket {
			return fmt.Errorf("mode memory measures serialhub with WebSocket clients: target %s has none", c.Target)
		}
		return nil
	case Crowd:
		if c.Target != RawTCP {
			return fmt.Errorf("mode crowd measures serialhub with raw TCP clients: target %s has none", c.Target)
		}
		return nil
	}
	return fmt.Errorf("mode %q: want latency, throughput, memory or crowd", c.Mode)
}

// Result is what a run measured.
type Result struct {
	Config Config

	// Latency mode: over all lines of all clients. Crowd mode: over the
	// answers to GET /api/ports while the clients came and went.
	Samples            int
	P50, P90, P99, Max time.Duration

	// Throughput mode.
	PerClientMBps float64 // the slowest client's rate, in 10^6 bytes per second
	AggregateMBps float64 // all bytes delivered to all clients over the run's time
	Duration      time.Duration

	// Memory mode: the server's resident memory serving the open port to
	// no client, and to Config.Clients idle clients.
	Baseline, Resident Resident

	// Crowd mode: the time from the first client's dial until a status
	// counted them all (Joined), and from closing them until a status
	// counted none (Left); the most clients a status counted, the
	// watcher that reads the statuses left out (Counted: Config.Clients
	// unless something is wrong).
	Joined, Left time.Duration
	Counted      int

	// Latency and throughput: bytes that some client missed or received
	// wrong. Zero is the only good value.
	Lost uint64
}

// Run performs one measurement. ctx bounds it.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.defaults(); err != nil {
		return Result{}, err
	}
	switch cfg.Mode {
	case Memory:
		return runMemory(ctx, cfg)
	case Crowd:
		return runCrowd(ctx, cfg)
	}
	p, err := serialtest.OpenPTY()
	if err != nil {
		return Result{}, err
	}
	defer p.Close()
	clients, stop, err := connect(ctx, cfg, p)
	if err != nil {
		return Result{}, fmt.Errorf("target %s: %w", cfg.Target, err)
	}
	defer stop()
	if cfg.Mode == Latency {
		return runLatency(ctx, cfg, p, clients)
	}
	return runThroughput(ctx, cfg, p, clients)
}

// client receives what the device sends, through the target.
type client interface {
	// receive calls onData with each piece of device data and onDropped
	// with each loss the server reports, until onData returns true or the
	// stream ends (see endMarker), or it fails. It reuses one buffer:
	// onData must not keep it.
	receive(ctx context.Context, onData func([]byte) bool, onDropped func(uint64)) error
}

// connect starts cfg.Target on the pty and connects cfg.Clients clients,
// ready to receive; stop closes the clients, then the target.
func connect(ctx context.Context, cfg Config, p *serialtest.PTY) (clients []client, stop func(), err error) {
	var closers []func()
	closeAll := func() {
		for _, c := range slices.Backward(closers) {
			c()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	quiet := slog.New(slog.DiscardHandler)
	port := hub.Config{Name: "bench", Device: p.Path, Scrollback: -1, ClientBuffer: cfg.ClientBuffer, Logger: quiet}
	var addr string // where the TCP clients connect
	switch cfg.Target {
	case WebSocket:
		srv, err := serialtest.StartServer(serialtest.Options{Ports: []hub.Config{port}})
		if err != nil {
			return nil, nil, err
		}
		closers = append(closers, func() { srv.Close() })
		for i := range cfg.Clients {
			c, err := serialtest.Dial(ctx, srv.WSURL("bench", "replay=0"))
			if err != nil {
				return nil, nil, fmt.Errorf("client %d: %w", i, err)
			}
			closers = append(closers, func() { c.Conn.CloseNow() })
			if err := waitOpen(ctx, c); err != nil {
				return nil, nil, fmt.Errorf("client %d: %w", i, err)
			}
			clients = append(clients, wsClient{c})
		}
		return clients, closeAll, nil
	case RawTCP:
		// What serve --raw-tcp runs: a hub and a netport listener.
		h, err := hub.New([]hub.Config{port})
		if err != nil {
			return nil, nil, err
		}
		closers = append(closers, func() { h.Close() })
		hp, _ := h.Port(port.Name)
		// The listener drops what clients send while the port is not
		// open, and dialTCP needs it through.
		if _, err := serialtest.WaitPort(ctx, hp, serialtest.StateIs(hub.StateOpen)); err != nil {
			return nil, nil, err
		}
		ns := netport.New(netport.Config{Logger: quiet, MaxClientsPerPort: cfg.Clients + 1})
		closers = append(closers, func() { ns.Close() })
		a, err := ns.Listen(netport.Raw, hp, "127.0.0.1:0")
		if err != nil {
			return nil, nil, err
		}
		addr = a.String()
	case Ser2net:
		r, err := serialtest.StartSer2net(ctx, serialtest.Ser2netOptions{Device: p.Path, Settings: "115200n81,local", MaxConnections: cfg.Clients})
		if err != nil {
			return nil, nil, err
		}
		closers = append(closers, func() { r.Close() })
		addr = r.Addr
	case Socat:
		r, err := serialtest.StartSocat(ctx, p.Path)
		if err != nil {
			return nil, nil, err
		}
		closers = append(closers, func() { r.Close() })
		addr = r.Addr
	}
	if cfg.Target != RawTCP {
		// Reads of the pty's master side fail while no one has its slave
		// side open, and ser2net and socat open it only when a client
		// comes: hold it open until every client is through.
		slave, err := os.OpenFile(p.Path, os.O_RDWR|syscall.O_NOCTTY, 0)
		if err != nil {
			return nil, nil, fmt.Errorf("open the pty: %w", err)
		}
		defer slave.Close()
	}
	for i := range cfg.Clients {
		c, err := dialTCP(ctx, addr, p)
		if err != nil {
			return nil, nil, fmt.Errorf("client %d: %w", i, err)
		}
		closers = append(closers, func() { c.conn.Close() })
		clients = append(clients, c)
	}
	return clients, closeAll, nil
}

// waitOpen reads events until the port is open.
func waitOpen(ctx context.Context, c *serialtest.Client) error {
	for {
		f, err := c.Next(ctx)
		if err != nil {
			return err
		}
		if f.Event.Type == "status" && f.Event.Port.State == protocol.StateOpen {
			return nil
		}
	}
}

// wsClient is a WebSocket client of serialhub.
type wsClient struct{ c *serialtest.Client }

func (w wsClient) receive(ctx context.Context, onData func([]byte) bool, onDropped func(uint64)) error {
	buf := make([]byte, 128<<10)
	for {
		typ, r, err := w.c.Conn.Reader(ctx)
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
			var ev protocol.Event
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

// tcpClient is a raw TCP client: of serialhub, ser2net or socat.
type tcpClient struct{ conn net.Conn }

// dialTCP connects a client and waits until the device hears from it:
// the server then has the device open and the client in its audience.
func dialTCP(ctx context.Context, addr string, p *serialtest.PTY) (*tcpClient, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Write([]byte{'?'}); err != nil {
		conn.Close()
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { p.Master.SetReadDeadline(time.Now()) })
	defer stop()
	if _, err := io.ReadFull(p.Master, make([]byte, 1)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("waiting for the device to hear from the client: %w", err)
	}
	return &tcpClient{conn: conn}, nil
}

// endMarker ends the device's stream to TCP clients, which otherwise would
// not know it ended: they hear of no loss, so one that lost data would
// wait for ever. No run of zero bytes this long appears in what the device
// sends before it.
var endMarker = make([]byte, 16)

func (c *tcpClient) receive(ctx context.Context, onData func([]byte) bool, _ func(uint64)) error {
	stop := context.AfterFunc(ctx, func() { c.conn.SetReadDeadline(time.Now()) })
	defer stop()
	buf := make([]byte, 128<<10)
	for {
		n, err := c.conn.Read(buf)
		if i := bytes.Index(buf[:n], endMarker); i >= 0 {
			onData(buf[:i])
			return nil
		}
		if n > 0 && onData(buf[:n]) {
			return nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("read: %w", err)
		}
	}
}

// awaitClients waits for every client's end, of which finished gets one
// each, and returns the first error. Meanwhile it ends the stream to TCP
// clients every 10 ms: a client that is missing data may miss a marker
// too.
func awaitClients(ctx context.Context, cfg Config, p *serialtest.PTY, finished <-chan error, n int) error {
	var tick <-chan time.Time
	if cfg.Target != WebSocket {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		tick = t.C
	}
	var first error
	for n > 0 {
		select {
		case err := <-finished:
			n--
			if first == nil {
				first = err
			}
		case <-tick:
			if _, err := p.Master.Write(endMarker); err != nil {
				return fmt.Errorf("device write: %w", err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return first
}

func runLatency(ctx context.Context, cfg Config, p *serialtest.PTY, clients []client) (Result, error) {
	sent := make([]atomic.Int64, cfg.Lines) // UnixNano of each line's write
	start := time.Now()
	lats := make([][]time.Duration, len(clients))
	var lost atomic.Uint64
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel() // on an early return: stops the clients, then waits
	finished := make(chan error, len(clients))
	for i, c := range clients {
		wg.Go(func() {
			var pending []byte // a line split across reads
			got := make([]time.Duration, 0, cfg.Lines)
			next := 0 // the line number expected next
			err := c.receive(ctx, func(b []byte) bool {
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
			lost.Add(uint64((cfg.Lines - next) * cfg.LineSize)) // lines the stream ended without
			lats[i] = got
			finished <- err
		})
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
	if err := awaitClients(ctx, cfg, p, finished, len(clients)); err != nil {
		return Result{}, err
	}
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	res := Result{Config: cfg, Lost: lost.Load()}
	res.setPercentiles(all)
	return res, nil
}

// setPercentiles sorts all and sets r's Samples and percentiles from it.
func (r *Result) setPercentiles(all []time.Duration) {
	slices.Sort(all)
	r.Samples = len(all)
	if len(all) > 0 {
		r.P50 = all[len(all)*50/100]
		r.P90 = all[len(all)*90/100]
		r.P99 = all[len(all)*99/100]
		r.Max = all[len(all)-1]
	}
}

// patternSize is the period of the throughput pattern; it is prime so the
// pattern does not line up with any buffer size.
const patternSize = 1<<20 + 7

// pattern returns the throughput pattern twice over, so that any window
// of it is one slice.
func pattern() []byte {
	pat := make([]byte, 2*patternSize)
	for i := range pat {
		pat[i] = byte((i % patternSize) * 31 >> 3)
	}
	return pat
}

// stream follows one client's copy of the throughput pattern.
type stream struct {
	pat     []byte // static: pattern()
	off     int    // stream offset of the next byte: received, reported dropped or found missing
	matched int    // bytes received in their place
	held    []byte // bytes after a mismatch, too few to place: placed with the next
}

// probeSize is how many bytes after a mismatch stream looks for.
const probeSize = 64

// resyncSpan bounds how far past a mismatch stream looks for the data: the
// pattern's bytes repeat every 2048 within its period (they depend on
// i*31 mod 2^11), so a gap can only be told to within a multiple of that
// anyway, plus a few bytes where the period wraps.
const resyncSpan = 4096

// add checks b, the next bytes received. A TCP client hears of no loss,
// so where b stops matching, add looks for the rest a little further on:
// data went missing (a gap of the size found, or one a multiple of 2048
// bytes bigger, which shows as bytes never matched when the run ends), or
// the byte is wrong.
func (s *stream) add(b []byte) {
	if len(s.held) > 0 {
		b = append(s.held, b...)
		s.held = nil
	}
	for len(b) > 0 {
		n := min(len(b), patternSize)
		w := s.off % patternSize
		if bytes.Equal(b[:n], s.pat[w:w+n]) {
			s.matched += n
			s.off += n
			b = b[n:]
			continue
		}
		j := 0 // b matches the pattern this far
		for b[j] == s.pat[w+j] {
			j++
		}
		s.matched += j
		s.off += j
		b = b[j:]
		if len(b) < probeSize {
			s.held = append([]byte(nil), b...) // b is the caller's
			return
		}
		w = s.off % patternSize
		probe := b[:probeSize]
		if g := bytes.Index(s.pat[w+1:w+1+resyncSpan+len(probe)], probe); g >= 0 {
			s.off += 1 + g // missing: the next pass matches at least the probe
			continue
		}
		s.off++ // wrong
		b = b[1:]
	}
}

func runThroughput(ctx context.Context, cfg Config, p *serialtest.PTY, clients []client) (Result, error) {
	pat := pattern()
	total := cfg.Bytes
	rates := make([]float64, len(clients))
	var lost, delivered atomic.Uint64
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel() // on an early return: stops the clients, then waits
	finished := make(chan error, len(clients))
	start := time.Now()
	for i, c := range clients {
		wg.Go(func() {
			s := stream{pat: pat}
			var first, last time.Time
			err := c.receive(ctx, func(b []byte) bool {
				last = time.Now()
				if first.IsZero() {
					first = last
				}
				s.add(b)
				return s.off >= total
			}, func(n uint64) { s.off += int(n) })
			// Dropped, wrong and missing bytes alike: all that was not
			// received in its place.
			lost.Add(uint64(max(total-s.matched, 0)))
			delivered.Add(uint64(s.matched))
			if last.After(first) {
				rates[i] = float64(total) / last.Sub(first).Seconds() / 1e6
			}
			finished <- err
		})
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
	if err := awaitClients(ctx, cfg, p, finished, len(clients)); err != nil {
		return Result{}, err
	}
	elapsed := time.Since(start)
	return Result{
		Config:        cfg,
		PerClientMBps: slices.Min(rates),
		AggregateMBps: float64(delivered.Load()) / elapsed.Seconds() / 1e6,
		Duration:      elapsed,
		Lost:          lost.Load(),
	}, nil
}

// Format writes results as a table, and memory and crowd results as
// tables of their own (MB: 10^6 bytes, KB: 10^3).
func Format(w io.Writer, results []Result) {
	var timed, memory, crowd []Result
	for _, r := range results {
		switch r.Config.Mode {
		case Memory:
			memory = append(memory, r)
		case Crowd:
			crowd = append(crowd, r)
		default:
			timed = append(timed, r)
		}
	}
	if len(timed) > 0 || len(memory)+len(crowd) == 0 {
		formatTimed(w, timed)
	}
	if len(memory) > 0 {
		formatMemory(w, memory)
	}
	if len(crowd) > 0 {
		formatCrowd(w, crowd)
	}
}

// judge says whether r meets its target, if it has one.
func judge(r Result) string {
	t, ok := GoalOf(r.Config)
	if !ok {
		return "-"
	}
	if why := t.Missed(r); why != "" {
		return t.String() + ": MISSED (" + why + ")"
	}
	return t.String() + ": met"
}

func formatMemory(w io.Writer, results []Result) {
	fmt.Fprintf(w, "%-10s %7s %12s %9s %9s %10s  %s\n",
		"mode", "clients", "RSS 0 cl.", "RSS", "peak", "KB/client", "target")
	for _, r := range results {
		perClient := (float64(r.Resident.RSS) - float64(r.Baseline.RSS)) / float64(r.Config.Clients) / 1e3
		fmt.Fprintf(w, "%-10s %7d %12s %9s %9s %10.1f  %s\n",
			r.Config.Mode, r.Config.Clients, mb(r.Baseline.RSS), mb(r.Resident.RSS), mb(r.Resident.HWM), perClient, judge(r))
	}
}

// formatCrowd writes crowd results: joins a second, the time to join and
// to leave, and the answers of GET /api/ports meanwhile.
func formatCrowd(w io.Writer, results []Result) {
	fmt.Fprintf(w, "%-10s %7s %8s %9s %9s %8s %9s %9s %9s  %s\n",
		"mode", "clients", "joins/s", "join", "leave", "answers", "p50", "p99", "max", "target")
	for _, r := range results {
		fmt.Fprintf(w, "%-10s %7d %8.0f %9s %9s %8d %9s %9s %9s  %s\n",
			r.Config.Mode, r.Config.Clients, float64(r.Config.Clients)/r.Joined.Seconds(), ms(r.Joined), ms(r.Left),
			r.Samples, ms(r.P50), ms(r.P99), ms(r.Max), judge(r))
	}
}

// ms formats d in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/1e6) }

// mb formats bytes in MB (10^6 bytes).
func mb(n uint64) string { return fmt.Sprintf("%.1fMB", float64(n)/1e6) }

func formatTimed(w io.Writer, results []Result) {
	fmt.Fprintf(w, "%-10s %7s %8s %9s %9s %9s %9s %12s %12s %6s  %s\n",
		"mode", "clients", "samples", "p50", "p90", "p99", "max", "MB/s/client", "MB/s total", "lost", "target")
	for _, r := range results {
		target := judge(r)
		switch r.Config.Mode {
		case Latency:
			fmt.Fprintf(w, "%-10s %7d %8d %9s %9s %9s %9s %12s %12s %6d  %s\n",
				r.Config.Mode, r.Config.Clients, r.Samples, ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), "-", "-", r.Lost, target)
		case Throughput:
			fmt.Fprintf(w, "%-10s %7d %8s %9s %9s %9s %9s %12.1f %12.1f %6d  %s\n",
				r.Config.Mode, r.Config.Clients, "-", "-", "-", "-", "-", r.PerClientMBps, r.AggregateMBps, r.Lost, target)
		}
	}
}

// Goal is one of serialhub's performance targets: with Clients clients,
// latency p99 under P99, or each client keeping up, losing nothing, with a
// device paced at MBps, or the server's resident memory under RSS, or
// every answer of GET /api/ports within APIMax while Clients raw TCP
// clients come and go.
type Goal struct {
	Mode    Mode
	Clients int
	P99     time.Duration // latency
	MBps    float64       // throughput, per client
	RSS     uint64        // memory, in bytes, with Clients idle clients
	APIMax  time.Duration // crowd: the slowest answer of GET /api/ports
}

// Goals are serialhub's performance targets, on loopback with a pty as
// the device (docs/performance.md).
var Goals = []Goal{
	{Mode: Latency, Clients: 1, P99: 2 * time.Millisecond},
	{Mode: Latency, Clients: 100, P99: 10 * time.Millisecond},
	{Mode: Throughput, Clients: 1, MBps: 20},
	{Mode: Throughput, Clients: 100, MBps: 1},
	{Mode: Memory, Clients: 1000, RSS: 40e6},
	{Mode: Crowd, Clients: 10000, APIMax: 100 * time.Millisecond},
}

// GoalOf returns the goal a run of cfg is judged by: serialhub's own
// paths (WebSocket and raw TCP), at a target's client count, and for
// throughput paced at the target's rate at least. Other runs have none.
func GoalOf(cfg Config) (Goal, bool) {
	if cfg.Target != WebSocket && cfg.Target != RawTCP {
		return Goal{}, false
	}
	for _, t := range Goals {
		if t.Mode != cfg.Mode || t.Clients != cfg.Clients {
			continue
		}
		if t.Mode == Throughput && cfg.MBps < t.MBps {
			return Goal{}, false // unpaced, or paced below the target
		}
		return t, true
	}
	return Goal{}, false
}

func (t Goal) String() string {
	switch t.Mode {
	case Latency:
		return fmt.Sprintf("p99 < %s", t.P99)
	case Memory:
		return fmt.Sprintf("RSS < %s", mb(t.RSS))
	case Crowd:
		return fmt.Sprintf("max <= %s", t.APIMax)
	}
	return fmt.Sprintf(">= %g MB/s, 0 lost", t.MBps)
}

// paceTolerance is how far below the device's pace a client's measured
// rate may be and still count as keeping up: the rate is timed from the
// client's first byte, so it carries the run's start-up.
const paceTolerance = 0.02

// Missed says how r falls short of t, or "" if it meets it.
func (t Goal) Missed(r Result) string {
	switch {
	case r.Lost > 0:
		return fmt.Sprintf("%d bytes lost", r.Lost)
	case t.Mode == Latency && r.P99 >= t.P99:
		return fmt.Sprintf("p99 %s", r.P99)
	case t.Mode == Throughput && r.PerClientMBps < t.MBps*(1-paceTolerance):
		return fmt.Sprintf("%.2f MB/s", r.PerClientMBps)
	case t.Mode == Memory && r.Resident.RSS >= t.RSS:
		return "RSS " + mb(r.Resident.RSS)
	case t.Mode == Crowd && r.Max > t.APIMax:
		return "max " + ms(r.Max)
	}
	return ""
}
