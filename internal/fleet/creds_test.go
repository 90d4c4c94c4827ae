package fleet

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// startStoreFleet is startFleet with the store folder in the caller's
// hands (for AddGateway) and a TLS certificate if tlsCfg is not nil.
func startStoreFleet(t *testing.T, store string, tlsCfg *tls.Config) *fleetEnv {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	c, err := StartCentral(CentralConfig{Listen: "127.0.0.1:0", StoreDir: store, TLS: tlsCfg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	e := &fleetEnv{ctx: ctx, central: c}
	js, err := jetstream.New(e.connect(t))
	if err != nil {
		t.Fatal(err)
	}
	if e.reg, err = OpenRegistry(ctx, js, AliveTTL, 0); err != nil {
		t.Fatal(err)
	}
	return e
}

// gatewayClient is a connection made with a gateway's credentials, and
// what the server told it asynchronously (permission violations).
type gatewayClient struct {
	name string
	nc   *nats.Conn
	errs chan error
}

// writeCreds writes a credentials file, as a user would redirect it.
func writeCreds(t *testing.T, name string, creds []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".creds")
	if err := os.WriteFile(path, creds, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// dial connects to url with opts and an error handler that keeps the
// server's asynchronous errors; the connection is closed at the test's
// end.
func dial(t *testing.T, url, name string, opts ...nats.Option) (*gatewayClient, error) {
	t.Helper()
	g := &gatewayClient{name: name, errs: make(chan error, 64)}
	opts = append(opts, nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
		select {
		case g.errs <- err:
		default: // the test failed already: more than it can have caused
		}
	}))
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, err
	}
	t.Cleanup(nc.Close)
	g.nc = nc
	return g, nil
}

// dialGateway connects to the central with the credentials file of
// gateway name, as a gateway does (GatewayOptions).
func (e *fleetEnv) dialGateway(t *testing.T, name, credsFile string, extra ...nats.Option) (*gatewayClient, error) {
	t.Helper()
	opts, err := GatewayOptions(name, credsFile)
	if err != nil {
		t.Fatal(err)
	}
	return dial(t, e.central.URL(), name, append(opts, extra...)...)
}

// addGateway registers name and connects as it.
func (e *fleetEnv) addGateway(t *testing.T, store, name string) *gatewayClient {
	t.Helper()
	creds, err := AddGateway(store, name)
	if err != nil {
		t.Fatal(err)
	}
	g, err := e.dialGateway(t, name, writeCreds(t, name, creds))
	if err != nil {
		t.Fatalf("gateway %s connects with its credentials: %v", name, err)
	}
	return g
}

// violation waits for the server's next asynchronous error to g, which
// must be a permissions violation of op ("Publish" or "Subscription")
// on subject.
func (e *fleetEnv) violation(t *testing.T, g *gatewayClient, op, subject string) {
	t.Helper()
	select {
	case err := <-g.errs:
		if !errors.Is(err, nats.ErrPermissionViolation) || !strings.Contains(err.Error(), op+` to "`+subject+`"`) {
			t.Fatalf("gateway %s: %s %s: the server said %v; want a permissions violation of this", g.name, op, subject, err)
		}
	case <-e.ctx.Done():
		t.Fatalf("gateway %s: %s %s: no permissions violation", g.name, op, subject)
	}
}

// noViolation checks that the server has told g of no error until now.
func noViolation(t *testing.T, g *gatewayClient) {
	t.Helper()
	if err := g.nc.Flush(); err != nil { // an error for what g sent before comes before the pong
		t.Fatal(err)
	}
	select {
	case err := <-g.errs:
		t.Fatalf("gateway %s: the server said %v", g.name, err)
	default:
	}
}

