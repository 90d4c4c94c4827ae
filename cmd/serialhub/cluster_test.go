//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/serialhub/serialhub/internal/fleet"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// A fleet on a real NATS cluster of three nats-server processes, built
// from the module (issue 13, Tests): the central joins the cluster
// (fleet --nats, embedding nothing) and a gateway too (serve --fleet with
// the other nodes' URLs; the cluster has no authentication, so no
// credentials). A client of the central's pi/dut gets a pty's numbered
// lines, written steadily, while the node the gateway is connected to is
// killed with -9, or (another cluster) the central's node. The client
// gets every byte in order and is told of no loss (no dropped event): the
// gateway's link buffers while it reconnects, and the central catches up
// from the gateway's scrollback when batches went missing. The registry's
// buckets have 3 replicas, so the gateway keeps renewing its alive key
// through the nodes that are left.
//
// Each subtest has a cluster of its own, and they run side by side: most
// of their time is spent waiting for NATS to recover (up to about 20 s,
// see fleetLosesANode).
func TestFleetOnANATSCluster(t *testing.T) {
	bin := serialtest.BuildNATSServer(t)
	for _, victim := range []string{"gateway", "central"} {
		t.Run("kill the "+victim+"'s node", func(t *testing.T) {
			t.Parallel()
			fleetLosesANode(t, bin, victim)
		})
	}
}

