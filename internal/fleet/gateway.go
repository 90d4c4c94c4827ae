package fleet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

// CentralName is how a gateway's ports name the fleet's central among
// their subscribers (hub.SubscribeOptions.Name): its writes show as the
// central's.
const CentralName = "the fleet central"

// DefaultWriteTimeout bounds a write or a control a gateway carries out
// for the central (GatewayConfig.WriteTimeout).
const DefaultWriteTimeout = 10 * time.Second

// leaveTimeout bounds Close's deletion of the alive key: with the link
// down, the key expires by itself (AliveTTL) and a shutdown should not
// wait for it.
const leaveTimeout = 2 * time.Second

// requestQueue is how many requests (in and ctl) of one port may wait
// for the gateway to take them. NATS drops what comes beyond it (a slow
// consumer): the requester gets no reply and times out. A central that
// waits for each reply before the next request never comes near it.
const requestQueue = 256

// GatewayConfig configures StartGateway.
type GatewayConfig struct {
	// Conn is the connection to the fleet's NATS: required. It stays the
	// caller's, who closes it after the gateway's Close. nats.go
	// reconnects it by itself; the subscriptions follow.
	Conn *nats.Conn
	// Name names the gateway (ValidGateway): required.
	Name string
	// Tags are the gateway's, as the registry lists them; optional.
	Tags map[string]string
	// Ports are the ports the gateway shares: at least one, names unique.
	// They stay the caller's: the gateway neither opens nor closes them.
	Ports []*hub.Port
	// Version is the serialhub version, for the registry; "" if unknown.
	Version string
	// Logger: nil is slog.Default().
	Logger *slog.Logger
	// AliveEvery is how often the gateway renews its alive key; 0 is
	// AliveEvery. It must stay well under the bucket's TTL (AliveTTL).
	AliveEvery time.Duration
	// WriteTimeout bounds a write (in) or a control (ctl, on top of the
	// break's own length); 0 is DefaultWriteTimeout.
	WriteTimeout time.Duration
}

// GatewayRecord is a gateway's entry in the registry (BucketGateways,
// key: its name), as JSON.
type GatewayRecord struct {
	Name    string            `json:"name"`
	Tags    map[string]string `json:"tags,omitempty"`
	Ports   []PortRecord      `json:"ports"` // in the order of GatewayConfig.Ports
	Version string            `json:"version,omitempty"`
	Started time.Time         `json:"started"` // when StartGateway ran: a new value means the gateway restarted
}

// PortRecord is a port of a gateway as the registry lists it: what does
// not change while the gateway runs.
type PortRecord struct {
	Name        string `json:"name"`
	Device      string `json:"device"` // as the gateway opens it: /dev/ttyUSB0, sim://
	Description string `json:"description,omitempty"`
	Exclusive   bool   `json:"exclusive,omitempty"` // the port has a write lock
}

// Gateway joins a gateway's ports to the fleet. For each port it runs two
// goroutines: pump, which takes the port's stream from a hub subscriber
// and publishes it (KindOut batches, KindStatus port objects), and serve,
// which answers the central's requests (KindIn writes, KindCtl controls)
// in the order they arrive. One more goroutine (alive) keeps the
// gateway's record and alive key in the registry. Close stops and waits
// for all of them. Its methods are safe for concurrent use.
type Gateway struct {
	// Static after StartGateway.
	cfg    GatewayConfig
	log    *slog.Logger
	record GatewayRecord
	ctx    context.Context // ends when Close begins: every goroutine's and request's
	cancel context.CancelFunc
	wg     sync.WaitGroup       // pump, serve and alive goroutines
	subs   []*nats.Subscription // the in and ctl subscriptions; Close unsubscribes them
	leases *leaseWatch          // the ports' leases, as the registry keeps them

	closeOnce sync.Once
}

