package mqtt

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/hub"
)

// Values gives the decoded records of a port (the decoders of
// docs/decoders.md). Listen calls fn with each batch of records port's
// decoder makes, from one goroutine, until ctx ends, and then returns
// (nil, or ctx's error). It returns at once, with an error, if port has
// no decoder (ErrNoDecoder, wrapped, is not logged). fn must not keep
// the slice after it returns. Listen is called once per port, from a
// goroutine of the Bridge, and must be safe to call for several ports at
// once.
type Values interface {
	Listen(ctx context.Context, port string, fn func([]decode.Record)) error
}

// ErrNoDecoder is what a Values returns (wrapped) for a port without a
// decoder: the bridge publishes no values for it and logs nothing.
var ErrNoDecoder = errors.New("port has no decoder")

// ErrConfig is returned (wrapped) by Start for a configuration it
// cannot use.
var ErrConfig = errors.New("mqtt: bad configuration")

// Role says what MQTT clients may do to the ports.
type Role string

const (
	// RoleNone (the default): the bridge only publishes; it does not
	// subscribe to serialhub/GATEWAY/+/send.
	RoleNone Role = "none"
	// RoleControl: messages on serialhub/GATEWAY/PORT/send are written
	// to PORT, obeying its write lock and lease like any client's.
	RoleControl Role = "control"
)

// ParseRole parses --mqtt-role; "" is RoleNone.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case "", RoleNone:
		return RoleNone, nil
	case RoleControl:
		return RoleControl, nil
	}
	return "", fmt.Errorf("%w: role %q: want none or control", ErrConfig, s)
}

// Defaults of Config.
const (
	DefaultQueue          = 256         // lines queued per port while the broker is slow or away
	DefaultStatusInterval = time.Second // least time between two status messages of a port
	MaxValueNames         = 1024        // value names kept per port; more are dropped
	sendQueue             = 64          // sends from MQTT waiting to be written
	sendTimeout           = 5 * time.Second
	publishTimeout        = 5 * time.Second
	dropLogInterval       = 10 * time.Second
)

// Config configures a Bridge.
type Config struct {
	// Hub's ports are bridged, those added later too. Required.
	Hub *hub.Hub
	// Broker is the broker's URL: tcp://HOST:1883, ssl://HOST:8883
	// (also tls:// and mqtts://), ws://HOST/PATH or wss://HOST/PATH.
	// Required.
	Broker string
	// User and Password authenticate to the broker; "" for none.
	User, Password string
	// ClientID is the MQTT client id; "" means "serialhub-" + Gateway.
	ClientID string
	// TLS is for ssl://, tls://, mqtts:// and wss://; nil means the
	// system's roots.
	TLS *tls.Config
	// Gateway is the topics' second level (--gateway). Required.
	Gateway string
	// Role is what MQTT clients may do; "" is RoleNone.
	Role Role
	// Discovery publishes Home Assistant discovery configs for values.
	Discovery bool
	// Values gives the ports' decoded values; nil publishes none.
	Values Values
	// Logger; nil means slog.Default().
	Logger *slog.Logger
	// Queue is how many lines a port may have waiting for the broker;
	// 0 means DefaultQueue.
	Queue int
	// StatusInterval is the least time between a port's status
	// messages; 0 means DefaultStatusInterval.
	StatusInterval time.Duration

	// Test hooks. dial makes the client; nil means Paho's. queued, if
	// set, is called after each line is queued (false) or dropped
	// (true); sent after each send from MQTT is written or refused.
	dial   func(b *Bridge) (conn, error)
	queued func(dropped bool)
	sent   func(port string, err error)
}

// conn is what the bridge needs of an MQTT client. Its methods are safe
// for concurrent use.
type conn interface {
	// Connect starts connecting, in the background, and keeps trying;
	// each time the connection is up, the client calls b.onConnect.
	Connect()
	// Publish sends a QoS 0 message and returns once it is handed to the
	// network, or fails.
	Publish(topic string, retained bool, payload []byte) error
	// Connected reports whether the connection is up now.
	Connected() bool
	// Disconnect ends the connection (publishing nothing more) and stops
	// reconnecting.
	Disconnect()
}

// Counts are a port's counts.
type Counts struct {
	Published uint64 // messages published
	Dropped   uint64 // lines (and values past MaxValueNames) not published: the queue was full
	Refused   uint64 // sends from MQTT not written: role, write lock, lease, port not open
}

