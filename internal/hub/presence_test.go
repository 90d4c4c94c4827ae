package hub_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
)

// openPresence opens an exclusive port on a fake device in a synctest
// bubble and waits until it is open.
func openPresence(t *testing.T) (*hub.Port, *fakeDevice) {
	t.Helper()
	dev := newFakeDevice()
	p, err := hub.Open(hub.Config{Name: "shared", Device: "fake://", Logger: quietLogger(), Watch: neverWatch, Open: openThis(dev), Exclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	synctest.Wait()
	return p, dev
}

// join subscribes a client named name; the test's end closes it.
func join(t *testing.T, p *hub.Port, name string) *hub.Subscriber {
	t.Helper()
	s, err := p.SubscribeWith(hub.SubscribeOptions{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// statuses takes what s has queued and returns its status messages.
func statuses(s *hub.Subscriber) []*hub.Info {
	msgs, _ := s.TryReceive(nil)
	var out []*hub.Info
	for _, m := range msgs {
		if m.Status != nil {
			out = append(out, m.Status)
		}
	}
	return out
}

// TestWatchersByName: the port counts its clients by name, lists the
// first 16 names in order with their counts and says how many more there
// are; an unnamed subscriber counts as a client and is listed nowhere; a
// name goes when its last client leaves. Everyone connected is told.
func TestWatchersByName(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, _ := openPresence(t)
		first := join(t, p, "alice")
		if got := statuses(first); len(got) != 1 || !slices.Equal(got[0].Watchers, []hub.Watcher{{Name: "alice", Count: 1}}) {
			t.Fatalf("a lone client's first status: %+v, want alice alone (and one status)", got)
		}
		join(t, p, "alice")
		bob := join(t, p, "bob")
		join(t, p, "") // unnamed
		synctest.Wait()
		got := statuses(first)
		if len(got) == 0 {
			t.Fatal("the first client heard nothing of the others")
		}
		last := got[len(got)-1]
		if want := []hub.Watcher{{Name: "alice", Count: 2}, {Name: "bob", Count: 1}}; !slices.Equal(last.Watchers, want) || last.WatchersMore != 0 || last.Clients != 4 {
			t.Fatalf("watchers %+v (+%d more), %d clients; want %+v, 4 clients", last.Watchers, last.WatchersMore, last.Clients, want)
		}

		// 20 more names, joining in reverse order: the list is the first
		// 16 names in order, whoever came first.
		for i := 19; i >= 0; i-- {
			join(t, p, fmt.Sprintf("user%02d", i))
		}
		time.Sleep(time.Second) // the bubble's clock: past the announcements' pace
		synctest.Wait()
		got = statuses(first)
		if len(got) == 0 {
			t.Fatal("no status after 20 joins")
		}
		last = got[len(got)-1]
		want := []hub.Watcher{{Name: "alice", Count: 2}, {Name: "bob", Count: 1}}
		for i := range 14 {
			want = append(want, hub.Watcher{Name: fmt.Sprintf("user%02d", i), Count: 1})
		}
		if !slices.Equal(last.Watchers, want) || last.WatchersMore != 6 {
			t.Fatalf("watchers %+v (+%d more), want %+v (+6 more)", last.Watchers, last.WatchersMore, want)
		}
		if info := p.Info(); !slices.Equal(info.Watchers, want) || info.WatchersMore != 6 {
			t.Fatalf("Info: watchers %+v (+%d more), want the same list", info.Watchers, info.WatchersMore)
		}

		// bob leaves: his name goes, user14 moves up.
		bob.Close()
		time.Sleep(time.Second)
		synctest.Wait()
		got = statuses(first)
		if len(got) == 0 {
			t.Fatal("no status after bob left")
		}
		last = got[len(got)-1]
		want = slices.Delete(want, 1, 2)
		want = append(want, hub.Watcher{Name: "user14", Count: 1})
		if !slices.Equal(last.Watchers, want) || last.WatchersMore != 5 {
			t.Fatalf("after bob left: watchers %+v (+%d more), want %+v (+5 more)", last.Watchers, last.WatchersMore, want)
		}
	})
}

// TestAJoinerAmongManyNamesIsToldTheList: past 16 names, a client's
// first status may carry the list as it was before it joined (a join
// does not rebuild a long list); the list that follows counts it.
func TestAJoinerAmongManyNamesIsToldTheList(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, _ := openPresence(t)
		var subs []*hub.Subscriber
		for i := range 20 {
			subs = append(subs, join(t, p, fmt.Sprintf("user%02d", i)))
		}
		time.Sleep(time.Second)
		synctest.Wait()
		late := join(t, p, "aaron") // first in order
		synctest.Wait()
		got := statuses(late)
		if len(got) == 0 {
			t.Fatal("no status")
		}
		last := got[len(got)-1]
		if len(last.Watchers) != hub.MaxWatchers || last.Watchers[0] != (hub.Watcher{Name: "aaron", Count: 1}) || last.WatchersMore != 5 {
			t.Fatalf("the joiner's last status: %+v (+%d more), want aaron first, 16 names, 5 more", last.Watchers, last.WatchersMore)
		}

		// Everyone leaves: Info says so.
		for _, s := range subs {
			s.Close()
		}
		late.Close()
		time.Sleep(time.Second)
		synctest.Wait()
		if info := p.Info(); info.Watchers != nil || info.WatchersMore != 0 || info.Clients != 0 {
			t.Fatalf("after everyone left: watchers %+v (+%d more), %d clients; want none", info.Watchers, info.WatchersMore, info.Clients)
		}
	})
}

// TestTypingNamesTheLastWriter: a write carried out names its client in
// the port's status, with the time; the first write of a new writer
// reaches the others at once, but 100 writes in a row by one client make
// one status, not 100; a writer that keeps writing is told again after
// TypingRefresh, and another writer at once. An unnamed client's write
// names no one.
func TestTypingNamesTheLastWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		p, dev := openPresence(t)
		watcher := join(t, p, "watcher")
		alice := join(t, p, "alice")
		bob := join(t, p, "bob")
		time.Sleep(time.Second) // the joins told
		synctest.Wait()
		statuses(watcher)
		if ty := p.Info().Typing; ty != nil {
			t.Fatalf("typing %+v before anyone wrote, want nil", ty)
		}

		if err := p.As(nil).Write(ctx, []byte("anon")); err != nil {
			t.Fatal(err)
		}
		if err := p.Write(ctx, []byte("anon")); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if ty := p.Info().Typing; ty != nil {
			t.Fatalf("typing %+v after unnamed writes, want nil", ty)
		}
		statuses(watcher)

		// The watcher takes what it is sent after each keystroke, as a
		// client that keeps up does (statuses queued back to back would
		// merge into one).
		start := time.Now()
		var got []*hub.Info
		for range 100 {
			if err := p.As(alice).Write(ctx, []byte("k")); err != nil {
				t.Fatal(err)
			}
			time.Sleep(10 * time.Millisecond) // keystrokes, 1 s in all
			synctest.Wait()
			got = append(got, statuses(watcher)...)
		}
		if len(got) != 1 {
			t.Fatalf("100 keystrokes by alice made %d statuses for a watcher, want 1", len(got))
		}
		if ty := got[0].Typing; ty == nil || ty.Name != "alice" || !ty.At.Equal(start.Truncate(time.Millisecond)) {
			t.Fatalf("typing %+v, want alice at %s (her first keystroke)", ty, start)
		}
		if ty := p.Info().Typing; ty == nil || ty.Name != "alice" || ty.At.Before(start.Add(990*time.Millisecond)) {
			t.Fatalf("Info typing %+v, want alice at her last keystroke", ty)
		}

		// Still typing after TypingRefresh: told again, once.
		time.Sleep(hub.TypingRefresh)
		for range 10 {
			if err := p.As(alice).Write(ctx, []byte("k")); err != nil {
				t.Fatal(err)
			}
		}
		synctest.Wait()
		if got := statuses(watcher); len(got) != 1 || got[0].Typing.Name != "alice" || !got[0].Typing.At.Equal(time.Now().Truncate(time.Millisecond)) {
			t.Fatalf("alice typing on after %s: %d statuses (%+v), want one with her time now", hub.TypingRefresh, len(got), got)
		}

		// Another writer: told at once (within the announcements' pace).
		time.Sleep(200 * time.Millisecond)
		if err := p.As(bob).Write(ctx, []byte("b")); err != nil {
			t.Fatal(err)
		}
		told := time.Now()
		synctest.Wait()
		got = statuses(watcher)
		if len(got) != 1 || got[0].Typing.Name != "bob" {
			t.Fatalf("bob wrote: %d statuses (%+v), want one naming bob", len(got), got)
		}
		if !got[0].Typing.At.Equal(told.Truncate(time.Millisecond)) {
			t.Fatalf("bob's time %s, want %s", got[0].Typing.At, told)
		}
		if w := dev.Written(); len(w) != 2*len("anon")+100+10+1 {
			t.Fatalf("device got %d bytes, want every write", len(w))
		}

		// A write refused (another holds the write lock) names no one.
		if err := p.Lock(watcher, "watcher"); err != nil {
			t.Fatal(err)
		}
		if err := p.As(alice).Write(ctx, []byte("x")); !errors.Is(err, hub.ErrLocked) {
			t.Fatalf("a write while another holds the lock: %v, want ErrLocked", err)
		}
		synctest.Wait()
		if ty := p.Info().Typing; ty.Name != "bob" {
			t.Fatalf("typing %+v after alice's refused write, want bob still", ty)
		}
	})
}