// StartGateway subscribes to every port and to the central's requests,
// then joins the registry in the background: a central that is not there
// yet, or not reachable, is tried again every AliveEvery, so the gateway
// starts whatever the link's state. An error means nothing was started.
func StartGateway(ctx context.Context, cfg GatewayConfig) (*Gateway, error) {
	if cfg.Conn == nil {
		return nil, errors.New("fleet gateway: no NATS connection")
	}
	if !ValidGateway(cfg.Name) {
		return nil, fmt.Errorf("fleet gateway %q: %w: use 1 to 64 letters, digits, '_' or '-'", cfg.Name, ErrBadName)
	}
	if len(cfg.Ports) == 0 {
		return nil, fmt.Errorf("fleet gateway %s: no ports", cfg.Name)
	}
	if cfg.AliveEvery <= 0 {
		cfg.AliveEvery = AliveEvery
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = DefaultWriteTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	names := make([]PortRecord, 0, len(cfg.Ports))
	seen := make(map[string]bool)
	for _, p := range cfg.Ports {
		if seen[p.Name()] {
			return nil, fmt.Errorf("fleet gateway %s: two ports named %q", cfg.Name, p.Name())
		}
		seen[p.Name()] = true
		i := p.Info()
		names = append(names, PortRecord{Name: i.Name, Device: i.Device, Description: i.Description, Exclusive: i.Exclusive})
	}
	gctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	g := &Gateway{
		cfg: cfg,
		log: log.With("gateway", cfg.Name),
		record: GatewayRecord{
			Name: cfg.Name, Tags: maps.Clone(cfg.Tags), Ports: names, Version: cfg.Version,
			Started: time.Now().UTC().Round(time.Millisecond),
		},
		ctx:    gctx,
		cancel: cancel,
	}
	type portSetup struct {
		port *pumpPort
		reqs chan *nats.Msg
	}
	setups := make([]portSetup, 0, len(cfg.Ports))
	fail := func(err error) (*Gateway, error) {
		for _, s := range setups {
			s.port.sub.Close()
		}
		for _, s := range g.subs {
			s.Unsubscribe()
		}
		cancel()
		if g.leases != nil {
			for _, p := range cfg.Ports {
				p.SetLeaseKeeper(nil)
			}
			g.leases.close()
		}
		return nil, err
	}
	js, err := jetstream.New(cfg.Conn)
	if err != nil {
		return fail(fmt.Errorf("fleet gateway %s: %w", cfg.Name, err))
	}
	g.leases = startLeaseWatch(gctx, js, cfg.Name+".>", cfg.AliveEvery, g.log)
	for _, p := range cfg.Ports {
		pp, err := g.newPumpPort(p)
		if err != nil {
			return fail(err)
		}
		g.leases.keeper(LeaseKey(cfg.Name, p.Name()), p)
		reqs := make(chan *nats.Msg, requestQueue)
		setups = append(setups, portSetup{pp, reqs})
		for _, kind := range []string{KindIn, KindCtl, KindHistory} {
			// Both kinds go into one channel: NATS delivers a publisher's
			// messages in order, so writes and controls are carried out
			// in the order the central sent them ("this, a break, that").
			subject, _ := Subject(cfg.Name, p.Name(), kind) // names checked
			s, err := cfg.Conn.ChanSubscribe(subject, reqs)
			if err != nil {
				return fail(fmt.Errorf("fleet gateway %s: subscribe %s: %w", cfg.Name, subject, err))
			}
			g.subs = append(g.subs, s)
		}
	}
	// With the link up, the server has the subscriptions once
	// StartGateway returns: a request sent then finds a responder. (While
	// it is down nats.go sends them when it reconnects.)
	if cfg.Conn.IsConnected() {
		if err := cfg.Conn.FlushTimeout(cfg.WriteTimeout); err != nil {
			g.log.Warn("fleet: the NATS server has not confirmed the subscriptions yet", "err", err)
		}
	}
	g.wg.Add(2*len(setups) + 1)
	for _, s := range setups {
		go s.port.pump(g)
		go g.serve(s.port, s.reqs)
	}
	go g.alive()
	return g, nil
}

// Close leaves the fleet: it stops answering requests, stops every
// goroutine and waits for them, then deletes the gateway's alive key, so
// the central sees it leave at once (a gateway that dies instead is seen
// to leave when its key expires, AliveTTL). The registry record stays: the
// central lists the gateway as offline. Close may be called more than
// once; it does not close the connection or the ports.
func (g *Gateway) Close() {
	g.closeOnce.Do(func() {
		for _, s := range g.subs {
			s.Unsubscribe()
		}
		g.cancel()
		g.wg.Wait()
		// The ports stay, and their leases are their own again.
		for _, p := range g.cfg.Ports {
			p.SetLeaseKeeper(nil)
		}
		g.leases.close()
		ctx, cancel := context.WithTimeout(context.Background(), min(g.cfg.WriteTimeout, leaveTimeout))
		defer cancel()
		if err := g.leave(ctx); err != nil {
			g.log.Warn("fleet: leaving the registry failed; the central sees the gateway go when its key expires", "err", err, "ttl", AliveTTL)
		}
	})
}

// leave deletes the gateway's alive key.
func (g *Gateway) leave(ctx context.Context) error {
	js, err := jetstream.New(g.cfg.Conn)
	if err != nil {
		return err
	}
	kv, err := js.KeyValue(ctx, BucketAlive)
	if err != nil {
		return fmt.Errorf("registry bucket %s: %w", BucketAlive, err)
	}
	return kv.Delete(ctx, g.cfg.Name)
}

// alive keeps the gateway in the registry: it puts its record and its
// alive key at once, then renews the key every AliveEvery. While the
// registry cannot be reached it tries again at each tick; when it can be
// again it puts the record too (the central may have lost it) and
// publishes every port's status, so the central learns the ports' state
// without asking.
func (g *Gateway) alive() {
	defer g.wg.Done()
	tick := time.NewTicker(g.cfg.AliveEvery)
	defer tick.Stop()
	var kv struct{ gateways, alive jetstream.KeyValue }
	joined := false
	for {
		err := func() error {
			ctx, cancel := context.WithTimeout(g.ctx, g.cfg.AliveEvery)
			defer cancel()
			if kv.alive == nil {
				js, err := jetstream.New(g.cfg.Conn)
				if err != nil {
					return err
				}
				gw, err := js.KeyValue(ctx, BucketGateways)
				if err != nil {
					return fmt.Errorf("registry bucket %s: %w", BucketGateways, err)
				}
				al, err := js.KeyValue(ctx, BucketAlive)
				if err != nil {
					return fmt.Errorf("registry bucket %s: %w", BucketAlive, err)
				}
				kv.gateways, kv.alive = gw, al
			}
			// The alive key before the record, so the central lists the
			// ports online from the first.
			if _, err := kv.alive.Put(ctx, g.cfg.Name, []byte(g.record.Started.Format(time.RFC3339Nano))); err != nil {
				return fmt.Errorf("alive key: %w", err)
			}
			if !joined {
				rec, err := json.Marshal(g.record)
				if err != nil {
					return err
				}
				if _, err := kv.gateways.Put(ctx, g.cfg.Name, rec); err != nil {
					return fmt.Errorf("registry record: %w", err)
				}
			}
			return nil
		}()
		switch {
		case g.ctx.Err() != nil:
			return
		case err != nil && joined:
			g.log.Warn("fleet: the registry cannot be reached; trying again", "err", err, "every", g.cfg.AliveEvery)
			joined = false
		case err != nil:
			g.log.Debug("fleet: joining the registry failed; trying again", "err", err, "every", g.cfg.AliveEvery)
		case !joined:
			g.log.Info("fleet: joined", "ports", len(g.cfg.Ports))
			joined = true
		}
		select {
		case <-tick.C:
		case <-g.ctx.Done():
			return
		}
	}
}

// serve answers the central's requests for one port, one at a time in
// the order they came, until Close.
func (g *Gateway) serve(p *pumpPort, reqs <-chan *nats.Msg) {
	defer g.wg.Done()
	for {
		select {
		case m := <-reqs:
			_, _, kind, err := ParseSubject(m.Subject)
			switch {
			case err != nil:
			case kind == KindIn:
				g.write(p, m)
			case kind == KindCtl:
				g.control(p, m)
			case kind == KindHistory:
				g.history(p, m)
			}
		case <-g.ctx.Done():
			return
		}
	}
}

// write carries out a KindIn request: its data is bytes for the device.
// The reply, if the request wants one, is an ok (protocol.Reply) or an
// error event (protocol.Error) with the codes a local client's write
// gets. A write with no reply subject is carried out all the same.
func (g *Gateway) write(p *pumpPort, m *nats.Msg) {
	ctx, cancel := context.WithTimeout(g.ctx, g.cfg.WriteTimeout)
	defer cancel()
	err := p.central().Write(ctx, m.Data)
	if g.ctx.Err() != nil {
		return // closing: as a local client that leaves, no answer
	}
	if err == nil {
		g.reply(m, protocol.Reply{Type: protocol.TypeOK})
		return
	}
	code := wire.ErrorCode(err)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		code = protocol.CodeWriteFailed
		err = fmt.Errorf("port %s: the device did not take the bytes within %v", p.port.Name(), g.cfg.WriteTimeout)
	case code == protocol.CodeFailed:
		code = protocol.CodeWriteFailed // as the server's handleData
	}
	g.reply(m, protocol.Error{Type: protocol.TypeError, Code: code, Message: err.Error(), Bytes: len(m.Data)})
}

