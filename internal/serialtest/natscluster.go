//go:build linux

package serialtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NATSCluster is a real NATS cluster for tests: nats-server processes on
// 127.0.0.1, each routed to all the others, with JetStream (its state in
// a folder per node). Close kills every node.
type NATSCluster struct {
	Nodes []*NATSNode // static
}

// NATSNode is one server of a NATSCluster.
type NATSNode struct {
	Name  string // static: its server name, n1, n2, …
	URL   string // static: where clients connect, nats://127.0.0.1:PORT
	relay *Relay // static: the process
}

// The log lines of a nats-server that tell a test what it waits for.
var (
	// Where clients connect (the port is chosen at random: -p -1).
	natsClientLine = regexp.MustCompile(`Listening for client connections on (127\.0\.0\.1:[0-9]+)`)
	// The node has joined JetStream's metadata group and knows its
	// leader: "Self is new JetStream cluster metadata leader", "JetStream
	// cluster new metadata leader: n2/NAME" or "… new remote metadata
	// leader" (not "no metadata leader").
	natsLeaderLine = regexp.MustCompile(`Self is new JetStream cluster metadata leader|JetStream cluster new (remote )?metadata leader`)
)

// StartNATSCluster runs n nats-servers (bin, as BuildNATSServer makes it)
// as the cluster "serialhub-test", their JetStream state in folders of
// dir, and returns once every node serves clients and knows the JetStream
// cluster's metadata leader (each node logs that as it happens), and a
// stream of n replicas can be made (placeable); ctx bounds the wait.
//
// The route ports are chosen before the nodes start (each node is told
// all of them), by the kernel for a listener that is then closed: another
// program could take one meanwhile, and the cluster would then fail to
// start, with the node's output in the error.
func StartNATSCluster(ctx context.Context, bin, dir string, n int) (*NATSCluster, error) {
	routes := make([]string, n)
	var lns []net.Listener
	for i := range routes {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			for _, ln := range lns {
				ln.Close()
			}
			return nil, err
		}
		lns = append(lns, ln)
		routes[i] = "nats://" + ln.Addr().String()
	}
	for _, ln := range lns {
		ln.Close()
	}
	c := &NATSCluster{}
	for i := range n {
		name := fmt.Sprintf("n%d", i+1)
		// The first node is the seed: the others route to it alone and
		// learn of each other from it, rather than every node dialling
		// every other at once, whose duplicate routes the servers were
		// once seen to fight over for a minute without electing a leader.
		args := []string{
			"--addr", "127.0.0.1", "--port", "-1", "--server_name", name,
			"--jetstream", "--store_dir", filepath.Join(dir, name),
			"--cluster_name", "serialhub-test", "--cluster", routes[i],
		}
		// (JetStream in a cluster wants routes configured: the seed's
		// is its own, which the server sees is itself.)
		args = append(args, "--routes", routes[0])
		cmd := exec.Command(bin, args...)
		out := &output{ready: natsLeaderLine.MatchString, line: make(chan string, 1)}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			c.Close()
			return nil, fmt.Errorf("start nats-server %s: %w", name, err)
		}
		r := &Relay{name: "nats-server " + name, cmd: cmd, out: out, done: make(chan struct{})}
		go func() {
			cmd.Wait()
			close(r.done)
		}()
		c.Nodes = append(c.Nodes, &NATSNode{Name: name, relay: r})
	}
	// The nodes elect the leader together: all are started before any
	// is waited for.
	for _, node := range c.Nodes {
		r := node.relay
		select {
		case <-r.out.line:
		case <-r.done:
			err := fmt.Errorf("%s exited before it joined the cluster (%v); its output:\n%s", r.name, r.cmd.ProcessState, r.Output())
			c.Close()
			return nil, err
		case <-ctx.Done():
			err := fmt.Errorf("waiting for %s to join the cluster: %w; its output:\n%s", r.name, ctx.Err(), r.Output())
			c.Close()
			return nil, err
		}
		m := natsClientLine.FindStringSubmatch(r.Output())
		if m == nil {
			c.Close()
			return nil, fmt.Errorf("%s did not say where clients connect; its output:\n%s", r.name, r.Output())
		}
		node.URL = "nats://" + m[1]
		r.Addr = m[1]
	}
	if err := c.placeable(ctx, n); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// placeable waits until JetStream can place a stream of n replicas: its
// metadata leader places one on a node only once it has had the node's
// statistics, which servers send each other in the system account, first
// a quarter of a second after they start and then less often. No client
// of the cluster's own account sees them, and no server logs them, so
// there is no event to wait on: it tries to make such a stream, again
// after a growing pause while the cluster refuses, until it can (or ctx
// ends), then deletes it.
func (c *NATSCluster) placeable(ctx context.Context, n int) error {
	nc, err := nats.Connect(c.URLs())
	if err != nil {
		return fmt.Errorf("nats cluster: %w", err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("nats cluster: %w", err)
	}
	cfg := jetstream.StreamConfig{Name: "placeable", Subjects: []string{"placeable"}, Replicas: n, Storage: jetstream.MemoryStorage}
	pause := 50 * time.Millisecond
	for {
		// An attempt's answer may never come (a request made while the
		// leader changes): each has a deadline of its own.
		actx, cancel := context.WithTimeout(ctx, time.Second)
		_, err := js.CreateStream(actx, cfg)
		cancel()
		if err == nil {
			break
		}
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("nats cluster: a stream of %d replicas cannot be placed: %w (last: %v)", n, ctx.Err(), err)
		}
		pause = min(2*pause, 500*time.Millisecond)
	}
	if err := js.DeleteStream(ctx, cfg.Name); err != nil {
		return fmt.Errorf("nats cluster: delete the stream that tried placement: %w", err)
	}
	return nil
}

// URLs returns the client URLs of the nodes, comma-separated (as NATS
// clients take a cluster), leaving out those named in except.
func (c *NATSCluster) URLs(except ...string) string {
	var urls []string
	for _, node := range c.Nodes {
		if !slices.Contains(except, node.Name) {
			urls = append(urls, node.URL)
		}
	}
	return strings.Join(urls, ",")
}

// Node returns the node whose client URL is url, or nil.
func (c *NATSCluster) Node(url string) *NATSNode {
	for _, node := range c.Nodes {
		if node.URL == url {
			return node
		}
	}
	return nil
}

// Close kills every node that still runs and waits for it. It is
// idempotent.
func (c *NATSCluster) Close() error {
	var errs []error
	for _, node := range c.Nodes {
		errs = append(errs, node.Kill())
	}
	return errors.Join(errs...)
}

// Kill kills the node as a power cut would (SIGKILL) and waits for it to
// exit. It is idempotent.
func (n *NATSNode) Kill() error { return n.relay.Close() }

// Output returns what the node has logged so far.
func (n *NATSNode) Output() string { return n.relay.Output() }
