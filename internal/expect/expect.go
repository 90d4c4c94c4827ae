// Package expect sends bytes to a port and waits for its output to match
// one of several regular expressions, as pexpect and labgrid's console do,
// without losing a byte between one call and the next: matching may start
// at a stream offset a previous call returned (docs/automation.md).
package expect

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/serialhub/serialhub/internal/hub"
)

// Bounds of a request.
const (
	DefaultTimeout = 30 * time.Second
	MaxTimeout     = 10 * time.Minute
	MaxCharDelay   = time.Second
	// MaxTranscript is the most output a call keeps: beyond it the
	// oldest is dropped (and matching goes on in what is kept).
	MaxTranscript = 1 << 20
)

// Request is one send-and-expect.
type Request struct {
	Send      []byte           // written first, if not empty
	Expect    []*regexp.Regexp // at least one, unless Quiet is set
	Timeout   time.Duration    // 0: DefaultTimeout
	Quiet     time.Duration    // if not 0: the line silent this long ends the wait
	CharDelay time.Duration    // if not 0: Send is written a byte at a time, this far apart
	// Resume: match from offset Since of stream Stream (a previous
	// Result's Offset and Stream) rather than from the write.
	Resume bool
	Stream string
	Since  uint64
}

// Result is how a call ended.
type Result struct {
	Index    int    // the pattern that matched; -1 if none did
	Before   []byte // output before the match (all of it if none matched)
	Match    []byte
	After    []byte    // output received after the match, up to the answer
	Offset   uint64    // the stream offset just past the match (past all output if none)
	Stream   string    // the stream Offset counts in
	At       time.Time // when the device sent the match's last byte (its read time); zero if none
	TimedOut bool      // no pattern matched within Timeout
	Quiet    bool      // the line was silent for Quiet
	Dropped  uint64    // output bytes lost meanwhile (the call fell behind, or before Since)
	Trimmed  uint64    // output bytes dropped from the front (over MaxTranscript)
}

// ErrBadRequest marks a request that cannot be carried out as given.
var ErrBadRequest = errors.New("bad expect request")

// mark says that the transcript's bytes from at on were read at t.
type mark struct {
	at int
	t  time.Time
}

// Run carries out req on port p, writing as client w (the write lock
// applies to it; nil writes nothing). It returns when a pattern matches,
// the line is quiet, the timeout passes (TimedOut) or ctx ends (its
// error).
func Run(ctx context.Context, p *hub.Port, w *hub.Client, req Request) (Result, error) {
	if len(req.Expect) == 0 && req.Quiet == 0 {
		return Result{}, fmt.Errorf("%w: give at least one pattern to expect, or quiet", ErrBadRequest)
	}
	if req.Timeout <= 0 {
		req.Timeout = DefaultTimeout
	}
	if req.Timeout > MaxTimeout || req.CharDelay < 0 || req.CharDelay > MaxCharDelay || req.Quiet < 0 {
		return Result{}, fmt.Errorf("%w: timeout at most %v, char delay at most %v", ErrBadRequest, MaxTimeout, MaxCharDelay)
	}
	if len(req.Send) > 0 && w == nil {
		return Result{}, fmt.Errorf("%w: nothing may be sent here", ErrBadRequest)
	}
	sub, err := p.SubscribeWith(hub.SubscribeOptions{Resume: req.Resume, Stream: req.Stream, Since: req.Since})
	if err != nil {
		return Result{}, err
	}
	defer sub.Close()
	ctx, cancel := context.WithTimeout(ctx, req.Timeout)
	defer cancel()

	s := &state{}
	// The subscriber's first message is the port's status: the stream
	// and the offset live output starts at.
	msgs, err := sub.Receive(ctx, nil)
	if err != nil {
		return Result{}, err
	}
	if len(msgs) == 0 || msgs[0].Status == nil {
		return Result{}, errors.New("expect: no status from the port")
	}
	s.stream, s.start = msgs[0].Status.Stream, msgs[0].Status.BytesIn
	if res, done := s.take(msgs[1:], req.Expect); done {
		return res, nil
	}
	if len(req.Send) > 0 {
		if err := send(ctx, w, req.Send, req.CharDelay); err != nil {
			return Result{}, err
		}
	}
	// Each wait is bounded by the quiet deadline, if any (Quiet after the
	// last output), within the timeout.
	quietAt := time.Now().Add(req.Quiet)
	for {
		wctx, wcancel := ctx, context.CancelFunc(func() {})
		if req.Quiet > 0 {
			wctx, wcancel = context.WithDeadline(ctx, quietAt)
		}
		msgs, err := sub.Receive(wctx, nil)
		wcancel()
		switch {
		case err == nil:
			had := len(s.buf) + int(s.trimmed)
			if res, done := s.take(msgs, req.Expect); done {
				return res, nil
			}
			if len(s.buf)+int(s.trimmed) != had {
				quietAt = time.Now().Add(req.Quiet)
			}
		case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
			res := s.result(-1, nil)
			res.TimedOut = true
			return res, nil
		case ctx.Err() != nil:
			return Result{}, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			res := s.result(-1, nil)
			res.Quiet = true
			return res, nil
		default:
			return Result{}, err
		}
	}
}

