package device

import "time"

// A device may be another server's port (a fleet gateway's, seen from the
// fleet's central): its bytes were read there, with the times they were
// read; its settings and lines are set there, by other clients too; and a
// break is timed there. Such a device implements these interfaces, and the
// hub (package hub) follows them instead of treating it as a line of its
// own.

// StampedReader is implemented by devices whose bytes come with the times
// they were read elsewhere, and which know of bytes lost on the way.
type StampedReader interface {
	// ReadStamped blocks as Read does until it can return either n > 0
	// bytes in p, read at t, or missed > 0: that many bytes of the
	// device's stream were lost before they reached here (n is then 0).
	// Its errors are Read's.
	ReadStamped(p []byte) (n int, t time.Time, missed uint64, err error)
}

// Mirror is implemented by devices whose settings and lines another
// program owns and may change: the hub takes them from the device when it
// opens, rather than applying its own, and reads them again each time the
// device's ModemChanges fires (a Mirror should be a ModemWatcher too).
type Mirror interface {
	// Current returns the settings and lines as the device last reported
	// them.
	Current() (Settings, Lines)
}

// Breaker is implemented by devices that time a break themselves: the hub
// calls Break(d) rather than SetBreak(true), a wait and SetBreak(false).
type Breaker interface {
	// Break holds a break condition for d, returning once it has ended.
	Break(d time.Duration) error
}

// Locker is implemented by devices whose write lock another program
// keeps, with clients of its own (a fleet gateway's port): when one of the
// hub's clients takes the port's write lock, the hub takes the device's
// too, so that the other program's clients cannot write either, and lets
// it go with the port's.
type Locker interface {
	// Lock takes the device's lock for holder (a name for people). It
	// fails if someone else holds it there; errors wrap the reason.
	Lock(holder string) error
	// Unlock lets the device's lock go. It must not block: the hub calls
	// it with its own lock held.
	Unlock()
	// RequestLock asks whoever holds the device's lock there, on behalf
	// of who, to let go.
	RequestLock(who string) error
	// Holder names who holds the device's lock there, if not the hub
	// itself, and since when; "" if no one else does. As last reported:
	// it must be quick (a Mirror's changes tell when it changes).
	Holder() (who string, since time.Time)
}

// NewWatcher returns a Watcher whose C is c; stop, if not nil, is called
// once by Stop. For devices whose return is told by something other than
// the file system, such as a fleet gateway's port coming back.
func NewWatcher(c <-chan struct{}, stop func()) *Watcher {
	return &Watcher{C: c, stop: stop}
}
