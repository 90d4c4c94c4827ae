package hub

import (
	"context"
	"fmt"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// MaxBreak is the longest break Break sends.
const MaxBreak = 10 * time.Second

// The port's controls run on the owner goroutine, in order with the bytes
// clients send, so "send this, then a break, then that" happens in that
// order. Each one that changes the port tells every subscriber with a status
// message. Modem lines are read when the device opens, after every control,
// and on Modem; a device that tells when its inputs change by themselves
// (device.ModemWatcher: the simulator, an RFC 2217 source, a Linux serial
// port whose driver counts modem changes) has them read at each change too,
// off the owner goroutine (Port.followModem), and a change is sent to
// subscribers at once.

// SetSettings changes the line settings to s (all of them; ChangeSettings
// changes some). Invalid settings change nothing and the error wraps
// device.ErrInvalidSettings. While the device is not open the settings are
// kept for when it opens. If the device refuses them the error wraps
// device.ErrNotSupported and the port keeps its settings.
func (p *Port) SetSettings(ctx context.Context, s device.Settings) error {
	return p.changeSettings(ctx, lockCheck{}, func(device.Settings) device.Settings { return s })
}

// ChangeSettings changes the settings to change(current), computed on the
// owner goroutine so that changes from several clients do not undo each
// other. Otherwise it is SetSettings.
func (p *Port) ChangeSettings(ctx context.Context, change func(device.Settings) device.Settings) error {
	return p.changeSettings(ctx, lockCheck{}, change)
}

func (p *Port) changeSettings(ctx context.Context, lc lockCheck, change func(device.Settings) device.Settings) error {
	return p.do(ctx, op{lock: lc, control: func(dev device.Device) error {
		p.mu.Lock()
		s := change(p.settings)
		p.mu.Unlock()
		if err := s.Validate(); err != nil {
			return fmt.Errorf("port %s: %w", p.cfg.Name, err)
		}
		if c, ok := dev.(device.Controller); ok {
			if err := c.SetSettings(s); err != nil {
				return fmt.Errorf("port %s: %w", p.cfg.Name, err)
			}
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.settings != s {
			p.settings = s
			p.log.Info("settings changed", "settings", s.String())
			p.noteControlLocked("settings " + s.String())
			p.broadcastLocked()
		}
		return nil
	}})
}

// SetLines sets DTR and RTS; a nil pointer keeps that line as it is. While
// the device is not open the lines are kept for when it opens.
func (p *Port) SetLines(ctx context.Context, dtr, rts *bool) error {
	return p.setLines(ctx, lockCheck{}, dtr, rts)
}

func (p *Port) setLines(ctx context.Context, lc lockCheck, dtr, rts *bool) error {
	return p.do(ctx, op{lock: lc, control: func(dev device.Device) error {
		p.mu.Lock()
		l := p.lines
		p.mu.Unlock()
		if dtr != nil {
			l.DTR = *dtr
		}
		if rts != nil {
			l.RTS = *rts
		}
		if dev != nil {
			c, ok := dev.(device.Controller)
			if !ok {
				return fmt.Errorf("port %s: DTR and RTS: %w", p.cfg.Name, device.ErrNotSupported)
			}
			if err := c.SetLines(l); err != nil {
				return fmt.Errorf("port %s: %w", p.cfg.Name, err)
			}
		}
		p.mu.Lock()
		p.lines = l
		p.noteControlLocked(fmt.Sprintf("lines dtr=%v rts=%v", l.DTR, l.RTS))
		p.mu.Unlock()
		p.refreshModem(dev, true)
		return nil
	}})
}

// SetBreak starts (on) or ends a break condition on the line, for
// protocols such as RFC 2217 that do the timing themselves.
func (p *Port) SetBreak(ctx context.Context, on bool) error {
	return p.setBreakAs(ctx, lockCheck{}, on)
}

func (p *Port) setBreakAs(ctx context.Context, lc lockCheck, on bool) error {
	return p.do(ctx, op{lock: lc, control: func(dev device.Device) error {
		return p.setBreak(dev, on)
	}})
}

func (p *Port) setBreak(dev device.Device, on bool) error {
	if dev == nil {
		return p.notOpen()
	}
	c, ok := dev.(device.Controller)
	if !ok {
		return fmt.Errorf("port %s: break: %w", p.cfg.Name, device.ErrNotSupported)
	}
	if err := c.SetBreak(on); err != nil {
		return fmt.Errorf("port %s: %w", p.cfg.Name, err)
	}
	return nil
}

// Break holds a break condition for d (at most MaxBreak). Bytes sent after
// it wait until it ends.
func (p *Port) Break(ctx context.Context, d time.Duration) error {
	return p.breakAs(ctx, lockCheck{}, d)
}

func (p *Port) breakAs(ctx context.Context, lc lockCheck, d time.Duration) error {
	if d <= 0 || d > MaxBreak {
		return fmt.Errorf("port %s: break of %s: want more than 0 and at most %s", p.cfg.Name, d, MaxBreak)
	}
	return p.do(ctx, op{lock: lc, control: func(dev device.Device) error {
		if b, ok := dev.(device.Breaker); ok {
			p.mu.Lock()
			p.noteControlLocked("break " + d.String())
			p.mu.Unlock()
			if err := b.Break(d); err != nil {
				return fmt.Errorf("port %s: %w", p.cfg.Name, err)
			}
			return nil
		}
		if err := p.setBreak(dev, true); err != nil {
			return err
		}
		p.mu.Lock()
		p.noteControlLocked("break " + d.String())
		p.mu.Unlock()
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-p.ctx.Done():
			// Closing: end the break now rather than hold Close up.
		}
		return p.setBreak(dev, false)
	}})
}

// Modem reads the device's modem status lines now. Every subscriber is told
// if they changed.
func (p *Port) Modem(ctx context.Context) (device.Modem, error) {
	var m device.Modem
	err := p.do(ctx, op{read: true, control: func(dev device.Device) error {
		if dev == nil {
			return p.notOpen()
		}
		got, err := p.refreshModem(dev, false)
		if err != nil {
			return fmt.Errorf("port %s: %w", p.cfg.Name, err)
		}
		m = got
		return nil
	}})
	if err != nil {
		// m is not read: the owner may still be setting it, if ctx
		// ended first.
		return device.Modem{}, err
	}
	return m, nil
}

// refreshModem re-reads the modem lines of dev, the open device, and
// broadcasts a status if they changed, or always if force is set. It
// returns what it read. The owner calls it after controls, and
// followModem when the device says the lines changed.
func (p *Port) refreshModem(dev device.Device, force bool) (device.Modem, error) {
	p.modemMu.Lock()
	defer p.modemMu.Unlock()
	modem, err := readModem(dev)
	modemErr := ""
	if err != nil {
		modemErr = err.Error()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dev != dev || dev == nil {
		// Gone since; the reader cleared the lines.
		if force {
			p.broadcastLocked()
		}
		return device.Modem{}, err
	}
	changed := modemErr != p.modemErr || (modem == nil) != (p.modem == nil) || (modem != nil && *modem != *p.modem)
	p.modem, p.modemErr = modem, modemErr
	if m, ok := dev.(device.Mirror); ok {
		// Another program owns the line, and its clients change it too.
		settings, lines := m.Current()
		if settings != p.settings || lines != p.lines {
			p.settings, p.lines = settings, lines
			p.noteControlLocked(fmt.Sprintf("settings %s dtr=%v rts=%v (changed at the source)", settings, lines.DTR, lines.RTS))
			changed = true
		}
	}
	if l, ok := dev.(device.Locker); ok && !p.lock.held() {
		// Its clients take its write lock too.
		if who, _ := l.Holder(); who != p.srcHolder {
			p.srcHolder = who
			changed = true
		}
	}
	if changed {
		p.observeModemLocked(modem)
	}
	if changed && modem != nil {
		p.noteControlLocked(fmt.Sprintf("modem cts=%v dsr=%v ri=%v dcd=%v", modem.CTS, modem.DSR, modem.RI, modem.DCD))
	}
	if changed || force {
		p.broadcastLocked()
	}
	if modem == nil {
		return device.Modem{}, err
	}
	return *modem, nil
}

// noteControlLocked records a control, or a change of the modem lines, in
// the capture.
func (p *Port) noteControlLocked(msg string) {
	if p.cfg.Recorder != nil {
		p.cfg.Recorder.Note(time.Now(), msg)
	}
}

// readModem reads the modem lines of dev; a device with no controls has
// none.
func readModem(dev device.Device) (*device.Modem, error) {
	c, ok := dev.(device.Controller)
	if !ok {
		return nil, fmt.Errorf("the device has no modem lines: %w", device.ErrNotSupported)
	}
	m, err := c.Modem()
	if err != nil {
		return nil, err
	}
	return &m, nil
}
