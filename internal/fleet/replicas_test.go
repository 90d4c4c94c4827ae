package fleet

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// On a single server (the central's embedded one) the registry's buckets
// get one replica when none is asked for; more are refused with a word
// on the flag that sets them, and so is a count JetStream does not keep.
// (Three replicas on a cluster of three: TestFleetOnANATSCluster, in
// cmd/serialhub.)
func TestRegistryReplicas(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := StartCentral(CentralConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	nc, err := c.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if n := RegistryReplicas(nc); n != 1 {
		t.Fatalf("RegistryReplicas of a single server: %d; want 1", n)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRegistry(ctx, js, AliveTTL, 0); err != nil {
		t.Fatal(err)
	}
	for _, bucket := range []string{BucketGateways, BucketAlive} {
		s, err := js.Stream(ctx, "KV_"+bucket)
		if err != nil {
			t.Fatal(err)
		}
		if r := s.CachedInfo().Config.Replicas; r != 1 {
			t.Fatalf("bucket %s: %d replicas; want 1", bucket, r)
		}
	}
	for replicas, want := range map[int]string{3: "--nats-replicas", 6: "1 to 5", -1: "1 to 5"} {
		if _, err := OpenRegistry(ctx, js, AliveTTL, replicas); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("OpenRegistry with %d replicas: %v; want an error that says %q", replicas, err, want)
		} else {
			t.Logf("%d replicas: %v", replicas, err)
		}
	}
}
