package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/config"
	"github.com/serialhub/serialhub/internal/dashboard"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/netport"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/internal/trigger"
	"github.com/serialhub/serialhub/internal/values"
	"github.com/serialhub/serialhub/web"
)

// shutdownTimeout bounds how long a graceful shutdown waits for HTTP
// requests in flight.
const shutdownTimeout = 5 * time.Second

// Slow requests (slowloris): a request's headers must arrive within
// readHeaderTimeout (or --read-timeout, if shorter), and the whole request,
// headers and body, within --read-timeout of its start; then the
// connection is closed. An upgraded WebSocket is not affected: net/http
// clears the connection's deadlines when it is taken over.
const (
	readHeaderTimeout  = 10 * time.Second
	defaultReadTimeout = 30 * time.Second
)

// serveCommand is "serialhub serve": its flags, then Run.
type serveCommand struct {
	flags *flag.FlagSet

	Listen       string
	Baud         int
	Scrollback   int
	ClientBuffer int
	WriteTimeout time.Duration
	ReadTimeout  time.Duration
	MaxMessage   int64
	LogLevel     string
	LogFormat    string
	Origins      string
	AllowHosts   []string // --allow-host, repeatable
	LogDir       string
	Dashboards   string // --dashboards: where the console's dashboards are kept
	Jobs         string // --jobs: where the ports' jobs are kept across a restart; "off": nowhere
	Pages        string // --pages: the user's own pages (docs/pages.md)
	LogMaxSize   int64
	LogMaxFiles  int

	ConfigPath string
	AllowOpen  bool

	TLSCert, TLSKey   string
	InsecureNoAuth    bool
	AuditLog          string
	AuditData         bool
	MaxClients        int
	MaxClientsPerPort int
	MaxPorts          int
	auth              auth.Config   // users and proxy trust, from the config file
	TCP               []tcpListener // --raw-tcp and --rfc2217, then the config file's

	Ports     []hub.Config    // from the config file and the PORT arguments
	noCapture map[string]bool // ports the config file says not to capture
	// triggers are the config file's triggers, by port.
	triggers map[string][]protocol.ParsedTrigger
	profiles []job.Custom // the config file's [[profile]] tables
	// decoders are the ports' decoders (decode=NAME, the config file's
	// decode and [port.decoder]), by port; a port without one is not in it.
	decoders map[string]decode.Spec

	// listDevices finds serial ports for ports found by match; nil means
	// device.List. Tests give a fake.
	listDevices func() ([]device.PortInfo, error)

	// Listener, if set, is used instead of listening on Listen (tests
	// pass one on 127.0.0.1:0).
	Listener net.Listener
	// Ready, if set, receives the address served once the server accepts
	// connections.
	Ready chan<- net.Addr
	// TCPReady, if set, receives the address of each --raw-tcp and
	// --rfc2217 listener, in order, once it listens.
	TCPReady chan<- net.Addr
	// TLSReloaded, if set, receives the result of each reload of the TLS
	// certificate (SIGHUP).
	TLSReloaded chan<- error

	// fleet: a gateway's flags (serve) or the central's (fleet).
	fleet fleetFlags
	// mqtt: the MQTT bridge's flags (mqtt.go).
	mqtt mqttFlags

	// open opens every port's device (main's newOpener).
	open device.Opener

	stdout, stderr io.Writer
}

func newServeCommand(open device.Opener, stdout, stderr io.Writer) *serveCommand {
	return newCommand(open, stdout, stderr, false)
}

