package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/serialhub/serialhub/internal/config"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/fleet"
	"github.com/serialhub/serialhub/internal/hub"
)

// The fleet (docs/fleet.md): "serialhub fleet" runs the central, "serve
// --fleet" makes a server one of its gateways. Both are the serve
// command with more flags.

// fleetFlags are the flags of a gateway (serve) and of the central
// (fleet).
type fleetFlags struct {
	// A gateway's.
	URL     string            // --fleet: the central's NATS URLs, comma-separated
	Gateway string            // --gateway
	mqtt    bool              // --mqtt is given: --gateway names the machine there too (mqtt.go)
	Tags    map[string]string // --tag KEY=VALUE, repeatable
	// Both: the NATS credentials file (--fleet-creds) and the CA that
	// signed the central's certificate (--fleet-ca).
	Creds string
	CA    string

	// The central's ("serialhub fleet").
	Central    bool
	NATSListen string // --nats-listen: the embedded NATS server's address
	NATS       string // --nats: an existing NATS cluster's URLs instead
	Replicas   int    // --nats-replicas: the registry's replicas there; 0 chooses
	Store      string // --store: the embedded server's JetStream state

	fileKeys []string // the fleet keys the config file set, for check
}

// registerGateway adds serve's fleet flags.
func (f *fleetFlags) registerGateway(fs *flag.FlagSet) {
	fs.StringVar(&f.URL, "fleet", "", "join the fleet whose central's NATS is at `URL` (nats://central:4222, tls://… ; comma-separate several): this server's ports then also appear at the central as GATEWAY/PORT (docs/fleet.md)")
	fs.StringVar(&f.Gateway, "gateway", "", "this gateway's `NAME` in the fleet (letters, digits, '_' and '-'; default: the machine's name)")
	fs.Func("tag", "tag this gateway `KEY=VALUE` in the fleet (search, roles \"tag:KEY=VALUE\"); repeatable", f.tagFlag)
	fs.StringVar(&f.Creds, "fleet-creds", "", "the gateway's NATS credentials `file` (serialhub fleet add-gateway makes it)")
	fs.StringVar(&f.CA, "fleet-ca", "", "trust the central's TLS certificate if this CA `file` (PEM) signed it (default: the system's CAs)")
}

// registerCentral adds the fleet command's flags.
func (f *fleetFlags) registerCentral(fs *flag.FlagSet) {
	f.Central = true
	fs.StringVar(&f.NATSListen, "nats-listen", ":4222", "`address` of the embedded NATS server that gateways connect to (TLS with --tls-cert)")
	fs.StringVar(&f.NATS, "nats", "", "join this existing NATS cluster (`URLs`, comma-separated, JetStream on) instead of embedding a server")
	fs.IntVar(&f.Replicas, "nats-replicas", 0, "with --nats: how many of the cluster's servers keep the registry (1 to 5; default: 3 in a cluster, 1 on a single server)")
	fs.StringVar(&f.Store, "store", defaultStore(), "`folder` of the embedded NATS server's state: the registry, the gateways' credentials")
	fs.StringVar(&f.Creds, "fleet-creds", "", "with --nats: the central's NATS credentials `file`")
	fs.StringVar(&f.CA, "fleet-ca", "", "with --nats: trust the cluster's TLS certificates if this CA `file` (PEM) signed them")
}

// defaultStore is where the central keeps its state unless --store says.
func defaultStore() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "serialhub-fleet"
	}
	return filepath.Join(dir, "serialhub", "fleet")
}

var tagKey = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

func (f *fleetFlags) tagFlag(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want KEY=VALUE, not %q", v)
	}
	if err := checkTag(k, val); err != nil {
		return err
	}
	if f.Tags == nil {
		f.Tags = map[string]string{}
	}
	f.Tags[k] = val
	return nil
}

// checkTag checks a tag's key and value (--tag, the config file's tags).
func checkTag(key, value string) error {
	if !tagKey.MatchString(key) || len(value) > 256 {
		return fmt.Errorf("want KEY=VALUE (KEY: letters, digits, '.', '_', '-'), not %q", key+"="+value)
	}
	return nil
}