// Bridge publishes a hub's ports to an MQTT broker. Close stops it.
type Bridge struct {
	// Static after Start.
	cfg    Config
	log    *slog.Logger
	prefix string // "serialhub/GATEWAY/"
	conn   conn
	ctx    context.Context
	cancel context.CancelFunc
	sends  chan send // written by Paho's handler (never blocking), read by sendLoop

	wg sync.WaitGroup // every goroutine of the bridge and its ports

	mu     sync.Mutex
	closed bool                   // guarded by mu
	runs   map[*hub.Port]*portRun // guarded by mu
	counts map[string]*Counts     // guarded by mu: by port name, kept when a port goes
	logged map[string]time.Time   // guarded by mu: last refusal logged, by port
}

// send is a message from MQTT to write to a port.
type send struct {
	port    string
	payload []byte
}

// Start connects to the broker (in the background: a broker that is not
// there yet is retried, as after an outage) and starts bridging the hub's
// ports.
func Start(cfg Config) (*Bridge, error) {
	if cfg.Hub == nil || cfg.Gateway == "" {
		return nil, fmt.Errorf("%w: a hub and a gateway name are needed", ErrConfig)
	}
	if err := CheckBroker(cfg.Broker); err != nil {
		return nil, err
	}
	role, err := ParseRole(string(cfg.Role))
	if err != nil {
		return nil, err
	}
	cfg.Role = role
	if cfg.ClientID == "" {
		cfg.ClientID = "serialhub-" + cfg.Gateway
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Queue <= 0 {
		cfg.Queue = DefaultQueue
	}
	if cfg.StatusInterval <= 0 {
		cfg.StatusInterval = DefaultStatusInterval
	}
	if cfg.dial == nil {
		cfg.dial = dialPaho
	}
	b := &Bridge{
		cfg:    cfg,
		log:    cfg.Logger.With("mqtt", cfg.Broker),
		prefix: "serialhub/" + TopicName(cfg.Gateway) + "/",
		sends:  make(chan send, sendQueue),
		runs:   make(map[*hub.Port]*portRun),
		counts: make(map[string]*Counts),
		logged: make(map[string]time.Time),
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	if b.conn, err = cfg.dial(b); err != nil {
		b.cancel()
		return nil, err
	}
	b.conn.Connect() // once b.conn is set: onConnect uses it
	changes, stop := cfg.Hub.Watch()
	b.wg.Go(func() {
		defer stop()
		b.watch(changes)
	})
	if cfg.Role == RoleControl {
		b.wg.Go(b.sendLoop)
	}
	return b, nil
}

// CheckBroker checks the form of a broker's URL (Config.Broker).
func CheckBroker(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w: broker %q: want a URL such as tcp://HOST:1883", ErrConfig, s)
	}
	switch u.Scheme {
	case "tcp", "mqtt", "ssl", "tls", "mqtts", "ws", "wss":
		return nil
	}
	return fmt.Errorf("%w: broker %q: the scheme must be tcp, ssl, tls, mqtt, mqtts, ws or wss", ErrConfig, s)
}

// Close publishes "offline", disconnects and waits for every goroutine
// of the bridge. It is idempotent.
func (b *Bridge) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	b.finishRuns()
	b.cancel()
	if b.conn.Connected() {
		// The will says the same after an outage; this is the clean way.
		if err := b.conn.Publish(b.prefix+"status", true, []byte("offline")); err != nil {
			b.log.Debug("mqtt: publishing offline", "err", err)
		}
	}
	b.conn.Disconnect()
	b.wg.Wait()
	return nil
}

// finishRuns gives the runs of ports that closed (the hub closed before
// the bridge) up to publishTimeout to publish the ports' last status.
func (b *Bridge) finishRuns() {
	if !b.conn.Connected() {
		return // published again after a reconnect, which will not come
	}
	b.mu.Lock()
	var closing []*portRun
	for p, r := range b.runs {
		if p.Info().State == hub.StateClosed {
			closing = append(closing, r)
		}
	}
	b.mu.Unlock()
	deadline := time.NewTimer(publishTimeout)
	defer deadline.Stop()
	for _, r := range closing {
		select {
		case <-r.done:
		case <-deadline.C:
			return
		}
	}
}

// Counts returns the counts of every port bridged so far, by name.
func (b *Bridge) Counts() map[string]Counts {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(map[string]Counts, len(b.counts))
	for name, c := range b.counts {
		out[name] = *c
	}
	return out
}

// count adds to port's counts.
func (b *Bridge) count(port string, f func(*Counts)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.counts[port]
	if c == nil {
		c = &Counts{}
		b.counts[port] = c
	}
	f(c)
}