// newCommand makes the serve command, or with central the fleet command
// (the serve command with the central's fleet flags instead of a
// gateway's).
func newCommand(open device.Opener, stdout, stderr io.Writer, central bool) *serveCommand {
	c := &serveCommand{open: open, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("serialhub serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.ConfigPath, "config", "", "read ports and settings from the TOML `file` (docs/config.md); flags given here override it")
	fs.StringVar(&c.Listen, "listen", "127.0.0.1:8080", "`address` to serve HTTP on; an address other than loopback needs users in the config file (or --insecure-no-auth)")
	fs.IntVar(&c.Baud, "baud", device.DefaultSettings.Baud, "default baud `rate` of serial ports (a PORT's baud= option overrides it)")
	fs.IntVar(&c.Scrollback, "scrollback", hub.DefaultScrollback, "`bytes` of each port's recent output replayed to clients that connect late (0: none)")
	fs.IntVar(&c.ClientBuffer, "client-buffer", hub.DefaultClientBuffer, "`bytes` queued for a client that falls behind before it misses data (and is told how much)")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", server.DefaultWriteTimeout, "disconnect a WebSocket client that takes longer than this to accept one message")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", defaultReadTimeout, "close a request whose headers and body have not all arrived this long after it began (its headers alone get 10s at most); open WebSockets are not affected")
	fs.Int64Var(&c.MaxMessage, "max-message", server.DefaultMaxMessage, "largest WebSocket message, in `bytes`, a client may send; a larger one closes its connection (status 1009)")
	fs.StringVar(&c.Origins, "allow-origin", "", "comma-separated extra `hosts` (path.Match patterns) whose web pages may open WebSockets; the served host is always allowed")
	fs.Func("allow-host", "also answer requests naming `HOST` (a name, or a path.Match pattern such as *.lab.example) in their Host header; loopback, IP addresses, the --listen host and the machine's name always work, other names get 421 (a guard against DNS rebinding); repeatable", c.allowHostFlag)
	fs.StringVar(&c.TLSCert, "tls-cert", "", "serve HTTPS and WSS with this certificate `file` (PEM; with --tls-key); reloaded on SIGHUP")
	fs.StringVar(&c.TLSKey, "tls-key", "", "the certificate's private key `file` (PEM)")
	fs.BoolVar(&c.InsecureNoAuth, "insecure-no-auth", false, "serve a non-loopback address with no users configured: anyone who reaches it controls the ports")
	fs.StringVar(&c.AuditLog, "audit-log", "", "append an audit log (JSON lines: logins, connections, writes, controls) to this `file`")
	fs.BoolVar(&c.AuditData, "audit-data", false, "record the bytes each writer sends in the audit log, not only their number")
	fs.IntVar(&c.MaxClients, "max-clients", server.DefaultMaxClients, "most WebSocket clients of the server; more are refused (503)")
	fs.IntVar(&c.MaxClientsPerPort, "max-clients-per-port", server.DefaultMaxClientsPerPort, "most WebSocket clients of one port")
	fs.IntVar(&c.MaxPorts, "max-ports", server.DefaultMaxPorts, "most ports clients may have open at once with --allow-open; more are refused (503)")
	fs.BoolVar(&c.AllowOpen, "allow-open", false, "let clients open the machine's serial ports as new ports at runtime, and close them again (POST and DELETE /api/ports)")
	fs.StringVar(&c.Jobs, "jobs", "", "keep each port's jobs in `directory` (a JSON file each), so that a restart reports a job it interrupted, at which line; default: serialhub/jobs in the user's config directory; off: keep none (docs/jobs.md)")
	fs.StringVar(&c.Dashboards, "dashboards", "", "keep the dashboards built in the console in `directory`, a JSON file each, so every viewer sees them (docs/dashboards.md)")
	fs.StringVar(&c.LogDir, "log-dir", "", "record every byte each port receives and sends, with timestamps, to files in `directory` (NAME/TIME.cap, read back with serialhub capture DIR/NAME or GET /api/ports/NAME/capture)")
	fs.StringVar(&c.Pages, "pages", "", "serve the HTML, CSS and JavaScript in `directory` under /pages/, with the console's login and CSP; they talk to the ports through /sdk/serialhub.js (docs/pages.md)")
	fs.Int64Var(&c.LogMaxSize, "log-max-size", capture.DefaultMaxSize, "`bytes` per capture file before the next one starts")
	fs.IntVar(&c.LogMaxFiles, "log-max-files", capture.DefaultMaxFiles, "capture files kept per port; the oldest are removed")
	fs.Func("raw-tcp", "serve port NAME as raw bytes on TCP `NAME=ADDR` (like ser2net's raw mode: telnet, nc, socat); repeatable", c.tcpFlag(netport.Raw))
	fs.Func("rfc2217", "serve port NAME over RFC 2217 on TCP `NAME=ADDR` (pyserial's rfc2217://, ser2net's clients); repeatable", c.tcpFlag(netport.RFC2217))
	fs.StringVar(&c.LogLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log `format`: text or json (logs go to standard error)")
	if central {
		c.fleet.registerCentral(fs)
	} else {
		c.fleet.registerGateway(fs)
	}
	c.mqtt.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: serialhub serve [flags] [PORT...]\n\nShares each PORT (default: sim://) over HTTP and WebSockets. Flags may come\nbefore, between or after the PORTs; -- ends the flags.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\n%s\n", portSpecHelp)
	}
	c.flags = fs
	return c
}

// ParseFlags parses the flags and PORT arguments, in any order (see
// parseArgs).
func (c *serveCommand) ParseFlags(args []string) error {
	specs, err := parseArgs(c.flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	var file *config.File
	if c.ConfigPath != "" {
		if file, err = config.Load(c.ConfigPath); err != nil {
			return err
		}
		c.applyFile(file)
	}
	if c.Baud <= 0 {
		return fmt.Errorf("--baud %d: want a positive number", c.Baud)
	}
	if c.Scrollback < 0 {
		return fmt.Errorf("--scrollback %d: want 0 or more bytes", c.Scrollback)
	}
	if c.ReadTimeout <= 0 {
		return fmt.Errorf("--read-timeout %v: want a positive duration, e.g. 30s", c.ReadTimeout)
	}
	if c.MaxMessage <= 0 {
		return fmt.Errorf("--max-message %d: want a positive number of bytes", c.MaxMessage)
	}
	if c.MaxPorts <= 0 {
		return fmt.Errorf("--max-ports %d: want at least 1", c.MaxPorts)
	}
	if c.MaxClients <= 0 || c.MaxClientsPerPort <= 0 {
		return fmt.Errorf("--max-clients %d, --max-clients-per-port %d: want at least 1 each", c.MaxClients, c.MaxClientsPerPort)
	}
	if c.WriteTimeout <= 0 {
		return fmt.Errorf("--write-timeout %s: want more than 0", c.WriteTimeout)
	}
	if c.Origins != "" {
		for _, pattern := range strings.Split(c.Origins, ",") {
			if _, err := path.Match(pattern, ""); err != nil {
				return fmt.Errorf("--allow-origin pattern %q: %w", pattern, err)
			}
		}
	}
	if c.ClientBuffer <= 0 {
		return fmt.Errorf("--client-buffer %d: want a positive number of bytes", c.ClientBuffer)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if c.LogMaxSize < 4096 {
		return fmt.Errorf("--log-max-size %d: want at least 4096 bytes", c.LogMaxSize)
	}
	if c.LogMaxFiles < 1 {
		return fmt.Errorf("--log-max-files %d: want at least 1", c.LogMaxFiles)
	}
	scrollback := c.Scrollback
	if scrollback == 0 {
		scrollback = -1 // hub.Config: negative means none
	}
	defaults := device.DefaultSettings
	defaults.Baud = c.Baud
	if file != nil {
		c.addFilePorts(file, defaults, scrollback)
	}
	if err := c.mqtt.check(c.flags, &c.fleet); err != nil {
		return err
	}
	if err := c.fleet.check(givenFlags(c.flags)); err != nil {
		return err
	}
	if len(specs) == 0 && len(c.Ports) == 0 && !c.fleet.Central {
		specs = []string{"sim://"}
	}
	for _, arg := range specs {
		cfg, err := parsePortSpec(arg, defaults, scrollback)
		if err != nil {
			return err
		}
		cfg.ClientBuffer = c.ClientBuffer
		c.Ports = append(c.Ports, cfg.Config)
		c.addDecoder(cfg.Name, cfg.Decoder)
	}
	seen := map[string]bool{}
	for _, p := range c.Ports {
		if seen[p.Name] {
			return fmt.Errorf("two ports are named %s (on the command line or in the config file): name one differently (NAME=DEVICE)", p.Name)
		}
		seen[p.Name] = true
	}
	for _, l := range c.TCP {
		if !seen[l.Port] {
			return fmt.Errorf("--%s %s=%s: no port named %s", l.Proto, l.Port, l.Addr, l.Port)
		}
	}
	return nil
}

func (c *serveCommand) logger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.LogFormat {
	case "text":
		return slog.New(slog.NewTextHandler(c.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(c.stderr, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
}

// Run serves until ctx ends, then closes every client with a close frame,
// closes the devices and returns nil.
func (c *serveCommand) Run(ctx context.Context) error {
	log, err := c.logger()
	if err != nil {
		return err
	}
	// Roles may name a fleet gateway's tags (h is set before anything
	// asks: the server starts after it).
	var h *hub.Hub
	c.auth.PortTags = func(port string) map[string]string {
		if p, ok := h.Port(port); ok {
			if o := p.Origin(); o != nil {
				return o.Tags
			}
		}
		return nil
	}
	authn, err := auth.New(c.auth)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer authn.Close() // the sessions' timers; after the server's shutdown
	for _, p := range c.auth.TrustedProxies {
		if p.Bits() == 0 {
			log.Warn("trusted-proxies includes every address: any client can claim to be any user with the proxy's user header", "prefix", p.String(), "header", c.auth.ProxyHeader)
		}
	}
	var audit *slog.Logger
	if c.AuditLog != "" {
		f, err := os.OpenFile(c.AuditLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return fmt.Errorf("--audit-log: %w", err)
		}
		defer f.Close()
		audit = slog.New(slog.NewJSONHandler(f, nil))
	}

	for i := range c.Ports {
		c.Ports[i].Logger = log
		if c.Ports[i].Open == nil {
			c.Ports[i].Open = c.open
		}
	}
	if err := c.openCaptures(log); err != nil {
		return err
	}
	// Every port has a trigger engine, for the config file's triggers and
	// those added over REST; the port closes it.
	triggers := trigger.NewManager(trigger.Config{Logger: log, Audit: audit})
	var engines []*trigger.Engine
	for i := range c.Ports {
		e, err := triggers.New(c.Ports[i].Name, c.triggers[c.Ports[i].Name])
		if err != nil {
			for _, e := range engines {
				e.Close()
			}
			c.closeCaptures()
			return err
		}
		engines = append(engines, e)
		c.Ports[i].Observers = append(c.Ports[i].Observers, e)
	}
	// Every port has a values engine, which runs its decoder beside it
	// (decode=NAME, or one set later with PUT …/decoder;
	// docs/decoders.md); the port closes it.
	decoders := map[string]*values.Engine{}
	for i := range c.Ports {
		var spec *decode.Spec
		if s, ok := c.decoders[c.Ports[i].Name]; ok {
			spec = &s
		}
		e, err := values.New(values.Config{Spec: spec, Logger: log.With("port", c.Ports[i].Name)})
		if err != nil {
			err = fmt.Errorf("port %s: %w", c.Ports[i].Name, err)
			for _, e := range engines {
				e.Close()
			}
			for _, e := range decoders {
				e.Close()
			}
			c.closeCaptures()
			return err
		}
		decoders[c.Ports[i].Name] = e
		c.Ports[i].Observers = append(c.Ports[i].Observers, e)
	}
	h, err = hub.New(c.Ports)
	if err != nil {
		for _, e := range engines {
			e.Close() // those of ports that opened are closed already
		}
		for _, e := range decoders {
			e.Close()
		}
		c.closeCaptures()
		return err
	}
	for name, e := range decoders {
		if p, ok := h.Port(name); ok {
			e.Attach(p)
		}
	}
	// Until shutdown takes it over, a return closes the ports (and the
	// captures with them).
	shuttingDown := false
	defer func() {
		if !shuttingDown {
			h.Close()
		}
	}()

	var origins []string
	if c.Origins != "" {
		origins = strings.Split(c.Origins, ",")
	}
	defaults := device.DefaultSettings
	defaults.Baud = c.Baud
	scrollback := c.Scrollback
	if scrollback == 0 {
		scrollback = -1
	}
	var newRecorder func(string) (hub.Recorder, error)
	if c.LogDir != "" {
		newRecorder = func(name string) (hub.Recorder, error) {
			return capture.Open(capture.Config{Dir: c.LogDir, Name: name, MaxSize: c.LogMaxSize, MaxFiles: c.LogMaxFiles, Logger: log})
		}
	}
	var boards *dashboard.Store
	if c.Dashboards != "" {
		if boards, err = dashboard.Open(c.Dashboards); err != nil {
			return fmt.Errorf("--dashboards: %w", err)
		}
	}
	pages, err := c.pagesFS()
	if err != nil {
		return err
	}
	jobs, err := c.jobManager(log)
	if err != nil {
		return err
	}
	// Before the ports close (a deferred h.Close runs after this):
	// jobs still running are left running in their files, for a restart
	// to report interrupted, rather than failed by their ports closing.
	defer jobs.Close()
	srv, err := server.New(server.Config{
		Pages:             pages,
		AllowOpen:         c.AllowOpen,
		Central:           c.fleet.Central,
		Auth:              authn,
		Audit:             audit,
		AuditData:         c.AuditData,
		MaxClients:        c.MaxClients,
		MaxClientsPerPort: c.MaxClientsPerPort,
		MaxPorts:          c.MaxPorts,
		PortDefaults:      hub.Config{Settings: defaults, Scrollback: scrollback, ClientBuffer: c.ClientBuffer, Open: c.open, Logger: log},
		NewRecorder:       newRecorder,
		Triggers:          triggers,
		Jobs:              jobs,
		Metrics:           c.mqtt.counters(),
		Dashboards:        boards,
		Values: func(port string) (*values.Engine, bool) {
			e, ok := decoders[port]
			return e, ok
		},
		Hub:            h,
		UI:             web.UI(),
		Version:        buildVersion(),
		WriteTimeout:   c.WriteTimeout,
		MaxMessage:     c.MaxMessage,
		OriginPatterns: origins,
		AllowedHosts:   c.allowedHosts(),
		Logger:         log,
	})
	if err != nil {
		return err
	}

	// Refuse before listening anywhere: a non-loopback address needs users.
	if !authn.Enabled() && !c.InsecureNoAuth {
		addrs := []string{c.Listen}
		if c.Listener != nil {
			addrs = []string{c.Listener.Addr().String()}
		}
		for _, l := range c.TCP {
			addrs = append(addrs, l.Addr)
		}
		for _, a := range addrs {
			if !loopbackAddr(a) {
				return fmt.Errorf("refusing to serve %s with no users configured: anyone who reaches it could type into the devices. Add [[user]] tables to the config file (docs/security.md), listen on 127.0.0.1, or accept the risk with --insecure-no-auth", a)
			}
		}
	}

	// The fleet: the central's directory fills the hub with the gateways'
	// ports; a gateway shares its ports. Either leaves before the ports
	// close.
	var certs *certReloader
	if c.TLSCert != "" {
		if certs, err = newCertReloader(c.TLSCert, c.TLSKey); err != nil {
			return err
		}
	}
	fl, err := c.fleet.start(ctx, h, hub.Config{Settings: defaults, Scrollback: scrollback, ClientBuffer: c.ClientBuffer, Logger: log}, certs, log)
	if err != nil {
		return err
	}
	defer fl.stop()
	stopMQTT, err := c.mqtt.start(h, portValues{hub: h, decoders: decoders}, c.fleet.Gateway, log)
	if err != nil {
		return err
	}
	defer stopMQTT() // after the ports close, so that it publishes their last status

	tcp := netport.New(netport.Config{Logger: log, Audit: audit, AuditData: c.AuditData, MaxClientsPerPort: c.MaxClientsPerPort})
	defer tcp.Close() // before the hub: sessions end, then the ports
	for _, l := range c.TCP {
		port, _ := h.Port(l.Port)
		addr, err := tcp.Listen(l.Proto, port, l.Addr)
		if err != nil {
			return err
		}
		if !isLoopback(addr) {
			if !c.InsecureNoAuth {
				return fmt.Errorf("--%s %s=%s: raw TCP and RFC 2217 have no authentication, so they listen on loopback only (reach them through an SSH tunnel), unless --insecure-no-auth accepts that anyone who reaches %s controls port %s", l.Proto, l.Port, l.Addr, addr, l.Port)
			}
			log.Warn("serving a port on a non-loopback TCP address without authentication (--insecure-no-auth): anyone who can reach it can read and write the port", "port", l.Port, "protocol", string(l.Proto), "addr", addr.String())
		}
		if c.TCPReady != nil {
			c.TCPReady <- addr
		}
	}

	ln := c.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", c.Listen); err != nil {
			return fmt.Errorf("listen: %w", err)
		}
	}
	if !isLoopback(ln.Addr()) && !authn.Enabled() {
		log.Warn("serving on a non-loopback address without authentication (--insecure-no-auth): anyone who can reach it can read and write these serial ports", "addr", ln.Addr().String())
	}
	scheme := "http"
	if certs != nil {
		ln = tls.NewListener(ln, &tls.Config{GetCertificate: certs.get, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
		scheme = "https"
		stop := certs.reloadOnSIGHUP(log, c.TLSReloaded)
		defer stop()
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: min(readHeaderTimeout, c.ReadTimeout),
		ReadTimeout:       c.ReadTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	names := make([]string, 0, len(c.Ports))
	for _, p := range c.Ports {
		names = append(names, p.Name+"="+p.Device)
	}
	log.Info("serving", "url", scheme+"://"+ln.Addr().String()+"/", "auth", authn.Enabled(), "ports", strings.Join(names, " "), "version", buildVersion())
	if c.Ready != nil {
		c.Ready <- ln.Addr()
	}

	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-serveErr:
		srv.Close()
		return fmt.Errorf("serve: %w", err)
	}
	shuttingDown = true
	c.shutdown(log, httpSrv, srv, tcp, fl, jobs, h)
	<-serveErr // http.ErrServerClosed
	return nil
}

// shutdown stops serving within shutdownTimeout, whatever the devices
// do. Side by side: the HTTP server stops listening and waits for plain
// requests; WebSocket clients get a close frame (1001), and what they wait
// on from the ports is abandoned; TCP sessions end. Then the ports close
// (an open still dialling ends, a write the device does not take is woken)
// while the WebSocket clients finish their close handshakes. At the
// deadline, whatever is still open is cut.
func (c *serveCommand) shutdown(log *slog.Logger, httpSrv *http.Server, srv *server.Server, tcp *netport.Server, fl *fleetRun, jobs *job.Manager, h *hub.Hub) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() {
		// Connections a browser opened ahead of need and never used count
		// as busy for 5 s, so one may still be there at the deadline: it,
		// and any request that slow, is then cut, which is what a
		// shutdown means.
		if err := httpSrv.Shutdown(ctx); err != nil {
			log.Warn("connections still open at shutdown were cut", "err", err)
			httpSrv.Close()
		}
	})
	waitClients := srv.StartShutdown()
	wg.Go(func() {
		if err := waitClients(ctx); err != nil {
			log.Warn("shutdown", "err", err)
		}
	})
	tcp.Close()
	portsClosed := make(chan struct{})
	go func() {
		fl.stop()    // the gateway leaves the registry; the central's directory stops
		jobs.Close() // before the ports: a running job stays running in its file
		h.Close()
		close(portsClosed)
	}()
	select {
	case <-portsClosed:
	case <-ctx.Done():
		// Only a device whose system call cannot be cut short gets here
		// (a write held by flow control on a system where closing the
		// port does not wake it): the process ends all the same.
		log.Error("a device did not close by the shutdown deadline; exiting without it")
	}
	wg.Wait()
}

func runServe(ctx context.Context, open device.Opener, args []string, stdout, stderr io.Writer) error {
	c := newServeCommand(open, stdout, stderr)
	if err := c.ParseFlags(args); err != nil {
		return err
	}
	return c.Run(ctx)
}

// allowHostFlag takes one --allow-host.
func (c *serveCommand) allowHostFlag(v string) error {
	if _, err := path.Match(v, ""); err != nil || v == "" {
		return fmt.Errorf("want a host name or a pattern such as *.lab.example, not %q", v)
	}
	c.AllowHosts = append(c.AllowHosts, v)
	return nil
}

// allowedHosts returns the host names the server answers to besides
// those it always does (IP addresses, localhost): --allow-host, the
// --listen address's host, and the machine's name (with .local, its mDNS
// name, when it has no domain).
func (c *serveCommand) allowedHosts() []string {
	hosts := slices.Clone(c.AllowHosts)
	if h, _, err := net.SplitHostPort(c.Listen); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	if name, err := os.Hostname(); err == nil && name != "" && !strings.ContainsAny(name, `*?[\`) {
		hosts = append(hosts, name)
		if !strings.Contains(name, ".") {
			hosts = append(hosts, name+".local")
		}
	}
	return hosts
}

// loopbackAddr reports whether a listen address ("host:port") is on
// loopback only: an empty host means every interface.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isLoopback reports whether addr is a loopback address.
func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// jobManager makes the server's job manager (--jobs, [[profile]]).
func (c *serveCommand) jobManager(log *slog.Logger) (*job.Manager, error) {
	profiles, err := job.NewProfiles(c.profiles)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	dir := c.Jobs
	switch dir {
	case "off":
		dir = ""
	case "":
		if base, err := os.UserConfigDir(); err == nil {
			dir = filepath.Join(base, "serialhub", "jobs")
		} else {
			log.Warn("jobs are not kept across a restart: no config directory (give --jobs DIR)", "err", err)
		}
	}
	m, err := job.NewManager(job.Config{Dir: dir, Profiles: profiles, Logger: log})
	if err != nil && c.Jobs == "" {
		log.Warn("jobs are not kept across a restart (give --jobs DIR)", "err", err)
		m, err = job.NewManager(job.Config{Profiles: profiles, Logger: log})
	}
	if err != nil {
		return nil, fmt.Errorf("--jobs: %w", err)
	}
	return m, nil
}