// control carries out a KindCtl request (a protocol.Request) and replies
// as the server's handleControl does to a WebSocket client: pong to a
// ping; the port object (a status event) to status and modem; ok with the
// port object to settings, lines and break; an error event with the
// request's id and a code on failure. The write lock (lock, unlock,
// request-lock) is not carried across the fleet yet: not_supported.
// Roles and rate limits are the central's business.
func (g *Gateway) control(p *pumpPort, m *nats.Msg) {
	req, err := protocol.ParseRequest(m.Data)
	if err != nil {
		var re *protocol.RequestError
		if !errors.As(err, &re) {
			re = &protocol.RequestError{Code: protocol.CodeBadRequest, Message: err.Error()}
		}
		g.reply(m, protocol.Error{Type: protocol.TypeError, Code: re.Code, Message: re.Message, ID: re.ID})
		return
	}
	switch req.Type {
	case protocol.TypePing:
		g.reply(m, protocol.Reply{Type: protocol.TypePong, ID: req.ID})
		return
	case protocol.TypeStatus:
		g.reply(m, protocol.Status{Type: protocol.TypeStatus, Port: wire.PortObject(p.port.Info()), ID: req.ID})
		return
	case protocol.TypeLock, protocol.TypeUnlock, protocol.TypeRequestLock:
		g.lock(p, m, req)
		return
	}
	ctx, cancel := context.WithTimeout(g.ctx, g.cfg.WriteTimeout+protocol.MaxBreak)
	defer cancel()
	err = wire.Control(ctx, p.central(), req)
	if g.ctx.Err() != nil {
		return
	}
	if err != nil {
		g.reply(m, protocol.Error{Type: protocol.TypeError, Code: wire.ErrorCode(err), Message: err.Error(), ID: req.ID})
		return
	}
	port := wire.PortObject(p.port.Info())
	if req.Type == protocol.TypeModem {
		g.reply(m, protocol.Status{Type: protocol.TypeStatus, Port: port, ID: req.ID})
		return
	}
	g.reply(m, protocol.Reply{Type: protocol.TypeOK, ID: req.ID, Port: &port})
}

