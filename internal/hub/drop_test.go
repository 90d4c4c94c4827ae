package hub_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// fakeRecorder is a Recorder that keeps the read times it is given and
// reports a fixed number of bytes it could not keep.
type fakeRecorder struct {
	dropped uint64

	mu       sync.Mutex
	received []time.Time // guarded by mu
}

func (r *fakeRecorder) Received(t time.Time, b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.received = append(r.received, t)
}
func (r *fakeRecorder) Sent(time.Time, []byte) {}
func (r *fakeRecorder) Note(time.Time, string) {}
func (r *fakeRecorder) Dropped() uint64        { return r.dropped }
func (r *fakeRecorder) Close() error           { return nil }
func (r *fakeRecorder) times() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Time(nil), r.received...)
}

// TestDropsByReason loses bytes for each reason and checks that the port
// counts each under its own, and nothing under the others.
func TestDropsByReason(t *testing.T) {
	tests := []struct {
		name string
		lose func(t *testing.T) *hub.Port // loses 5 bytes
		want hub.DropReason
	}{
		{"a subscriber that fell behind", func(t *testing.T) *hub.Port {
			p, dev := openFake(t, hub.Config{ClientBuffer: 64 + 10})
			s, err := p.Subscribe(false)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			dev.Feed(t, []byte("fits"))
			dev.Feed(t, []byte("lost!")) // the queue holds one chunk
			dev.Feed(t, nil)             // the reader has published both once it takes this
			if _, missed := collect(t, s, 9); missed != 5 {
				t.Fatalf("subscriber missed %d bytes, want 5", missed)
			}
			return p
		}, hub.DropSlow},
		{"a client cut off with bytes queued", func(t *testing.T) *hub.Port {
			p, dev := openFake(t, hub.Config{})
			s, err := p.Subscribe(false)
			if err != nil {
				t.Fatal(err)
			}
			dev.Feed(t, []byte("abc"))
			dev.Feed(t, nil) // the reader has published "abc" once it takes this
			if n := s.CutOff(2); n != 5 {
				t.Fatalf("CutOff = %d, want 5 (3 queued, 2 in flight)", n)
			}
			return p
		}, hub.DropCutoff},
		{"an RFC 2217 client that paused the flow", func(t *testing.T) *hub.Port {
			p, _ := openFake(t, hub.Config{})
			p.Drop(hub.DropPaused, 5)
			return p
		}, hub.DropPaused},
		{"the capture's disk", func(t *testing.T) *hub.Port {
			p, _ := openFake(t, hub.Config{Recorder: &fakeRecorder{dropped: 5}})
			return p
		}, hub.DropCapture},
		{"a write while the device is away", func(t *testing.T) *hub.Port {
			p, err := hub.Open(hub.Config{Name: "away", Device: "fake://", Logger: quietLogger(), Watch: neverWatch,
				Open: func(context.Context, string, device.Settings) (device.Device, error) {
					return nil, errors.New("no such device")
				}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { p.Close() })
			waitState(t, p, hub.StateError)
			if err := p.Write(t.Context(), []byte("12345")); !errors.Is(err, hub.ErrNotOpen) {
				t.Fatalf("Write = %v, want ErrNotOpen", err)
			}
			return p
		}, hub.DropRefused},
		{"a write after Close", func(t *testing.T) *hub.Port {
			p, _ := openFake(t, hub.Config{})
			p.Close()
			if err := p.Write(t.Context(), []byte("12345")); !errors.Is(err, hub.ErrClosed) {
				t.Fatalf("Write = %v, want ErrClosed", err)
			}
			return p
		}, hub.DropRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.lose(t)
			drops := p.Info().Drops
			for _, r := range hub.DropReasons {
				want := uint64(0)
				if r == tt.want {
					want = 5
				}
				if got := drops.Get(r); got != want {
					t.Errorf("%s: %d bytes, want %d (all: %+v)", r, got, want, drops)
				}
			}
			if got := p.Info().DroppedBytes; got != drops.Slow {
				t.Errorf("DroppedBytes %d, want Drops.Slow %d", got, drops.Slow)
			}
		})
	}
}

// TestChunksCarryTheirReadTime: every subscriber gets each chunk with the
// time the port read it, the time the capture records, and a late
// subscriber's replay has the same times, not the time of the replay.
func TestChunksCarryTheirReadTime(t *testing.T) {
	rec := &fakeRecorder{}
	p, dev := openFake(t, hub.Config{Recorder: rec})
	live, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	var liveTimes []time.Time
	for _, line := range []string{"one\n", "two\n", "three\n"} {
		dev.Feed(t, []byte(line))
		for got := false; !got; {
			msgs, err := live.Receive(t.Context(), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if len(m.Data) > 0 {
					liveTimes = append(liveTimes, m.Time)
					got = true
				}
			}
		}
	}
	recorded := rec.times()
	if len(recorded) != 3 || len(liveTimes) != 3 {
		t.Fatalf("recorded %d times, subscriber got %d; want 3 each", len(recorded), len(liveTimes))
	}
	for i := range 3 {
		if !liveTimes[i].Equal(recorded[i]) {
			t.Errorf("chunk %d: subscriber time %v, capture time %v", i, liveTimes[i], recorded[i])
		}
		if i > 0 && !liveTimes[i].After(liveTimes[i-1]) {
			t.Errorf("chunk %d read at %v, not after chunk %d at %v", i, liveTimes[i], i-1, liveTimes[i-1])
		}
	}

	late, err := p.Subscribe(true)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Close()
	msgs, err := late.Receive(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var replayTimes []time.Time
	for _, m := range msgs {
		if m.Replay != nil {
			for c := range m.Replay.Chunks() {
				replayTimes = append(replayTimes, c.Time)
			}
		}
	}
	if len(replayTimes) != 3 {
		t.Fatalf("replay has %d runs, want 3", len(replayTimes))
	}
	for i := range 3 {
		if !replayTimes[i].Equal(recorded[i]) {
			t.Errorf("replayed chunk %d: time %v, read at %v", i, replayTimes[i], recorded[i])
		}
	}
}

// TestWakeAndTryReceive: a subscriber with a wake function calls it when
// something is queued (at once if something already is) and when it
// closes, and TryReceive never waits.
func TestWakeAndTryReceive(t *testing.T) {
	p, dev := openFake(t, hub.Config{})
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	wakes := make(chan struct{}, 16)
	s.SetWake(func() { wakes <- struct{}{} })
	<-wakes // the first status was queued already
	msgs, err := s.TryReceive(nil)
	if err != nil || len(msgs) != 1 || msgs[0].Status == nil {
		t.Fatalf("TryReceive = %v, %v; want the first status", msgs, err)
	}
	if msgs, err := s.TryReceive(nil); msgs != nil || err != nil {
		t.Fatalf("TryReceive of an empty queue = %v, %v; want nothing, at once", msgs, err)
	}
	if s.Pending() {
		t.Fatal("Pending with an empty queue")
	}
	dev.Feed(t, []byte("data"))
	<-wakes
	if !s.Pending() {
		t.Fatal("not Pending after a wake")
	}
	if msgs, err := s.TryReceive(nil); err != nil || len(msgs) != 1 || string(msgs[0].Data) != "data" {
		t.Fatalf("TryReceive = %v, %v; want the data", msgs, err)
	}
	s.Close()
	<-wakes
	if msgs, err := s.TryReceive(nil); msgs != nil || !errors.Is(err, hub.ErrClosed) {
		t.Fatalf("TryReceive after Close = %v, %v; want ErrClosed", msgs, err)
	}
}
