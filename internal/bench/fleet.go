//go:build linux

package bench

// Fleet mode (issue 13, "a simulated fleet"): a fleet's central, run as
// the serialhub program ("serialhub fleet"), with Gateways simulated
// gateways in this process, each a hub of Ports sim:// ports joined to
// the central as fleet.StartGateway joins a real one, over a NATS
// connection of its own with a credential of its own; and beside it, for comparison, the serialhub
// program serving as many sim:// ports itself ("serialhub serve", the
// direct path). Each path gets one WebSocket client per port, in this
// process, which sets its simulator to Rate lines a second and times
// every line from its device read time (the stamps event of
// timestamps=1) to its arrival.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/nats-io/nats.go"

	"github.com/serialhub/serialhub/internal/fleet"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// FleetConfig describes a fleet run. Zero values take the defaults
// beside them: issue 13's simulated fleet.
type FleetConfig struct {
	Gateways int           // simulated gateways; default 100
	Ports    int           // sim:// ports of each gateway; default 5
	Rate     int           // lines a second each port's simulator prints ("rate N"); default 10, at most 1000
	Duration time.Duration // the window whose lines are timed; default 20s
	// Settle is how long after every client is ready the window starts;
	// default 1s.
	Settle time.Duration
	// Server is the serialhub program that runs the central and the
	// direct server; default FindServer's.
	Server string
}

// The fleet issue's size, the defaults.
const (
	fleetGateways = 100
	fleetPorts    = 5
	fleetRate     = 10
)

// Limits of a fleet run's size: the files it needs (a WebSocket client a
// port here and in the server, a NATS connection a gateway) and the
// simulator's own bound on its rate.
const (
	maxFleetPorts = 5000
	maxSimRate    = 1000
)

// Validate reports why RunFleet would refuse c, if it would.
func (c FleetConfig) Validate() error { return c.defaults() }

func (c *FleetConfig) defaults() error {
	if c.Gateways <= 0 {
		c.Gateways = fleetGateways
	}
	if c.Ports <= 0 {
		c.Ports = fleetPorts
	}
	if c.Rate <= 0 {
		c.Rate = fleetRate
	}
	if c.Duration <= 0 {
		c.Duration = 20 * time.Second
	}
	if c.Settle <= 0 {
		c.Settle = time.Second
	}
	if n := c.Gateways * c.Ports; n > maxFleetPorts {
		return fmt.Errorf("%d gateways of %d ports: %d ports, want at most %d", c.Gateways, c.Ports, n, maxFleetPorts)
	}
	if c.Rate > maxSimRate {
		return fmt.Errorf("rate %d: the simulator prints at most %d lines a second", c.Rate, maxSimRate)
	}
	return nil
}

// PortCount is the number of ports of each path: Gateways × Ports.
func (c FleetConfig) PortCount() int { return c.Gateways * c.Ports }

// Path is one of the two ways a fleet run's clients reach the ports.
type Path string

// The paths.
const (
	Direct  Path = "direct" // "serialhub serve" with the sim:// ports, clients at /ws/NAME
	Central Path = "fleet"  // "serialhub fleet", the gateways in this process, clients at /ws/GATEWAY/PORT
)

// PathResult is what a fleet run measured on one path. The server is
// the serialhub program the clients connect to: the direct server or the
// central.
type PathResult struct {
	Path  Path
	Ports int

	// From starting the server program: until it served HTTP (Up), and
	// until a GET /api/ports answer listed every port open and, at the
	// central, online (Listed). The fleet's gateways start as soon as the
	// central says where its NATS server is.
	Up, Listed time.Duration
	// StartCPU is the server's CPU time (user and system) from its start
	// until Listed.
	StartCPU time.Duration

	// Over the window: the server's CPU and this process's (the clients,
	// and on the fleet path the gateways), in cores (1: one core busy all
	// the time); and the rest of the machine's (Others: every CPU's busy
	// time in /proc/stat, steal included, less those two), which says how
	// much the run had to share the machine.
	CPU, BenchCPU, Others float64
	// Resident is the server's resident memory at the window's end, and
	// its peak since it started (HWM).
	Resident Resident

	// The lines read from the devices within the window, and their
	// latency from the device read to the client: p50, p90, p99, max.
	Window             time.Duration
	Lines              int
	P50, P90, P99, Max time.Duration

	// Lost is the bytes the server told the clients they missed
	// (dropped events), from their connection to the window's end. Zero
	// is the only good value.
	Lost uint64
}

