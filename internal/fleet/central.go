package fleet

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

// CentralConfig configures the NATS server a central embeds.
type CentralConfig struct {
	// Listen is where gateways connect (host:port; port 0 picks one).
	Listen string
	// StoreDir holds JetStream's state (the registry); it survives a
	// restart of the central.
	StoreDir string
}

// Central is a running embedded NATS server with JetStream.
type Central struct {
	srv  *server.Server // owned: shut down by Close
	url  string
	once sync.Once
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
	opts := &server.Options{
		ServerName: "serialhub-central",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   cfg.StoreDir,
		NoSigs:     true, // serialhub handles signals
		NoLog:      true,
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
	return &Central{srv: srv, url: srv.ClientURL()}, nil
}

// URL is where NATS clients connect (nats://host:port).
func (c *Central) URL() string { return c.url }

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
}

// OpenRegistry creates the registry's buckets (or opens them as they
// are). aliveTTL is AliveTTL but for tests.
func OpenRegistry(ctx context.Context, js jetstream.JetStream, aliveTTL time.Duration) (Registry, error) {
	gw, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      BucketGateways,
		Description: "serialhub gateways: tags, ports, version",
	})
	if err != nil {
		return Registry{}, fmt.Errorf("registry bucket %s: %w", BucketGateways, err)
	}
	alive, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:         BucketAlive,
		Description:    "serialhub gateways that are up: a key each, renewed, expiring",
		TTL:            aliveTTL,
		LimitMarkerTTL: time.Minute, // watchers are told of expiries
		Storage:        jetstream.MemoryStorage,
	})
	if err != nil {
		return Registry{}, fmt.Errorf("registry bucket %s: %w", BucketAlive, err)
	}
	return Registry{Gateways: gw, Alive: alive}, nil
}
