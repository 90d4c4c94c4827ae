package protocol

import (
	"net/url"
	"testing"
)

// Position's rules beyond the golden scenarios: the query before a
// position is known, and when a replay means the server restarted.
func TestPositionQuery(t *testing.T) {
	tests := []struct {
		name   string
		pos    Position
		replay bool
		want   url.Values
	}{
		{name: "nothing known, with scrollback", replay: true, want: url.Values{}},
		{name: "nothing known, live only", replay: false, want: url.Values{"replay": {"0"}}},
		{name: "known", pos: Position{Stream: "s1", Offset: 42, Known: true}, replay: false,
			want: url.Values{"since": {"42"}, "stream": {"s1"}}},
		{name: "known, no stream named", pos: Position{Offset: 7, Known: true}, replay: true,
			want: url.Values{"since": {"7"}}},
		{name: "joined, the scrollback not received yet", pos: Position{Stream: "s1", Offset: 42, Known: true, joined: true}, replay: true,
			want: url.Values{}},
		{name: "joined live only", pos: Position{Stream: "s1", Offset: 42, Known: true, joined: true}, replay: false,
			want: url.Values{"since": {"42"}, "stream": {"s1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.pos.Query(tt.replay); got.Encode() != tt.want.Encode() {
				t.Fatalf("Query = %s, want %s", got.Encode(), tt.want.Encode())
			}
		})
	}
}

func TestPositionRestarted(t *testing.T) {
	status := func(stream string, bytesIn uint64) *Event {
		return &Event{Type: TypeStatus, Port: &Port{Stream: stream, BytesIn: bytesIn}}
	}
	replay := func(bytes, offset uint64) *Event {
		return &Event{Type: TypeReplay, Bytes: bytes, Offset: offset}
	}
	data := func(n int) *Event { return &Event{Type: "data", Bytes: uint64(n)} }
	tests := []struct {
		name   string
		events []*Event
		want   bool // the last replay reports a restart
	}{
		{name: "first join: history, not a restart", events: []*Event{status("a", 100), replay(100, 0)}},
		{name: "resumed within the stream", events: []*Event{status("a", 100), replay(100, 0), data(100), status("a", 150), replay(50, 100)}},
		{name: "resumed after a loss", events: []*Event{status("a", 100), replay(100, 0), data(100),
			status("a", 900), {Type: TypeDropped, Bytes: 300, Reason: ReasonAway}, replay(500, 400)}},
		{name: "another stream", want: true, events: []*Event{status("a", 100), replay(100, 0), data(100), status("b", 20), replay(20, 0)}},
		{name: "joined live, then another stream", want: true, events: []*Event{status("a", 100), data(10), status("b", 20), replay(20, 0)}},
		{name: "a replay from before the offset, same stream name unknown", want: true, events: []*Event{
			{Type: TypeStatus, Port: &Port{BytesIn: 100}}, replay(100, 0), data(100), {Type: TypeStatus, Port: &Port{BytesIn: 30}}, replay(30, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pos Position
			var got bool
			for _, ev := range tt.events {
				if ev.Type == "data" {
					pos.Data(int(ev.Bytes))
					continue
				}
				got = pos.Event(ev)
			}
			if got != tt.want {
				t.Fatalf("restarted = %v, want %v (position %+v)", got, tt.want, pos)
			}
		})
	}
}

// A status naming another stream, with the connection lost before its
// replay: the old offset must not be asked for in the new stream.
func TestPositionNewStreamBeforeReplay(t *testing.T) {
	var pos Position
	pos.Event(&Event{Type: TypeStatus, Port: &Port{Stream: "a", BytesIn: 5000}})
	pos.Data(20)
	pos.Event(&Event{Type: TypeStatus, Port: &Port{Stream: "b", BytesIn: 300}})
	q := pos.Query(true)
	if q.Get(QuerySince) != "0" || q.Get(QueryStream) != "b" {
		t.Fatalf("Query = %s, want since=0&stream=b", q.Encode())
	}
}

// A client that wants the scrollback and lost the connection between the
// first status and the replay asks for it all again; once a byte or the
// replay came, it resumes.
func TestPositionJoinedThenLost(t *testing.T) {
	tests := []struct {
		name  string
		feed  func(*Position)
		since string // "" for none
	}{
		{name: "status only", feed: func(p *Position) {}, since: ""},
		{name: "status and replay", feed: func(p *Position) { p.Replay(Replay{Type: TypeReplay, Bytes: 10, Offset: 90}) }, since: "90"},
		{name: "status and a byte", feed: func(p *Position) { p.Data(1) }, since: "101"},
		{name: "status and a drop", feed: func(p *Position) { p.Dropped(Dropped{Type: TypeDropped, Bytes: 5}) }, since: "105"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pos Position
			pos.Status(Port{Stream: "s", BytesIn: 100})
			tt.feed(&pos)
			if got := pos.Query(true).Get(QuerySince); got != tt.since {
				t.Fatalf("since=%q, want %q", got, tt.since)
			}
		})
	}
}