// LinesPerSecond is how many lines a second the window timed.
func (r PathResult) LinesPerSecond() float64 { return float64(r.Lines) / r.Window.Seconds() }

// FleetResult is what a fleet run measured: the same figures on both
// paths.
type FleetResult struct {
	Config          FleetConfig
	Direct, Central PathResult
}

// RunFleet measures the direct path, then the fleet's, one after the
// other. ctx bounds it.
func RunFleet(ctx context.Context, cfg FleetConfig) (FleetResult, error) {
	if err := cfg.defaults(); err != nil {
		return FleetResult{}, err
	}
	bin := cfg.Server
	if bin == "" {
		var err error
		if bin, err = FindServer(); err != nil {
			return FleetResult{}, err
		}
	}
	n := cfg.PortCount()
	// A client a port in this process, and a NATS connection a gateway;
	// the server has the clients' other ends.
	need := uint64(n + cfg.Gateways + spareFiles)
	if err := raiseNoFile(need); err != nil {
		return FleetResult{}, fmt.Errorf("%d ports: %w", n, err)
	}
	res := FleetResult{Config: cfg}
	var err error
	if res.Direct, err = runPath(ctx, cfg, bin, Direct, need); err != nil {
		return FleetResult{}, fmt.Errorf("direct: %w", err)
	}
	if res.Central, err = runPath(ctx, cfg, bin, Central, need); err != nil {
		return FleetResult{}, fmt.Errorf("fleet: %w", err)
	}
	return res, nil
}

// gatewayName and portName name the simulated ports: port j of gateway i
// is GATEWAY/PORT at the central, and GATEWAY-PORT on the direct server.
func gatewayName(i int) string { return fmt.Sprintf("gw%03d", i) }
func portName(j int) string    { return fmt.Sprintf("sim%d", j) }

// portNames returns the names the server of path lists the ports by.
func portNames(cfg FleetConfig, path Path) []string {
	sep := "-"
	if path == Central {
		sep = "/"
	}
	var names []string
	for i := range cfg.Gateways {
		for j := range cfg.Ports {
			names = append(names, gatewayName(i)+sep+portName(j))
		}
	}
	return names
}

