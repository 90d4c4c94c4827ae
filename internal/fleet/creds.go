package fleet

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// Credentials (docs/fleet.md, Security). Each gateway is an nkey user of
// the central's NATS server: AddGateway makes the key pair, keeps the
// public key in the store folder and gives the seed to the gateway, in a
// credentials file (the decorated nkey seed file that nats tools read:
// nats --nkey FILE, nats.NkeyOptionFromSeed), with the gateway's name in
// a comment. The central's server looks the key up at each connection
// and checks the signature of its nonce: a gateway added while the
// central runs can connect at once, and one removed or replaced cannot
// connect again.

// Errors about credentials.
var (
	// ErrGatewayExists: AddGateway for a gateway that has a credential
	// (ReplaceGateway makes a new one).
	ErrGatewayExists = errors.New("gateway already has a credential")
	// ErrNoGateway: ReplaceGateway or RemoveGateway for a gateway that
	// has no credential.
	ErrNoGateway = errors.New("gateway has no credential")
	// ErrBadCreds: a credentials file that is not a gateway's, or not the
	// named gateway's.
	ErrBadCreds = errors.New("bad credentials file")
)

// gatewaysDir is where a store keeps the gateways' public keys: a file
// NAME.pub each, holding the key (written whole: a link or a rename of a
// file written before).
func gatewaysDir(storeDir string) string { return filepath.Join(storeDir, "fleet", "gateways") }

// credsHeader begins a credentials file; the gateway's name follows on
// the same line.
const credsHeader = "# serialhub fleet: the NATS credential of gateway "

// AddGateway registers gateway name with the central whose store folder
// is storeDir, and returns the gateway's credentials file. Only the
// public key is kept in the store (storeDir/fleet/gateways/NAME.pub, mode
// 0600, folders 0700); the file returned is the only copy of the seed. A
// central that runs takes the gateway's next connection. A name that has
// a credential is refused with ErrGatewayExists. It is safe to run
// while the central runs, and from another process.
func AddGateway(storeDir, name string) ([]byte, error) {
	return makeGateway(storeDir, name, false)
}

// ReplaceGateway makes a new credential for gateway name, which must
// have one (else ErrNoGateway), and returns its credentials file: for a
// credentials file lost or exposed. The old one stops working at once
// for new connections; a connection made with it before stays until it
// ends (restart the central to end it).
func ReplaceGateway(storeDir, name string) ([]byte, error) {
	return makeGateway(storeDir, name, true)
}

// RemoveGateway deletes gateway name's credential (ErrNoGateway if it
// has none): the gateway cannot connect again. As with ReplaceGateway, a
// connection made before stays until it ends. The registry keeps the
// gateway's record.
func RemoveGateway(storeDir, name string) error {
	path, err := gatewayKeyFile(storeDir, name)
	if err != nil {
		return err
	}
	if err := os.Remove(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("fleet gateway %s: %w", name, ErrNoGateway)
	} else if err != nil {
		return fmt.Errorf("fleet gateway %s: %w", name, err)
	}
	return syncDir(filepath.Dir(path))
}

func gatewayKeyFile(storeDir, name string) (string, error) {
	if !ValidGateway(name) {
		return "", fmt.Errorf("fleet gateway %q: %w: use 1 to 64 letters, digits, '_' or '-'", name, ErrBadName)
	}
	if storeDir == "" {
		return "", errors.New("fleet gateway: no store folder (--store)")
	}
	return filepath.Join(gatewaysDir(storeDir), name+".pub"), nil
}

func makeGateway(storeDir, name string, replace bool) ([]byte, error) {
	path, err := gatewayKeyFile(storeDir, name)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("fleet gateway %s: %w", name, err)
	}
	if replace {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("fleet gateway %s: %w", name, ErrNoGateway)
		}
	}
	kp, err := nkeys.CreateUser()
	if err != nil {
		return nil, fmt.Errorf("fleet gateway %s: a key: %w", name, err)
	}
	defer kp.Wipe()
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, err
	}
	seed, err := kp.Seed()
	if err != nil {
		return nil, err
	}

	// The key is written whole to a file of its own, then linked or
	// renamed into place: the central never reads half a key.
	f, err := os.CreateTemp(dir, "."+name+".pub-*") // mode 0600
	if err != nil {
		return nil, fmt.Errorf("fleet gateway %s: %w", name, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.WriteString(pub + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("fleet gateway %s: %w", name, err)
	}
	if replace {
		err = os.Rename(tmp, path)
	} else if err = os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("fleet gateway %s: %w (replace it to make a new one)", name, ErrGatewayExists)
	}
	if err != nil {
		return nil, fmt.Errorf("fleet gateway %s: %w", name, err)
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	return formatCreds(name, seed), nil
}

// syncDir makes a folder's entries durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("fleet credentials: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("fleet credentials: %s: %w", dir, err)
	}
	return nil
}

