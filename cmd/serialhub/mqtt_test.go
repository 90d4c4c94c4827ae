//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// mqttSub is a mosquitto_sub printing "TOPIC PAYLOAD" lines (-v), read
// by a goroutine into lines until it exits.
type mqttSub struct {
	lines   chan string
	skipped []string        // lines expect passed over, for the next expects (test goroutine only)
	out     strings.Builder // what it printed, for failures; guarded by mu
	mu      sync.Mutex
}

// subscribeMQTT runs mosquitto_sub on the broker at addr for topics; it
// is killed when the test ends. Each payload must be one line.
func subscribeMQTT(t *testing.T, ctx context.Context, addr string, topics ...string) *mqttSub {
	t.Helper()
	return subscribeMQTTWith(t, ctx, addr, nil, topics...)
}

// subscribeMQTTWith is subscribeMQTT with more of mosquitto_sub's
// options (TLS, a user).
func subscribeMQTTWith(t *testing.T, ctx context.Context, addr string, opts []string, topics ...string) *mqttSub {
	t.Helper()
	host, port, _ := strings.Cut(addr, ":")
	args := append([]string{"-h", host, "-p", port, "-v"}, opts...)
	for _, topic := range topics {
		args = append(args, "-t", topic)
	}
	ctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, "mosquitto_sub", args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &mqttSub{lines: make(chan string, 1000)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			s.mu.Lock()
			s.out.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			s.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		cmd.Wait()
	})
	return s
}

// expect returns the payload of the first message not taken yet on
// topic whose payload ok accepts, reading more until one comes; the
// others are kept for later expects.
func (s *mqttSub) expect(t *testing.T, ctx context.Context, topic string, ok func(payload string) bool) string {
	t.Helper()
	match := func(line string) (string, bool) {
		top, payload, _ := strings.Cut(line, " ")
		return payload, top == topic && ok(payload)
	}
	for i, line := range s.skipped {
		if payload, yes := match(line); yes {
			s.skipped = append(s.skipped[:i], s.skipped[i+1:]...)
			return payload
		}
	}
	for {
		select {
		case line := <-s.lines:
			if payload, yes := match(line); yes {
				return payload
			}
			s.skipped = append(s.skipped, line)
		case <-ctx.Done():
			s.mu.Lock()
			defer s.mu.Unlock()
			t.Fatalf("no message on %s: %v; mosquitto_sub printed:\n%s", topic, ctx.Err(), s.out.String())
			return ""
		}
	}
}

func is(want string) func(string) bool { return func(p string) bool { return p == want } }