// applyFile takes the config file's fleet keys for the flags not given
// (take says which); a key of the other role (a central's in serve's
// file) is an error at check.
func (f *fleetFlags) applyFile(file *config.File, take func(string) bool, given map[string]bool) {
	if take("fleet") {
		f.URL = file.Fleet
	}
	if take("gateway") {
		f.Gateway = file.Gateway
	}
	if take("fleet-creds") {
		f.Creds = file.FleetCreds
	}
	if take("fleet-ca") {
		f.CA = file.FleetCA
	}
	if file.IsSet("tags") && !given["tag"] {
		f.Tags = maps.Clone(file.Tags)
	}
	if take("nats-listen") {
		f.NATSListen = file.NATSListen
	}
	if take("nats") {
		f.NATS = file.NATS
	}
	if take("nats-replicas") {
		f.Replicas = file.NATSReplicas
	}
	if take("store") {
		f.Store = file.Store
	}
	for _, key := range []string{"fleet", "gateway", "tags", "nats-listen", "nats", "nats-replicas", "store"} {
		if file.IsSet(key) {
			f.fileKeys = append(f.fileKeys, key)
		}
	}
}

// check validates the flags; hostname names a gateway by default.
func (f *fleetFlags) check(given map[string]bool) error {
	for _, key := range f.fileKeys {
		central := key == "nats-listen" || key == "nats" || key == "nats-replicas" || key == "store"
		if central != f.Central {
			if f.Central {
				return fmt.Errorf("config file: %s is a gateway's key (serve --fleet), not the central's", key)
			}
			return fmt.Errorf("config file: %s is the central's key (serialhub fleet), not serve's", key)
		}
	}
	for k, v := range f.Tags {
		if err := checkTag(k, v); err != nil {
			return fmt.Errorf("tag %q: %w", k, err)
		}
	}
	if f.Central {
		if f.NATS != "" && given["nats-listen"] {
			return errors.New("--nats joins a NATS cluster, --nats-listen embeds a server: give one")
		}
		if f.NATS == "" && f.Store == "" {
			return errors.New("--store: the embedded NATS server needs a folder for its state")
		}
		if f.NATS == "" && f.Replicas != 0 {
			return errors.New("--nats-replicas is for a NATS cluster (--nats): the embedded server keeps one copy")
		}
		if f.Replicas < 0 || f.Replicas > 5 {
			return fmt.Errorf("--nats-replicas %d: JetStream keeps 1 to 5", f.Replicas)
		}
		return nil
	}
	if f.URL == "" {
		for _, name := range []string{"gateway", "tag", "fleet-creds", "fleet-ca"} {
			if given[name] && !(name == "gateway" && f.mqtt) {
				return fmt.Errorf("--%s is for a fleet gateway: give --fleet URL too", name)
			}
		}
		if (f.Gateway != "" && !f.mqtt) || len(f.Tags) > 0 || f.Creds != "" {
			return errors.New("config file: gateway, tags and fleet-creds are for a fleet gateway: give fleet too")
		}
		return nil
	}
	if f.Gateway == "" {
		host, _ := os.Hostname()
		host, _, _ = strings.Cut(host, ".")
		if !fleet.ValidGateway(host) {
			return fmt.Errorf("--gateway NAME is needed: the machine's name %q cannot name a gateway (letters, digits, '_' and '-')", host)
		}
		f.Gateway = host
	}
	if !fleet.ValidGateway(f.Gateway) {
		return fmt.Errorf("--gateway %q: use 1 to 64 letters, digits, '_' or '-', starting with a letter or digit", f.Gateway)
	}
	return nil
}