// formatCreds is a gateway's credentials file: its name in a comment,
// then its seed as nats tools decorate it.
func formatCreds(name string, seed []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%s\n", credsHeader, name)
	fmt.Fprintf(&b, "# Whoever holds this file can act as gateway %s: keep it secret (mode 0600).\n", name)
	fmt.Fprintf(&b, "# Use: serialhub serve --fleet nats://CENTRAL:4222 --gateway %s --fleet-creds FILE ...\n", name)
	b.WriteString("\n-----BEGIN USER NKEY SEED-----\n")
	b.Write(seed)
	b.WriteString("\n------END USER NKEY SEED------\n")
	return b.Bytes()
}

// parseCreds reads a gateway's credentials file: the gateway's name and
// its key pair.
func parseCreds(data []byte) (string, nkeys.KeyPair, error) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	name, ok := strings.CutPrefix(strings.TrimRight(string(first), "\r"), credsHeader)
	if !ok || !ValidGateway(name) {
		return "", nil, fmt.Errorf("%w: it does not begin %q and a gateway's name", ErrBadCreds, credsHeader)
	}
	kp, err := nkeys.ParseDecoratedUserNKey(data)
	if err != nil {
		return "", nil, fmt.Errorf("%w: gateway %s: %w", ErrBadCreds, name, err)
	}
	return name, kp, nil
}

// InboxPrefix is the prefix of gateway name's reply subjects (its
// inboxes: nats.CustomInboxPrefix), which only it may subscribe to.
func InboxPrefix(gateway string) string { return "_INBOX_" + Prefix + "." + gateway }

// GatewayOptions reads gateway name's credentials file (AddGateway) and
// returns the options its connection to the central needs
// (nats.Connect): its key, which signs the server's nonce, and its inbox
// prefix. A file that is not name's is refused (ErrBadCreds). The key is
// kept in memory for the reconnections.
func GatewayOptions(name, credsFile string) ([]nats.Option, error) {
	data, err := os.ReadFile(credsFile)
	if err != nil {
		return nil, fmt.Errorf("fleet credentials: %w", err)
	}
	defer clear(data)
	got, kp, err := parseCreds(data)
	if err != nil {
		return nil, fmt.Errorf("fleet credentials %s: %w", credsFile, err)
	}
	if got != name {
		return nil, fmt.Errorf("fleet credentials %s: %w: they are gateway %s's, not %s's", credsFile, ErrBadCreds, got, name)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("fleet credentials %s: %w", credsFile, err)
	}
	return []nats.Option{
		nats.Nkey(pub, kp.Sign),
		nats.CustomInboxPrefix(InboxPrefix(name)),
	}, nil
}

// responseTTL is how long a gateway may take to answer a request: past
// it the reply is refused. A control takes at most the gateway's write
// timeout and a break; this leaves room for a slow device.
const responseTTL = 2 * time.Minute

