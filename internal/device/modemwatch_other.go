//go:build !linux

package device

// modemWatcher would tell of modem input changes; only Linux has one
// (TIOCMIWAIT). Elsewhere modem lines are known when they are read.
type modemWatcher struct {
	changes chan struct{}
}

func watchModemOf(*serialPort) *modemWatcher { return nil }

func (w *modemWatcher) stop() {}