// owned runs f in a goroutine the bridge waits for, unless it is closed:
// for callbacks of the client, which runs them on goroutines of its own.
func (b *Bridge) owned(f func()) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.wg.Add(1)
	b.mu.Unlock()
	defer b.wg.Done()
	f()
}

// onConnect runs (on a goroutine of the client) each time the
// connection is made: it subscribes to the sends if the role allows
// them, says "online", and has every port publish its status and values
// again (a broker restarted without persistence lost them).
func (b *Bridge) onConnect(subscribe func(filter string) error) {
	b.owned(func() {
		b.log.Info("mqtt: connected")
		// Subscribed before "online": a client that sees online may send.
		if b.cfg.Role == RoleControl {
			if err := subscribe(b.prefix + "+/send"); err != nil {
				b.log.Warn("mqtt: subscribing to sends", "err", err)
			}
		}
		if err := b.conn.Publish(b.prefix+"status", true, []byte("online")); err != nil {
			b.log.Warn("mqtt: publishing online", "err", err)
		}
		b.mu.Lock()
		for _, r := range b.runs {
			signal(r.resync)
		}
		b.mu.Unlock()
	})
}

// onMessage takes a message from the broker (on the client's goroutine:
// it never blocks).
func (b *Bridge) onMessage(topic string, retained bool, payload []byte) {
	rest, ok := strings.CutPrefix(topic, b.prefix)
	level, ok2 := strings.CutSuffix(rest, "/send")
	name, ok3 := UnTopicName(level)
	if !ok || !ok2 || !ok3 {
		return
	}
	if retained {
		// A retained send would be written again at every reconnect.
		b.refused(name, len(payload), "retained messages are not sent: publish without the retain flag")
		return
	}
	select {
	case b.sends <- send{port: name, payload: payload}:
	default:
		b.refused(name, len(payload), "too many sends waiting")
	}
}

// sendLoop writes the sends to their ports, one at a time, in order.
func (b *Bridge) sendLoop() {
	for {
		select {
		case <-b.ctx.Done():
			return
		case s := <-b.sends:
			p, ok := b.cfg.Hub.Port(s.port)
			if !ok {
				b.refused(s.port, len(s.payload), "no such port")
				continue
			}
			ctx, cancel := context.WithTimeout(b.ctx, sendTimeout)
			err := p.As(nil).Write(ctx, s.payload)
			cancel()
			if err != nil {
				b.refused(s.port, len(s.payload), err.Error())
			} else if b.cfg.sent != nil {
				b.cfg.sent(s.port, nil)
			}
		}
	}
}

// refused counts a send not written and logs it, at most once per
// dropLogInterval per port.
func (b *Bridge) refused(port string, n int, why string) {
	if b.cfg.sent != nil {
		defer b.cfg.sent(port, errors.New(why))
	}
	b.count(port, func(c *Counts) { c.Refused++ })
	b.mu.Lock()
	now := time.Now()
	quiet := now.Sub(b.logged[port]) < dropLogInterval
	if !quiet {
		b.logged[port] = now
	}
	b.mu.Unlock()
	if !quiet {
		b.log.Warn("mqtt: send refused", "port", port, "bytes", n, "why", why)
	}
}

// watch starts and stops the ports' runs as the hub's list changes,
// until the bridge closes; then it stops them all and waits.
func (b *Bridge) watch(changes <-chan struct{}) {
	b.sync()
	for {
		select {
		case <-changes:
			b.sync()
		case <-b.ctx.Done():
			b.mu.Lock()
			runs := make([]*portRun, 0, len(b.runs))
			for _, r := range b.runs {
				runs = append(runs, r)
			}
			b.mu.Unlock()
			for _, r := range runs {
				r.stop()
			}
			return
		}
	}
}

// sync starts a run for each new port and stops those of ports gone.
func (b *Bridge) sync() {
	ports := b.cfg.Hub.Ports()
	present := make(map[*hub.Port]bool, len(ports))
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range ports {
		present[p] = true
		if b.runs[p] == nil {
			if r := b.startRun(p); r != nil {
				b.runs[p] = r
			}
		}
	}
	for p := range b.runs {
		if !present[p] {
			// It was closed: its run ends by itself once it has
			// published the port's last status.
			delete(b.runs, p)
		}
	}
}

// names returns the names of the ports being bridged, sorted (tests).
func (b *Bridge) names() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for p := range b.runs {
		out = append(out, p.Name())
	}
	sort.Strings(out)
	return out
}

// signal wakes whoever waits on c (capacity 1), never blocking.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