// connectOptions are the NATS options of a gateway's or the central's
// connection: it never gives up reconnecting, and notices a dead link
// within seconds (a ping every 2 s, two unanswered), so that a gateway's
// bytes wait in its buffer rather than in a socket to nowhere.
func (f *fleetFlags) connectOptions(name string, log *slog.Logger) ([]nats.Option, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.RetryOnFailedConnect(true),
		nats.PingInterval(2 * time.Second),
		nats.MaxPingsOutstanding(2),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("fleet: link to NATS lost; reconnecting", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("fleet: link to NATS back", "url", nc.ConnectedUrlRedacted()) }),
		nats.ErrorHandler(func(_ *nats.Conn, s *nats.Subscription, err error) {
			subject := ""
			if s != nil {
				subject = s.Subject
			}
			log.Warn("fleet: NATS error", "subject", subject, "err", err)
		}),
	}
	switch {
	case f.Creds != "":
		data, err := os.ReadFile(f.Creds)
		if err != nil {
			return nil, fmt.Errorf("--fleet-creds: %w", err)
		}
		jwt := bytes.Contains(data, []byte("BEGIN NATS USER JWT"))
		clear(data)
		switch {
		case jwt:
			// A cluster's own credentials (JWT and seed, as its operator
			// makes them), for a central or a gateway joining it.
			opts = append(opts, nats.UserCredentials(f.Creds))
		case f.Central:
			return nil, errors.New("--fleet-creds: a central joining a cluster needs the cluster's credentials file (a NATS user JWT and seed), not a gateway's")
		default:
			creds, err := fleet.GatewayOptions(f.Gateway, f.Creds)
			if err != nil {
				return nil, fmt.Errorf("--fleet-creds: %w", err)
			}
			opts = append(opts, creds...)
		}
		if !f.Central {
			// A refused credential is not the end: the central's operator
			// may add it (fleet add-gateway) while the gateway keeps
			// trying.
			opts = append(opts, nats.IgnoreAuthErrorAbort())
		}
	}
	if f.CA != "" {
		if _, err := os.Stat(f.CA); err != nil {
			return nil, fmt.Errorf("--fleet-ca: %w", err)
		}
		opts = append(opts, nats.RootCAs(f.CA))
	}
	return opts, nil
}

// fleetRun is the fleet's part of a running server: started after the
// hub, stopped before the hub closes.
type fleetRun struct {
	central *fleet.Central   // the embedded NATS server, or nil
	nc      *nats.Conn       // the link to NATS
	dir     *fleet.Directory // at the central
	gw      *fleet.Gateway   // at a gateway
	once    sync.Once
}

// startFleet joins the fleet as the flags say: as the central (its
// ports then come into h as gateways list them) or as a gateway of h's
// ports. It returns nil if the flags name no fleet.
func (f *fleetFlags) start(ctx context.Context, h *hub.Hub, portTemplate hub.Config, certs *certReloader, log *slog.Logger) (*fleetRun, error) {
	if !f.Central && f.URL == "" {
		return nil, nil
	}
	r := &fleetRun{}
	fail := func(err error) (*fleetRun, error) {
		r.stop()
		return nil, err
	}
	if f.Central {
		url := f.NATS
		if url == "" {
			if err := os.MkdirAll(f.Store, 0o700); err != nil {
				return nil, fmt.Errorf("--store: %w", err)
			}
			cfg := fleet.CentralConfig{Listen: f.NATSListen, StoreDir: f.Store}
			if certs != nil {
				// The HTTP server's certificate, reloaded with it.
				cfg.TLS = &tls.Config{GetCertificate: certs.get, MinVersion: tls.VersionTLS12}
			}
			c, err := fleet.StartCentral(cfg)
			if err != nil {
				return nil, err
			}
			r.central = c
			url = c.URL()
			log.Info("fleet: NATS for gateways", "url", url, "tls", certs != nil, "store", f.Store)
		}
		opts, err := f.connectOptions("serialhub central", log)
		if err != nil {
			return fail(err)
		}
		if r.central != nil {
			r.nc, err = r.central.Connect(opts...)
		} else {
			r.nc, err = nats.Connect(url, opts...)
		}
		if err != nil {
			return fail(fmt.Errorf("fleet: connect to NATS at %s: %w", url, err))
		}
		replicas := 1 // the embedded server is a cluster of one
		if r.central == nil {
			// Chosen once connected: the server says whether it is in a
			// cluster.
			if replicas = f.Replicas; replicas == 0 {
				replicas = fleet.RegistryReplicas(r.nc)
			}
			log.Info("fleet: joined NATS", "url", r.nc.ConnectedUrlRedacted(), "cluster", r.nc.ConnectedClusterName(), "replicas", replicas)
		}
		r.dir, err = fleet.StartDirectory(ctx, fleet.DirectoryConfig{Conn: r.nc, Hub: h, Port: portTemplate, Replicas: replicas, Logger: log})
		if err != nil {
			return fail(err)
		}
		return r, nil
	}
	opts, err := f.connectOptions("serialhub gateway "+f.Gateway, log)
	if err != nil {
		return nil, err
	}
	if r.nc, err = nats.Connect(f.URL, opts...); err != nil {
		return nil, fmt.Errorf("--fleet %s: %w", f.URL, err)
	}
	r.gw, err = fleet.StartGateway(ctx, fleet.GatewayConfig{
		Conn: r.nc, Name: f.Gateway, Tags: f.Tags, Ports: h.Ports(), Version: buildVersion(), Logger: log,
	})
	if err != nil {
		return fail(err)
	}
	log.Info("fleet: gateway", "name", f.Gateway, "central", f.URL, "connected", r.nc.IsConnected(), "server", r.nc.ConnectedUrlRedacted())
	return r, nil
}

