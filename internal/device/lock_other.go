//go:build !linux

package device

// UUCP lock files are a Linux habit; elsewhere TIOCEXCL (macOS) or the
// system's exclusive open (Windows) keeps two programs off one port.
type uucpLock struct{}

func lockPort(string) (*uucpLock, error) { return &uucpLock{}, nil }

func (*uucpLock) unlock() {}