// fleetLosesANode runs a cluster, a central and a gateway, and kills the
// node that victim ("gateway" or "central") is connected to while the
// device's bytes flow.
//
// What NATS does then, as measured here (nats-server 2.15.2, nats.go
// 1.55.0): the victim's link comes back through another node within a few
// milliseconds. If the node led a registry bucket's stream, puts to it
// fail until the other two have elected a leader, 4 to 8 s; the
// gateway's alive key may expire meanwhile (AliveTTL is 6 s). A registry
// watcher of the central's (an ordered consumer: nats.go makes it again
// when it has heard nothing for 10 s) that was on the node sees nothing
// for 10 to 20 s, and the central's own deadline (1.5 AliveTTL) takes the
// gateway for offline meanwhile. Either way the central's client is told
// the port is disconnected and then open again, and still gets every
// byte: the central catches up from the gateway's scrollback.
func fleetLosesANode(t *testing.T, bin, victim string) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	start := time.Now()
	cluster, err := serialtest.StartNATSCluster(ctx, bin, t.TempDir(), 3)
	if err != nil {
		t.Fatal(err)
	}
	clusterUp := time.Since(start)
	t.Cleanup(func() {
		if t.Failed() {
			for _, n := range cluster.Nodes {
				t.Logf("%s's log, the end:\n%s", n.Name, lastLines(n.Output(), 30))
			}
		}
		cluster.Close()
	})

	cmd := exec.Command(os.Args[0], "fleet", "--listen", "127.0.0.1:0", "--nats", cluster.URLs())
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	central := startServeCmd(t, cmd)
	m := regexp.MustCompile(`msg="fleet: joined NATS" url=(\S+) cluster=serialhub-test replicas=3\n`).FindStringSubmatch(central.logs())
	if m == nil || cluster.Node(m[1]) == nil {
		t.Fatalf("the central did not say it joined the cluster with 3 replicas:\n%s", central.logs())
	}
	centralNode := cluster.Node(m[1])
	// The gateway on another node than the central's, so that each
	// subtest kills the node of one of them only.
	pt := openPTY(t)
	gateway := startServe(t, "--fleet", cluster.URLs(centralNode.Name), "--gateway", "pi", "dut="+pt.Path)
	m = regexp.MustCompile(`msg="fleet: gateway" .*server=(\S+)`).FindStringSubmatch(gateway.logs())
	if m == nil || cluster.Node(m[1]) == nil {
		t.Fatalf("the gateway did not say which node it is connected to:\n%s", gateway.logs())
	}
	gatewayNode := cluster.Node(m[1])
	node, proc := gatewayNode, gateway
	if victim == "central" {
		node, proc = centralNode, central
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the central's log:\n%s\nthe gateway's log:\n%s", central.logs(), gateway.logs())
		}
	})
	if err := central.waitLog(ctx, `msg="device open" port=pi/dut `); err != nil {
		t.Fatalf("%v\n%s", err, central.logs())
	}
	t.Logf("the cluster up in %v, the central (on %s) has the gateway's port (on %s) %v after the start",
		clusterUp.Round(time.Millisecond), centralNode.Name, gatewayNode.Name, time.Since(start).Round(time.Millisecond))

	// The registry as the cluster keeps it, seen from a node that stays.
	var stays *serialtest.NATSNode
	for _, n := range cluster.Nodes {
		if n != node {
			stays = n
		}
	}
	nc, err := nats.Connect(stays.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	for _, bucket := range []string{fleet.BucketGateways, fleet.BucketAlive} {
		s, err := js.Stream(ctx, "KV_"+bucket)
		if err != nil {
			t.Fatal(err)
		}
		info := s.CachedInfo()
		if r := info.Config.Replicas; r != 3 {
			t.Fatalf("registry bucket %s: %d replicas; want 3 in a cluster of 3", bucket, r)
		}
		t.Logf("registry bucket %s: leader %s", bucket, info.Cluster.Leader)
	}
	// Watched from before the kill: a watcher (nats.go's ordered
	// consumer) that was on the node killed is made again by nats.go.
	kv, err := js.KeyValue(ctx, fleet.BucketAlive)
	if err != nil {
		t.Fatal(err)
	}
	// Not stopped: Stop deletes its consumer and waits for the answer, 5 s
	// when the consumer was on the node killed. Closing the connection
	// ends it.
	alive, err := kv.Watch(ctx, "pi", jetstream.UpdatesOnly())
	if err != nil {
		t.Fatal(err)
	}

	c, err := serialtest.Dial(ctx, "ws://"+central.addr+"/ws/pi/dut")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	rec := recordClient(ctx, c)
	defer rec.stop()

	// The device: a numbered line every 2 ms until stopped.
	var written atomic.Int64
	stopWriting := make(chan struct{})
	wrote := make(chan error, 1)
	go func() {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stopWriting:
				wrote <- nil
				return
			case <-tick.C:
			}
			if _, err := fmt.Fprintf(pt.Master, "line %06d\n", i); err != nil {
				wrote <- err
				return
			}
			written.Store(int64(i + 1))
		}
	}()
	writing := true
	stop := func() error {
		if !writing {
			return nil
		}
		writing = false
		close(stopWriting)
		select {
		case err := <-wrote:
			return err
		case <-ctx.Done():
			return fmt.Errorf("the device's writer is stuck: %w", ctx.Err())
		}
	}
	defer stop()

	rec.waitLines(ctx, t, 100)
	if err := node.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	t.Logf("killed %s (the %s's node) after line %d", node.Name, victim, written.Load())
	// The link of the node's client comes back through another node;
	// then the bytes flow on.
	if err := proc.waitLog(ctx, `msg="fleet: link to NATS back"`); err != nil {
		t.Fatalf("%v\n%s", err, proc.logs())
	}
	t.Logf("the %s's link back %v after the kill", victim, time.Since(killed).Round(time.Millisecond))
	rec.waitLines(ctx, t, written.Load()+100)

	// The registry works on without the node: the gateway's alive key is
	// put again. (If the node led the bucket's stream, puts fail until
	// the others have elected a leader, some seconds; the key may expire
	// meanwhile.)
	for renewed := false; !renewed; {
		select {
		case e := <-alive.Updates():
			switch {
			case e == nil:
			case e.Operation() == jetstream.KeyValuePut:
				renewed = e.Created().After(killed)
				if renewed {
					t.Logf("the gateway's alive key put again %v after the kill (seen %v after)",
						e.Created().Sub(killed).Round(time.Millisecond), time.Since(killed).Round(time.Millisecond))
				}
			default:
				t.Logf("the gateway's alive key: %s %v after the kill", e.Operation(), e.Created().Sub(killed).Round(time.Millisecond))
			}
		case <-ctx.Done():
			t.Fatalf("the gateway's alive key was not put again after the kill: %v", ctx.Err())
		}
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	n := written.Load()
	rec.waitLines(ctx, t, n)
	var want bytes.Buffer
	for i := range n {
		fmt.Fprintf(&want, "line %06d\n", i)
	}
	got, states, dropped := rec.result()
	t.Logf("%d lines in %v; the client was told the port is: %s", n, time.Since(killed).Round(time.Millisecond), strings.Join(states, ", "))
	if len(dropped) > 0 {
		t.Fatalf("the client was told of a loss: %s", strings.Join(dropped, " "))
	}
	if !bytes.Equal(got, want.Bytes()) {
		i := 0
		for i < len(got) && i < want.Len() && got[i] == want.Bytes()[i] {
			i++
		}
		t.Fatalf("the client got %d bytes, %d expected, different from byte %d: %q…; want %q…",
			len(got), want.Len(), i, got[i:min(len(got), i+40)], want.Bytes()[i:min(want.Len(), i+40)])
	}
}

