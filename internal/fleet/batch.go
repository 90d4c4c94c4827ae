package fleet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// Headers of a batch message (KindOut): the message's data is the
// device's bytes, in order.
const (
	HeaderStream = "Serialhub-Stream" // the port's stream (protocol.Port.Stream)
	HeaderOffset = "Serialhub-Offset" // the stream offset of the first byte
	HeaderStamps = "Serialhub-Stamps" // read times: "INDEX MICROS,INDEX MICROS…", Unix µs, the first at index 0
	// HeaderMissed marks a batch that carries no bytes but tells of a
	// loss: the gateway's subscriber to the port fell behind and lost
	// this many bytes of the stream from Offset on (the stream goes on at
	// Offset+Missed). Such a batch has no data and no stamps; the central
	// tells its clients as a dropped event (reason upstream).
	HeaderMissed = "Serialhub-Missed"
	// HeaderEnd marks the last message of a history answer (KindHistory):
	// the stream offset the history ends at, the live stream's next byte
	// when the gateway answered. It has no data. With HeaderError instead
	// of it, the gateway could not answer, and says why.
	HeaderEnd   = "Serialhub-End"
	HeaderError = "Serialhub-Error"
)

// MaxBatch is how many bytes a gateway puts in one batch at most: chunks
// are coalesced up to this, or for BatchDelay, whichever comes first.
const (
	MaxBatch   = 16 << 10
	BatchDelay = 10 * time.Millisecond
)

// ErrBadBatch reports a batch message that does not decode.
var ErrBadBatch = errors.New("bad batch")

// Stamp says that the bytes of a batch from At on were read at Time.
type Stamp struct {
	At   int
	Time time.Time
}

// Batch is a run of a port's bytes, as the gateway read them.
type Batch struct {
	Stream string
	Offset uint64  // the stream offset of Data[0]
	Data   []byte  // the bytes, in order
	Stamps []Stamp // read times, the first at index 0, indexes increasing and within Data
	// Missed, if not 0, makes this a loss notice (HeaderMissed): Missed
	// bytes from Offset on were lost at the gateway; Data and Stamps are
	// empty.
	Missed uint64
}

// Message encodes b as the NATS message to publish on subject.
func (b Batch) Message(subject string) *nats.Msg {
	m := nats.NewMsg(subject)
	m.Data = b.Data
	m.Header.Set(HeaderStream, b.Stream)
	m.Header.Set(HeaderOffset, strconv.FormatUint(b.Offset, 10))
	if b.Missed > 0 {
		m.Header.Set(HeaderMissed, strconv.FormatUint(b.Missed, 10))
		return m
	}
	var sb strings.Builder
	for i, s := range b.Stamps {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(s.At))
		sb.WriteByte(' ')
		sb.WriteString(strconv.FormatInt(s.Time.UnixMicro(), 10))
	}
	m.Header.Set(HeaderStamps, sb.String())
	return m
}

// DecodeBatch reads a batch message. A message from the network is
// outside input: anything malformed is an error naming what, and nothing
// of it is used.
func DecodeBatch(m *nats.Msg) (Batch, error) {
	var b Batch
	if m.Header == nil {
		return b, fmt.Errorf("%w: no headers", ErrBadBatch)
	}
	b.Stream = m.Header.Get(HeaderStream)
	if b.Stream == "" || len(b.Stream) > 64 {
		return b, fmt.Errorf("%w: %s %q", ErrBadBatch, HeaderStream, b.Stream)
	}
	off, err := strconv.ParseUint(m.Header.Get(HeaderOffset), 10, 64)
	if err != nil {
		return b, fmt.Errorf("%w: %s: %v", ErrBadBatch, HeaderOffset, err)
	}
	b.Offset = off
	if raw := m.Header.Get(HeaderMissed); raw != "" {
		n, err := strconv.ParseUint(raw, 10, 64)
		switch {
		case err != nil || n == 0:
			return b, fmt.Errorf("%w: %s %q: want a count of bytes", ErrBadBatch, HeaderMissed, raw)
		case len(m.Data) > 0 || m.Header.Get(HeaderStamps) != "":
			return b, fmt.Errorf("%w: a %s batch with data or stamps", ErrBadBatch, HeaderMissed)
		case off+n < off:
			return b, fmt.Errorf("%w: offset %d and %d missed overflow", ErrBadBatch, off, n)
		}
		b.Missed = n
		return b, nil
	}
	if len(m.Data) == 0 || len(m.Data) > MaxBatch {
		return b, fmt.Errorf("%w: %d bytes, want 1 to %d", ErrBadBatch, len(m.Data), MaxBatch)
	}
	if off+uint64(len(m.Data)) < off {
		return b, fmt.Errorf("%w: offset %d overflows", ErrBadBatch, off)
	}
	b.Data = m.Data
	raw := m.Header.Get(HeaderStamps)
	if raw == "" {
		return b, fmt.Errorf("%w: no %s", ErrBadBatch, HeaderStamps)
	}
	// One stamp a chunk, and a chunk is at least a byte: never more stamps
	// than bytes (so at most MaxBatch). Counted before splitting, so that
	// a hostile header costs no more than its length.
	if n := strings.Count(raw, ",") + 1; n > len(b.Data) {
		return b, fmt.Errorf("%w: %d stamps for %d bytes", ErrBadBatch, n, len(b.Data))
	}
	pairs := strings.Split(raw, ",")
	b.Stamps = make([]Stamp, 0, len(pairs))
	last := -1
	for _, p := range pairs {
		at, us, ok := strings.Cut(p, " ")
		i, err1 := strconv.Atoi(at)
		t, err2 := strconv.ParseInt(us, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return b, fmt.Errorf("%w: stamp %q: want INDEX MICROS", ErrBadBatch, p)
		}
		if i <= last || i >= len(b.Data) || (last < 0 && i != 0) {
			return b, fmt.Errorf("%w: stamp index %d after %d in %d bytes", ErrBadBatch, i, last, len(b.Data))
		}
		last = i
		b.Stamps = append(b.Stamps, Stamp{At: i, Time: time.UnixMicro(t)})
	}
	return b, nil
}