// A gateway with its credential can do what a gateway does on its own
// subjects (publish its port data, answer requests, put and delete its
// registry keys), and nothing on another's: it can neither read another
// gateway's subjects, keys or inboxes nor publish as it, nor answer a
// request it was not sent, nor use JetStream beyond its keys. Each refusal
// is seen as the server's permissions violation, and the absence of what
// was refused is seen against a marker sent after it.
func TestGatewayPermissions(t *testing.T) {
	store := t.TempDir()
	e := startStoreFleet(t, store, nil)
	central := e.connect(t)
	a := e.addGateway(t, store, "pi-a")
	b := e.addGateway(t, store, "pi-b")
	aOut, aIn, aCtl := subject(t, "pi-a", "dut", KindOut), subject(t, "pi-a", "dut", KindIn), subject(t, "pi-a", "dut", KindCtl)
	bOut, bStatus, bCtl := subject(t, "pi-b", "dut", KindOut), subject(t, "pi-b", "dut", KindStatus), subject(t, "pi-b", "dut", KindCtl)

	t.Run("own subjects", func(t *testing.T) {
		out := e.listen(t, central, aOut)
		if err := a.nc.Publish(aOut, []byte("data")); err != nil {
			t.Fatal(err)
		}
		if m := e.next(t, out, "a's port data"); string(m.Data) != "data" {
			t.Fatalf("the central got %q", m.Data)
		}
		reqs := e.listen(t, a.nc, aCtl)
		done := make(chan error, 1)
		go func() {
			m, err := central.RequestWithContext(e.ctx, aCtl, []byte(`{"type":"ping"}`))
			if err == nil && string(m.Data) != `{"type":"pong"}` {
				err = errors.New("the reply was " + string(m.Data))
			}
			done <- err
		}()
		if err := e.next(t, reqs, "the central's request").Respond([]byte(`{"type":"pong"}`)); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatalf("the central's request to a: %v", err)
		}
		// The gateway's own requests (JetStream) get their replies in
		// its own inboxes.
		js, err := jetstream.New(a.nc)
		if err != nil {
			t.Fatal(err)
		}
		for _, bucket := range []string{BucketGateways, BucketAlive} {
			kv, err := js.KeyValue(e.ctx, bucket)
			if err != nil {
				t.Fatalf("a opens %s: %v", bucket, err)
			}
			if _, err := kv.Put(e.ctx, "pi-a", []byte("up")); err != nil {
				t.Fatalf("a puts its key in %s: %v", bucket, err)
			}
		}
		if en, err := e.reg.Alive.Get(e.ctx, "pi-a"); err != nil || string(en.Value()) != "up" {
			t.Fatalf("a's alive key: %v", err)
		}
		kv, _ := js.KeyValue(e.ctx, BucketAlive)
		if err := kv.Delete(e.ctx, "pi-a"); err != nil {
			t.Fatalf("a deletes its alive key: %v", err)
		}
		if _, err := e.reg.Alive.Get(e.ctx, "pi-a"); !errors.Is(err, jetstream.ErrKeyNotFound) {
			t.Fatalf("a's alive key after its delete: %v", err)
		}
		noViolation(t, a)
	})

	t.Run("cannot read another's", func(t *testing.T) {
		got := make(chan *nats.Msg, 64)
		if _, err := a.nc.ChanSubscribe(aIn, got); err != nil {
			t.Fatal(err)
		}
		refused := []string{
			GatewaySubjects("pi-b"), bOut, bStatus, bCtl, "serialhub.*.dut.out", "serialhub.>", ">",
			"_INBOX.>", InboxPrefix("pi-b") + ".>", "$KV.serialhub-alive.pi-b", "$KV.>",
		}
		for _, s := range refused {
			if _, err := a.nc.ChanSubscribe(s, got); err != nil {
				t.Fatal(err)
			}
			e.violation(t, a, "Subscription", s)
		}
		// What b and the central send there, then a marker to a: the
		// marker must be the first a gets.
		for _, s := range []string{bOut, bStatus} {
			if err := b.nc.Publish(s, []byte("b's")); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.nc.Flush(); err != nil { // b's are routed before the central's marker
			t.Fatal(err)
		}
		for _, s := range []string{bCtl, "_INBOX.x.y", InboxPrefix("pi-b") + ".x.y", "$KV.serialhub-alive.pi-b"} {
			if err := central.Publish(s, []byte("for b")); err != nil {
				t.Fatal(err)
			}
		}
		if err := central.Publish(aIn, []byte("marker")); err != nil {
			t.Fatal(err)
		}
		if m := e.next(t, got, "the marker"); m.Subject != aIn || string(m.Data) != "marker" {
			t.Fatalf("a got %q on %s before the marker", m.Data, m.Subject)
		}
		noViolation(t, b)
	})

	t.Run("cannot impersonate another", func(t *testing.T) {
		seen := make(chan *nats.Msg, 64)
		for _, s := range []string{GatewaySubjects("pi-b"), aOut} {
			sub, err := central.ChanSubscribe(s, seen)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { sub.Unsubscribe() })
		}
		if err := central.Flush(); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{bOut, bStatus, bCtl, "serialhub.x.dut.out", "_INBOX.guessed", InboxPrefix("pi-b") + ".x.y"} {
			if err := a.nc.Publish(s, []byte("forged")); err != nil {
				t.Fatal(err)
			}
			e.violation(t, a, "Publish", s)
		}
		if err := a.nc.Publish(aOut, []byte("marker")); err != nil {
			t.Fatal(err)
		}
		if m := e.next(t, seen, "the marker"); m.Subject != aOut || string(m.Data) != "marker" {
			t.Fatalf("the central got %q on %s from a before its marker", m.Data, m.Subject)
		}
	})

	t.Run("cannot touch another's registry keys", func(t *testing.T) {
		bjs, err := jetstream.New(b.nc)
		if err != nil {
			t.Fatal(err)
		}
		for _, bucket := range []string{BucketGateways, BucketAlive} {
			kv, err := bjs.KeyValue(e.ctx, bucket)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := kv.Put(e.ctx, "pi-b", []byte("b")); err != nil {
				t.Fatalf("b puts its key in %s: %v", bucket, err)
			}
		}
		js, err := jetstream.New(a.nc)
		if err != nil {
			t.Fatal(err)
		}
		for _, bucket := range []string{BucketGateways, BucketAlive} {
			kv, err := js.KeyValue(e.ctx, bucket)
			if err != nil {
				t.Fatal(err)
			}
			for op, do := range map[string]func(context.Context) error{
				"put":    func(ctx context.Context) error { _, err := kv.Put(ctx, "pi-b", []byte("forged")); return err },
				"delete": func(ctx context.Context) error { return kv.Delete(ctx, "pi-b") },
				"create": func(ctx context.Context) error { _, err := kv.Create(ctx, "pi-c", []byte("forged")); return err },
			} {
				// The refused publish gets no acknowledgement: the call
				// waits until it is given up once the violation is seen.
				ctx, cancel := context.WithCancel(e.ctx)
				done := make(chan error, 1)
				go func() { done <- do(ctx) }()
				key := "pi-b"
				if op == "create" {
					key = "pi-c"
				}
				e.violation(t, a, "Publish", "$KV."+bucket+"."+key)
				cancel()
				if err := <-done; err == nil {
					t.Fatalf("a's %s of %s in %s succeeded", op, key, bucket)
				}
			}
		}
		for _, kv := range []jetstream.KeyValue{e.reg.Gateways, e.reg.Alive} {
			if en, err := kv.Get(e.ctx, "pi-b"); err != nil || string(en.Value()) != "b" {
				t.Fatalf("b's key in %s after a's attempts: %v", kv.Bucket(), err)
			}
			if _, err := kv.Get(e.ctx, "pi-c"); !errors.Is(err, jetstream.ErrKeyNotFound) {
				t.Fatalf("a key a created in %s: %v", kv.Bucket(), err)
			}
		}
		// Nor through its own key: a rollup of the whole bucket is
		// refused by the bucket.
		m := nats.NewMsg("$KV." + BucketGateways + ".pi-a")
		m.Data = []byte("rollup")
		m.Header.Set(jetstream.MsgRollup, jetstream.MsgRollupAll)
		if _, err := js.PublishMsg(e.ctx, m); err == nil {
			t.Fatal("a's rollup of the gateways bucket was taken")
		}
		if _, err := e.reg.Gateways.Get(e.ctx, "pi-b"); err != nil {
			t.Fatalf("b's record after a's rollup: %v", err)
		}
		// Nor the JetStream API beyond its keys.
		for _, s := range []string{
			"$JS.API.STREAM.PURGE.KV_" + BucketGateways,
			"$JS.API.STREAM.MSG.DELETE.KV_" + BucketGateways,
			"$JS.API.DIRECT.GET.KV_" + BucketGateways,
			"$JS.API.CONSUMER.CREATE.KV_" + BucketAlive,
			"$JS.API.STREAM.CREATE.x",
			"$JS.API.STREAM.LIST",
		} {
			if err := a.nc.PublishRequest(s, a.nc.NewRespInbox(), []byte("{}")); err != nil {
				t.Fatal(err)
			}
			e.violation(t, a, "Publish", s)
		}
	})
}