// centralSuffix follows, at the gateway, the name of the central's client
// that holds the lock.
const centralSuffix = " (at the fleet central)"

// HeaderHolder names, on a lock or request-lock control from the central,
// the central's client on whose behalf it is asked.
const HeaderHolder = "Serialhub-Holder"

// lock carries out the write lock's controls for the central, which
// holds the gateway port's lock as one client (its subscriber) while one
// of its own clients holds the central's: the gateway's clients then
// cannot write, as the central's other clients cannot. The holder's name
// comes in HeaderHolder; the gateway's clients see "NAME (at the fleet
// central)".
func (g *Gateway) lock(p *pumpPort, m *nats.Msg, req protocol.Request) {
	who := CentralName
	if h := m.Header.Get(HeaderHolder); h != "" {
		who = h + centralSuffix
	}
	var err error
	switch req.Type {
	case protocol.TypeLock:
		err = p.port.Lock(p.sub, who)
	case protocol.TypeUnlock:
		p.port.Unlock(p.sub)
	case protocol.TypeRequestLock:
		err = p.port.RequestLock(who)
	}
	if err != nil {
		g.reply(m, protocol.Error{Type: protocol.TypeError, Code: wire.ErrorCode(err), Message: err.Error(), ID: req.ID})
		return
	}
	port := wire.PortObject(p.port.Info())
	g.reply(m, protocol.Reply{Type: protocol.TypeOK, ID: req.ID, Port: &port})
}

