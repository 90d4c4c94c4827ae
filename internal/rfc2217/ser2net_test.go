//go:build linux

package rfc2217_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os/exec"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/rfc2217"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// startSer2net runs ser2net serving the pty at path with RFC 2217 on a
// port of 127.0.0.1 and returns its address. It skips the test when
// ser2net is not installed.
func startSer2net(t *testing.T, path string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := serialtest.StartSer2net(ctx, serialtest.Ser2netOptions{Device: path, RFC2217: true, KickOldUser: true})
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("ser2net is not installed (Debian package ser2net): skipping the test against a real RFC 2217 server")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.Close()
		if t.Failed() {
			t.Logf("ser2net's output:\n%s", r.Output())
		}
	})
	return r.Addr
}

// TestSer2net runs the Client against ser2net 4 serving a pty: it
// connects, changes the baud rate (seen on the pty's termios) and passes
// every byte value both ways.
func TestSer2net(t *testing.T) {
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	addr := startSer2net(t, p.Path)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	d := rfc2217.Dialer{ReplyTimeout: time.Second} // ser2net answers at once, or never
	c, err := d.Dial(ctx, "rfc2217://"+addr, device.Settings{Baud: 9600})
	if err != nil {
		t.Fatalf("Dial ser2net: %v", err)
	}
	defer c.Close()

	s := device.Settings{Baud: 57600}.WithDefaults()
	if err := c.SetSettings(s); err != nil {
		t.Fatalf("SetSettings %v: %v", s, err)
	}
	if got := c.Settings(); got != s {
		t.Errorf("Settings() = %v, want %v", got, s)
	}
	tio, err := unix.IoctlGetTermios(int(p.Master.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if got := tio.Cflag & unix.CBAUD; got != unix.B57600 {
		t.Errorf("pty speed %#o, want B57600 (%#o)", got, unix.B57600)
	}

	data := make([]byte, 0, 258)
	for i := range 256 {
		data = append(data, byte(i))
	}
	data = append(data, 255, 255)
	if _, err := c.Write(data); err != nil {
		t.Fatalf("Write: %v", err)
	}
	got := make([]byte, len(data))
	if _, err := io.ReadFull(p.Master, got); err != nil {
		t.Fatalf("read the pty: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("the pty got %x, want %x", got, data)
	}
	if _, err := p.Master.Write(data); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("Read: %v", err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("the client got %x, want %x", got, data)
	}

	// ser2net 4.3 does not answer SET-CONTROL for DTR and RTS on a pty
	// (TESTING.md); the client must say so instead of hanging.
	err = c.SetLines(device.DefaultLines)
	t.Logf("SetLines against ser2net on a pty: %v", err)

	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := c.Read(got); err == nil {
		t.Error("Read after Close succeeded")
	}
}

// TestHubPortOnSer2net fronts ser2net with a hub port whose device is
// rfc2217://: what a serialhub port does when it serves an existing
// ser2net installation. The port opens (retrying until ser2net listens),
// passes bytes both ways and changes the baud rate on the real line.
func TestHubPortOnSer2net(t *testing.T) {
	p, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	addr := startSer2net(t, p.Path)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	port, err := hub.Open(hub.Config{Name: "remote", Device: "rfc2217://" + addr, Open: device.NewOpener(device.OpenerConfig{Schemes: map[string]device.Opener{"rfc2217": rfc2217.Open}}), Logger: slog.New(slog.DiscardHandler), Settings: device.Settings{Baud: 9600}})
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()
	sub, err := port.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	// next returns the next messages of the port.
	next := func() []hub.Message {
		msgs, err := sub.Receive(ctx, nil)
		if err != nil {
			t.Fatalf("waiting for the port: %v", err)
		}
		return msgs
	}
	for open := false; !open; {
		for _, m := range next() {
			open = open || (m.Status != nil && m.Status.State == hub.StateOpen)
		}
	}
	p.Master.Write([]byte("hello"))
	var got []byte
	for len(got) < 5 {
		for _, m := range next() {
			got = append(got, m.Data...)
		}
	}
	if string(got) != "hello" {
		t.Fatalf("the hub port read %q", got)
	}
	if err := port.Write(ctx, []byte("world")); err != nil {
		t.Fatal(err)
	}
	back := make([]byte, 5)
	if _, err := io.ReadFull(p.Master, back); err != nil || string(back) != "world" {
		t.Fatalf("the pty read %q, %v", back, err)
	}
	s := port.Info().Settings
	s.Baud = 57600
	if err := port.SetSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if l, err := p.Line(); err != nil || l.Baud != 57600 {
		t.Fatalf("the pty's line %+v, %v: want 57600 baud", l, err)
	}
}