// gatewayPermissions is what gateway name may do on the central's NATS:
//   - publish its own subjects (serialhub.NAME.>), and answer the
//     requests it is sent (one reply each, within responseTTL);
//   - subscribe to the requests for its ports (serialhub.NAME.*.in and
//     .ctl) and to its inboxes (InboxPrefix);
//   - open the registry's buckets (JetStream stream info of the two) and
//     put and delete its own keys in them ($KV.BUCKET.NAME).
//
// Nothing else: no other gateway's subjects, keys or inboxes, no other
// JetStream API. A new kind of request a gateway subscribes to must be
// added here.
func gatewayPermissions(name string) *server.Permissions {
	pub := []string{GatewaySubjects(name)}
	for _, bucket := range []string{BucketGateways, BucketAlive} {
		pub = append(pub,
			"$JS.API.STREAM.INFO.KV_"+bucket, // js.KeyValue
			"$KV."+bucket+"."+name,           // kv.Put, kv.Delete
		)
	}
	// Its ports' leases (lease.go): read, compare-and-set, and watched
	// with an ordered consumer whose filter is its own keys.
	leases := "$KV." + BucketLeases + "." + name + ".*"
	stream := "KV_" + BucketLeases
	pub = append(pub,
		"$JS.API.STREAM.INFO."+stream,
		leases,
		"$JS.API.DIRECT.GET."+stream+"."+leases,
		"$JS.API.CONSUMER.CREATE."+stream+".*."+"$KV."+BucketLeases+"."+name+".>",
		"$JS.API.CONSUMER.DELETE."+stream+".*",
		"$JS.FC."+stream+".>",
	)
	return &server.Permissions{
		Publish: &server.SubjectPermission{Allow: pub},
		Subscribe: &server.SubjectPermission{Allow: []string{
			Prefix + "." + name + ".*." + KindIn,
			Prefix + "." + name + ".*." + KindCtl,
			Prefix + "." + name + ".*." + KindHistory,
			InboxPrefix(name) + ".>",
		}},
		// A history request is answered with several messages (batches
		// of at most MaxBatch bytes, maxHistory in all, and the end).
		Response: &server.ResponsePermission{MaxMsgs: historyReplies, Expires: responseTTL},
	}
}

// authenticator is the central's server's client authentication
// (server.Options.CustomClientAuthentication). A client is let in if it
// signed the server's nonce with an nkey that is the central's own (every
// right) or a gateway's in the store (the gateway's permissions). It is
// called by the server's goroutines, one per connecting client.
type authenticator struct {
	// Static.
	dir     string // the store's gateways folder (gatewaysDir)
	central string // the central's public key

	mu    sync.Mutex        // guards names; held while the folder is read
	names map[string]string // public key → gateway, as the folder held when last read; "" for a key two gateways hold
}

func newAuthenticator(dir, central string) *authenticator {
	return &authenticator{dir: dir, central: central}
}

// Check implements server.Authentication.
func (a *authenticator) Check(c server.ClientAuthentication) bool {
	opts := c.GetOpts()
	if opts == nil || !nkeys.IsValidPublicUserKey(opts.Nkey) {
		return false
	}
	if !signed(opts.Nkey, opts.Sig, c.GetNonce()) {
		return false
	}
	if opts.Nkey == a.central {
		c.RegisterUser(&server.User{Username: "serialhub central"}) // no permissions: every right
		return true
	}
	name, ok := a.gateway(opts.Nkey)
	if !ok {
		return false
	}
	c.RegisterUser(&server.User{Username: "gateway " + name, Permissions: gatewayPermissions(name)})
	return true
}

// signed reports whether sig (base64) is pub's signature of nonce: the
// client holds the seed of the key it names.
func signed(pub, sig string, nonce []byte) bool {
	if len(nonce) == 0 || sig == "" {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		if raw, err = base64.StdEncoding.DecodeString(sig); err != nil {
			return false
		}
	}
	key, err := nkeys.FromPublicKey(pub)
	if err != nil {
		return false
	}
	return key.Verify(nonce, raw) == nil
}

// gateway is the gateway whose key pub is, as the store holds now: a key
// seen before is checked against its gateway's file (one read); any other
// key has the folder read again (a gateway added, or replaced).
func (a *authenticator) gateway(pub string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if name := a.names[pub]; name != "" {
		if key, err := readKey(filepath.Join(a.dir, name+".pub")); err == nil && key == pub {
			return name, true
		}
	}
	a.names = readKeys(a.dir)
	name := a.names[pub]
	return name, name != ""
}

// readKeys reads a gateways folder: every NAME.pub file's key. A missing
// folder has none; files that cannot be read are left out.
func readKeys(dir string) map[string]string {
	names := make(map[string]string)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return names
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".pub")
		if !ok || !ValidGateway(name) || !e.Type().IsRegular() {
			continue
		}
		key, err := readKey(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if _, twice := names[key]; twice {
			names[key] = "" // copied by hand: neither gateway gets it
			continue
		}
		names[key] = name
	}
	return names
}

// readKey reads a public key file (one line).
func readKey(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 0, 128), 1024)
	if !s.Scan() {
		return "", fmt.Errorf("%s: empty (%v)", path, s.Err())
	}
	key := strings.TrimSpace(s.Text())
	if !nkeys.IsValidPublicUserKey(key) {
		return "", fmt.Errorf("%s: not a user's public key", path)
	}
	return key, nil
}
