package firmware

import "sync"

// Command is one command an emulator accepted.
type Command struct {
	// Text is the command as received, without its line ending; for
	// Marlin, without its line number (N…) and checksum (*…) and trimmed.
	Text string
	// N is Marlin's line number of the command, if Numbered.
	N int64
	// Numbered says the command came with a line number (Marlin only).
	Numbered bool
}

// Counts are what an emulator counted since it was made.
type Counts struct {
	Overflows   int // bytes dropped because the receive buffer was full
	Resends     int // Resend: requests sent (Marlin)
	Errors      int // error lines sent: grbl's error:N, Marlin's Error:
	Realtime    int // realtime command bytes seen (grbl: ?, !, ~, 0x18, 0x80 and above)
	MaxBuffered int // the most bytes ever waiting in the receive buffer
}

// Log is what an emulator accepted, in order, and what it counted. Its
// methods are safe to call concurrently with each other and with Serve.
type Log struct {
	mu       sync.Mutex
	commands []Command // guarded by mu
	counts   Counts    // guarded by mu
}

// Commands returns a copy of the commands accepted so far, in order.
func (l *Log) Commands() []Command {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Command(nil), l.commands...)
}

// Texts returns the text of each command accepted so far, in order.
func (l *Log) Texts() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	texts := make([]string, len(l.commands))
	for i, c := range l.commands {
		texts[i] = c.Text
	}
	return texts
}

// Counts returns the counts so far.
func (l *Log) Counts() Counts {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts
}

func (l *Log) accept(c Command) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.commands = append(l.commands, c)
}

// count changes the counts with f.
func (l *Log) count(f func(*Counts)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f(&l.counts)
}

// buffered records that n bytes are waiting in the receive buffer.
func (l *Log) buffered(n int) {
	l.count(func(c *Counts) { c.MaxBuffered = max(c.MaxBuffered, n) })
}
