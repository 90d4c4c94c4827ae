package fleet

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// CentralConfig configures the NATS server a central embeds.
type CentralConfig struct {
	// Listen is where gateways connect (host:port; port 0 picks one).
	Listen string
	// StoreDir holds JetStream's state (the registry), which survives a
	// restart of the central, and the gateways' credentials
	// (StoreDir/fleet/gateways, made by AddGateway): required.
	StoreDir string
	// TLS, if set, is the central's certificate: every connection from
	// outside the process must then be TLS (a gateway's nats:// URL is
	// upgraded by nats.go, tls:// too). nil: plain TCP. StartCentral uses a
	// copy.
	TLS *tls.Config
}

// Central is a running embedded NATS server with JetStream.
//
// The server requires authentication of every client. A gateway proves
// it holds the seed of a public key registered in the store folder
// (AddGateway; looked up at each connection, so a gateway added while the
// central runs can connect at once) and gets its own subjects only
// (docs/fleet.md, Security). The central itself connects with Connect,
// in-process and with every right, with a key made at start that never
// leaves the process. Nothing else can connect, not even with no
// gateway registered.
type Central struct {
	// Static after StartCentral.
	srv     *server.Server // owned: shut down by Close
	url     string
	central nkeys.KeyPair // the central's own key (Connect)
	once    sync.Once
}

