package protocol

import (
	"net/url"
	"strconv"
)

// Position is where a client is in a port's byte stream: the stream's
// name and the offset of the next byte it expects. A client feeds it every
// event (Event, or Status, Replay and Dropped) and the length of every
// binary frame (Data), in the order they arrive, across connections; Query
// gives the parameters of the next connection, which then resumes with
// nothing lost and nothing twice (docs/protocol.md, "Stream offsets" and
// "Resuming after a disconnect").
//
// The rules:
//   - The first status event a client sees gives the offset of the first
//     live byte (Port.BytesIn) and the stream.
//   - A replay event gives the offset of the first replayed byte.
//   - Binary frames and dropped events move the offset on by their bytes.
//   - A status event naming another stream means the server started the
//     port anew (serialhub restarted): the old offset means nothing there,
//     so the position is the start of the new stream until its replay
//     says where the bytes held begin.
//   - Stamps and other events do not move it.
//   - A client that wants the scrollback and lost the connection before
//     its replay came has not got it: Query asks for it all again.
//
// The zero Position knows nothing yet. A Position is not safe for
// concurrent use.
type Position struct {
	Stream string // the stream Offset counts in (Port.Stream); "" until a status names one
	Offset uint64 // stream offset of the next byte; meaningful when Known
	Known  bool   // a status or replay event has given the offset

	// joined: the offset was set by the status of a first connection, and
	// no replay or byte has come since: a replay that follows is history
	// from before the client joined, not news of a restart.
	joined bool
	// newStream: a status named another stream than the one the client
	// counted in; its replay is all new to the client.
	newStream bool
}

// Event feeds an event to p. It reports whether the event is a replay
// whose stream started anew since the client's position was taken (see
// Replay).
func (p *Position) Event(ev *Event) (restarted bool) {
	switch ev.Type {
	case TypeStatus:
		if ev.Port != nil {
			p.Status(*ev.Port)
		}
	case TypeReplay:
		return p.Replay(Replay{Type: ev.Type, Bytes: int(ev.Bytes), Offset: ev.Offset})
	case TypeDropped:
		p.Dropped(Dropped{Type: ev.Type, Bytes: ev.Bytes, Total: ev.Total, Reason: ev.Reason})
	}
	return false
}

// Status feeds the port object of a status event to p.
func (p *Position) Status(port Port) {
	switch {
	case !p.Known:
		p.Offset, p.Known, p.joined = port.BytesIn, true, true
	case port.Stream != "" && p.Stream != "" && port.Stream != p.Stream:
		p.Offset, p.newStream = 0, true
	}
	if port.Stream != "" {
		p.Stream = port.Stream
	}
}

// Replay feeds a replay event to p. It reports whether the client resumed
// and the server's stream started anew meanwhile (another stream, or a
// replay from before the offset asked for with no bytes reported
// dropped): everything replayed is then new to the client, and bytes it
// missed before the restart are not reported.
func (p *Position) Replay(ev Replay) (restarted bool) {
	restarted = p.newStream || (p.Known && !p.joined && ev.Offset < p.Offset)
	p.Offset, p.Known = ev.Offset, true
	p.joined, p.newStream = false, false
	return restarted
}

// Dropped feeds a dropped event to p: the bytes missed move it on.
func (p *Position) Dropped(ev Dropped) {
	p.Offset += ev.Bytes
	p.joined = false
}

// Data feeds the length of a binary frame of device bytes to p.
func (p *Position) Data(n int) {
	p.Offset += uint64(n)
	p.joined = false
}

// Query returns the query parameters of the next connection. replay says
// whether the client wants the scrollback when it has nothing yet. Once
// the position is known: since and stream, so the server resumes the
// stream; before that (or when a client that wants the scrollback lost
// the connection between the first status and the replay): nothing, or
// replay=0 if replay is false.
func (p *Position) Query(replay bool) url.Values {
	q := url.Values{}
	switch {
	case p.Known && !(p.joined && replay):
		q.Set(QuerySince, strconv.FormatUint(p.Offset, 10))
		if p.Stream != "" {
			// A restarted server has another stream: it then replays all
			// it holds rather than count the offset in its new stream.
			q.Set(QueryStream, p.Stream)
		}
	case !replay:
		q.Set(QueryReplay, "0")
	}
	return q
}
