package hub_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// fakeDevice is a device the test plays: Feed makes bytes readable, Fail
// makes the next Read fail, and writes are recorded.
type fakeDevice struct {
	reads chan []byte
	fail  chan error
	done  chan struct{}
	once  sync.Once

	mu      sync.Mutex
	written bytes.Buffer
}

func newFakeDevice() *fakeDevice {
	return &fakeDevice{reads: make(chan []byte), fail: make(chan error, 1), done: make(chan struct{})}
}

func (d *fakeDevice) Read(p []byte) (int, error) {
	select {
	case b := <-d.reads:
		return copy(p, b), nil
	case err := <-d.fail:
		return 0, err
	case <-d.done:
		return 0, device.ErrClosed
	}
}

func (d *fakeDevice) Write(p []byte) (int, error) {
	select {
	case <-d.done:
		return 0, device.ErrClosed
	default:
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.written.Write(p)
}

func (d *fakeDevice) Close() error {
	d.once.Do(func() { close(d.done) })
	return nil
}

// Feed blocks until the port's reader has taken b.
func (d *fakeDevice) Feed(t *testing.T, b []byte) {
	t.Helper()
	select {
	case d.reads <- b:
	case <-d.done:
		t.Fatal("feed: device closed")
	}
}

func (d *fakeDevice) Written() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.written.String()
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// openFake opens a port on a fake device and waits until it is open.
func openFake(t *testing.T, cfg hub.Config) (*hub.Port, *fakeDevice) {
	t.Helper()
	dev := newFakeDevice()
	cfg.Name, cfg.Device, cfg.Logger = "test", "fake://", quietLogger()
	cfg.Open = func(context.Context, string, device.Settings) (device.Device, error) { return dev, nil }
	p, err := hub.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	waitState(t, p, hub.StateOpen)
	return p, dev
}

// waitState subscribes and reads status messages until the port is in
// state want; the test's deadline bounds it.
func waitState(t *testing.T, p *hub.Port, want hub.State) hub.Info {
	t.Helper()
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return waitStatusOn(t, s, want)
}

// waitStatusOn reads s, discarding data, until a status message with state
// want.
func waitStatusOn(t *testing.T, s *hub.Subscriber, want hub.State) hub.Info {
	t.Helper()
	info, err := serialtest.WaitStatus(context.Background(), s, serialtest.StateIs(want))
	if err != nil {
		t.Fatalf("waiting for state %s: %v", want, err)
	}
	return info
}

// collect receives from s until it has n data bytes, and returns the data
// and the bytes reported missed.
func collect(t *testing.T, s *hub.Subscriber, n int) (data []byte, missed uint64) {
	t.Helper()
	var msgs []hub.Message
	var err error
	for len(data)+int(missed) < n {
		msgs, err = s.Receive(context.Background(), msgs)
		if err != nil {
			t.Fatalf("receive after %d bytes: %v", len(data), err)
		}
		for _, m := range msgs {
			data = append(data, m.Data...)
			missed += m.Missed
		}
	}
	return data, missed
}

func TestFanOutIdenticalStreams(t *testing.T) {
	p, dev := openFake(t, hub.Config{})
	var subs []*hub.Subscriber
	for range 5 {
		s, err := p.Subscribe(false)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		subs = append(subs, s)
	}
	var want []byte
	for i := range 100 {
		chunk := []byte(fmt.Sprintf("line %d\n", i))
		want = append(want, chunk...)
		dev.Feed(t, chunk)
	}
	for i, s := range subs {
		got, missed := collect(t, s, len(want))
		if missed != 0 || !bytes.Equal(got, want) {
			t.Fatalf("subscriber %d got %d bytes (missed %d), want the %d bytes fed", i, len(got), missed, len(want))
		}
	}
	if info := p.Info(); info.BytesIn != uint64(len(want)) || info.DroppedBytes != 0 {
		t.Fatalf("Info() = %+v, want BytesIn %d and no drops", info, len(want))
	}
}

func TestSlowSubscriberLosesCountedChunksOthersDoNot(t *testing.T) {
	const buffer = 4096
	p, dev := openFake(t, hub.Config{ClientBuffer: buffer})
	stalled, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	fast, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()

	// The fast subscriber keeps up (it takes each chunk before the next is
	// fed) while the stalled one never reads.
	chunk := bytes.Repeat([]byte{'x'}, 1000)
	const chunks = 50
	for i := range chunks {
		dev.Feed(t, chunk)
		if data, missed := collect(t, fast, len(chunk)); len(data) != len(chunk) || missed != 0 {
			t.Fatalf("chunk %d: fast subscriber got %d bytes, missed %d", i, len(data), missed)
		}
	}

	// The stalled one holds what fitted its budget, then one Missed
	// message that accounts for every other byte.
	data, missed := collect(t, stalled, chunks*len(chunk))
	if len(data) == 0 || len(data) > buffer {
		t.Fatalf("stalled subscriber queued %d bytes, want 1 to %d", len(data), buffer)
	}
	if want := uint64(chunks*len(chunk) - len(data)); missed != want {
		t.Fatalf("stalled subscriber told of %d missed bytes, want %d", missed, want)
	}
	if stalled.Missed() != missed || p.Info().DroppedBytes != missed {
		t.Fatalf("counters: subscriber %d, port %d, want %d", stalled.Missed(), p.Info().DroppedBytes, missed)
	}

	// Once it drains it receives again.
	dev.Feed(t, []byte("after"))
	data, missed = collect(t, stalled, 5)
	if string(data) != "after" || missed != 0 {
		t.Fatalf("after draining got %q (missed %d), want \"after\"", data, missed)
	}
}

// TestReplayNoGapNoDuplicate joins subscribers while a stream of numbered
// lines flows and checks each sees a contiguous run that starts in the
// scrollback.
func TestReplayNoGapNoDuplicate(t *testing.T) {
	p, err := hub.Open(hub.Config{Name: "loop", Device: "loop://", Scrollback: 256, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	waitState(t, p, hub.StateOpen)

	const lines = 3000
	var stream bytes.Buffer
	for i := range lines {
		fmt.Fprintf(&stream, "%06d\n", i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The writer goes on without waiting while subscribers join, each at
	// a later point of the stream: the first before anything is written,
	// the others once the scrollback has long wrapped.
	const joins = 10
	joinNow := make(chan struct{}, joins)
	joinNow <- struct{}{}
	writeDone := make(chan error, 1)
	go func() {
		b := stream.Bytes()
		for chunk := 1; len(b) > 0; chunk++ {
			n := min(len(b), 70)
			if err := p.Write(ctx, b[:n]); err != nil {
				writeDone <- err
				return
			}
			b = b[n:]
			if chunk%30 == 0 && chunk/30 < joins {
				joinNow <- struct{}{}
			}
		}
		writeDone <- nil
	}()

	var subs []*hub.Subscriber
	for range joins {
		<-joinNow
		s, err := p.Subscribe(true)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		subs = append(subs, s)
	}
	if err := <-writeDone; err != nil {
		t.Fatal(err)
	}
	last := []byte(fmt.Sprintf("%06d\n", lines-1))
	for i, s := range subs {
		var got []byte
		var msgs []hub.Message
		sawReplay := false
		for !bytes.HasSuffix(got, last) {
			msgs, err = s.Receive(ctx, msgs)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if m.Missed > 0 {
					t.Fatalf("subscriber %d missed %d bytes", i, m.Missed)
				}
				if m.Replay {
					if sawReplay || len(got) > 0 {
						t.Fatalf("subscriber %d: replay is not first", i)
					}
					sawReplay = true
				}
				got = append(got, m.Data...)
			}
		}
		if !sawReplay {
			t.Fatalf("subscriber %d got no replay message", i)
		}
		// The scrollback may start mid-line: skip to the first full line.
		if j := bytes.IndexByte(got, '\n'); j >= 0 && len(got) > 0 && !bytes.HasPrefix(stream.Bytes(), got[:j+1]) {
			got = got[j+1:]
		}
		if !bytes.HasSuffix(stream.Bytes(), got) {
			t.Fatalf("subscriber %d: stream is not a contiguous tail of what was written (got %d bytes starting %q)", i, len(got), got[:min(len(got), 21)])
		}
		if len(got) < 7 {
			t.Fatalf("subscriber %d got only %q", i, got)
		}
		first, _ := strconv.Atoi(string(got[:6]))
		t.Logf("subscriber %d joined at line %d", i, first)
		if i == joins-1 && first == 0 {
			t.Fatal("the last subscriber replayed from line 0: the test did not join it mid-stream")
		}
	}
}

func TestWriteSerialisesClients(t *testing.T) {
	p, dev := openFake(t, hub.Config{})
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if err := p.Write(context.Background(), []byte(fmt.Sprintf("<%d:%d>", c, i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	got := dev.Written()
	// Every write arrives whole: no write is split by another.
	for c := range 4 {
		for i := range 50 {
			if w := fmt.Sprintf("<%d:%d>", c, i); !strings.Contains(got, w) {
				t.Fatalf("device missing %q", w)
			}
		}
	}
	if info := p.Info(); info.BytesOut != uint64(len(got)) {
		t.Fatalf("BytesOut = %d, want %d", info.BytesOut, len(got))
	}
}

func TestOpenFailureReportsErrorAndRefusesWrites(t *testing.T) {
	p, err := hub.Open(hub.Config{
		Name: "bad", Device: "/dev/nope", Logger: quietLogger(),
		Open: func(context.Context, string, device.Settings) (device.Device, error) {
			return nil, errors.New("open /dev/nope: permission denied")
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	info := waitState(t, p, hub.StateError)
	if !strings.Contains(info.Error, "permission denied") {
		t.Fatalf("Error = %q, want the open error", info.Error)
	}
	err = p.Write(context.Background(), []byte("x"))
	if !errors.Is(err, hub.ErrNotOpen) || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("Write = %v, want ErrNotOpen with the reason", err)
	}
}

func TestDeviceFailureTellsSubscribers(t *testing.T) {
	p, dev := openFake(t, hub.Config{})
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dev.Feed(t, []byte("last words"))
	dev.fail <- io.ErrUnexpectedEOF
	var data []byte
	var msgs []hub.Message
	for {
		msgs, err = s.Receive(context.Background(), msgs)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			data = append(data, m.Data...)
			if m.Status != nil && m.Status.State == hub.StateDisconnected {
				if string(data) != "last words" {
					t.Fatalf("data before the error = %q, want everything read before it", data)
				}
				if !strings.Contains(m.Status.Error, io.ErrUnexpectedEOF.Error()) {
					t.Fatalf("status error = %q", m.Status.Error)
				}
				return
			}
		}
	}
}

func TestCloseEndsSubscribers(t *testing.T) {
	p, _ := openFake(t, hub.Config{})
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	p.Close() // idempotent
	var msgs []hub.Message
	var sawClosed bool
	for {
		msgs, err = s.Receive(context.Background(), msgs)
		if errors.Is(err, hub.ErrClosed) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Status != nil && m.Status.State == hub.StateClosed {
				sawClosed = true
			}
		}
	}
	if !sawClosed {
		t.Fatal("no closed status before ErrClosed")
	}
	if _, err := p.Subscribe(true); !errors.Is(err, hub.ErrClosed) {
		t.Fatalf("Subscribe after Close = %v, want ErrClosed", err)
	}
	if err := p.Write(context.Background(), []byte("x")); !errors.Is(err, hub.ErrClosed) {
		t.Fatalf("Write after Close = %v, want ErrClosed", err)
	}
}

func TestNewRejectsBadNames(t *testing.T) {
	tests := []struct {
		name  string
		cfgs  []hub.Config
		error string
	}{
		{"slash", []hub.Config{{Name: "a/b", Device: "loop://"}}, "invalid port name"},
		{"empty", []hub.Config{{Name: "", Device: "loop://"}}, "invalid port name"},
		{"duplicate", []hub.Config{{Name: "a", Device: "loop://"}, {Name: "a", Device: "sim://"}}, "used twice"},
		{"bad settings", []hub.Config{{Name: "a", Device: "loop://", Settings: device.Settings{Baud: 9600, DataBits: 9, Parity: "none", StopBits: "1"}}}, "invalid data bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.cfgs {
				tt.cfgs[i].Logger = quietLogger()
			}
			h, err := hub.New(tt.cfgs)
			if err == nil {
				h.Close()
				t.Fatal("New succeeded")
			}
			if !strings.Contains(err.Error(), tt.error) {
				t.Fatalf("New = %v, want %q", err, tt.error)
			}
		})
	}
}

// TestResume subscribes from stream offsets inside, before and beyond the
// scrollback, as reconnecting clients do.
func TestResume(t *testing.T) {
	p, dev := openFake(t, hub.Config{Scrollback: 10})
	watcher, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	dev.Feed(t, []byte("0123456789abcdef")) // 16 bytes; the ring holds "6789abcdef"
	collect(t, watcher, 16)                 // published: the port has read them all
	stream := p.Info().Stream
	tests := []struct {
		name       string
		stream     string
		since      uint64
		wantMissed uint64
		wantData   string
		wantOffset uint64
	}{
		{"caught up", stream, 16, 0, "", 16},
		{"inside the scrollback", stream, 12, 0, "cdef", 12},
		{"oldest byte held", stream, 6, 0, "6789abcdef", 6},
		{"older than the scrollback", stream, 2, 4, "6789abcdef", 6},
		{"no stream given", "", 12, 0, "cdef", 12},
		{"beyond the stream: a restarted server", stream, 100, 0, "6789abcdef", 6},
		// A restarted server's stream has another name: an offset
		// within this one means nothing, and everything held is replayed.
		{"another stream: a restarted server", "0123456789abcdef", 12, 0, "6789abcdef", 6},
	}
	var subs []*hub.Subscriber
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := p.Resume(tt.stream, tt.since)
			if err != nil {
				t.Fatal(err)
			}
			subs = append(subs, s)
			msgs, err := s.Receive(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			var missed uint64
			var replay *hub.Message
			for i, m := range msgs {
				if m.Missed > 0 {
					if !m.Away || replay != nil {
						t.Fatalf("message %d: %+v, want an Away gap before the replay", i, m)
					}
					missed += m.Missed
				}
				if m.Replay {
					replay = &msgs[i]
				}
			}
			if replay == nil {
				t.Fatal("no replay message")
			}
			if missed != tt.wantMissed || string(replay.Data) != tt.wantData || replay.Offset != tt.wantOffset {
				t.Fatalf("missed %d, replay %q at %d; want %d, %q at %d", missed, replay.Data, replay.Offset, tt.wantMissed, tt.wantData, tt.wantOffset)
			}
		})
	}
	// The live stream follows every replay.
	dev.Feed(t, []byte("L"))
	for i, s := range subs {
		if data, missed := collect(t, s, 1); string(data) != "L" || missed != 0 {
			t.Fatalf("subscriber %d: live data %q, missed %d", i, data, missed)
		}
		s.Close()
	}
}

// TestReopen plays a device that is missing at first, then opens, then
// goes away and comes back: the port follows it without being restarted,
// and keeps its subscribers.
func TestReopen(t *testing.T) {
	opens := make(chan chan *fakeDevice) // each attempt asks the test for a device (nil: fail)
	p, err := hub.Open(hub.Config{
		Name: "hot", Device: "fake://", Logger: quietLogger(),
		RetryMin: time.Millisecond, RetryMax: 4 * time.Millisecond,
		Open: func(context.Context, string, device.Settings) (device.Device, error) {
			reply := make(chan *fakeDevice)
			opens <- reply
			if d := <-reply; d != nil {
				return d, nil
			}
			return nil, errors.New("no such device")
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Subscribe(false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	answer := func(d *fakeDevice) { (<-opens) <- d }
	waitFor := func(state hub.State) hub.Info {
		t.Helper()
		return waitStatusOn(t, s, state)
	}

	answer(nil) // missing at start
	if info := waitFor(hub.StateError); !strings.Contains(info.Error, "no such device") {
		t.Fatalf("error %q", info.Error)
	}
	answer(nil)
	first := newFakeDevice()
	answer(first)
	waitFor(hub.StateOpen)
	first.Feed(t, []byte("one"))

	first.fail <- io.ErrUnexpectedEOF // unplugged
	waitFor(hub.StateDisconnected)
	if err := p.Write(context.Background(), []byte("x")); !errors.Is(err, hub.ErrNotOpen) {
		t.Fatalf("Write while away = %v, want ErrNotOpen", err)
	}
	answer(nil) // still away
	second := newFakeDevice()
	answer(second)
	if info := waitFor(hub.StateOpen); info.Reopens != 1 {
		t.Fatalf("Reopens = %d, want 1", info.Reopens)
	}
	second.Feed(t, []byte("two"))
	if data, _ := collect(t, s, 3); string(data) != "two" {
		t.Fatalf("after reopening got %q", data)
	}
	if err := p.Write(context.Background(), []byte("back")); err != nil || second.Written() != "back" {
		t.Fatalf("Write after reopening = %v, device got %q", err, second.Written())
	}

	// Close while an attempt waits for its answer: the attempt must end.
	second.fail <- io.ErrUnexpectedEOF
	waitFor(hub.StateDisconnected)
	reply := <-opens
	go func() { reply <- nil }()
	p.Close()
}
