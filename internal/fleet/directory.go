package fleet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/serialhub/serialhub/internal/hub"
)

// DirectoryConfig configures StartDirectory.
type DirectoryConfig struct {
	// Conn is the central's connection to the fleet's NATS: required. It
	// stays the caller's, who closes it after the directory's Close.
	Conn *nats.Conn
	// Hub is the central's hub: every gateway port is added to it as
	// GATEWAY/PORT, and removed when the registry no longer lists it.
	Hub *hub.Hub
	// Port is the template of a fleet port: scrollback, client buffer,
	// retry times. Name, device, description, the write lock and the
	// device's opening are the directory's.
	Port hub.Config
	// RequestTimeout bounds a write or a control sent to a gateway; 0 is
	// DefaultWriteTimeout.
	RequestTimeout time.Duration
	// AliveTTL is the alive bucket's TTL, for OpenRegistry: 0 is
	// AliveTTL.
	AliveTTL time.Duration
	// Replicas is how many servers of a NATS cluster keep the registry's
	// buckets, for OpenRegistry: 0 chooses (RegistryReplicas).
	Replicas int
	// Logger: nil is slog.Default().
	Logger *slog.Logger
	// OnChange, if set, is called after the directory changed: ports
	// added or removed, a gateway online or offline. It must not block.
	OnChange func()
}

// Directory is the central's view of the fleet: it watches the registry
// and keeps a port in the central's hub for every port of every gateway
// it lists, online or not (hub.Origin says which). One goroutine (run)
// follows both buckets; each gateway that comes online gets a goroutine
// that asks its ports' state. Close stops them and waits.
type Directory struct {
	// Static after StartDirectory.
	cfg    DirectoryConfig
	log    *slog.Logger
	reg    Registry
	leases *leaseWatch     // the fleet ports' leases
	ctx    context.Context // ends when Close begins
	cancel context.CancelFunc
	wg     sync.WaitGroup // run, and the askers

	closeOnce sync.Once

	// expired receives a gateway's deadline (setOnline's timers); run
	// takes it.
	expired chan expiry

	mu       sync.Mutex
	gateways map[string]*gatewayEntry // guarded by mu
}

// gatewayEntry is what the directory knows of a gateway.
type gatewayEntry struct {
	// origin is read by the gateway's ports (hub.Config.Origin) without
	// a lock; it is replaced under Directory.mu, never changed, so the
	// ports' snapshots may share it.
	origin   atomic.Pointer[hub.Origin]
	record   GatewayRecord    // guarded by Directory.mu
	links    map[string]*link // guarded by Directory.mu: by port name
	asking   bool             // guarded by Directory.mu: an asker runs for it
	puts     uint64           // guarded by Directory.mu: alive puts seen
	deadline *time.Timer      // guarded by Directory.mu: offline unless put again before it fires
	askAgain bool             // guarded by Directory.mu: it came online again while one ran
}

func newGatewayEntry(name string) *gatewayEntry {
	g := &gatewayEntry{links: make(map[string]*link)}
	g.origin.Store(&hub.Origin{Gateway: name})
	return g
}