// runPath starts the server of path, lists its ports, connects a client
// to each and times the lines of the window.
func runPath(ctx context.Context, cfg FleetConfig, bin string, path Path, need uint64) (PathResult, error) {
	names := portNames(cfg, path)
	res := PathResult{Path: path, Ports: len(names), Window: cfg.Duration}
	most := strconv.Itoa(len(names) + 16) // the clients, and room for a look with a browser
	var args []string
	store := "" // the central's state folder
	if path == Central {
		var err error
		if store, err = os.MkdirTemp("", "serialhub-bench-fleet"); err != nil {
			return res, err
		}
		defer os.RemoveAll(store)
		if err := registerGateways(store, cfg.Gateways); err != nil {
			return res, err
		}
		args = []string{"fleet", "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--store", store, "--max-clients", most}
	} else {
		args = []string{"serve", "--listen", "127.0.0.1:0", "--max-clients", most}
		for _, name := range names {
			args = append(args, name+"=sim://")
		}
	}
	watch := newStartWatch(len(names))
	start := time.Now()
	srv, err := startProgram(bin, args, watch.line)
	if err != nil {
		return res, err
	}
	defer srv.Close()
	// wait waits for c, or says why it never will.
	wait := func(c <-chan struct{}, what string) error {
		select {
		case <-c:
			return nil
		case <-srv.done:
			return fmt.Errorf("serialhub exited (%v) while waiting for %s; its output:\n%s", srv.cmd.ProcessState, what, srv.Output())
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w; serialhub's output:\n%s", what, ctx.Err(), srv.Output())
		}
	}
	if err := wait(watch.serving, "it to serve"); err != nil {
		return res, err
	}
	res.Up = time.Since(start)
	if err := serverNoFile(srv.cmd.Process.Pid, need); err != nil {
		return res, err
	}
	if path == Central {
		// The central logs its NATS URL before it serves HTTP.
		if watch.natsURL == "" {
			return res, fmt.Errorf("the central did not say where its NATS server is; its output:\n%s", srv.Output())
		}
		gws, err := startSimFleet(ctx, watch.natsURL, store, cfg)
		if err != nil {
			return res, err
		}
		defer gws.Close()
	}
	if err := wait(watch.allOpen, fmt.Sprintf("%d ports to open", len(names))); err != nil {
		return res, err
	}
	api := &http.Client{Transport: &http.Transport{}}
	defer api.CloseIdleConnections()
	if err := waitListed(ctx, api, "http://"+watch.addr+"/api/ports", names, path == Central, watch.opened, listWait); err != nil {
		var nl *notListedError
		if errors.As(err, &nl) {
			// The server's log of that port says what happened to it.
			name, _, _ := strings.Cut(nl.port, " ")
			return res, fmt.Errorf("%w; serialhub's log of %s:\n%s", err, name, logOf(srv.Output(), name))
		}
		return res, err
	}
	res.Listed = time.Since(start)
	if res.StartCPU, err = cpuTime(srv.cmd.Process.Pid); err != nil {
		return res, err
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel() // on any return: the clients' reads end, then wg.Wait
	var win atomic.Pointer[window]
	clients := make([]*simClient, len(names))
	ready := make(chan error, len(names))    // each client sends one: nil once its simulator runs at cfg.Rate
	finished := make(chan error, len(names)) // each ready client sends one when it has seen the window out
	dialing := make(chan struct{}, crowdDialers)
	for i, name := range names {
		c := &simClient{url: "ws://" + watch.addr + "/ws/" + name + "?replay=0&timestamps=1", rate: cfg.Rate}
		clients[i] = c
		wg.Go(func() { c.run(ctx, dialing, &win, ready, finished) })
	}
	for range names {
		select {
		case err := <-ready:
			if err != nil {
				return res, err
			}
		case <-srv.done:
			return res, fmt.Errorf("serialhub exited (%v); its output:\n%s", srv.cmd.ProcessState, srv.Output())
		case <-ctx.Done():
			return res, fmt.Errorf("waiting for the clients to be ready: %w", ctx.Err())
		}
	}
	from := time.Now().Add(cfg.Settle)
	w := &window{from: from, to: from.Add(cfg.Duration)}
	win.Store(w)
	// at waits until t.
	at := func(t time.Time) error {
		timer := time.NewTimer(time.Until(t))
		defer timer.Stop()
		select {
		case <-timer.C:
			return nil
		case <-srv.done:
			return fmt.Errorf("serialhub exited (%v); its output:\n%s", srv.cmd.ProcessState, srv.Output())
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := at(w.from); err != nil {
		return res, err
	}
	before, err := readCPUs(srv.cmd.Process.Pid)
	if err != nil {
		return res, err
	}
	if err := at(w.to); err != nil {
		return res, err
	}
	after, err := readCPUs(srv.cmd.Process.Pid)
	if err != nil {
		return res, err
	}
	if res.Resident, err = ReadResident(srv.cmd.Process.Pid); err != nil {
		return res, err
	}
	cores := func(d time.Duration) float64 { return d.Seconds() / cfg.Duration.Seconds() }
	res.CPU = cores(after.server - before.server)
	res.BenchCPU = cores(after.self - before.self)
	res.Others = max(0, cores(after.machine-before.machine)-res.CPU-res.BenchCPU)
	for left := len(names); left > 0; left-- {
		select {
		case err := <-finished:
			if err != nil {
				return res, err
			}
		case <-srv.done:
			return res, fmt.Errorf("serialhub exited (%v); its output:\n%s", srv.cmd.ProcessState, srv.Output())
		case <-ctx.Done():
			return res, fmt.Errorf("waiting for %d of %d clients to see a line read after the window: %w", left, len(names), ctx.Err())
		}
	}
	var all []time.Duration
	for _, c := range clients {
		all = append(all, c.lat...)
		res.Lost += c.lost
	}
	var r Result
	r.setPercentiles(all)
	res.Lines, res.P50, res.P90, res.P99, res.Max = r.Samples, r.P50, r.P90, r.P99, r.Max
	return res, nil
}

// waitListed asks url, GET /api/ports, until an answer lists every port
// of names open and, with online, its gateway online. It is called once
// the server has logged every port's opening. The server logs an opening
// just before the port's state says so, so an answer may miss the last
// few: it asks again at once, a few times. A port that went away again
// after it opened is waited for: waitListed asks again each time the
// server logs an opening (opened), for up to wait (then it fails with a
// *notListedError).
func waitListed(ctx context.Context, c *http.Client, url string, names []string, online bool, opened <-chan struct{}, wait time.Duration) error {
	const again = 20 // answers asked for at once, for a state not yet set
	limit := time.NewTimer(wait)
	defer limit.Stop()
	for tries := 1; ; tries++ {
		ports, err := listPorts(ctx, c, url)
		if err != nil {
			return err
		}
		missing := missingPort(ports, names, online)
		if missing == "" {
			return nil
		}
		if tries%again != 0 {
			continue
		}
		select {
		case <-opened:
		case <-limit.C:
			return &notListedError{port: missing, took: wait}
		case <-ctx.Done():
			return fmt.Errorf("waiting for GET /api/ports to list every port open: %w (%s)", ctx.Err(), missing)
		}
	}
}

// listWait bounds how long waitListed waits for a port that went away
// after it opened.
const listWait = 30 * time.Second

// notListedError is waitListed's when a port that opened did not come
// back in time.
type notListedError struct {
	port string // why it is not listed: "NAME is STATE"
	took time.Duration
}

func (e *notListedError) Error() string {
	return fmt.Sprintf("every port logged its opening, but %s after it (and still %v later)", e.port, e.took)
}

// missingPort says which port of names ports does not list as it should
// ("NAME is STATE"), or "" if it lists them all.
func missingPort(ports []protocol.Port, names []string, online bool) string {
	byName := make(map[string]protocol.Port, len(ports))
	for _, p := range ports {
		byName[p.Name] = p
	}
	for _, name := range names {
		p, ok := byName[name]
		switch {
		case !ok:
			return name + " is not listed"
		case p.State != protocol.StateOpen:
			why := ""
			if p.Error != "" {
				why = " (" + p.Error + ")"
			}
			return fmt.Sprintf("%s is %s%s", name, p.State, why)
		case online && (p.Online == nil || !*p.Online):
			return name + "'s gateway is not online"
		}
	}
	return ""
}

// listPorts asks url, GET /api/ports.
func listPorts(ctx context.Context, c *http.Client, url string) ([]protocol.Port, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET /api/ports: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/ports: %s", resp.Status)
	}
	var ports []protocol.Port
	if err := json.NewDecoder(resp.Body).Decode(&ports); err != nil {
		return nil, fmt.Errorf("GET /api/ports: %w", err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil { // the rest, so the connection is reused
		return nil, fmt.Errorf("GET /api/ports: %w", err)
	}
	return ports, nil
}

// window is the span of device read times whose lines a run times.
type window struct{ from, to time.Time }

// simClient is the WebSocket client of one port in a fleet run. Its
// results are written by run before it sends on finished.
type simClient struct {
	url  string // static
	rate int    // static: the simulator's rate to set

	lat  []time.Duration // each line of the window: from its read time to its arrival
	lost uint64          // bytes the server said were dropped
}

// run connects the client (waiting its turn among dialing's places),
// waits until the port is open, sets its simulator's rate and reads on
// until it has seen the echo of the command and the simulator's answer:
// then it sends nil on ready (or why it failed, and returns). From then
// on it times every line read within the window (once win has one) and
// sends on finished once a line read after it arrived, or why it could
// not.
func (c *simClient) run(ctx context.Context, dialing chan struct{}, win *atomic.Pointer[window], ready, finished chan<- error) {
	isReady := false
	err := c.measure(ctx, dialing, win, func() {
		isReady = true
		ready <- nil
	})
	if isReady {
		finished <- err
		return
	}
	if err == nil {
		err = errors.New("the client ended before it was ready")
	}
	ready <- err
}

// measure is run's work; onReady is called once the simulator runs at
// c.rate. It returns once a line read after the window arrived.
func (c *simClient) measure(ctx context.Context, dialing chan struct{}, win *atomic.Pointer[window], onReady func()) error {
	select {
	case dialing <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	conn, _, err := websocket.Dial(ctx, c.url, nil)
	<-dialing
	if err != nil {
		return fmt.Errorf("%s: %w", c.url, err)
	}
	defer conn.CloseNow()
	conn.SetReadLimit(1 << 20)
	const (
		opening = iota // until a status says open
		setting        // until the simulator answers the rate command
		timing
	)
	phase := opening
	answer := []byte(fmt.Sprintf("ok: rate %d\r\n", c.rate))
	var seen []byte // setting: the bytes received since the command, up to len(answer)-1 kept
	var stamps []protocol.Stamp
	for {
		typ, b, err := conn.Read(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", c.url, err)
		}
		if typ == websocket.MessageText {
			var ev protocol.Event
			if err := json.Unmarshal(b, &ev); err != nil {
				return fmt.Errorf("%s: event %q: %w", c.url, b, err)
			}
			switch ev.Type {
			case protocol.TypeStatus:
				if phase == opening && ev.Port != nil && ev.Port.State == protocol.StateOpen {
					if err := conn.Write(ctx, websocket.MessageBinary, fmt.Appendf(nil, "rate %d\r", c.rate)); err != nil {
						return fmt.Errorf("%s: send the rate command: %w", c.url, err)
					}
					phase = setting
				}
			case protocol.TypeDropped:
				c.lost += ev.Bytes
			case protocol.TypeStamps:
				stamps = ev.Stamps
			}
			continue
		}
		now := time.Now()
		switch phase {
		case setting:
			seen = append(seen, b...)
			if bytes.Contains(seen, answer) {
				phase = timing
				onReady()
				break
			}
			seen = seen[max(0, len(seen)-len(answer)+1):]
		case timing:
			w := win.Load()
			if w == nil {
				break
			}
			done := false
			for _, s := range stamps {
				switch {
				case s.Time.Before(w.from):
				case s.Time.Before(w.to):
					lat := now.Sub(s.Time)
					if lat < 0 {
						return fmt.Errorf("%s: a line read at %s arrived at %s, before it was read: the clocks disagree", c.url, s.Time.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
					}
					c.lat = append(c.lat, lat)
				default:
					done = true
				}
			}
			if done {
				return nil
			}
		}
		stamps = nil
	}
}

// startWatch follows a server program's log as it starts: where it
// serves, where its NATS server is (a central's), and which ports it
// opened. Its line method is called by os/exec's copying goroutine, one
// line at a time; the channels tell the rest.
type startWatch struct {
	want int // static: the ports to see open

	serving chan struct{} // closed once it serves HTTP; addr and natsURL are set before
	allOpen chan struct{} // closed once want distinct ports logged their opening
	opened  chan struct{} // capacity 1: a port logged its opening (again), once allOpen is closed
	addr    string        // where it serves HTTP: host:port
	natsURL string        // a central's NATS server, for gateways

	open map[string]bool // owned by line: the ports logged open
}

func newStartWatch(want int) *startWatch {
	return &startWatch{want: want, serving: make(chan struct{}), allOpen: make(chan struct{}), opened: make(chan struct{}, 1), open: make(map[string]bool)}
}

// The log lines a start is followed by.
var (
	logServing = regexp.MustCompile(`msg=serving url=http://([^/\s]+)/`)
	logNATS    = regexp.MustCompile(`msg="fleet: NATS for gateways" url=(\S+)`)
	logOpen    = regexp.MustCompile(`msg="device (open|reopened)" port=(\S+)`)
)

func (w *startWatch) line(s string) {
	if m := logOpen.FindStringSubmatch(s); m != nil {
		if len(w.open) == w.want {
			select {
			case w.opened <- struct{}{}:
			default:
			}
		} else if !w.open[m[2]] {
			w.open[m[2]] = true
			if len(w.open) == w.want {
				close(w.allOpen)
			}
		}
		return
	}
	if m := logNATS.FindStringSubmatch(s); m != nil {
		w.natsURL = m[1]
		return
	}
	if m := logServing.FindStringSubmatch(s); m != nil && w.addr == "" {
		w.addr = m[1]
		close(w.serving)
	}
}

// logOf returns the lines of log that name port.
func logOf(log, port string) string {
	var b strings.Builder
	for line := range strings.Lines(log) {
		if strings.Contains(line, "port="+port+" ") || strings.HasSuffix(strings.TrimSpace(line), "port="+port) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// serverProgram is a serialhub program a fleet run started.
type serverProgram struct {
	cmd  *exec.Cmd     // static
	out  *lineWriter   // its standard output and error
	done chan struct{} // closed once it exited and was waited for
}

// startProgram runs bin with args; onLine gets each line it writes to
// its standard output or error, in order, from one goroutine.
func startProgram(bin string, args []string, onLine func(string)) (*serverProgram, error) {
	cmd := exec.Command(bin, args...)
	out := &lineWriter{onLine: onLine}
	// The same writer for both: os/exec then calls it from one goroutine.
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &serverProgram{cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Output returns what the program wrote so far.
func (p *serverProgram) Output() string { return p.out.String() }

// Close kills the program and waits for it. It may be called more than
// once.
func (p *serverProgram) Close() {
	p.cmd.Process.Kill() // fails only once it has exited
	<-p.done
}

// lineWriter keeps what a program writes and hands each complete line to
// onLine.
type lineWriter struct {
	onLine func(string) // static

	mu   sync.Mutex
	buf  bytes.Buffer // guarded by mu
	seen int          // guarded by mu: bytes of buf handed to onLine
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for {
		line, _, ok := bytes.Cut(w.buf.Bytes()[w.seen:], []byte("\n"))
		if !ok {
			break
		}
		w.seen += len(line) + 1
		w.onLine(string(line))
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// userHZ is the unit of the CPU times in /proc/PID/stat: USER_HZ, 100
// on every Linux architecture Go runs on.
const userHZ = 100

// cpuTime returns the CPU time process pid has used, in user and system
// mode, all its threads together (/proc/PID/stat: utime and stime).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command's name, in parentheses, may hold spaces: the fields
	// counted are those after it, from the third (state) on.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f)+2)
	}
	var ticks uint64
	for _, s := range f[11:13] { // utime and stime, fields 14 and 15
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / userHZ, nil
}

// cpus is the CPU time used so far by the server, by this process and by
// the whole machine (every CPU's busy time).
type cpus struct{ server, self, machine time.Duration }

// readCPUs reads the CPU times of server (a process ID), of this process
// and of the machine.
func readCPUs(server int) (cpus, error) {
	var c cpus
	var err error
	if c.server, err = cpuTime(server); err != nil {
		return c, err
	}
	if c.self, err = cpuTime(os.Getpid()); err != nil {
		return c, err
	}
	c.machine, err = machineBusy()
	return c, err
}

// machineBusy returns the time every CPU of the machine has spent busy
// (/proc/stat's cpu line: all but idle and iowait; steal counts, as the
// time it stands for was not this machine's to use).
func machineBusy() (time.Duration, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := strings.Fields(string(line))
	if len(f) < 9 || f[0] != "cpu" {
		return 0, fmt.Errorf("/proc/stat: first line %q", line)
	}
	var busy uint64
	for i, s := range f[1:9] { // user nice system idle iowait irq softirq steal; guest time is in user's
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/stat: %w", err)
		}
		if i != 3 && i != 4 {
			busy += n
		}
	}
	return time.Duration(busy) * time.Second / userHZ, nil
}

// simFleet is a fleet run's gateways: each a hub of sim:// ports, a
// connection to the central's NATS server and a fleet.Gateway, as
// "serialhub serve --fleet" runs one. Close closes them all.
type simFleet struct {
	// Each element is written by the goroutine that starts that gateway,
	// before startSimFleet returns; nil where it failed.
	hubs  []*hub.Hub
	conns []*nats.Conn
	gws   []*fleet.Gateway
}

// startSimFleet starts cfg.Gateways gateways of cfg.Ports sim:// ports
// each, all at once, joined to the central at url with the credentials
// registerGateways wrote into store.
func startSimFleet(ctx context.Context, url, store string, cfg FleetConfig) (*simFleet, error) {
	f := &simFleet{
		hubs:  make([]*hub.Hub, cfg.Gateways),
		conns: make([]*nats.Conn, cfg.Gateways),
		gws:   make([]*fleet.Gateway, cfg.Gateways),
	}
	errs := make([]error, cfg.Gateways)
	var wg sync.WaitGroup
	for i := range cfg.Gateways {
		wg.Go(func() { errs[i] = f.start(ctx, i, url, store, cfg.Ports) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// start starts gateway i.
func (f *simFleet) start(ctx context.Context, i int, url, store string, ports int) error {
	name := gatewayName(i)
	quiet := slog.New(slog.DiscardHandler)
	cfgs := make([]hub.Config, ports)
	for j := range cfgs {
		cfgs[j] = hub.Config{Name: portName(j), Device: "sim://", Logger: quiet}
	}
	h, err := hub.New(cfgs)
	if err != nil {
		return fmt.Errorf("gateway %s: %w", name, err)
	}
	f.hubs[i] = h
	// As "serve --fleet-creds NAME.creds" connects.
	opts, err := fleet.GatewayOptions(name, credsFile(store, name))
	if err != nil {
		return fmt.Errorf("gateway %s: %w", name, err)
	}
	nc, err := nats.Connect(url, append(opts, nats.Name("serialhub-bench gateway "+name))...)
	if err != nil {
		return fmt.Errorf("gateway %s: connect to %s: %w", name, url, err)
	}
	f.conns[i] = nc
	gw, err := fleet.StartGateway(ctx, fleet.GatewayConfig{Conn: nc, Name: name, Ports: h.Ports(), Logger: quiet})
	if err != nil {
		return fmt.Errorf("gateway %s: %w", name, err)
	}
	f.gws[i] = gw
	return nil
}

// registerGateways registers n gateways with the central whose state
// folder is store, before it starts, as "serialhub fleet add-gateway NAME
// --store DIR > NAME.creds" does for each: their credentials files are
// written into store (credsFile).
func registerGateways(store string, n int) error {
	for i := range n {
		name := gatewayName(i)
		creds, err := fleet.AddGateway(store, name)
		if err != nil {
			return fmt.Errorf("gateway %s: %w", name, err)
		}
		if err := os.WriteFile(credsFile(store, name), creds, 0o600); err != nil {
			return fmt.Errorf("gateway %s: %w", name, err)
		}
	}
	return nil
}

// credsFile is where registerGateways writes gateway name's credentials.
func credsFile(store, name string) string { return filepath.Join(store, name+".creds") }

// Close leaves the fleet, gateway by gateway at once, then closes the
// connections and the hubs.
func (f *simFleet) Close() {
	var wg sync.WaitGroup
	for _, gw := range f.gws {
		if gw != nil {
			wg.Go(gw.Close)
		}
	}
	wg.Wait()
	for _, nc := range f.conns {
		if nc != nil {
			nc.Close()
		}
	}
	for _, h := range f.hubs {
		if h != nil {
			h.Close()
		}
	}
}

// FleetGoal is issue 13's targets for the simulated fleet: every port
// listed within Listed of the central's start; p99 through the central
// under P99Factor times the direct p99, plus P99Extra; the central's
// resident memory (its peak) under RSS; nothing lost.
type FleetGoal struct {
	Listed    time.Duration
	P99Factor float64
	P99Extra  time.Duration
	RSS       uint64
}

// FleetGoals are the targets, for a fleet of the size
// (FleetGoalOf).
var FleetGoals = FleetGoal{Listed: 10 * time.Second, P99Factor: 3, P99Extra: 2 * time.Millisecond, RSS: 300e6}

// FleetGoalOf returns the goal a fleet run of cfg is judged by: issue
// 13's, for 100 gateways of 5 ports at 10 lines a second. Other sizes
// have none.
func FleetGoalOf(cfg FleetConfig) (FleetGoal, bool) {
	if cfg.Gateways != fleetGateways || cfg.Ports != fleetPorts || cfg.Rate != fleetRate {
		return FleetGoal{}, false
	}
	return FleetGoals, true
}

// P99Bound is the p99 the fleet path must stay under, given the direct
// path's.
func (g FleetGoal) P99Bound(direct time.Duration) time.Duration {
	return time.Duration(g.P99Factor*float64(direct)) + g.P99Extra
}

// Missed says how r falls short of g, or "" if it meets it.
func (g FleetGoal) Missed(r FleetResult) string {
	var why []string
	if lost := r.Direct.Lost + r.Central.Lost; lost > 0 {
		why = append(why, fmt.Sprintf("%d bytes lost", lost))
	}
	if r.Central.Listed > g.Listed {
		why = append(why, fmt.Sprintf("listed after %s", secs(r.Central.Listed)))
	}
	if b := g.P99Bound(r.Direct.P99); r.Central.P99 >= b {
		why = append(why, fmt.Sprintf("p99 %s, not under %s", ms(r.Central.P99), ms(b)))
	}
	if r.Central.Resident.HWM >= g.RSS {
		why = append(why, "the central's peak RSS "+mb(r.Central.Resident.HWM))
	}
	return strings.Join(why, "; ")
}

// secs formats d in seconds.
func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// FormatFleet writes a fleet run's figures, a row per path, and how they
// stand against the targets.
func FormatFleet(w io.Writer, r FleetResult) {
	fmt.Fprintf(w, "%-7s %6s %7s %7s %9s %6s %9s %7s %9s %9s %8s %7s %9s %9s %9s %9s %6s\n",
		"path", "ports", "up", "listed", "start CPU", "CPU", "bench CPU", "others", "RSS", "peak", "lines", "lines/s", "p50", "p90", "p99", "max", "lost")
	for _, p := range []PathResult{r.Direct, r.Central} {
		fmt.Fprintf(w, "%-7s %6d %7s %7s %9s %5.0f%% %8.0f%% %6.0f%% %9s %9s %8d %7.0f %9s %9s %9s %9s %6d\n",
			p.Path, p.Ports, secs(p.Up), secs(p.Listed), secs(p.StartCPU), 100*p.CPU, 100*p.BenchCPU, 100*p.Others,
			mb(p.Resident.RSS), mb(p.Resident.HWM), p.Lines, p.LinesPerSecond(), ms(p.P50), ms(p.P90), ms(p.P99), ms(p.Max), p.Lost)
	}
	g, ok := FleetGoalOf(r.Config)
	if !ok {
		fmt.Fprintf(w, "target: none at this size (issue 13's are for %d gateways of %d ports at %d lines/s)\n", fleetGateways, fleetPorts, fleetRate)
		return
	}
	verdict := "met"
	if why := g.Missed(r); why != "" {
		verdict = "MISSED (" + why + ")"
	}
	fmt.Fprintf(w, "target: listed within %s, p99 under %g × %s + %s = %s, the central's peak RSS under %s, nothing lost: %s\n",
		secs(g.Listed), g.P99Factor, ms(r.Direct.P99), ms(g.P99Extra), ms(g.P99Bound(r.Direct.P99)), mb(g.RSS), verdict)
}