// Only a client that proves it holds a registered gateway's seed gets in:
// no credential, a key not registered, a registered key without its
// seed's signature, a removed or replaced credential are refused; a
// gateway added while the central runs gets in without a restart.
func TestGatewayCredentials(t *testing.T) {
	store := t.TempDir()
	e := startStoreFleet(t, store, nil)
	url := e.central.URL()
	refused := func(what string, _ *gatewayClient, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: connected", what)
		}
		if !errors.Is(err, nats.ErrAuthorization) {
			t.Fatalf("%s: %v, want an authorization violation", what, err)
		}
	}

	g, err := dial(t, url, "anonymous")
	refused("no credential", g, err)

	// Added after the central started (and after a refusal made it read
	// the folder).
	credsA, err := AddGateway(store, "pi-a")
	if err != nil {
		t.Fatal(err)
	}
	fileA := writeCreds(t, "pi-a", credsA)
	if _, err := e.dialGateway(t, "pi-a", fileA); err != nil {
		t.Fatalf("a gateway added while the central runs: %v", err)
	}
	// The file is the seed file nats tools read.
	nkeyOpt, err := nats.NkeyOptionFromSeed(fileA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dial(t, url, "pi-a", nkeyOpt); err != nil {
		t.Fatalf("nats.NkeyOptionFromSeed of the credentials file: %v", err)
	}

	stranger, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pubStranger, _ := stranger.PublicKey()
	g, err = dial(t, url, "stranger", nats.Nkey(pubStranger, stranger.Sign))
	refused("a key not registered", g, err)

	_, kpA, err := parseCreds(credsA)
	if err != nil {
		t.Fatal(err)
	}
	pubA, _ := kpA.PublicKey()
	g, err = dial(t, url, "pi-a without its seed", nats.Nkey(pubA, stranger.Sign))
	refused("a's public key signed with another seed", g, err)
	g, err = dial(t, url, "pi-a without a signature", nats.Nkey(pubA, func([]byte) ([]byte, error) { return nil, nil }))
	refused("a's public key with no signature", g, err)

	if _, err := AddGateway(store, "pi-a"); !errors.Is(err, ErrGatewayExists) {
		t.Fatalf("adding pi-a again: %v, want ErrGatewayExists", err)
	}
	if _, err := e.dialGateway(t, "pi-a", fileA); err != nil {
		t.Fatalf("a's credential after a refused add: %v", err)
	}
	credsA2, err := ReplaceGateway(store, "pi-a")
	if err != nil {
		t.Fatal(err)
	}
	g, err = e.dialGateway(t, "pi-a", fileA)
	refused("a replaced credential", g, err)
	fileA2 := writeCreds(t, "pi-a", credsA2)
	if _, err := e.dialGateway(t, "pi-a", fileA2); err != nil {
		t.Fatalf("the new credential: %v", err)
	}
	if err := RemoveGateway(store, "pi-a"); err != nil {
		t.Fatal(err)
	}
	g, err = e.dialGateway(t, "pi-a", fileA2)
	refused("a removed credential", g, err)

	for what, err := range map[string]error{
		"replace unknown": func() error { _, err := ReplaceGateway(store, "pi-z"); return err }(),
		"remove unknown":  RemoveGateway(store, "pi-a"),
	} {
		if !errors.Is(err, ErrNoGateway) {
			t.Errorf("%s: %v, want ErrNoGateway", what, err)
		}
	}
	if _, err := AddGateway(store, "pi.a"); !errors.Is(err, ErrBadName) {
		t.Errorf("a bad name: %v, want ErrBadName", err)
	}
	if _, err := AddGateway("", "pi-a"); err == nil {
		t.Error("no store folder: added")
	}
	if _, err := GatewayOptions("pi-b", fileA2); !errors.Is(err, ErrBadCreds) {
		t.Errorf("pi-a's file for pi-b: %v, want ErrBadCreds", err)
	}
	if _, err := GatewayOptions("pi-a", writeCreds(t, "junk", []byte("SUAJUNK\n"))); !errors.Is(err, ErrBadCreds) {
		t.Errorf("a file that is not a credential: %v, want ErrBadCreds", err)
	}

	// Only public keys are kept, readable by the owner alone.
	if _, err := AddGateway(store, "pi-b"); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{
		filepath.Join(store, "fleet"):                         os.ModeDir | 0o700,
		filepath.Join(store, "fleet", "gateways"):             os.ModeDir | 0o700,
		filepath.Join(store, "fleet", "gateways", "pi-b.pub"): 0o600,
	} {
		if fi, err := os.Stat(path); err != nil || fi.Mode() != want {
			t.Errorf("%s: %v (%v), want mode %v", path, fi.Mode(), err, want)
		}
	}
	pub, err := os.ReadFile(filepath.Join(store, "fleet", "gateways", "pi-b.pub"))
	if err != nil || !nkeys.IsValidPublicUserKey(strings.TrimSpace(string(pub))) {
		t.Fatalf("pi-b.pub holds %q (%v), want a user's public key", pub, err)
	}
	if entries, _ := os.ReadDir(filepath.Join(store, "fleet", "gateways")); len(entries) != 1 {
		t.Fatalf("the gateways folder holds %d files, want pi-b.pub alone", len(entries))
	}
}