// clientRecord is what a WebSocket client of a port has got: a goroutine
// of its own reads every frame as it comes, so the client keeps up.
type clientRecord struct {
	cancel context.CancelFunc // static: stops the reader
	done   chan struct{}      // static: closed when the reader has returned

	mu      sync.Mutex
	data    []byte        // guarded by mu: the bytes, in order
	lines   int64         // guarded by mu: newlines in data
	dropped []string      // guarded by mu: dropped events, as sent
	states  []string      // guarded by mu: status events, "STATE online=BOOL", when it changes
	err     error         // guarded by mu: why reading ended
	grew    chan struct{} // guarded by mu: closed and replaced at each change
}

func recordClient(ctx context.Context, c *serialtest.Client) *clientRecord {
	ctx, cancel := context.WithCancel(ctx)
	r := &clientRecord{cancel: cancel, done: make(chan struct{}), grew: make(chan struct{})}
	go func() {
		defer close(r.done)
		for {
			f, err := c.Next(ctx)
			r.mu.Lock()
			switch {
			case err != nil:
				r.err = err
			case f.Event.Type == protocol.TypeDropped:
				r.dropped = append(r.dropped, string(f.Event.Raw))
			case f.Event.Type == protocol.TypeStatus && f.Event.Port != nil:
				p := f.Event.Port
				state := fmt.Sprintf("%s online=%v", p.State, p.Online != nil && *p.Online)
				if len(r.states) == 0 || r.states[len(r.states)-1] != state {
					r.states = append(r.states, state) // a change
				}
			default:
				r.data = append(r.data, f.Data...)
				r.lines += int64(bytes.Count(f.Data, []byte("\n")))
			}
			close(r.grew)
			r.grew = make(chan struct{})
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return r
}

// waitLines waits until the client has n lines, failing at once if it is
// told of a loss or stops reading.
func (r *clientRecord) waitLines(ctx context.Context, t *testing.T, n int64) {
	t.Helper()
	for {
		r.mu.Lock()
		lines, dropped, err, grew := r.lines, r.dropped, r.err, r.grew
		r.mu.Unlock()
		switch {
		case len(dropped) > 0:
			t.Fatalf("the client was told of a loss after %d lines: %s", lines, strings.Join(dropped, " "))
		case lines >= n:
			return
		case err != nil:
			t.Fatalf("the client stopped reading after %d of %d lines: %v", lines, n, err)
		}
		select {
		case <-grew:
		case <-ctx.Done():
			t.Fatalf("the client has %d of %d lines: %v", lines, n, ctx.Err())
		}
	}
}

// result returns the bytes, the status events and the dropped events the
// client got.
func (r *clientRecord) result() (data []byte, states, dropped []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.data), slices.Clone(r.states), slices.Clone(r.dropped)
}

// stop stops the reader and waits for it.
func (r *clientRecord) stop() {
	r.cancel()
	<-r.done
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "")
}
