//go:build linux

package mqtt

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// TestRetainedValuesWithMosquitto bridges a port with values to
// Debian's mosquitto through Paho: a client that subscribes afterwards
// gets the values and their discovery configs at once, retained.
func TestRetainedValuesWithMosquitto(t *testing.T) {
	serialtest.NeedMosquitto(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	port := serialtest.FreePort(t)
	broker, err := serialtest.StartMosquitto(ctx, t.TempDir(), port)
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	values := fakeValues{recs: make(chan []decode.Record)}
	_, _, _, _ = setup(t, func(c *Config) {
		c.Broker, c.dial, c.Values, c.Discovery = "tcp://"+broker.Addr, nil, values, true
	})
	select {
	case values.recs <- []decode.Record{{Values: []decode.Value{{Name: "temp", Num: 21.5}, {Name: "mode", Text: "auto", IsText: true}}}}:
	case <-ctx.Done():
		t.Fatal("the bridge did not listen for values")
	}
	// The messages are retained: this gets them whether it subscribes
	// before they are published or after.
	sub := func(extra ...string) string {
		args := append([]string{"-h", "127.0.0.1", "-p", strconv.Itoa(port), "-W", "10", "-C", "4", "-v",
			"-t", "serialhub/gw/dev/values/#", "-t", "homeassistant/sensor/serialhub_gw/#"}, extra...)
		out, err := exec.CommandContext(ctx, "mosquitto_sub", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("mosquitto_sub %q: %v\n%s", args, err, out)
		}
		return string(out)
	}
	sub()
	// Now that they are published, a new client gets them at once,
	// retained (--retained-only exits at the first that is not).
	got := sub("--retained-only")
	for _, want := range []string{"serialhub/gw/dev/values/temp 21.5\n", "serialhub/gw/dev/values/mode auto\n",
		"homeassistant/sensor/serialhub_gw/dev_temp/config {", "homeassistant/sensor/serialhub_gw/dev_mode/config {"} {
		if !strings.Contains(got, want) {
			t.Errorf("retained messages lack %q:\n%s", want, got)
		}
	}
}

// TestCloseWithoutBroker: a bridge whose broker never answers closes at
// once, leaving no goroutine behind (TestMain checks).
func TestCloseWithoutBroker(t *testing.T) {
	port := serialtest.FreePort(t) // nothing listens there
	b, _, _, _ := setup(t, func(c *Config) { c.Broker, c.dial = "tcp://127.0.0.1:"+strconv.Itoa(port), nil })
	done := make(chan struct{})
	go func() {
		b.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
}