func mqttRun(t *testing.T, ctx context.Context, name string, args ...string) string {
	t.Helper()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// TestMQTTWithMosquitto runs two servers bridged to Debian's mosquitto:
// gw1 (--mqtt-role control) and gw2 (the default role, none). Lines and
// status arrive on mosquitto_sub, the status and "online" retained; a
// send reaches gw1's device and not gw2's; then the broker is killed and
// started again: the port's WebSocket client does not notice, and the
// bridge, reconnected by itself, publishes again.
func TestMQTTWithMosquitto(t *testing.T) {
	serialtest.NeedMosquitto(t)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	dir := t.TempDir()
	port := serialtest.FreePort(t)
	broker, err := serialtest.StartMosquitto(ctx, dir, port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { broker.Close() })
	url := "tcp://" + broker.Addr
	host, portText, _ := strings.Cut(broker.Addr, ":")

	dev, ro := openPTY(t), openPTY(t)
	sub := subscribeMQTT(t, ctx, broker.Addr, "serialhub/#")
	srv := serve(t, []string{"--mqtt", url, "--gateway", "gw1", "--mqtt-role", "control", "dev=" + dev.Path}, nil)
	serve(t, []string{"--mqtt", url, "--gateway", "gw2", "ro=" + ro.Path}, nil)

	// "online" comes once the bridge has subscribed to the sends.
	sub.expect(t, ctx, "serialhub/gw1/status", is("online"))
	sub.expect(t, ctx, "serialhub/gw1/dev/status", func(p string) bool {
		return strings.Contains(p, `"name":"dev"`) && strings.Contains(p, `"state":"open"`)
	})
	sub.expect(t, ctx, "serialhub/gw2/status", is("online"))

	ws, err := serialtest.Dial(ctx, "ws://"+srv.addr+"/ws/dev")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, err := ws.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	wsGets := func(want string) {
		t.Helper()
		var got []byte
		for len(got) < len(want) {
			f, err := ws.Next(ctx)
			if err != nil {
				t.Fatalf("WebSocket client: %v (got %q)", err, got)
			}
			got = append(got, f.Data...)
		}
		if string(got) != want {
			t.Fatalf("WebSocket client got %q, want %q", got, want)
		}
	}

	dev.Master.Write([]byte("hello\r\nwor"))
	dev.Master.Write([]byte("ld\n"))
	sub.expect(t, ctx, "serialhub/gw1/dev/line", is("hello"))
	sub.expect(t, ctx, "serialhub/gw1/dev/line", is("world"))
	wsGets("hello\r\nworld\n")

	// The gateway's and the port's status are retained: a client that
	// comes later gets them at once (--retained-only exits at the first
	// message that is not).
	got := mqttRun(t, ctx, "mosquitto_sub", "-h", host, "-p", portText, "--retained-only", "-C", "2", "-W", "10", "-v",
		"-t", "serialhub/gw1/status", "-t", "serialhub/gw1/dev/status")
	if !strings.Contains(got, "serialhub/gw1/status online\n") || !strings.Contains(got, `serialhub/gw1/dev/status {"name":"dev"`) {
		t.Fatalf("retained messages:\n%s", got)
	}

	// gw2 (role none) is sent to first; gw1's send arriving shows the
	// broker has passed both on, and gw2 does not subscribe at all.
	mqttRun(t, ctx, "mosquitto_pub", "-h", host, "-p", portText, "-t", "serialhub/gw2/ro/send", "-m", "NOPE")
	mqttRun(t, ctx, "mosquitto_pub", "-h", host, "-p", portText, "-t", "serialhub/gw1/dev/send", "-m", "LED ON")
	if got := readDevice(t, dev, 6); string(got) != "LED ON" {
		t.Fatalf("gw1's device got %q", got)
	}
	fds := []unix.PollFd{{Fd: int32(ro.Master.Fd()), Events: unix.POLLIN}}
	if n, err := unix.Poll(fds, 0); err != nil || n != 0 {
		t.Fatalf("gw2's device (role none) has something to read (poll %d, %v)", n, err)
	}

	// The broker goes away: the port and its WebSocket client carry on.
	broker.Close()
	dev.Master.Write([]byte("during the outage\n"))
	wsGets("during the outage\n")

	broker, err = serialtest.StartMosquitto(ctx, dir, port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { broker.Close() })
	// A new broker knows nothing: what arrives comes from the bridge,
	// reconnected by itself.
	sub = subscribeMQTT(t, ctx, broker.Addr, "serialhub/#")
	sub.expect(t, ctx, "serialhub/gw1/status", is("online"))
	sub.expect(t, ctx, "serialhub/gw1/dev/status", func(p string) bool { return strings.Contains(p, `"state":"open"`) })
	dev.Master.Write([]byte("after\n"))
	sub.expect(t, ctx, "serialhub/gw1/dev/line", is("after"))
	wsGets("after\n")
	mqttRun(t, ctx, "mosquitto_pub", "-h", host, "-p", portText, "-t", "serialhub/gw1/dev/send", "-m", "again")
	if got := readDevice(t, dev, 5); string(got) != "again" {
		t.Fatalf("device got %q after the reconnect", got)
	}

	// The bridge's counters are on /metrics.
	resp, err := http.Get("http://" + srv.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metricsText, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`serialhub_mqtt_published_total{port="dev"} `, `serialhub_mqtt_dropped_total{port="dev"} `, `serialhub_mqtt_refused_total{port="dev"} 0`} {
		if !strings.Contains(string(metricsText), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// Stopping publishes "offline".
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	sub.expect(t, ctx, "serialhub/gw1/dev/status", func(p string) bool { return strings.Contains(p, `"state":"closed"`) })
	sub.expect(t, ctx, "serialhub/gw1/status", is("offline"))
}

func TestMQTTFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--mqtt-role", "control"}, "--mqtt-role is for MQTT"},
		{[]string{"--mqtt", "http://h"}, "scheme"},
		{[]string{"--mqtt", "tcp://h:1883", "--mqtt-role", "admin"}, "want none or control"},
		{[]string{"--mqtt", "tcp://h:1883", "--gateway", "a b"}, "--gateway"},
		{[]string{"--gateway", "gw1"}, "give --fleet URL too"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			c := newServeCommand(newOpener(), &strings.Builder{}, &strings.Builder{})
			err := c.ParseFlags(tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseFlags(%q) = %v, want an error saying %q", tc.args, err, tc.want)
			}
		})
	}
	c := newServeCommand(newOpener(), &strings.Builder{}, &strings.Builder{})
	if err := c.ParseFlags([]string{"--mqtt", "tcp://h:1883", "--gateway", "gw1"}); err != nil {
		t.Fatalf("--gateway with --mqtt and no --fleet: %v", err)
	}
}