// HistoryRequest is what a KindHistory request asks for: the port's
// bytes from offset Since of stream Stream on, as a client resuming would
// (hub.Port.Resume), or with Since nil all the scrollback holds.
type HistoryRequest struct {
	Stream string  `json:"stream,omitempty"`
	Since  *uint64 `json:"since,omitempty"`
}

// history answers a KindHistory request with the port's recent bytes, as
// batches published to the reply subject in order: a loss notice first if
// the scrollback no longer holds all that was asked for (its Missed is
// exact), then the bytes with their read times, coalesced up to MaxBatch
// whatever their times; then a message with HeaderEnd (or HeaderError).
// The central asks when it starts, and when a gateway comes back, so that
// its clients get what they missed.
func (g *Gateway) history(p *pumpPort, m *nats.Msg) {
	if m.Reply == "" {
		return
	}
	end := nats.NewMsg(m.Reply)
	var req HistoryRequest
	if len(m.Data) > 0 {
		if err := json.Unmarshal(m.Data, &req); err != nil {
			end.Header.Set(HeaderError, "a history request that is not JSON: "+err.Error())
			p.nc.PublishMsg(end)
			return
		}
	}
	opts := hub.SubscribeOptions{DataOnly: true, Replay: true}
	if req.Since != nil {
		opts.Resume, opts.Stream, opts.Since = true, req.Stream, *req.Since
	}
	sub, err := p.port.SubscribeWith(opts)
	if err != nil {
		end.Header.Set(HeaderError, err.Error())
		p.nc.PublishMsg(end)
		return
	}
	// The loss notice and the replay are queued as the subscriber is
	// made; what follows them is live, which pump sends.
	msgs, _ := sub.TryReceive(nil)
	stream := p.port.Info().Stream
	sub.Close()
	b := batcher{whole: true}
	b.publish = func(bt Batch) {
		if err := p.nc.PublishMsg(bt.Message(m.Reply)); err != nil {
			p.log.Debug("fleet: history answer failed", "err", err)
		}
	}
	b.stream, b.known = stream, true
	var missed uint64 // before the replay: not held, or beyond maxHistory
	for _, msg := range msgs {
		switch {
		case msg.Missed > 0 && msg.Away:
			missed = msg.Missed
		case msg.Replay != nil:
			r := msg.Replay
			from := r.Offset
			if r.Len > maxHistory {
				from += uint64(r.Len - maxHistory)
			}
			if missed += from - r.Offset; missed > 0 {
				b.publish(Batch{Stream: stream, Offset: from - missed, Missed: missed})
			}
			b.next = from
			for c := range r.Chunks() {
				if end := c.Offset + uint64(len(c.Data)); end <= from {
					continue
				} else if c.Offset < from {
					c.Data, c.Offset = c.Data[from-c.Offset:], from
				}
				b.add(c)
			}
		}
	}
	b.flush()
	end.Header.Set(HeaderStream, stream)
	end.Header.Set(HeaderEnd, strconv.FormatUint(b.next, 10))
	if err := p.nc.PublishMsg(end); err != nil {
		p.log.Debug("fleet: history answer failed", "err", err)
	}
}

