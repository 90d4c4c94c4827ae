//go:build linux

package serialtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// MosquittoPath is where Debian's mosquitto package puts the broker.
const MosquittoPath = "/usr/sbin/mosquitto"

// NeedMosquitto skips the test if Debian's mosquitto and
// mosquitto-clients are not installed (scripts/test installs them).
func NeedMosquitto(t testing.TB) {
	t.Helper()
	for _, p := range []string{MosquittoPath, "mosquitto_sub", "mosquitto_pub"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s is missing: apt-get install mosquitto mosquitto-clients (scripts/test does)", p)
		}
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// StartMosquitto runs Debian's MQTT broker on 127.0.0.1:port, allowing
// anonymous clients and keeping nothing on disk (a restart forgets the
// retained messages), and returns once it says it runs. dir holds its
// config file. Close kills it.
func StartMosquitto(ctx context.Context, dir string, port int) (*Relay, error) {
	return StartMosquittoWith(ctx, dir, port, "allow_anonymous true\n")
}

// StartMosquittoWith is StartMosquitto with more of mosquitto's
// configuration, for the listener on port (TLS files, a password file,
// allow_anonymous false).
func StartMosquittoWith(ctx context.Context, dir string, port int, conf string) (*Relay, error) {
	text := fmt.Sprintf("listener %d 127.0.0.1\n%slog_dest stderr\n", port, conf)
	if os.Geteuid() == 0 {
		// Run as root, mosquitto would become the user "mosquitto",
		// who cannot read the test's files (certificates, passwords).
		text += "user root\n"
	}
	conf = filepath.Join(dir, "mosquitto.conf")
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(MosquittoPath, "-c", conf)
	// "mosquitto version 2.0.11 running", after it listens.
	r, _, err := startRelay(ctx, "mosquitto", cmd, func(line string) bool {
		return strings.Contains(line, "mosquitto version") && strings.HasSuffix(line, "running")
	})
	if err != nil {
		return nil, err
	}
	r.Addr = "127.0.0.1:" + strconv.Itoa(port)
	return r, nil
}