// The real gateway (StartGateway) with its credential: it joins the
// registry, its port's bytes reach the central, it answers the central's
// controls, and it leaves the registry on Close, all without a
// permissions violation: the credential allows what the gateway does.
func TestGatewayWithItsCredential(t *testing.T) {
	store := t.TempDir()
	e := startStoreFleet(t, store, nil)
	a := e.addGateway(t, store, "pi-a")
	central := e.connect(t)
	port, pt := openPTYPort(t, e.ctx, "board.1")
	out := e.listen(t, central, subject(t, "pi-a", "board.1", KindOut))
	w, err := e.reg.Alive.Watch(e.ctx, "pi-a", jetstream.UpdatesOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	g := startGateway(t, GatewayConfig{Conn: a.nc, Name: "pi-a", Ports: []*hub.Port{port}, AliveEvery: 50 * time.Millisecond})

	// next is the alive key's next change; a violation fails at once.
	next := func(what string) jetstream.KeyValueEntry {
		t.Helper()
		for {
			select {
			case en := <-w.Updates():
				if en != nil {
					return en
				}
			case err := <-a.errs:
				t.Fatalf("waiting for %s: the server said %v", what, err)
			case <-e.ctx.Done():
				t.Fatalf("waiting for %s of the alive key", what)
			}
		}
	}
	if en := next("the put"); en.Operation() != jetstream.KeyValuePut {
		t.Fatalf("the alive key went %v, want a put", en.Operation())
	}
	// The record follows the alive key.
	rw, err := e.reg.Gateways.Watch(e.ctx, "pi-a")
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Stop()
	var en jetstream.KeyValueEntry
	for en == nil {
		select {
		case en = <-rw.Updates():
		case err := <-a.errs:
			t.Fatalf("waiting for the record: the server said %v", err)
		case <-e.ctx.Done():
			t.Fatal("waiting for the record")
		}
	}
	var rec GatewayRecord
	if err := json.Unmarshal(en.Value(), &rec); err != nil || rec.Name != "pi-a" || len(rec.Ports) != 1 { // the record's content: TestGatewayRegistry
		t.Fatalf("registry record %s (%v)", en.Value(), err)
	}

	if _, err := pt.Master.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	b, err := DecodeBatch(e.next(t, out, "the device's bytes"))
	if err != nil || string(b.Data) != "hello" {
		t.Fatalf("the central got %q (%v), want hello", b.Data, err)
	}
	if r := e.request(t, central, subject(t, "pi-a", "board.1", KindCtl), []byte(`{"type":"ping","id":1}`)); r.Type != protocol.TypePong {
		t.Fatalf("ping answered %+v", r)
	}
	if r := e.request(t, central, subject(t, "pi-a", "board.1", KindIn), []byte("x")); r.Type != protocol.TypeOK {
		t.Fatalf("write answered %+v", r)
	}

	g.Close()
	for {
		en := next("the deletion")
		if en.Operation() == jetstream.KeyValuePut {
			continue // a renewal before Close
		}
		if en.Operation() != jetstream.KeyValueDelete {
			t.Fatalf("the alive key went %v, want deleted", en.Operation())
		}
		break
	}
	noViolation(t, a)
}

// selfSigned makes a certificate for 127.0.0.1, its own CA.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	c, err := serialtest.NewCert(1)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(c.CertPEM, c.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(c.Leaf)
	return cert, pool
}