// reply answers m with ev as JSON, if m asks for an answer.
func (g *Gateway) reply(m *nats.Msg, ev any) {
	if m.Reply == "" {
		return
	}
	b, err := json.Marshal(ev)
	if err == nil {
		err = m.Respond(b)
	}
	if err != nil {
		g.log.Debug("fleet: reply failed", "subject", m.Subject, "err", err)
	}
}

// pumpPort is one port of the gateway.
type pumpPort struct {
	// Static after newPumpPort.
	port *hub.Port
	// sub is the central's subscription to the port, named CentralName:
	// pump takes its stream and closes it; serve writes and controls
	// through it (hub.Port.As), so they are the central's.
	sub     *hub.Subscriber
	wake    chan struct{} // capacity 1: sub has something to take (hub.Subscriber.SetWake)
	nc      *nats.Conn
	log     *slog.Logger
	out     string // the port's KindOut subject
	status  string // the port's KindStatus subject
	batcher        // owned by pump
}

// central is the port as the central's requests use it: its client,
// acting for the lease's holder, if a lease holds the port. The central
// lets a request through only if its client holds the lease there, so a
// request that comes is the holder's (lease.go).
func (p *pumpPort) central() hub.Client {
	return p.port.As(p.sub).ForAnyLease()
}

func (g *Gateway) newPumpPort(port *hub.Port) (*pumpPort, error) {
	out, err := Subject(g.cfg.Name, port.Name(), KindOut)
	if err != nil {
		return nil, err
	}
	status, _ := Subject(g.cfg.Name, port.Name(), KindStatus)
	// Live bytes only: the central keeps its own scrollback of what it
	// was sent. Statuses come too, the first at once (published "at
	// start"), and with it the stream offset the subscription starts at.
	sub, err := port.SubscribeWith(hub.SubscribeOptions{Name: CentralName})
	if err != nil {
		return nil, fmt.Errorf("fleet gateway %s: port %s: %w", g.cfg.Name, port.Name(), err)
	}
	p := &pumpPort{
		port: port, sub: sub, wake: make(chan struct{}, 1), nc: g.cfg.Conn,
		log: g.log.With("port", port.Name()), out: out, status: status,
	}
	p.batcher.publish = p.publishBatch
	p.batcher.publishStatus = p.publishStatus
	sub.SetWake(func() {
		select {
		case p.wake <- struct{}{}:
		default:
		}
	})
	return p, nil
}

// pump publishes the port's stream until Close, or until the port closes
// (after its last status).
func (p *pumpPort) pump(g *Gateway) {
	defer g.wg.Done()
	defer p.sub.Close()
	var msgs []hub.Message
	for {
		select {
		case <-p.wake:
		case <-g.ctx.Done():
			return
		}
		var err error
		msgs, err = p.sub.TryReceive(msgs)
		p.take(msgs)
		if err != nil {
			return // the port closed
		}
	}
}

// publishBatch publishes a batch or a loss notice. NATS copies it: its
// storage may be reused at once. A batch that cannot be published (the
// link has been down for longer than the connection buffers) is lost to
// the central, which sees the gap in the offsets.
func (p *pumpPort) publishBatch(b Batch) {
	if err := p.nc.PublishMsg(b.Message(p.out)); err != nil {
		p.log.Debug("fleet: publishing port data failed", "offset", b.Offset, "bytes", len(b.Data), "missed", b.Missed, "err", err)
	}
}

