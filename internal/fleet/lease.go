package fleet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/serialhub/serialhub/internal/hub"
)

// A fleet port's lease (docs/automation.md, "Leases") is kept in the
// registry, in BucketLeases under the key GATEWAY.PORT, so that the
// central and the gateway agree on one holder: each claims a lease there
// with compare-and-set before it holds the port with it (hub.LeaseKeeper),
// and each watches the keys to hold its port with the other's leases
// (hub.Port.KeptLease). A lease's record carries its id: the central's
// requests act at the gateway for whoever holds the lease
// (hub.Client.ForAnyLease), since the central let them through only for
// its holder.

// BucketLeases: a fleet port's lease, by GATEWAY.PORT.
const BucketLeases = "serialhub-leases"

// leaseRecord is a lease's value in BucketLeases.
type leaseRecord struct {
	ID      string        `json:"id"`
	Holder  string        `json:"holder"`
	Note    string        `json:"note,omitempty"`
	Since   time.Time     `json:"since"`
	Expires time.Time     `json:"expires"`
	TTL     time.Duration `json:"ttl"`
	// Ended, with EndedBy, records a lease broken by EndedBy: the other
	// side tells its holder who. A record that ended, or expired, leaves
	// the port free.
	Ended   bool   `json:"ended,omitempty"`
	EndedBy string `json:"endedBy,omitempty"`
}

func recordOf(l hub.Lease) leaseRecord {
	return leaseRecord{ID: l.ID, Holder: l.Holder, Note: l.Note, Since: l.Since, Expires: l.Expires, TTL: l.TTL}
}

func (r leaseRecord) lease() hub.Lease {
	return hub.Lease{ID: r.ID, Holder: r.Holder, Note: r.Note, Since: r.Since, Expires: r.Expires, TTL: r.TTL}
}

// free reports whether the record leaves the port free at now.
func (r leaseRecord) free(now time.Time) bool { return r.Ended || !r.Expires.After(now) }

// LeaseKey is a port's key in BucketLeases: GATEWAY.PORT (a dot in the
// port's name becomes '~', as in subjects).
func LeaseKey(gateway, port string) string { return gateway + "." + portToken(port) }

// leaseKeeper is a fleet port's hub.LeaseKeeper, on either side.
type leaseKeeper struct {
	// Static.
	leases *leaseStore
	key    string
	port   *hub.Port

	mu sync.Mutex
	// claimed is the revision of this side's last claim: news older than
	// it is stale (a lease that ended before this side's began).
	claimed uint64 // guarded by mu
}

// leaseStore opens BucketLeases once it can, for one side's keepers.
type leaseStore struct {
	js jetstream.JetStream

	mu sync.Mutex
	kv jetstream.KeyValue // guarded by mu: nil until opened
}

// bucket returns the bucket, opening it if need be.
func (s *leaseStore) bucket(ctx context.Context) (jetstream.KeyValue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kv != nil {
		return s.kv, nil
	}
	kv, err := s.js.KeyValue(ctx, BucketLeases)
	if err != nil {
		return nil, fmt.Errorf("the fleet's registry (bucket %s) keeps this port's leases and cannot be reached: %w", BucketLeases, err)
	}
	s.kv = kv
	return kv, nil
}