// With a certificate the central takes TLS only: a gateway that trusts
// the certificate connects with tls:// or nats:// (upgraded) and its
// credential; one that does not is refused; the server offers no plain
// connection; the central's own connection (in-process) still works.
func TestCentralTLS(t *testing.T) {
	store := t.TempDir()
	cert, pool := selfSigned(t)
	e := startStoreFleet(t, store, &tls.Config{Certificates: []tls.Certificate{cert}})
	if !strings.HasPrefix(e.central.URL(), "tls://") {
		t.Fatalf("URL %s, want tls://", e.central.URL())
	}
	creds, err := AddGateway(store, "pi-a")
	if err != nil {
		t.Fatal(err)
	}
	opts, err := GatewayOptions("pi-a", writeCreds(t, "pi-a", creds))
	if err != nil {
		t.Fatal(err)
	}
	plainURL := "nats://" + strings.TrimPrefix(e.central.URL(), "tls://")
	for _, url := range []string{e.central.URL(), plainURL} {
		g, err := dial(t, url, "pi-a", append(opts, nats.Secure(&tls.Config{RootCAs: pool}))...)
		if err != nil {
			t.Fatalf("%s with the CA: %v", url, err)
		}
		if cs, err := g.nc.TLSConnectionState(); err != nil || !cs.HandshakeComplete {
			t.Fatalf("%s: the connection is not TLS (%v)", url, err)
		}
		if err := g.nc.Publish(subject(t, "pi-a", "dut", KindOut), []byte("x")); err != nil {
			t.Fatal(err)
		}
		noViolation(t, g)
	}
	for _, url := range []string{e.central.URL(), plainURL} {
		if g, err := dial(t, url, "pi-a", opts...); err == nil {
			g.nc.Close()
			t.Fatalf("%s without the CA: connected", url)
		} else if !errors.As(err, new(x509.UnknownAuthorityError)) && !strings.Contains(err.Error(), "certificate") {
			t.Fatalf("%s without the CA: %v, want a certificate error", url, err)
		}
	}
	// A plain client is told TLS is required before anything else.
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.central.URL(), "tls://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		TLSRequired  bool `json:"tls_required"`
		AuthRequired bool `json:"auth_required"`
	}
	if err := json.Unmarshal([]byte(strings.TrimPrefix(strings.TrimSpace(line), "INFO ")), &info); err != nil || !info.TLSRequired || !info.AuthRequired {
		t.Fatalf("the server's greeting %q (%v): want TLS and authentication required", line, err)
	}
	// The central's registry (startStoreFleet) went through Connect.
	if _, err := e.reg.Alive.Put(e.ctx, "x", []byte("y")); err != nil {
		t.Fatalf("the central's own connection under TLS: %v", err)
	}
}

// OpenRegistry turns rollups off on a gateways bucket made before (as
// nats.go makes them, with rollups on). (The alive bucket keeps them:
// the server requires them for its limit markers.)
func TestOpenRegistryRefusesRollups(t *testing.T) {
	e := startStoreFleet(t, t.TempDir(), nil)
	js, err := jetstream.New(e.connect(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateOrUpdateKeyValue(e.ctx, jetstream.KeyValueConfig{Bucket: BucketGateways}); err != nil {
		t.Fatal(err)
	}
	if s, err := js.Stream(e.ctx, "KV_"+BucketGateways); err != nil || !s.CachedInfo().Config.AllowRollup {
		t.Fatalf("nats.go's bucket: %v; want rollups allowed, as the old registry had", err)
	}
	if _, err := OpenRegistry(e.ctx, js, AliveTTL, 0); err != nil {
		t.Fatal(err)
	}
	s, err := js.Stream(e.ctx, "KV_"+BucketGateways)
	if err != nil {
		t.Fatal(err)
	}
	if s.CachedInfo().Config.AllowRollup {
		t.Errorf("bucket %s allows rollups", BucketGateways)
	}
}
