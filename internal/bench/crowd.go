//go:build linux

package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// crowdDialers is how many goroutines dial a crowd's clients at once.
const crowdDialers = 32

// spareFiles is how many open files a crowd run allows, in this process
// and in the server, beside one per client: the pty, listeners, the
// watcher and the API's connections, the program's own.
const spareFiles = 64

// runCrowd starts the serialhub program serving a pty, with a raw TCP
// listener and a WebSocket client watching the port. Then cfg.Clients raw
// TCP clients connect, crowdDialers at a time, until a status counts them
// all, and close, until a status counts the watcher alone; meanwhile GET
// /api/ports is asked in turn, from before the first dial until that last
// status, and each answer timed.
func runCrowd(ctx context.Context, cfg Config) (Result, error) {
	bin, err := program(cfg)
	if err != nil {
		return Result{}, err
	}
	need := uint64(cfg.Clients + spareFiles)
	if err := raiseNoFile(need); err != nil {
		return Result{}, fmt.Errorf("%d clients: %w", cfg.Clients, err)
	}
	p, err := serialtest.OpenPTY()
	if err != nil {
		return Result{}, err
	}
	defer p.Close()
	most := strconv.Itoa(cfg.Clients + 1) // the clients and the watcher
	srv, err := serialtest.StartSerialhub(ctx, bin, "--max-clients-per-port", most, "--raw-tcp", "bench=127.0.0.1:0", "bench="+p.Path)
	if err != nil {
		return Result{}, err
	}
	defer srv.Close()
	if err := serverNoFile(srv.Pid(), need); err != nil {
		return Result{}, fmt.Errorf("%d clients: %w", cfg.Clients, err)
	}
	addr, err := rawTCPAddr(srv.Output())
	if err != nil {
		return Result{}, err
	}
	watcher, err := serialtest.Dial(ctx, "ws://"+srv.Addr+"/ws/bench?replay=0")
	if err != nil {
		return Result{}, fmt.Errorf("serialhub at %s: %w", srv.Addr, err)
	}
	defer watcher.Conn.CloseNow()
	if err := waitOpen(ctx, watcher); err != nil {
		return Result{}, fmt.Errorf("waiting for the port to open: %w", err)
	}

	// One answer before the crowd, not counted: the API answers, and the
	// timed requests go over a connection already open, as a page's
	// would.
	api := &http.Client{Transport: &http.Transport{}}
	defer api.CloseIdleConnections()
	apiURL := "http://" + srv.Addr + "/api/ports"
	if err := getPorts(ctx, api, apiURL); err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := make(chan struct{})
	type answers struct {
		took []time.Duration
		err  error
	}
	asked := make(chan answers, 1)
	go func() {
		took, err := askPorts(ctx, api, apiURL, stop, cancel)
		asked <- answers{took, err}
	}()
	var got answers
	stopAsking := sync.OnceFunc(func() {
		close(stop)
		got = <-asked
	})
	defer func() { // on an early return: end the request in flight, then wait
		cancel()
		stopAsking()
	}()
	// fail returns err, or the asker's error that ended the run.
	fail := func(err error) (Result, error) {
		cancel()
		stopAsking()
		if got.err != nil {
			return Result{}, got.err
		}
		return Result{}, err
	}

	start := time.Now()
	conns, err := dialCrowd(ctx, addr, cfg.Clients)
	if err != nil {
		return fail(err)
	}
	defer closeAll(conns) // on an early return
	n, err := waitClients(ctx, watcher, func(n int) bool { return n >= cfg.Clients+1 })
	if err != nil {
		return fail(fmt.Errorf("waiting for a status counting %d clients: %w", cfg.Clients+1, err))
	}
	joined := time.Since(start)
	start = time.Now()
	closeAll(conns)
	if _, err := waitClients(ctx, watcher, func(n int) bool { return n == 1 }); err != nil {
		return fail(fmt.Errorf("waiting for a status counting the watcher alone: %w", err))
	}
	left := time.Since(start)
	stopAsking()
	if got.err != nil {
		return Result{}, got.err
	}
	res := Result{Config: cfg, Joined: joined, Left: left, Counted: n - 1}
	res.setPercentiles(got.took)
	return res, nil
}