// Claim implements hub.LeaseKeeper.
func (k *leaseKeeper) Claim(ctx context.Context, l hub.Lease) error {
	kv, err := k.leases.bucket(ctx)
	if err != nil {
		return err
	}
	b, err := json.Marshal(recordOf(l))
	if err != nil {
		return err
	}
	rev, err := kv.Create(ctx, k.key, b)
	if errors.Is(err, jetstream.ErrKeyExists) {
		var e jetstream.KeyValueEntry
		if e, err = kv.Get(ctx, k.key); err == nil {
			var old leaseRecord
			if json.Unmarshal(e.Value(), &old) == nil && !old.free(time.Now()) {
				return fmt.Errorf("%w: %s, until %s%s, at another server of the fleet", hub.ErrLocked, old.Holder, old.Expires.Local().Format(time.TimeOnly), noteSuffix(old.Note))
			}
			rev, err = kv.Update(ctx, k.key, b, e.Revision())
		}
	}
	if isLostRace(err) {
		return fmt.Errorf("%w: another server of the fleet took it just now", hub.ErrLocked)
	}
	if err != nil {
		return fmt.Errorf("the fleet's registry: %w", err)
	}
	k.mu.Lock()
	k.claimed = rev
	k.mu.Unlock()
	return nil
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

// isLostRace reports whether err is a compare-and-set that lost: the key
// changed since it was read.
func isLostRace(err error) bool {
	var apiErr *jetstream.APIError
	return errors.Is(err, jetstream.ErrKeyExists) || (errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence)
}

// Renew implements hub.LeaseKeeper.
func (k *leaseKeeper) Renew(ctx context.Context, l hub.Lease) error {
	kv, err := k.leases.bucket(ctx)
	if err != nil {
		return err
	}
	e, err := kv.Get(ctx, k.key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("%w: the fleet's registry no longer has it", hub.ErrNoLease)
	}
	if err != nil {
		return fmt.Errorf("the fleet's registry: %w", err)
	}
	var old leaseRecord
	if json.Unmarshal(e.Value(), &old) != nil || old.ID != l.ID || old.Ended {
		return fmt.Errorf("%w: the fleet's registry no longer has it", hub.ErrNoLease)
	}
	b, err := json.Marshal(recordOf(l))
	if err != nil {
		return err
	}
	if _, err := kv.Update(ctx, k.key, b, e.Revision()); err != nil {
		if isLostRace(err) {
			return fmt.Errorf("%w: it changed at another server of the fleet", hub.ErrNoLease)
		}
		return fmt.Errorf("the fleet's registry: %w", err)
	}
	return nil
}

// Release implements hub.LeaseKeeper: a lease let go is deleted; one
// broken is marked so (Ended), for the other side to say who broke it.
func (k *leaseKeeper) Release(ctx context.Context, l hub.Lease, by string) error {
	kv, err := k.leases.bucket(ctx)
	if err != nil {
		return err
	}
	e, err := kv.Get(ctx, k.key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("the fleet's registry: %w", err)
	}
	var old leaseRecord
	if json.Unmarshal(e.Value(), &old) != nil || old.ID != l.ID || old.Ended {
		return nil // not this lease's record any more
	}
	if by == "" {
		err = kv.Delete(ctx, k.key, jetstream.LastRevision(e.Revision()))
	} else {
		ended := recordOf(l)
		ended.Ended, ended.EndedBy = true, by
		var b []byte
		if b, err = json.Marshal(ended); err == nil {
			_, err = kv.Update(ctx, k.key, b, e.Revision())
		}
	}
	if isLostRace(err) {
		return nil // changed meanwhile: no longer this lease's
	}
	if err != nil {
		return fmt.Errorf("the fleet's registry: %w", err)
	}
	return nil
}

// apply tells the port what its record now says.
func (k *leaseKeeper) apply(e jetstream.KeyValueEntry, log *slog.Logger) {
	k.mu.Lock()
	if e.Revision() < k.claimed {
		k.mu.Unlock()
		return // older than this side's claim: stale
	}
	var rec leaseRecord
	put := e.Operation() == jetstream.KeyValuePut
	if put {
		if err := json.Unmarshal(e.Value(), &rec); err != nil || !validLeaseRecord(rec) {
			k.mu.Unlock()
			log.Warn("fleet: a bad lease record; ignored", "key", e.Key(), "err", err)
			return
		}
	}
	k.mu.Unlock()
	switch {
	case !put:
		k.port.KeptLease(nil, "")
	case rec.Ended:
		k.port.KeptLease(nil, rec.EndedBy)
	default:
		l := rec.lease()
		k.port.KeptLease(&l, "")
	}
}

// validLeaseRecord reports whether a record has what a lease needs.
func validLeaseRecord(r leaseRecord) bool {
	return r.ID != "" && r.Holder != "" && r.TTL > 0 && !r.Expires.IsZero()
}

// leaseWatch keeps a side's ports' leases as the registry has them: it
// watches keys (every gateway's at the central, its own at a gateway)
// and tells each port's keeper, trying again every retry while the
// registry cannot be reached. The port of a key it has no keeper for yet
// is told when its keeper is added.
type leaseWatch struct {
	// Static.
	store  *leaseStore
	filter string // the keys watched: ">" or "GATEWAY.>"
	retry  time.Duration
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // run

	// mu is held while an entry is applied to a port (leaseKeeper.apply),
	// so that a port hears its entries in order; taken before the
	// keepers' and the ports' locks.
	mu      sync.Mutex
	keepers map[string]*leaseKeeper            // guarded by mu: by key
	latest  map[string]jetstream.KeyValueEntry // guarded by mu: the last entry of each key
}

func startLeaseWatch(ctx context.Context, js jetstream.JetStream, filter string, retry time.Duration, log *slog.Logger) *leaseWatch {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w := &leaseWatch{
		store: &leaseStore{js: js}, filter: filter, retry: retry, log: log, ctx: wctx, cancel: cancel,
		keepers: make(map[string]*leaseKeeper), latest: make(map[string]jetstream.KeyValueEntry),
	}
	w.wg.Add(1)
	go w.run()
	return w
}

// close stops the watch and waits for it. Idempotent.
func (w *leaseWatch) close() {
	w.cancel()
	w.wg.Wait()
}

// keeper gives port its keeper, registered under key, and tells the port
// of the lease the registry holds for it.
func (w *leaseWatch) keeper(key string, port *hub.Port) {
	k := &leaseKeeper{leases: w.store, key: key, port: port}
	port.SetLeaseKeeper(k)
	// Under the lock, as the watch applies entries: the port hears them
	// in their order.
	w.mu.Lock()
	defer w.mu.Unlock()
	w.keepers[key] = k
	if e := w.latest[key]; e != nil {
		k.apply(e, w.log)
	}
}

// forget drops key's keeper.
func (w *leaseWatch) forget(key string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.keepers, key)
}

func (w *leaseWatch) run() {
	defer w.wg.Done()
	tick := time.NewTicker(w.retry)
	defer tick.Stop()
	for {
		err := w.watch()
		if w.ctx.Err() != nil {
			return
		}
		w.log.Debug("fleet: watching the leases failed; trying again", "err", err, "every", w.retry)
		select {
		case <-tick.C:
		case <-w.ctx.Done():
			return
		}
	}
}

// watch follows the keys until the watch ends or fails.
func (w *leaseWatch) watch() error {
	kv, err := w.store.bucket(w.ctx)
	if err != nil {
		return err
	}
	watcher, err := kv.Watch(w.ctx, w.filter)
	if err != nil {
		return err
	}
	defer watcher.Stop()
	for {
		select {
		case e, ok := <-watcher.Updates():
			if !ok {
				return errors.New("the watch ended")
			}
			if e == nil {
				continue // the initial values are in
			}
			w.mu.Lock()
			w.latest[e.Key()] = e
			if k := w.keepers[e.Key()]; k != nil {
				k.apply(e, w.log)
			}
			w.mu.Unlock()
		case <-w.ctx.Done():
			return nil
		}
	}
}
