//go:build !linux

package device

// modemWatcher would tell of modem input changes; only Linux has one
// (TIOCMIWAIT). Elsewhere modem lines are known when they are read.
type modemWatcher struct {
	changes chan struct{}
}

func watchModemOf(*serialPort) *modemWatcher { return nil }

func (w *modemWatcher) stop() {}

// IsModemHelper reports whether this process was started as the modem
// helper of a serial port: never, on this system (only Linux has one).
func IsModemHelper() bool { return false }

// RunModemHelper runs the modem helper; on this system there is none, and
// it returns 2 at once. Call it only when IsModemHelper reports true.
func RunModemHelper() int { return 2 }