// StartDirectory opens the registry (creating its buckets if need be) and
// starts following it. The ports of the gateways the registry lists are
// in the hub once their first watch updates are taken, soon after.
func StartDirectory(ctx context.Context, cfg DirectoryConfig) (*Directory, error) {
	if cfg.Conn == nil || cfg.Hub == nil {
		return nil, errors.New("fleet directory: a NATS connection and a hub are required")
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultWriteTimeout
	}
	if cfg.AliveTTL <= 0 {
		cfg.AliveTTL = AliveTTL
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	js, err := jetstream.New(cfg.Conn)
	if err != nil {
		return nil, fmt.Errorf("fleet directory: %w", err)
	}
	reg, err := OpenRegistry(ctx, js, cfg.AliveTTL, cfg.Replicas)
	if err != nil {
		return nil, fmt.Errorf("fleet directory: %w", err)
	}
	dctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	d := &Directory{cfg: cfg, log: log, reg: reg, ctx: dctx, cancel: cancel, gateways: make(map[string]*gatewayEntry), expired: make(chan expiry)}
	d.leases = startLeaseWatch(dctx, js, ">", AliveEvery, log)
	fail := func(err error) (*Directory, error) {
		cancel()
		d.leases.close()
		return nil, err
	}
	records, err := reg.Gateways.WatchAll(dctx)
	if err != nil {
		return fail(fmt.Errorf("fleet directory: watch %s: %w", BucketGateways, err))
	}
	alive, err := reg.Alive.WatchAll(dctx)
	if err != nil {
		records.Stop()
		return fail(fmt.Errorf("fleet directory: watch %s: %w", BucketAlive, err))
	}
	// The gateways that are up, before their records: each is then
	// listed online at once, not offline for a moment.
	for initial := true; initial; {
		select {
		case e := <-alive.Updates():
			if e == nil {
				initial = false
				break
			}
			d.onAlive(e)
		case <-ctx.Done():
			alive.Stop()
			records.Stop()
			return fail(fmt.Errorf("fleet directory: reading %s: %w", BucketAlive, ctx.Err()))
		}
	}
	d.wg.Add(1)
	go d.run(records, alive)
	return d, nil
}

// Close stops following the registry, and removes the fleet ports from
// the hub (their clients are told they closed) and drops their links. It
// may be called more than once.
func (d *Directory) Close() {
	d.closeOnce.Do(func() {
		d.cancel()
		d.wg.Wait()
		d.leases.close()
		d.mu.Lock()
		var links []*link
		for _, g := range d.gateways {
			if g.deadline != nil {
				g.deadline.Stop()
			}
			links = append(links, slices.Collect(maps.Values(g.links))...)
		}
		d.gateways = map[string]*gatewayEntry{}
		d.mu.Unlock()
		d.drop(links)
	})
}

// run follows both buckets until Close. The watchers' channels close when
// their context ends.
func (d *Directory) run(records, alive jetstream.KeyWatcher) {
	defer d.wg.Done()
	defer records.Stop()
	defer alive.Stop()
	for {
		select {
		case e, ok := <-records.Updates():
			if !ok {
				return
			}
			if e != nil {
				d.onRecord(e)
			}
		case e, ok := <-alive.Updates():
			if !ok {
				return
			}
			if e != nil {
				d.onAlive(e)
			}
		case ex := <-d.expired:
			d.onDeadline(ex)
		case <-d.ctx.Done():
			return
		}
	}
}

// onRecord takes a gateway's record: its ports are added to the hub, and
// ports it no longer lists are removed.
func (d *Directory) onRecord(e jetstream.KeyValueEntry) {
	name := e.Key()
	if !ValidGateway(name) {
		d.log.Warn("fleet: a registry record with a bad gateway name; ignored", "key", name)
		return
	}
	if e.Operation() != jetstream.KeyValuePut {
		d.removeGateway(name)
		return
	}
	var rec GatewayRecord
	if err := json.Unmarshal(e.Value(), &rec); err != nil || rec.Name != name {
		d.log.Warn("fleet: a registry record that does not decode; ignored", "gateway", name, "err", err)
		return
	}
	d.mu.Lock()
	g := d.gateways[name]
	if g == nil {
		g = newGatewayEntry(name)
		d.gateways[name] = g
	}
	g.record = rec
	o := *g.origin.Load()
	o.Tags = maps.Clone(rec.Tags)
	g.origin.Store(&o)
	online := o.Online
	listed := make(map[string]bool)
	var added []*link
	for _, p := range rec.Ports {
		listed[p.Name] = true
		if g.links[p.Name] != nil {
			continue
		}
		l, err := d.addPort(g, name, p)
		if err != nil {
			d.log.Warn("fleet: a gateway's port cannot be shared", "gateway", name, "port", p.Name, "err", err)
			continue
		}
		g.links[p.Name] = l
		l.setOnline(online)
		added = append(added, l)
	}
	var gone []*link
	for port, l := range g.links {
		if !listed[port] {
			gone = append(gone, l)
			delete(g.links, port)
		}
	}
	kept := d.portsLocked(g)
	d.mu.Unlock()
	d.drop(gone)
	for _, p := range kept {
		p.Refresh() // the tags may have changed
	}
	d.changed()
	if online && len(added) > 0 {
		d.ask(name)
	}
	if len(added) > 0 {
		d.log.Info("fleet: gateway listed", "gateway", name, "ports", len(rec.Ports), "online", online)
	}
}

// addPort adds a gateway's port to the hub; d.mu is held.
func (d *Directory) addPort(g *gatewayEntry, gateway string, p PortRecord) (*link, error) {
	l, err := newLink(d.cfg.Conn, gateway, p.Name, d.cfg.RequestTimeout, func() { d.ask(gateway) }, d.log.With("port", gateway+"/"+p.Name))
	if err != nil {
		return nil, err
	}
	cfg := d.cfg.Port
	cfg.Name = l.name
	cfg.Device = p.Device
	if cfg.Device == "" {
		cfg.Device = "fleet://" + l.name
	}
	cfg.Description = p.Description
	cfg.Exclusive = p.Exclusive
	cfg.Removable = false
	cfg.Recorder = nil
	cfg.Open = l.open
	cfg.Watch = l.watch
	cfg.Origin = g.origin.Load
	port, err := d.cfg.Hub.Add(cfg)
	if err != nil {
		l.close()
		return nil, err
	}
	d.leases.keeper(LeaseKey(gateway, p.Name), port)
	return l, nil
}

// portsLocked returns the hub ports of g's links.
func (d *Directory) portsLocked(g *gatewayEntry) []*hub.Port {
	var ports []*hub.Port
	for _, l := range g.links {
		if p, ok := d.cfg.Hub.Port(l.name); ok {
			ports = append(ports, p)
		}
	}
	return ports
}

// drop closes links and removes their ports from the hub (their clients
// are told the port closed).
func (d *Directory) drop(links []*link) {
	for _, l := range links {
		// The port first, so that its device closes as the port does
		// rather than fail under it.
		if err := d.cfg.Hub.Remove(l.name); err != nil && !errors.Is(err, hub.ErrNotFound) {
			d.log.Warn("fleet: removing a port", "port", l.name, "err", err)
		}
		gw, port, _ := strings.Cut(l.name, "/")
		d.leases.forget(LeaseKey(gw, port))
		l.close()
	}
}

// removeGateway drops a gateway whose record was deleted.
func (d *Directory) removeGateway(name string) {
	d.mu.Lock()
	g := d.gateways[name]
	delete(d.gateways, name)
	d.mu.Unlock()
	if g == nil {
		return
	}
	d.drop(slices.Collect(maps.Values(g.links)))
	d.log.Info("fleet: gateway removed from the registry", "gateway", name)
	d.changed()
}

// changed calls OnChange.
func (d *Directory) changed() {
	if d.cfg.OnChange != nil {
		d.cfg.OnChange()
	}
}

// onAlive takes a change of a gateway's alive key: a put is the gateway
// up (and when it was last seen), anything else (a delete on a clean
// leave, a limit marker when the key expired) the gateway gone.
func (d *Directory) onAlive(e jetstream.KeyValueEntry) {
	d.setOnline(e.Key(), e.Operation() == jetstream.KeyValuePut, e.Created(), 0)
}

// expiry is a gateway's deadline passing: its alive key was not put
// again within the bucket's TTL.
type expiry struct {
	name string
	gen  uint64 // the gatewayEntry.puts it was set at
}

// setOnline records a gateway online (seen at seen) or offline, and tells
// its ports. An offline from a deadline (gen > 0) counts only if no put
// came since it was set.
func (d *Directory) setOnline(name string, online bool, seen time.Time, gen uint64) {
	d.mu.Lock()
	g := d.gateways[name]
	if g == nil {
		if gen > 0 {
			d.mu.Unlock()
			return
		}
		// Alive before its record came: the record's arrival lists it,
		// and lists it online.
		g = newGatewayEntry(name)
		d.gateways[name] = g
	}
	if gen > 0 && gen != g.puts {
		d.mu.Unlock()
		return // put again since
	}
	if g.deadline != nil {
		g.deadline.Stop()
		g.deadline = nil
	}
	if online {
		// The central's own deadline, besides the key's expiry, which a
		// gateway could hide from the watcher (a rollup of the alive
		// bucket purges keys without a marker; docs/fleet.md).
		g.puts++
		ex := expiry{name, g.puts}
		g.deadline = time.AfterFunc(d.cfg.AliveTTL+d.cfg.AliveTTL/2, func() {
			select {
			case d.expired <- ex:
			case <-d.ctx.Done():
			}
		})
	}
	o := *g.origin.Load()
	was := o.Online
	o.Online = online
	if online {
		o.LastSeen = seen
	}
	g.origin.Store(&o)
	links := slices.Collect(maps.Values(g.links))
	ports := d.portsLocked(g)
	d.mu.Unlock()
	if was == online {
		// Still up: a port whose status or history could not be had
		// (the gateway was reconnecting) is asked again.
		if online && slices.ContainsFunc(links, (*link).needs) {
			d.ask(name)
		}
		return
	}
	d.log.Info("fleet: gateway "+map[bool]string{true: "online", false: "offline"}[online], "gateway", name)
	for _, l := range links {
		l.setOnline(online)
	}
	for _, p := range ports {
		// An open port's reader now fails, and its status says both
		// that it is disconnected and that the gateway is offline: a
		// status before would say "offline, open".
		if online || p.Info().State != hub.StateOpen {
			p.Refresh()
		}
	}
	if online {
		d.ask(name)
	}
	d.changed()
}

// onDeadline takes a gateway's deadline: no renewal of its alive key was
// seen for one and a half AliveTTL. The watcher may have been silent
// rather than the gateway (its consumer lived on a NATS node that died,
// and nats.go rebuilds it after some seconds), so the key is read first:
// renewed within AliveTTL, the gateway is still up.
func (d *Directory) onDeadline(ex expiry) {
	ctx, cancel := context.WithTimeout(d.ctx, AliveEvery)
	e, err := d.reg.Alive.Get(ctx, ex.name)
	cancel()
	if err == nil && e.Operation() == jetstream.KeyValuePut && time.Since(e.Created()) < d.cfg.AliveTTL {
		d.log.Debug("fleet: a gateway's alive key was renewed unseen (the registry's watcher is catching up)", "gateway", ex.name)
		d.setOnline(ex.name, true, e.Created(), 0)
		return
	}
	d.setOnline(ex.name, false, time.Time{}, ex.gen)
}

// ask starts a goroutine that asks each port of gateway name for its
// status, so that the central knows them without waiting for a change:
// after the gateway comes online, or the central starts. One runs per
// gateway at a time; a request to ask while it runs makes it go again.
func (d *Directory) ask(name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	g := d.gateways[name]
	if g == nil || d.ctx.Err() != nil {
		return
	}
	if g.asking {
		g.askAgain = true
		return
	}
	g.asking = true
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		for {
			d.mu.Lock()
			g.askAgain = false
			links := slices.Collect(maps.Values(g.links))
			d.mu.Unlock()
			for _, l := range links {
				status, history := l.due()
				ctx, cancel := context.WithTimeout(d.ctx, d.cfg.RequestTimeout)
				if status {
					if err := l.ask(ctx); err != nil && d.ctx.Err() == nil {
						d.log.Debug("fleet: asking a port's status", "port", l.name, "err", err)
					}
				}
				if history {
					if err := l.catchUp(ctx); err != nil && d.ctx.Err() == nil {
						d.log.Warn("fleet: catching up with a port's history failed; what the central missed is counted lost", "port", l.name, "err", err)
					}
				}
				cancel()
			}
			d.mu.Lock()
			if !g.askAgain || d.ctx.Err() != nil {
				g.asking = false
				d.mu.Unlock()
				return
			}
			d.mu.Unlock()
		}
	}()
}
