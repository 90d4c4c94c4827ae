package values_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/values"
)

// BenchmarkEnginePath is a decoded record's way from the port to a
// client: the port hands the engine a read (Received), the engine decodes
// it (kv) and publishes the batch to the port, whose subscriber (a client
// asking values=1) takes it. It reports ns/record and records/s, the
// whole path's cost beside the decoder's own (internal/decode's
// benchmarks); docs/performance.md keeps the figures.
func BenchmarkEnginePath(b *testing.B) {
	dec, err := decode.New(decode.Spec{Name: decode.KV})
	if err != nil {
		b.Fatal(err)
	}
	e := values.New(values.Config{Name: "kv", Decoder: dec, QueueLen: 64 << 20})
	p, err := hub.Open(hub.Config{Name: "bench", Device: "loop://", Observers: []hub.Observer{e}, ClientBuffer: 64 << 20, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	e.Attach(p)
	sub, err := p.SubscribeWith(hub.SubscribeOptions{Values: true, DataOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	// Reads of 16 records each, as a device's 256-byte reads bring them.
	var read []byte
	for i := range 16 {
		read = fmt.Appendf(read, "temp=21.%02d hum=40.1 pressure=1013.25 n=%d\n", i, i)
	}
	const perRead = 16
	// The reads go in rounds the engine's queue holds (the port never
	// waits, so a read beyond the queue would be dropped), each round
	// taken whole by the client before the next.
	const round = 256
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var (
		off uint64
		n   int
		buf []hub.Message
	)
	for sent := 0; sent < b.N; {
		k := min(round, b.N-sent)
		for range k {
			e.Received(time.Now(), off, read)
			off += uint64(len(read))
		}
		sent += k
		for n < sent*perRead {
			msgs, err := sub.Receive(ctx, buf)
			if err != nil {
				b.Fatal(err)
			}
			for _, m := range msgs {
				n += len(m.Values)
			}
			buf = msgs[:0]
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if n != b.N*perRead {
		b.Fatalf("the client got %d records of %d", n, b.N*perRead)
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(n), "ns/record")
	b.ReportMetric(float64(n)/elapsed.Seconds(), "records/s")
}
