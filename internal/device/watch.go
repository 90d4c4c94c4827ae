package device

import "sync"

// Watcher tells when a device that is away may have come back: C receives
// when its path, or the directory it would appear in, changes. It is a
// hint to try again now rather than at the end of a backoff; a Watcher
// that cannot watch (a URL, another system, a missing /dev) never fires.
type Watcher struct {
	C <-chan struct{}

	stopOnce sync.Once
	stop     func() // closes the watch and waits for its goroutine
}

// Stop ends the watch; it is idempotent.
func (w *Watcher) Stop() {
	w.stopOnce.Do(func() {
		if w.stop != nil {
			w.stop()
		}
	})
}

// WatchDevice watches for the device spec to appear. Serial paths are
// watched (on Linux, with inotify); other specs get a Watcher that never
// fires. dir, if not empty, watches that directory for anything created
// instead (for a device found by its USB ids, whose name is not known).
func WatchDevice(spec, dir string) *Watcher {
	if w := watch(spec, dir); w != nil {
		return w
	}
	return &Watcher{}
}