// stop leaves the fleet: the gateway leaves the registry, the directory
// stops, the link and the embedded server close. Nil-safe, idempotent.
func (r *fleetRun) stop() {
	if r == nil {
		return
	}
	r.once.Do(r.close)
}

func (r *fleetRun) close() {
	if r.gw != nil {
		r.gw.Close()
	}
	if r.dir != nil {
		r.dir.Close()
	}
	if r.nc != nil {
		r.nc.Close()
	}
	if r.central != nil {
		r.central.Close()
	}
}

// runFleet is "serialhub fleet": the central, or "fleet add-gateway".
func runFleet(ctx context.Context, open device.Opener, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "add-gateway" {
		return runAddGateway(args[1:], stdout, stderr)
	}
	c := newCommand(open, stdout, stderr, true)
	c.flags.Usage = func() {
		fmt.Fprintf(c.flags.Output(), "Usage: serialhub fleet [flags] [PORT...]\n       serialhub fleet add-gateway NAME --store DIR > NAME.creds\n\nRuns a fleet's central (docs/fleet.md): the console and API of every\ngateway's ports, as GATEWAY/PORT, with an embedded NATS server that\ngateways (serialhub serve --fleet) connect to. PORTs of its own are\noptional. Flags:\n")
		c.flags.PrintDefaults()
	}
	if err := c.ParseFlags(args); err != nil {
		return err
	}
	return c.Run(ctx)
}

// runAddGateway is "serialhub fleet add-gateway NAME --store DIR".
func runAddGateway(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serialhub fleet add-gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := fs.String("store", defaultStore(), "the central's state `folder` (its --store)")
	replace := fs.Bool("replace", false, "make a new credential for a gateway that has one (a lost or exposed file): the old one stops working for new connections")
	remove := fs.Bool("remove", false, "delete the gateway's credential instead: it cannot connect again (nothing is printed)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: serialhub fleet add-gateway NAME [--store DIR] [--replace] > NAME.creds\n       serialhub fleet add-gateway NAME [--store DIR] --remove\n\nRegisters gateway NAME with the central whose state is in DIR and prints\nthe gateway's NATS credentials (for serve --fleet-creds NAME.creds). The\ncentral need not be restarted. Keep the file secret: it lets whoever\nholds it speak for the gateway. Flags:\n")
		fs.PrintDefaults()
	}
	rest, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if len(rest) != 1 || (*replace && *remove) {
		fs.Usage()
		return errUsage
	}
	name := rest[0]
	var creds []byte
	switch {
	case *remove:
		return fleet.RemoveGateway(*store, name)
	case *replace:
		creds, err = fleet.ReplaceGateway(*store, name)
	default:
		creds, err = fleet.AddGateway(*store, name)
	}
	if errors.Is(err, fleet.ErrGatewayExists) {
		return fmt.Errorf("%w: give --replace to make a new credential (the old one stops working)", err)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(creds)
	return err
}