// StartCentral starts the embedded NATS server and waits until it takes
// connections.
func StartCentral(cfg CentralConfig) (*Central, error) {
	host, portText, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("nats listen %q: %w", cfg.Listen, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("nats listen %q: bad port", cfg.Listen)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	if cfg.StoreDir == "" {
		return nil, errors.New("nats: a store folder is needed for JetStream (--store)")
	}
	kp, err := nkeys.CreateUser()
	if err != nil {
		return nil, fmt.Errorf("nats: the central's key: %w", err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("nats: the central's key: %w", err)
	}
	opts := &server.Options{
		ServerName: "serialhub-central",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   cfg.StoreDir,
		NoSigs:     true, // serialhub handles signals
		NoLog:      true,
		// Every client signs the server's nonce with its nkey; the
		// authenticator checks the signature and the key.
		AlwaysEnableNonce:          true,
		CustomClientAuthentication: newAuthenticator(gatewaysDir(cfg.StoreDir), pub),
	}
	if cfg.TLS != nil {
		opts.TLS = true
		opts.TLSConfig = cfg.TLS.Clone()
		if opts.TLSConfig.MinVersion < tls.VersionTLS12 {
			opts.TLSConfig.MinVersion = tls.VersionTLS12
		}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	go srv.Start() // the server owns its goroutines; Shutdown stops them
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		srv.WaitForShutdown()
		return nil, errors.New("nats server: not ready for connections within 10s")
	}
	return &Central{srv: srv, url: srv.ClientURL(), central: kp}, nil
}

// URL is where NATS clients connect: nats://host:port, or tls://host:port
// with CentralConfig.TLS.
func (c *Central) URL() string { return c.url }

// Connect connects to the central's NATS server in-process (no network,
// no TLS) as the central itself: every subject, every JetStream API. The
// caller closes the connection (before or after Close). opts may add
// handlers, a name and the like; they must not set a URL, credentials or
// another server. It is safe for concurrent use.
func (c *Central) Connect(opts ...nats.Option) (*nats.Conn, error) {
	pub, _ := c.central.PublicKey() // checked in StartCentral
	opts = append(opts,
		nats.InProcessServer(c.srv),
		nats.Nkey(pub, c.central.Sign),
	)
	// The URL is not dialled (in-process); nats:// keeps nats.go from
	// trying TLS on the pipe.
	nc, err := nats.Connect("nats://in-process", opts...)
	if err != nil {
		return nil, fmt.Errorf("nats: the central's own connection: %w", err)
	}
	return nc, nil
}

// Close shuts the server down and waits for it. It may be called more
// than once.
func (c *Central) Close() {
	c.once.Do(func() {
		c.srv.Shutdown()
		c.srv.WaitForShutdown()
	})
}

// The registry's buckets (JetStream key-value).
const (
	// BucketGateways: a gateway's record (tags, ports, version), by name;
	// kept while the gateway is away, so the central lists it as offline.
	BucketGateways = "serialhub-gateways"
	// BucketAlive: a key per gateway, put again every AliveEvery; a key
	// that is not renewed expires after AliveTTL, and the central, watching
	// the bucket, sees the expiry (a limit marker): the gateway is offline.
	BucketAlive = "serialhub-alive"
)

// A gateway renews its key every AliveEvery; one missing for AliveTTL is
// offline (the issue wants offline shown within 10 s).
const (
	AliveEvery = 2 * time.Second
	AliveTTL   = 6 * time.Second
)

// Registry is the fleet's registry: the two buckets.
type Registry struct {
	Gateways jetstream.KeyValue
	Alive    jetstream.KeyValue
	Leases   jetstream.KeyValue
}

// RegistryReplicas is how many replicas the registry's buckets get when
// none is asked for (OpenRegistry with replicas 0): 3 when the NATS
// server nc is connected to belongs to a cluster (its INFO names one), so
// that the registry outlives the loss of a node, else 1 (a single
// server, such as the central's embedded one). A cluster of two nodes
// cannot place 3 replicas: ask for 2 (or 1) there.
func RegistryReplicas(nc *nats.Conn) int {
	if nc.ConnectedClusterName() != "" {
		return 3
	}
	return 1
}

// OpenRegistry creates the registry's buckets (or brings them to this
// configuration, as they are). aliveTTL is AliveTTL but for tests.
// replicas is how many servers of a NATS cluster keep each bucket (1 to
// 5); 0 chooses (RegistryReplicas). Buckets made before with another
// count are brought to this one: the server adds or removes replicas.
//
// The buckets are key-value buckets as nats.go makes them (ADR-8), but
// for one thing: BucketGateways refuses rollups (AllowRollup off). A
// gateway may put its own keys, and with a rollup header ("Nats-Rollup:
// all") a put of its own would purge every other gateway's record. So
// KeyValue.Purge is refused there too; Delete works. BucketAlive cannot
// refuse them: the server turns rollups on for a stream with limit
// markers. There a gateway can purge the others' alive keys, silently (a
// watcher is told of nothing but its own key), and a key purged so never
// expires: the central must not count on an expiry alone to see a
// gateway go (docs/fleet.md, Security).
func OpenRegistry(ctx context.Context, js jetstream.JetStream, aliveTTL time.Duration, replicas int) (Registry, error) {
	if replicas == 0 {
		replicas = RegistryReplicas(js.Conn())
	}
	if replicas < 1 || replicas > 5 {
		return Registry{}, fmt.Errorf("registry: %d replicas: JetStream keeps 1 to 5", replicas)
	}
	gw, err := openBucket(ctx, js, kvStream(BucketGateways, "serialhub gateways: tags, ports, version", 0, 0, jetstream.FileStorage, replicas))
	if err != nil {
		return Registry{}, err
	}
	// Limit markers (kept a minute): watchers are told of expiries. On
	// disk, so that a central that restarts sees at once the gateways
	// still up (expiries run on from where they were).
	alive, err := openBucket(ctx, js, kvStream(BucketAlive, "serialhub gateways that are up: a key each, renewed, expiring", aliveTTL, time.Minute, jetstream.FileStorage, replicas))
	if err != nil {
		return Registry{}, err
	}
	leases, err := openBucket(ctx, js, kvStream(BucketLeases, "serialhub fleet ports' leases: one holder for the central and the gateway", 0, 0, jetstream.FileStorage, replicas))
	if err != nil {
		return Registry{}, err
	}
	return Registry{Gateways: gw, Alive: alive, Leases: leases}, nil
}

// kvStream is the stream of a key-value bucket that keeps one value per
// key, as jetstream.KeyValueConfig makes it, with rollups refused unless
// it has limit markers (the server requires rollups for those). ttl 0:
// values do not expire; markerTTL 0: no limit markers.
func kvStream(bucket, description string, ttl, markerTTL time.Duration, storage jetstream.StorageType, replicas int) jetstream.StreamConfig {
	dups := 2 * time.Minute // what nats.go sets: two minutes, or the TTL if shorter
	if ttl > 0 && ttl < dups {
		dups = ttl
	}
	return jetstream.StreamConfig{
		Name:                   "KV_" + bucket,
		Description:            description,
		Subjects:               []string{"$KV." + bucket + ".>"},
		MaxMsgsPerSubject:      1,
		MaxBytes:               -1,
		MaxAge:                 ttl,
		MaxMsgSize:             -1,
		MaxMsgs:                -1,
		MaxConsumers:           -1,
		Storage:                storage,
		Replicas:               replicas,
		AllowRollup:            markerTTL > 0, // the difference: see OpenRegistry
		DenyDelete:             true,
		Duplicates:             dups,
		AllowDirect:            true,
		Discard:                jetstream.DiscardNew,
		AllowMsgTTL:            markerTTL > 0,
		SubjectDeleteMarkerTTL: markerTTL,
	}
}

// openBucket creates or updates a bucket's stream and opens the bucket.
func openBucket(ctx context.Context, js jetstream.JetStream, cfg jetstream.StreamConfig) (jetstream.KeyValue, error) {
	bucket := cfg.Name[len("KV_"):]
	if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
		// The server's codes for too many replicas: no suitable peers
		// for placement (fewer servers than replicas, or some offline),
		// insufficient resources, replicas > 1 not supported (not
		// clustered).
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && (apiErr.ErrorCode == 10005 || apiErr.ErrorCode == 10023 || apiErr.ErrorCode == 10074) {
			return nil, fmt.Errorf("registry bucket %s with %d replicas: %w (--nats-replicas sets how many)", bucket, cfg.Replicas, err)
		}
		return nil, fmt.Errorf("registry bucket %s: %w", bucket, err)
	}
	kv, err := js.KeyValue(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("registry bucket %s: %w", bucket, err)
	}
	return kv, nil
}
