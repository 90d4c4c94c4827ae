package server

import (
	"encoding/json"
	"sync"

	"github.com/coder/websocket"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

// maxFrame is the most device bytes coalesced into one binary frame.
const maxFrame = 64 << 10

// framePool holds frame buffers: a client takes one while it has bytes to
// send and gives it back when its queue is empty, so that idle clients,
// however many, hold none.
var framePool = sync.Pool{New: func() any { b := make([]byte, 0, maxFrame); return &b }}

// frames builds a client's binary frames: device bytes coalesced up to
// maxFrame, each frame preceded, for a client that asked for timestamps,
// by a stamps event giving the stream offset of its first byte and the
// time each run of its bytes was read. It belongs to the client's running
// sender.
type frames struct {
	c      *client
	buf    *[]byte          // from framePool while bytes are pending; nil otherwise
	offset uint64           // stream offset of the frame's first byte
	stamps []protocol.Stamp // the frame's runs, if c.stamps
	unsent int              // bytes of a frame whose write failed
}

// add appends a chunk, sending each frame that fills up.
func (f *frames) add(ch hub.Chunk) error {
	data, off := ch.Data, ch.Offset
	for len(data) > 0 {
		if f.buf == nil {
			f.buf = framePool.Get().(*[]byte)
		}
		frame := *f.buf
		if len(frame) == 0 {
			f.offset = off
		}
		if f.c.stamps {
			if k := len(f.stamps); k == 0 || !f.stamps[k-1].Time.Equal(ch.Time) {
				f.stamps = append(f.stamps, protocol.Stamp{At: len(frame), Time: ch.Time})
			}
		}
		n := min(len(data), maxFrame-len(frame))
		*f.buf = append(frame, data[:n]...)
		data, off = data[n:], off+uint64(n)
		if len(*f.buf) == maxFrame {
			if err := f.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush sends the pending frame, if any.
func (f *frames) flush() error {
	if f.buf == nil || len(*f.buf) == 0 {
		return nil
	}
	frame := *f.buf
	*f.buf = frame[:0]
	stamps := f.stamps
	f.stamps = f.stamps[:0]
	if f.c.stamps {
		if err := f.c.writeEvent(protocol.Stamps{Type: protocol.TypeStamps, Offset: f.offset, Stamps: stamps}); err != nil {
			f.unsent = len(frame)
			return err
		}
	}
	if err := f.c.write(websocket.MessageBinary, frame); err != nil {
		f.unsent = len(frame)
		return err
	}
	return nil
}

// release gives the frame buffer back to the pool; call it when nothing is
// pending.
func (f *frames) release() {
	if f.buf != nil && len(*f.buf) == 0 {
		framePool.Put(f.buf)
		f.buf = nil
	}
}

// statusCache encodes a port's status events once for all its clients:
// the hub hands every subscriber the same snapshot of a change, so a
// change (a client joining, say) sent to 1,000 clients costs one encoding,
// not 1,000, and no client's goroutine grows its stack encoding it.
type statusCache struct {
	clients int // guarded by the server's mu: clients using it

	mu   sync.Mutex
	info *hub.Info // guarded by mu: the snapshot b encodes
	b    []byte    // guarded by mu; never modified once made
}

// encode returns the status event of info.
func (sc *statusCache) encode(info *hub.Info) ([]byte, error) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.info == info {
		return sc.b, nil
	}
	b, err := json.Marshal(protocol.Status{Type: protocol.TypeStatus, Port: wire.PortObject(*info)})
	if err != nil {
		return nil, err
	}
	sc.info, sc.b = info, b
	return b, nil
}