// send writes b as client w, a byte at a time with delay between if
// delay is not 0 (bootloaders that drop fast input).
func send(ctx context.Context, w *hub.Client, b []byte, delay time.Duration) error {
	if delay == 0 {
		return w.Write(ctx, b)
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	for i := range b {
		if i > 0 {
			t.Reset(delay)
			select {
			case <-t.C:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := w.Write(ctx, b[i:i+1]); err != nil {
			return err
		}
	}
	return nil
}

// state is the output gathered so far.
type state struct {
	stream  string
	start   uint64 // the stream offset of buf[0]
	buf     []byte
	marks   []mark
	dropped uint64
	trimmed uint64
}

// take adds msgs to the output and looks for a match; done reports a
// result.
func (s *state) take(msgs []hub.Message, patterns []*regexp.Regexp) (Result, bool) {
	grew := false
	for _, m := range msgs {
		switch {
		case m.Status != nil:
			if m.Status.Stream != s.stream && len(s.buf) == 0 {
				s.stream = m.Status.Stream
			}
		case m.Replay != nil:
			if len(s.buf) == 0 {
				s.start = m.Replay.Offset
			}
			for c := range m.Replay.Chunks() {
				s.add(c.Data, c.Time)
				grew = true
			}
		case m.Missed > 0:
			s.dropped += m.Missed
		case len(m.Data) > 0:
			if len(s.buf) == 0 {
				s.start = m.Offset
			}
			s.add(m.Data, m.Time)
			grew = true
		}
	}
	if !grew {
		return Result{}, false
	}
	best, at := -1, []int(nil)
	for i, re := range patterns {
		if loc := re.FindIndex(s.buf); loc != nil && (at == nil || loc[0] < at[0]) {
			best, at = i, loc
		}
	}
	if best < 0 {
		return Result{}, false
	}
	return s.result(best, at), true
}

func (s *state) add(b []byte, t time.Time) {
	if k := len(s.marks); k == 0 || !s.marks[k-1].t.Equal(t) {
		s.marks = append(s.marks, mark{at: len(s.buf), t: t})
	}
	s.buf = append(s.buf, b...)
	if over := len(s.buf) - MaxTranscript; over > 0 {
		s.buf = append(s.buf[:0], s.buf[over:]...)
		s.start += uint64(over)
		s.trimmed += uint64(over)
		kept := s.marks[:0]
		for i, m := range s.marks {
			next := len(s.buf) + over
			if i+1 < len(s.marks) {
				next = s.marks[i+1].at
			}
			if next <= over {
				continue
			}
			kept = append(kept, mark{at: max(m.at-over, 0), t: m.t})
		}
		s.marks = kept
	}
}

// result makes the result of pattern index matching at loc (nil: none).
func (s *state) result(index int, loc []int) Result {
	r := Result{Index: index, Stream: s.stream, Dropped: s.dropped, Trimmed: s.trimmed}
	if loc == nil {
		r.Before = s.buf
		r.Offset = s.start + uint64(len(s.buf))
		return r
	}
	r.Before, r.Match, r.After = s.buf[:loc[0]], s.buf[loc[0]:loc[1]], s.buf[loc[1]:]
	r.Offset = s.start + uint64(loc[1])
	last := max(loc[1]-1, 0)
	for _, m := range s.marks {
		if m.at > last {
			break
		}
		r.At = m.t
	}
	return r
}