// A port's decoded values reach the broker: each value under
// serialhub/GATEWAY/PORT/values/NAME, retained, and a Home Assistant
// discovery config for it.
func TestMQTTPublishesDecodedValues(t *testing.T) {
	serialtest.NeedMosquitto(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	port := serialtest.FreePort(t)
	broker, err := serialtest.StartMosquitto(ctx, t.TempDir(), port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { broker.Close() })
	sub := subscribeMQTT(t, ctx, broker.Addr, "#")
	serve(t, []string{"--mqtt", "tcp://" + broker.Addr, "--gateway", "gw3", "gps=sim://nmea,decode=nmea"}, nil)
	sub.expect(t, ctx, "serialhub/gw3/gps/values/lat", func(p string) bool {
		lat, err := strconv.ParseFloat(p, 64)
		return err == nil && math.Abs(lat-48.8584) < 0.01
	})
	sub.expect(t, ctx, "serialhub/gw3/gps/values/sats", func(p string) bool {
		n, err := strconv.Atoi(p)
		return err == nil && n >= 8 && n <= 11
	})
	sub.expect(t, ctx, "homeassistant/sensor/serialhub_gw3/gps_lat/config", func(p string) bool {
		return strings.Contains(p, "serialhub/gw3/gps/values/lat")
	})
}

// The bridge reaches a broker over TLS (--mqtt ssl://, --mqtt-ca) as a
// user with a password (--mqtt-user, --mqtt-password-file), which a broker
// that refuses anonymous clients lets in.
func TestMQTTOverTLSWithAPassword(t *testing.T) {
	serialtest.NeedMosquitto(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	cert, err := serialtest.NewCert(7)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, pwFile, passFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"), filepath.Join(dir, "passwd"), filepath.Join(dir, "secret")
	for f, b := range map[string][]byte{certFile: cert.CertPEM, keyFile: cert.KeyPEM, passFile: []byte("s3cret\n")} {
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("mosquitto_passwd", "-b", "-c", pwFile, "lab", "s3cret").CombinedOutput(); err != nil {
		t.Fatalf("mosquitto_passwd: %v\n%s", err, out)
	}
	port := serialtest.FreePort(t)
	broker, err := serialtest.StartMosquittoWith(ctx, dir, port, fmt.Sprintf("certfile %s\nkeyfile %s\npassword_file %s\nallow_anonymous false\n", certFile, keyFile, pwFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { broker.Close() })
	sub := subscribeMQTTWith(t, ctx, broker.Addr, []string{"--cafile", certFile, "-u", "lab", "-P", "s3cret"}, "serialhub/#")
	serve(t, []string{"--mqtt", "ssl://" + broker.Addr, "--mqtt-ca", certFile, "--mqtt-user", "lab", "--mqtt-password-file", passFile, "--gateway", "gw5", "sim=sim://"}, nil)
	sub.expect(t, ctx, "serialhub/gw5/status", is("online"))
	sub.expect(t, ctx, "serialhub/gw5/sim/status", func(p string) bool { return strings.Contains(p, `"name":"sim"`) })
}
