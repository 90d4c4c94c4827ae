package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"

	"github.com/serialhub/serialhub/internal/config"
	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/fleet"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/metrics"
	"github.com/serialhub/serialhub/internal/mqtt"
	"github.com/serialhub/serialhub/internal/values"
)

// mqttPasswordEnv holds the broker's password when --mqtt-password-file
// is not given.
const mqttPasswordEnv = "SERIALHUB_MQTT_PASSWORD"

// mqttFlags are the MQTT flags of serve and fleet (docs/mqtt.md).
type mqttFlags struct {
	// Set by the flags and the config file, then static.
	URL, User, PasswordFile, ClientID, CA, Role string
	Discovery                                   bool

	// bridge is the running bridge, for /metrics; set by start.
	bridge atomic.Pointer[mqtt.Bridge]
}

var mqttFlagNames = []string{"mqtt", "mqtt-user", "mqtt-password-file", "mqtt-client-id", "mqtt-ca", "mqtt-role", "mqtt-discovery"}

func (m *mqttFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.URL, "mqtt", "", "publish the ports' lines, status and decoded values to the MQTT broker at `URL` (tcp://HOST:1883, ssl://HOST:8883, ws://HOST:PORT/PATH; docs/mqtt.md)")
	fs.StringVar(&m.User, "mqtt-user", "", "the MQTT broker's user `name`")
	fs.StringVar(&m.PasswordFile, "mqtt-password-file", "", "read the MQTT broker's password from `file` (default: $"+mqttPasswordEnv+")")
	fs.StringVar(&m.ClientID, "mqtt-client-id", "", "the MQTT client `id` (default serialhub-GATEWAY)")
	fs.StringVar(&m.CA, "mqtt-ca", "", "trust the MQTT broker's certificate if this CA `file` (PEM) signed it (ssl://, wss://); default: the system's")
	fs.StringVar(&m.Role, "mqtt-role", "none", "what MQTT clients may do: none (only read what is published) or control (write to ports by publishing to serialhub/GATEWAY/PORT/send, obeying write locks)")
	fs.BoolVar(&m.Discovery, "mqtt-discovery", true, "publish Home Assistant MQTT discovery configs for decoded values")
}

// applyFile takes the config file's MQTT keys for the flags not given.
func (m *mqttFlags) applyFile(f *config.File, take func(string) bool) {
	for _, k := range []struct {
		key      string
		to       *string
		fromFile string
	}{
		{"mqtt", &m.URL, f.MQTT}, {"mqtt-user", &m.User, f.MQTTUser}, {"mqtt-password-file", &m.PasswordFile, f.MQTTPasswordFile},
		{"mqtt-client-id", &m.ClientID, f.MQTTClientID}, {"mqtt-ca", &m.CA, f.MQTTCA}, {"mqtt-role", &m.Role, f.MQTTRole},
	} {
		if take(k.key) {
			*k.to = k.fromFile
		}
	}
	if take("mqtt-discovery") {
		m.Discovery = f.MQTTDiscovery
	}
}

// check validates the flags; it tells fl that --gateway names the
// machine for MQTT too, so it may come without --fleet.
func (m *mqttFlags) check(fs *flag.FlagSet, fl *fleetFlags) error {
	fl.mqtt = m.URL != ""
	if m.URL == "" {
		given := givenFlags(fs)
		for _, name := range mqttFlagNames[1:] {
			if given[name] {
				return fmt.Errorf("--%s is for MQTT: give --mqtt URL too", name)
			}
		}
		return nil
	}
	if err := mqtt.CheckBroker(m.URL); err != nil {
		return fmt.Errorf("--mqtt: %w", err)
	}
	if _, err := mqtt.ParseRole(m.Role); err != nil {
		return fmt.Errorf("--mqtt-role: %w", err)
	}
	if fl.Gateway != "" && !fleet.ValidGateway(fl.Gateway) {
		return fmt.Errorf("--gateway %q: use 1 to 64 letters, digits, '_' or '-', starting with a letter or digit", fl.Gateway)
	}
	return nil
}

// counters are the bridge's counters for /metrics.
func (m *mqttFlags) counters() []metrics.PortCounters {
	if m.URL == "" {
		return nil
	}
	counts := func(f func(mqtt.Counts) uint64) func() map[string]uint64 {
		return func() map[string]uint64 {
			b := m.bridge.Load()
			if b == nil {
				return nil
			}
			out := map[string]uint64{}
			for port, c := range b.Counts() {
				out[port] = f(c)
			}
			return out
		}
	}
	return []metrics.PortCounters{
		{Name: "serialhub_mqtt_published_total", Help: "Messages of the port published to the MQTT broker.", Counts: counts(func(c mqtt.Counts) uint64 { return c.Published })},
		{Name: "serialhub_mqtt_dropped_total", Help: "Lines of the port not published to the MQTT broker: it was away or slow and the port's queue was full.", Counts: counts(func(c mqtt.Counts) uint64 { return c.Dropped })},
		{Name: "serialhub_mqtt_refused_total", Help: "Sends from MQTT to the port not written: write lock or lease held by another, port not open, retained message.", Counts: counts(func(c mqtt.Counts) uint64 { return c.Refused })},
	}
}

// start starts the bridge, if --mqtt is given, for the hub's ports;
// gateway is --gateway ("" for the machine's name). stop closes it.
func (m *mqttFlags) start(h *hub.Hub, decoded mqtt.Values, gateway string, log *slog.Logger) (stop func(), err error) {
	if m.URL == "" {
		return func() {}, nil
	}
	if gateway == "" {
		host, _ := os.Hostname()
		gateway, _, _ = strings.Cut(host, ".")
	}
	password := os.Getenv(mqttPasswordEnv)
	if m.PasswordFile != "" {
		b, err := os.ReadFile(m.PasswordFile)
		if err != nil {
			return nil, fmt.Errorf("--mqtt-password-file: %w", err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	var tlsConf *tls.Config
	if m.CA != "" {
		pem, err := os.ReadFile(m.CA)
		if err != nil {
			return nil, fmt.Errorf("--mqtt-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, errors.New("--mqtt-ca: no PEM certificate in " + m.CA)
		}
		tlsConf = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	role, _ := mqtt.ParseRole(m.Role) // checked by check
	b, err := mqtt.Start(mqtt.Config{
		Hub: h, Broker: m.URL, User: m.User, Password: password, ClientID: m.ClientID, TLS: tlsConf,
		Gateway: gateway, Role: role, Discovery: m.Discovery, Values: decoded, Logger: log,
	})
	if err != nil {
		return nil, err
	}
	m.bridge.Store(b)
	log.Info("mqtt: bridging the ports", "broker", m.URL, "gateway", gateway, "role", string(role))
	if role == mqtt.RoleControl {
		log.Warn("mqtt: --mqtt-role control: whoever may publish to serialhub/"+gateway+"/+/send on the broker can write to the ports (serialhub's users and roles do not apply; write locks do)", "broker", m.URL)
	}
	return func() { b.Close() }, nil
}

// portValues gives the MQTT bridge the records of the ports that have a
// decoder (mqtt.Values).
type portValues struct {
	hub      *hub.Hub
	decoders map[string]*values.Engine // by port name; read-only
}

// Listen implements mqtt.Values.
func (v portValues) Listen(ctx context.Context, name string, fn func([]decode.Record)) error {
	p, ok := v.hub.Port(name)
	if _, has := v.decoders[name]; !ok || !has {
		return fmt.Errorf("port %s: %w", name, mqtt.ErrNoDecoder)
	}
	return values.Listen(ctx, p, func(recs []decode.Record, _ uint64) { fn(recs) })
}
