package trigger_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/trigger"
)

// fakePort records what the engine does to it.
type fakePort struct{ notices chan string }

func (f *fakePort) Write(ctx context.Context, b []byte) error { return nil }
func (f *fakePort) Note(string)                               {}
func (f *fakePort) Notify(id, text string, t time.Time)       { f.notices <- id + ":" + text }

func newEngine(t *testing.T, cfg trigger.Config, specs ...string) (*trigger.Engine, *trigger.Manager) {
	t.Helper()
	cfg.Logger = slog.New(slog.DiscardHandler)
	m := trigger.NewManager(cfg)
	var parsed []protocol.ParsedTrigger
	for _, s := range specs {
		p, err := protocol.ParseTrigger([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, p)
	}
	e, err := m.New("dev", parsed)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, m
}

// next waits for a notice, within the test's deadline.
func next(t *testing.T, f *fakePort) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	select {
	case n := <-f.notices:
		return n
	case <-ctx.Done():
		t.Fatal("no notice")
		return ""
	}
}

// A match is found across the reads it came in, and each piece of output
// matches once.
func TestMatchAcrossChunksOnce(t *testing.T) {
	e, _ := newEngine(t, trigger.Config{},
		`{"id":"abc","on":"received","pattern":"abc","holdoff":"0s","actions":[{"notice":"x"}]}`,
		`{"id":"end","on":"received","pattern":"END","holdoff":"0s","actions":[{"notice":"x"}]}`)
	f := &fakePort{notices: make(chan string, 100)}
	e.Attach(f)
	now := time.Now()
	for _, chunk := range []string{"a", "b", "ca", "bcab", "c", "END"} {
		e.Received(now, 0, []byte(chunk))
	}
	var got []string
	for n := ""; n != "end:x"; {
		n = next(t, f)
		got = append(got, n)
	}
	if strings.Join(got, " ") != "abc:x abc:x abc:x end:x" {
		t.Fatalf("notices %v; want abc three times, then end", got)
	}
}

// An engine that falls behind drops what it cannot queue, counts it, and
// finds no match across the hole.
func TestFullQueueDropsAndCounts(t *testing.T) {
	e, m := newEngine(t, trigger.Config{QueueBytes: 300},
		`{"id":"abc","on":"received","pattern":"abc","holdoff":"0s","actions":[{"notice":"x"}]}`,
		`{"id":"end","on":"received","pattern":"END","holdoff":"0s","actions":[{"notice":"x"}]}`)
	f := &fakePort{notices: make(chan string, 100)}
	now := time.Now()
	// Not attached yet: nothing is taken from the queue.
	e.Received(now, 0, []byte(strings.Repeat("-", 98)+"ab"))
	e.Received(now, 0, []byte(strings.Repeat("x", 100))) // 328 bytes with the first and the overheads: dropped
	e.Attach(f)
	// These fit, whether or not the engine took the first yet.
	e.Received(now, 0, []byte("c"))
	e.Received(now, 0, []byte("END"))
	if n := next(t, f); n != "end:x" {
		t.Fatalf("notice %q: a match across the hole", n)
	}
	st := m.Stats()
	if len(st) != 1 || st[0].Dropped != 100 || st[0].Triggers[0].Fired != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// failures is an audit log that hands on each failed action.
type failures chan string

func (f failures) Enabled(context.Context, slog.Level) bool { return true }
func (f failures) WithAttrs([]slog.Attr) slog.Handler       { return f }
func (f failures) WithGroup(string) slog.Handler            { return f }
func (f failures) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "trigger action failed" {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "err" {
				f <- a.Value.String()
			}
			return true
		})
	}
	return nil
}

// A webhook that answers with an error is counted as an action error,
// and logged; the trigger still fired.
func TestWebhookFailureCounted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer srv.Close()
	failed := make(failures, 10)
	e, m := newEngine(t, trigger.Config{Audit: slog.New(failed)},
		`{"id":"h","on":"sent","pattern":"boom","actions":[{"webhook":"`+srv.URL+`"}]}`)
	e.Attach(&fakePort{notices: make(chan string, 1)})
	e.Sent(time.Now(), []byte("boom"))
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	select {
	case err := <-failed:
		if !strings.Contains(err, "500") {
			t.Fatalf("failure %q", err)
		}
	case <-ctx.Done():
		t.Fatal("no failure logged")
	}
	if st := m.Stats(); st[0].Triggers[0].Fired != 1 || st[0].Triggers[0].Errors != 1 {
		t.Fatalf("stats %+v", st[0].Triggers)
	}
}
