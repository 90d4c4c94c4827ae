package main

// How the serve command builds its ports and listeners from its flags and
// the config file: see docs/config.md for the rules.

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/config"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/netport"
	"github.com/serialhub/serialhub/internal/protocol"
)

// tcpListener is a port to serve on TCP.
type tcpListener struct {
	Proto netport.Protocol
	Port  string
	Addr  string
}

func (c *serveCommand) tcpFlag(proto netport.Protocol) func(string) error {
	return func(v string) error {
		name, addr, ok := strings.Cut(v, "=")
		if !ok || name == "" || addr == "" {
			return fmt.Errorf("want NAME=ADDR, e.g. lab=127.0.0.1:2217")
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return fmt.Errorf("address %q: %v", addr, err)
		}
		c.TCP = append(c.TCP, tcpListener{Proto: proto, Port: name, Addr: addr})
		return nil
	}
}

// givenFlags returns the names of the flags the command line set.
func givenFlags(fs *flag.FlagSet) map[string]bool {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return given
}

// applyFile takes the config file's top-level keys for the flags not
// given on the command line.
func (c *serveCommand) applyFile(f *config.File) {
	given := givenFlags(c.flags)
	take := func(key string) bool { return f.IsSet(key) && !given[key] }
	if take("listen") {
		c.Listen = f.Listen
	}
	if take("baud") {
		c.Baud = f.Baud
	}
	if take("scrollback") {
		c.Scrollback = f.Scrollback
	}
	if take("client-buffer") {
		c.ClientBuffer = f.ClientBuffer
	}
	if take("write-timeout") {
		c.WriteTimeout = time.Duration(f.WriteTimeout)
	}
	if take("read-timeout") {
		c.ReadTimeout = time.Duration(f.ReadTimeout)
	}
	if take("max-message") {
		c.MaxMessage = f.MaxMessage
	}
	if take("allow-origin") {
		c.Origins = strings.Join(f.AllowOrigin, ",")
	}
	if take("allow-host") {
		c.AllowHosts = f.AllowHost
	}
	if take("tls-cert") {
		c.TLSCert = f.TLSCert
	}
	if take("tls-key") {
		c.TLSKey = f.TLSKey
	}
	if take("insecure-no-auth") {
		c.InsecureNoAuth = f.InsecureNoAuth
	}
	if take("audit-log") {
		c.AuditLog = f.AuditLog
	}
	if take("audit-data") {
		c.AuditData = f.AuditData
	}
	if take("max-clients") {
		c.MaxClients = f.MaxClients
	}
	if take("max-clients-per-port") {
		c.MaxClientsPerPort = f.MaxClientsPerPort
	}
	if take("max-ports") {
		c.MaxPorts = f.MaxPorts
	}
	c.auth = f.AuthConfig()
	if take("allow-open") {
		c.AllowOpen = f.AllowOpen
	}
	if take("pages") {
		c.Pages = f.Pages
	}
	if take("log-dir") {
		c.LogDir = f.LogDir
	}
	if take("dashboards") {
		c.Dashboards = f.Dashboards
	}
	if take("jobs") {
		c.Jobs = f.Jobs
	}
	for _, p := range f.Profiles {
		c.profiles = append(c.profiles, job.Custom{Name: p.Name, Base: p.Base, Options: p.Options()})
	}
	if take("log-max-size") {
		c.LogMaxSize = f.LogMaxSize
	}
	if take("log-max-files") {
		c.LogMaxFiles = f.LogMaxFiles
	}
	if take("log-level") {
		c.LogLevel = f.LogLevel
	}
	if take("log-format") {
		c.LogFormat = f.LogFormat
	}
	c.fleet.applyFile(f, take, given)
	c.mqtt.applyFile(f, take)
}

// addFilePorts adds the config file's ports.
func (c *serveCommand) addFilePorts(f *config.File, defaults device.Settings, scrollback int) {
	for _, fp := range f.Ports {
		cfg := hub.Config{
			Name:         fp.Name,
			Device:       fp.Device,
			Description:  fp.Description,
			Exclusive:    fp.Exclusive,
			Settings:     fp.Settings(defaults),
			Scrollback:   scrollback,
			ClientBuffer: c.ClientBuffer,
		}
		if fp.Scrollback != nil {
			cfg.Scrollback = *fp.Scrollback
			if cfg.Scrollback == 0 {
				cfg.Scrollback = -1
			}
		}
		if fp.Match != nil {
			cfg.Device = fp.Match.String()
			cfg.Open = c.matchOpener(fp.Match)
			// Its name in /dev is not known: anything new there is worth
			// a look.
			cfg.Watch = func() *device.Watcher { return device.WatchDevice("", "/dev") }
		}
		if fp.RawTCP != "" {
			c.TCP = append(c.TCP, tcpListener{Proto: netport.Raw, Port: fp.Name, Addr: fp.RawTCP})
		}
		if fp.RFC2217 != "" {
			c.TCP = append(c.TCP, tcpListener{Proto: netport.RFC2217, Port: fp.Name, Addr: fp.RFC2217})
		}
		if fp.Capture != nil && !*fp.Capture {
			if c.noCapture == nil {
				c.noCapture = map[string]bool{}
			}
			c.noCapture[fp.Name] = true
		}
		if t := fp.ParsedTriggers(); len(t) > 0 {
			if c.triggers == nil {
				c.triggers = map[string][]protocol.ParsedTrigger{}
			}
			c.triggers[fp.Name] = t
		}
		c.addDecoder(fp.Name, fp.Decoder)
		c.Ports = append(c.Ports, cfg)
	}
}

// addDecoder notes the port's decoder, if it has one.
func (c *serveCommand) addDecoder(port string, spec decode.Spec) {
	if spec.Name == "" {
		return
	}
	if c.decoders == nil {
		c.decoders = map[string]decode.Spec{}
	}
	c.decoders[port] = spec
}

// matchOpener opens, at each attempt, the first serial port that m
// matches: the port follows its device wherever it is plugged.
func (c *serveCommand) matchOpener(m *config.Match) device.Opener {
	return func(ctx context.Context, _ string, s device.Settings) (device.Device, error) {
		list := c.listDevices
		if list == nil {
			list = device.List
		}
		ports, err := list()
		if err != nil {
			return nil, err
		}
		for _, p := range ports {
			if m.Matches(p) {
				return c.open(ctx, p.Path, s)
			}
		}
		return nil, fmt.Errorf("no serial port matches %s (is it plugged in? serialhub list shows the ports there are)", m)
	}
}

// openCaptures gives each port a capture writer if --log-dir is set.
func (c *serveCommand) openCaptures(log *slog.Logger) error {
	if c.LogDir == "" {
		return nil
	}
	for i := range c.Ports {
		p := &c.Ports[i]
		if c.noCapture[p.Name] {
			continue
		}
		w, err := capture.Open(capture.Config{Dir: c.LogDir, Name: p.Name, MaxSize: c.LogMaxSize, MaxFiles: c.LogMaxFiles, Logger: log})
		if err != nil {
			c.closeCaptures()
			return fmt.Errorf("--log-dir: port %s: %w", p.Name, err)
		}
		p.Recorder = w
	}
	log.Info("capturing", "dir", c.LogDir)
	return nil
}

// closeCaptures closes the capture writers of ports that never opened.
func (c *serveCommand) closeCaptures() {
	for i := range c.Ports {
		if r := c.Ports[i].Recorder; r != nil {
			r.Close()
			c.Ports[i].Recorder = nil
		}
	}
}
