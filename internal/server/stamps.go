package server

import (
	"strconv"
	"time"
)

// stampEntry: the bytes of a frame from index at on were read at t.
type stampEntry struct {
	at int
	t  time.Time
}

// stampsEvent precedes a binary frame for a client that asked for
// timestamps: {"type":"stamps","offset":N,"stamps":[[0,1764500000123.456],…]}.
type stampsEvent struct {
	Type   string       `json:"type"` // "stamps"
	Offset uint64       `json:"offset"`
	Stamps []stampEntry `json:"stamps"`
}

func newStampsEvent(offset uint64, s []stampEntry) stampsEvent {
	return stampsEvent{Type: "stamps", Offset: offset, Stamps: s}
}

// MarshalJSON writes [at, unix milliseconds to the microsecond].
func (s stampEntry) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	b = strconv.AppendInt(b, int64(s.at), 10)
	b = append(b, ',')
	b = strconv.AppendFloat(b, float64(s.t.UnixMicro())/1000, 'f', -1, 64)
	return append(b, ']'), nil
}
