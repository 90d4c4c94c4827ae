package netport

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/rfc2217"
)

// hubPort adapts a hub port to the port an RFC 2217 session controls, for
// one client, whose writes and controls it records in the audit log.
type hubPort struct {
	p     *hub.Port // static
	name  string    // static: the client, for people (clientName)
	audit audit     // static
	// sub is the session's subscription, once it has one: its writes go
	// through it, so that they name the client as the port's last writer.
	sub atomic.Pointer[hub.Subscriber]
}

var (
	_ rfc2217.Port          = (*hubPort)(nil)
	_ rfc2217.LinesReporter = (*hubPort)(nil)
	_ rfc2217.LossReporter  = (*hubPort)(nil)
)

func (h *hubPort) Settings() device.Settings { return h.p.Info().Settings }
func (h *hubPort) Lines() device.Lines       { return h.p.Info().Lines }

// The controls, like Write, are refused with hub.ErrLocked while a
// WebSocket client holds an exclusive port's lock: a TCP client is judged
// as a client with no subscription (Port.As(nil)), when the port carries
// the request out. The session then answers with the value in effect.

func (h *hubPort) SetSettings(ctx context.Context, s device.Settings) error {
	err := h.p.As(nil).SetSettings(ctx, s)
	h.audit.control("settings", s.String(), err)
	return err
}

func (h *hubPort) SetLines(ctx context.Context, dtr, rts *bool) error {
	err := h.p.As(nil).SetLines(ctx, dtr, rts)
	var req []string
	if dtr != nil {
		req = append(req, fmt.Sprintf("dtr=%v", *dtr))
	}
	if rts != nil {
		req = append(req, fmt.Sprintf("rts=%v", *rts))
	}
	h.audit.control("lines", strings.Join(req, " "), err)
	return err
}

func (h *hubPort) SetBreak(ctx context.Context, on bool) error {
	err := h.p.As(nil).SetBreak(ctx, on)
	req := "off"
	if on {
		req = "on"
	}
	h.audit.control("break", req, err)
	return err
}

func (h *hubPort) Modem(ctx context.Context) (device.Modem, error) { return h.p.Modem(ctx) }

// Write refuses while a WebSocket client holds an exclusive port's lock.
// Bytes written name the client as the port's last writer.
func (h *hubPort) Write(ctx context.Context, b []byte) error {
	err := h.p.As(h.sub.Load()).Write(ctx, b)
	h.audit.write(b, err)
	return err
}

// Paused counts device data a session dropped for a client that paused
// the flow.
func (h *hubPort) Paused(n int) { h.p.Drop(hub.DropPaused, n) }

// Subscribe subscribes the client under its name.
func (h *hubPort) Subscribe() (rfc2217.Stream, error) {
	sub, err := h.p.SubscribeWith(hub.SubscribeOptions{Name: h.name})
	if err != nil {
		return nil, err
	}
	h.sub.Store(sub)
	info := h.p.Info()
	return &stream{sub: sub, settings: info.Settings, modem: info.Modem}, nil
}

// stream turns a hub subscriber's messages into an RFC 2217 session's
// events: data, losses, and changes of settings or modem lines.
type stream struct {
	sub  *hub.Subscriber
	msgs []hub.Message // received, not yet returned

	settings device.Settings // as last reported
	modem    *device.Modem   // as last reported
}

func (s *stream) Next(ctx context.Context) (rfc2217.Event, error) {
	for {
		for len(s.msgs) > 0 {
			m := s.msgs[0]
			s.msgs = s.msgs[1:]
			switch {
			case m.Missed > 0:
				return rfc2217.Event{Missed: m.Missed}, nil
			case len(m.Data) > 0:
				return rfc2217.Event{Data: m.Data}, nil
			case m.Status != nil:
				if ev, changed := s.change(m.Status); changed {
					return ev, nil
				}
			}
		}
		var err error
		if s.msgs, err = s.sub.Receive(ctx, s.msgs[:0]); err != nil {
			return rfc2217.Event{}, err
		}
	}
}

// change reports what a status changed that the session cares about.
func (s *stream) change(info *hub.Info) (rfc2217.Event, bool) {
	var ev rfc2217.Event
	if info.Settings != s.settings {
		s.settings = info.Settings
		settings := info.Settings
		ev.Settings = &settings
	}
	if info.Modem != nil && (s.modem == nil || *info.Modem != *s.modem) {
		m := *info.Modem
		ev.Modem = &m
	}
	s.modem = info.Modem
	return ev, ev.Settings != nil || ev.Modem != nil
}

func (s *stream) Close() { s.sub.Close() }
