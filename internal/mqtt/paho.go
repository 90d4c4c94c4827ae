package mqtt

import (
	"errors"
	"fmt"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// Paho's timings.
const (
	connectTimeout    = 10 * time.Second
	keepAlive         = 30 * time.Second // a dead broker is noticed within about 1.5 times this
	retryInterval     = 2 * time.Second  // between attempts to connect at start
	maxReconnectDelay = 30 * time.Second // reconnects back off up to this
	disconnectQuiesce = 250              // milliseconds Disconnect waits for work in flight
)

// pahoConn is the bridge's client: Eclipse Paho, reconnecting by itself.
type pahoConn struct {
	c paho.Client // static
}

// dialPaho makes the client and starts connecting in the background.
func dialPaho(b *Bridge) (conn, error) {
	cfg := b.cfg
	o := paho.NewClientOptions().
		AddBroker(cfg.Broker).
		SetClientID(cfg.ClientID).
		SetUsername(cfg.User).
		SetPassword(cfg.Password).
		SetCleanSession(true).
		SetAutoReconnect(true).
		SetConnectRetry(true).
		SetConnectRetryInterval(retryInterval).
		SetMaxReconnectInterval(maxReconnectDelay).
		SetConnectTimeout(connectTimeout).
		SetKeepAlive(keepAlive).
		SetWriteTimeout(publishTimeout).
		SetOrderMatters(true).
		SetWill(b.prefix+"status", "offline", 1, true)
	if cfg.TLS != nil {
		o.SetTLSConfig(cfg.TLS)
	}
	o.SetConnectionLostHandler(func(_ paho.Client, err error) {
		b.log.Warn("mqtt: connection lost; reconnecting", "err", err)
	})
	o.SetOnConnectHandler(func(c paho.Client) {
		b.onConnect(func(filter string) error {
			t := c.Subscribe(filter, 0, func(_ paho.Client, m paho.Message) {
				b.onMessage(m.Topic(), m.Retained(), m.Payload())
			})
			if !t.WaitTimeout(connectTimeout) {
				return fmt.Errorf("subscribe %s: no answer in %s", filter, connectTimeout)
			}
			return t.Error()
		})
	})
	return &pahoConn{c: paho.NewClient(o)}, nil
}

// Connect starts connecting; with ConnectRetry, Paho keeps trying in the
// background, and onConnect says when it is up.
func (p *pahoConn) Connect() { p.c.Connect() }

func (p *pahoConn) Publish(topic string, retained bool, payload []byte) error {
	t := p.c.Publish(topic, 0, retained, payload)
	if !t.WaitTimeout(publishTimeout) {
		return errors.New("publish: timed out")
	}
	return t.Error()
}

func (p *pahoConn) Connected() bool { return p.c.IsConnectionOpen() }

func (p *pahoConn) Disconnect() { p.c.Disconnect(disconnectQuiesce) }