// raiseNoFile makes sure this process may have need files open: it raises
// the soft RLIMIT_NOFILE to the hard one if need be (Go's runtime does so
// at start-up on Linux, so it seldom has to), and says so when even the
// hard limit is too low.
func raiseNoFile(need uint64) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("get RLIMIT_NOFILE: %w", err)
	}
	if lim.Cur >= need {
		return nil
	}
	if lim.Max < need {
		return fmt.Errorf("this process may have %d files open (RLIMIT_NOFILE's hard limit), and needs %d: raise the limit (ulimit -Hn) or measure fewer clients", lim.Max, need)
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("raise RLIMIT_NOFILE to %d: %w", lim.Cur, err)
	}
	return nil
}

// serverNoFile checks that process pid, the server, may have need files
// open. It raises its own soft limit to the hard one at start-up, as
// every Go program on Linux does, and inherits this process's hard limit.
func serverNoFile(pid int, need uint64) error {
	var lim unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, nil, &lim); err != nil {
		return fmt.Errorf("get serialhub's RLIMIT_NOFILE: %w", err)
	}
	if lim.Cur < need {
		return fmt.Errorf("serialhub may have %d files open (RLIMIT_NOFILE), and needs %d: raise the limit (ulimit -Hn) or measure fewer clients", lim.Cur, need)
	}
	return nil
}

// rawListen finds the raw TCP listener's address in the server's log.
var rawListen = regexp.MustCompile(`msg="serving over TCP" .*protocol=raw listen=(\S+)`)

// rawTCPAddr returns the address of the raw TCP listener that the server
// whose log is out serves: it logs it before it serves HTTP.
func rawTCPAddr(out string) (string, error) {
	m := rawListen.FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("serialhub did not say where its raw TCP listener is; its output:\n%s", out)
	}
	return m[1], nil
}

// getPorts asks url, GET /api/ports, and reads the whole answer.
func getPorts(ctx context.Context, c *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("GET /api/ports: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /api/ports: %s", resp.Status)
	}
	var ports []protocol.Port
	if err := json.NewDecoder(resp.Body).Decode(&ports); err != nil {
		return fmt.Errorf("GET /api/ports: %w", err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil { // the rest, so the connection is reused
		return fmt.Errorf("GET /api/ports: %w", err)
	}
	return nil
}

// askPorts asks url in turn, each time as soon as the answer before is
// read, until stop is closed, and returns how long each answer took: at
// least one, as it asks before it looks at stop. On an error it calls
// fail and returns the error.
func askPorts(ctx context.Context, c *http.Client, url string, stop <-chan struct{}, fail func()) ([]time.Duration, error) {
	var took []time.Duration
	for {
		start := time.Now()
		if err := getPorts(ctx, c, url); err != nil {
			fail()
			return took, err
		}
		took = append(took, time.Since(start))
		select {
		case <-stop:
			return took, nil
		default:
		}
	}
}

// dialCrowd connects n TCP clients to addr, crowdDialers at a time. On
// an error it closes those it connected.
func dialCrowd(ctx context.Context, addr string, n int) ([]net.Conn, error) {
	conns := make([]net.Conn, n) // each written by the dialer that connected it
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	failed := make(chan error, crowdDialers) // each dialer sends at most one
	var wg sync.WaitGroup
	for range crowdDialers {
		wg.Go(func() {
			var d net.Dialer
			for i := range next {
				c, err := d.DialContext(ctx, "tcp", addr)
				if err != nil {
					failed <- fmt.Errorf("client %d: %w", i, err)
					cancel()
					return
				}
				conns[i] = c
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-failed:
		closeAll(conns)
		return nil, err
	default:
	}
	if err := ctx.Err(); err != nil {
		closeAll(conns)
		return nil, err
	}
	return conns, nil
}

// closeAll closes every connection of conns that is there.
func closeAll(conns []net.Conn) {
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
}

// waitClients reads w's events until a status whose client count
// satisfies ok, and returns that count.
func waitClients(ctx context.Context, w *serialtest.Client, ok func(int) bool) (int, error) {
	for {
		f, err := w.Next(ctx)
		if err != nil {
			return 0, err
		}
		if f.Event.Type == protocol.TypeStatus && f.Event.Port != nil && ok(f.Event.Port.Clients) {
			return f.Event.Port.Clients, nil
		}
	}
}
