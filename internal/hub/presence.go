package hub

import (
	"slices"
	"strings"
	"time"
)

// Presence: who is connected to a port, and who wrote to it last.
//
// A subscriber may have a name (SubscribeOptions.Name): how people know
// the client, such as a user's name. The port counts its subscribers by
// name, one map update at each join and leave whatever the number of
// clients, and every status carries the list (Info.Watchers): the first
// MaxWatchers names in order, each with its count, and how many names are
// left out (Info.WatchersMore). The list is built in one pass over the
// distinct names, by announce after joins and leaves (at most
// clientCountRate times a second) and for any other status that needs it.
// A joining client's first status and Info build it only while there are
// at most MaxWatchers names (a bounded step); past that they take the
// last one built, and announce tells the joiner again. So a crowd of
// 10,000 clients costs a few passes a second, not one per join or per
// GET /api/ports, and each client receives a bounded list.
//
// The last named client whose write the port carried out is Info.Typing,
// with the time. A new writer is told to every subscriber at once
// (through announce: within 1/clientCountRate of a status before it); the
// same writer writing on is told again at most every TypingRefresh, so a
// client typing sends everyone a status every TypingRefresh rather than
// one per keystroke, and a console can show "typing" while statuses keep
// coming.

// MaxWatchers is the most names Info.Watchers lists.
const MaxWatchers = 16

// TypingRefresh is how often, at most, a status tells that the client
// that wrote last is still writing.
const TypingRefresh = 2 * time.Second

// Watcher is a name under which subscribers are connected, and how many
// are.
type Watcher struct {
	Name  string
	Count int
}

// Typing is the last named client whose write the port carried out.
type Typing struct {
	Name string
	At   time.Time // when the device took the bytes, to the millisecond
}

// presence is a port's record of who is connected and who wrote last.
// Every field is guarded by the port's mu.
type presence struct {
	names map[string]int // subscribers of each name ("" not counted)
	// gen changes at every join and leave: a subscriber whose told is
	// not gen was last sent a status from before some of them.
	gen uint64

	// The list as of listGen: never modified once made, since snapshots
	// share it.
	list    []Watcher
	more    int
	listGen uint64

	typing      *Typing // nil until a named client wrote; replaced, never modified
	told        Typing  // the writer and time in the last status sent to every subscriber
	typingStale bool    // typing is to be told: a new writer, or the same one after TypingRefresh
}

// joined counts a subscriber named name.
func (pr *presence) joined(name string) {
	pr.gen++
	if name != "" {
		if pr.names == nil {
			pr.names = make(map[string]int)
		}
		pr.names[name]++
	}
}

// left stops counting a subscriber named name.
func (pr *presence) left(name string) {
	pr.gen++
	if name == "" {
		return
	}
	if pr.names[name] <= 1 {
		delete(pr.names, name)
	} else {
		pr.names[name]--
	}
}

// small reports whether the list is short enough to build at any time:
// at most MaxWatchers names, a bounded step.
func (pr *presence) small() bool { return len(pr.names) <= MaxWatchers }

// watchers returns the list, built again first if it is out of date and
// rebuild is set, with the generation it describes.
func (pr *presence) watchers(rebuild bool) (list []Watcher, more int, gen uint64) {
	if rebuild && pr.listGen != pr.gen {
		pr.list, pr.more = firstNames(pr.names, MaxWatchers)
		pr.listGen = pr.gen
	}
	return pr.list, pr.more, pr.listGen
}

// firstNames returns the first max names of names in order, with their
// counts, and how many it left out: one pass, keeping the list sorted as
// it goes (a name after the last of a full list costs a comparison).
func firstNames(names map[string]int, max int) ([]Watcher, int) {
	if len(names) == 0 {
		return nil, 0
	}
	list := make([]Watcher, 0, min(len(names), max))
	for name, n := range names {
		if len(list) == max && name >= list[max-1].Name {
			continue
		}
		i, _ := slices.BinarySearchFunc(list, name, func(w Watcher, name string) int { return strings.Compare(w.Name, name) })
		if len(list) < max {
			list = append(list, Watcher{})
		}
		copy(list[i+1:], list[i:]) // a full list loses its last
		list[i] = Watcher{Name: name, Count: n}
	}
	return list, len(names) - len(list)
}

// wrote records that name's write was carried out at t, and reports
// whether every subscriber should be told now.
func (pr *presence) wrote(name string, t time.Time) bool {
	pr.typing = &Typing{Name: name, At: t}
	if name != pr.told.Name || t.Sub(pr.told.At) >= TypingRefresh {
		pr.typingStale = true
	}
	return pr.typingStale
}

// toldAll notes that a status with the current typing went to every
// subscriber.
func (pr *presence) toldAll() {
	if pr.typing != nil {
		pr.told = *pr.typing
	}
	pr.typingStale = false
}

// typed records a write by the client named name that the port carried
// out, and has announce tell everyone if it is news.
func (p *Port) typed(name string) {
	t := time.Now().Truncate(time.Millisecond)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pres.wrote(name, t) {
		p.wakeAnnounceLocked()
	}
}