// publishStatus publishes the port object.
func (p *pumpPort) publishStatus(i hub.Info) {
	b, err := json.Marshal(wire.PortObject(i))
	if err == nil {
		err = p.nc.Publish(p.status, b)
	}
	if err != nil {
		p.log.Debug("fleet: publishing the port's status failed", "err", err)
	}
}

// batcher turns a subscriber's messages into what the central is sent:
// chunks of bytes become batches (Batch), a loss becomes a loss notice
// (Batch.Missed), and a status the port object, all in the stream's order.
//
// Chunks are coalesced into a batch while they follow each other in the
// stream, up to MaxBatch bytes (a longer chunk is split) and while they
// were read within BatchDelay of the batch's first; each chunk's read time
// is a Stamp at its index. A batch is published as soon as the subscriber
// has nothing more queued: the gateway never holds bytes back to wait for
// more (the latency target, a few ms over a direct connection,
// leaves no room for a 10 ms wait). Under load the subscriber's queue
// fills while a batch is published, and the next batch takes all of it.
// nats.go coalesces the publishes into its socket writes itself.
type batcher struct {
	// Static.
	publish       func(Batch)    // a batch or a loss notice; its storage is reused after the call
	publishStatus func(hub.Info) // a status

	// whole: chunks are coalesced whatever their read times (a history,
	// where nothing waits for the batch).
	whole bool

	stream string    // the port's stream (from its statuses)
	next   uint64    // the stream offset of the next byte
	known  bool      // next is known: the subscription's first status came
	cur    Batch     // the batch being filled; Data and Stamps reused
	first  time.Time // the read time of cur's first chunk
}

// take handles msgs, in order, and publishes everything they make.
func (b *batcher) take(msgs []hub.Message) {
	for _, m := range msgs {
		switch {
		case m.Status != nil:
			b.flush() // the bytes before a change, before the change
			if !b.known {
				// The subscription's first status: its BytesIn is the
				// offset of the first byte the subscriber gets.
				b.next, b.known = m.Status.BytesIn, true
			}
			b.stream = m.Status.Stream
			b.publishStatus(*m.Status)
		case m.Missed > 0:
			b.flush()
			b.publish(Batch{Stream: b.stream, Offset: b.next, Missed: m.Missed})
			b.next += m.Missed
		case len(m.Data) > 0:
			b.add(m.Chunk)
		}
	}
	b.flush()
}

// add appends a chunk to the batch, publishing the batch first if the
// chunk does not belong in it.
func (b *batcher) add(c hub.Chunk) {
	if n := len(b.cur.Data); n > 0 && (c.Offset != b.cur.Offset+uint64(n) || (!b.whole && c.Time.Sub(b.first) > BatchDelay)) {
		b.flush()
	}
	data, off := c.Data, c.Offset
	for len(data) > 0 {
		if len(b.cur.Data) == MaxBatch {
			b.flush()
		}
		if len(b.cur.Data) == 0 {
			b.cur.Offset, b.first = off, c.Time
		}
		k := min(len(data), MaxBatch-len(b.cur.Data))
		b.cur.Stamps = append(b.cur.Stamps, Stamp{At: len(b.cur.Data), Time: c.Time})
		b.cur.Data = append(b.cur.Data, data[:k]...)
		data, off = data[k:], off+uint64(k)
	}
	b.next, b.known = off, true
}

// flush publishes the batch being filled, if it holds anything.
func (b *batcher) flush() {
	if len(b.cur.Data) == 0 {
		return
	}
	b.cur.Stream = b.stream
	b.publish(b.cur)
	b.cur.Data, b.cur.Stamps = b.cur.Data[:0], b.cur.Stamps[:0]
}
