package protocol

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files from the Go values")

const goldenDir = "testdata/golden"

// The examples: a port "lab" serving /dev/ttyUSB0, as a bench would have it.
const stream = "9f86d081884c7d65"

func ptr[T any](v T) *T { return &v }

func labPort() Port {
	return Port{
		Name:         "lab",
		Stream:       stream,
		Description:  "bench supply, USB-RS232",
		Device:       "/dev/ttyUSB0",
		Settings:     Settings{Baud: 115200, DataBits: 8, Parity: ParityNone, StopBits: StopBits1, FlowControl: FlowNone},
		Lines:        Lines{DTR: true, RTS: true},
		Modem:        &Modem{CTS: true, DSR: true, RI: false, DCD: true},
		ModemError:   "modem lines read 2 s ago",
		ModemEvents:  true,
		State:        StateOpen,
		Error:        "",
		Clients:      2,
		BytesIn:      1048576,
		BytesOut:     112,
		DroppedBytes: 8192,
		Dropped:      Drops{Slow: 8192, Cutoff: 4096, Paused: 512, Capture: 64, Refused: 5},
		Reopens:      1,
		Capture:      true,
		Removable:    false,
		Exclusive:    true,
		Lock:         &Lock{Holder: "alice", Since: time.Date(2026, 11, 29, 5, 40, 0, 0, time.UTC)},
		Watchers:     []Watcher{{Name: "alice", Count: 2}, {Name: "bob", Count: 1}},
		WatchersMore: 3,
		Typing:       &Typing{Name: "bob", At: time.Date(2026, 11, 29, 5, 41, 7, 250_000_000, time.UTC)},
	}
}

// golden is a file of testdata/golden and the Go value it holds.
type golden struct {
	file  string
	value any    // marshalled and compared with the file; the file decodes to it
	event *Event // for events: what Event decodes from the file
}

func goldens() []golden {
	id := func(s string) json.RawMessage { return json.RawMessage(s) }
	port := labPort()
	t0 := time.Date(2025, 11, 30, 10, 53, 20, 123456000, time.UTC) // 1764500000123.456 ms
	stamps := []Stamp{{At: 0, Time: t0}, {At: 37, Time: t0.Add(1545 * time.Microsecond)}}
	job := Job{ID: "3", Name: "bracket.nc", Profile: "grbl", State: JobRunning, By: "alice", Lines: 20000, Sent: 8412, Acked: 8405,
		Bytes: 201890, Line: 8413, Created: t0, Started: ptr(t0.Add(time.Second)), Elapsed: 84.2, ETA: ptr(116.2)}
	interrupted := job
	interrupted.State, interrupted.ETA, interrupted.Ended, interrupted.Interrupted = JobFailed, nil, ptr(t0.Add(time.Hour)), true
	interrupted.Line = 8406
	interrupted.Reason = "interrupted: serialhub stopped while the job was running, at line 8406 of 20000 (8405 acknowledged)"
	return []golden{
		{file: "port.json", value: port},

		{file: "event-status.json", value: Status{Type: TypeStatus, Port: port, ID: id("2")},
			event: &Event{Type: TypeStatus, Port: &port, ID: id("2")}},
		{file: "event-replay.json", value: Replay{Type: TypeReplay, Bytes: 65536, Offset: 983040},
			event: &Event{Type: TypeReplay, Bytes: 65536, Offset: 983040}},
		{file: "event-dropped-slow.json", value: Dropped{Type: TypeDropped, Bytes: 8192, Total: 8192, Reason: ReasonSlow},
			event: &Event{Type: TypeDropped, Bytes: 8192, Total: 8192, Reason: ReasonSlow}},
		{file: "event-dropped-away.json", value: Dropped{Type: TypeDropped, Bytes: 133264, Total: 133264, Reason: ReasonAway},
			event: &Event{Type: TypeDropped, Bytes: 133264, Total: 133264, Reason: ReasonAway}},
		{file: "event-error.json", value: Error{Type: TypeError, Code: CodeNotOpen, Message: "port lab is not open (error: open /dev/ttyUSB0: no such file or directory)", Bytes: 5},
			event: &Event{Type: TypeError, Code: CodeNotOpen, Message: "port lab is not open (error: open /dev/ttyUSB0: no such file or directory)", Bytes: 5}},
		{file: "event-lock-request.json", value: LockRequest{Type: TypeLockRequest, From: "bob"},
			event: &Event{Type: TypeLockRequest, From: "bob"}},
		{file: "event-notice.json", value: Notice{Type: TypeNotice, Trigger: "panic", Text: "the board panicked", Time: t0},
			event: &Event{Type: TypeNotice, Trigger: "panic", Text: "the board panicked", Time: &t0}},
		{file: "event-job.json", value: JobEvent{Type: TypeJob, Job: job},
			event: &Event{Type: TypeJob, Job: &job}},
		{file: "event-job-interrupted.json", value: JobEvent{Type: TypeJob, Job: interrupted},
			event: &Event{Type: TypeJob, Job: &interrupted}},
		{file: "event-pong.json", value: Reply{Type: TypePong, ID: id("1")},
			event: &Event{Type: TypePong, ID: id("1")}},
		{file: "event-ok.json", value: Reply{Type: TypeOK, ID: id("3")},
			event: &Event{Type: TypeOK, ID: id("3")}},
		{file: "event-ok-port.json", value: Reply{Type: TypeOK, ID: id("3"), Port: &port},
			event: &Event{Type: TypeOK, ID: id("3"), Port: &port}},
		{file: "event-stamps.json", value: Stamps{Type: TypeStamps, Offset: 1048576, Stamps: stamps},
			event: &Event{Type: TypeStamps, Offset: 1048576, Stamps: stamps}},
		{file: "event-lease-granted.json", value: LeaseEvent{Type: TypeLease, Event: LeaseGranted, Lease: "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e", Holder: "alice", Note: "bring-up", Expires: ptr(time.Date(2026, 11, 29, 6, 40, 0, 0, time.UTC)), TTL: "1h0m0s"},
			event: &Event{Type: TypeLease, LeaseEvent: LeaseGranted, Lease: "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e", Holder: "alice", Note: "bring-up", Expires: ptr(time.Date(2026, 11, 29, 6, 40, 0, 0, time.UTC)), TTL: "1h0m0s"}},
		{file: "event-lease-queued.json", value: LeaseEvent{Type: TypeLease, Event: LeaseQueued, Lease: "41ab4e6a8b0d1f3a5c7e9b1d3f5a7c9e", Holder: "bob", Note: "bisect", Position: 2},
			event: &Event{Type: TypeLease, LeaseEvent: LeaseQueued, Lease: "41ab4e6a8b0d1f3a5c7e9b1d3f5a7c9e", Holder: "bob", Note: "bisect", Position: 2}},
		{file: "event-lease-broken.json", value: LeaseEvent{Type: TypeLease, Event: LeaseBroken, Lease: "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e", Holder: "alice", Note: "bring-up", By: "root"},
			event: &Event{Type: TypeLease, LeaseEvent: LeaseBroken, Lease: "9f2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e", Holder: "alice", Note: "bring-up", By: "root"}},

		{file: "request-ping.json", value: Request{Type: TypePing, ID: id("1")}},
		{file: "request-status.json", value: Request{Type: TypeStatus, ID: id("2")}},
		{file: "request-settings.json", value: Request{Type: TypeSettings, ID: id("3"), Settings: &SettingsPatch{Baud: ptr(9600), FlowControl: ptr(FlowRTSCTS)}}},
		{file: "request-lines.json", value: Request{Type: TypeLines, ID: id("4"), DTR: ptr(false), RTS: ptr(true)}},
		{file: "request-break.json", value: Request{Type: TypeBreak, ID: id("5"), MS: ptr(250)}},
		{file: "request-modem.json", value: Request{Type: TypeModem, ID: id("6")}},
		{file: "request-lock.json", value: Request{Type: TypeLock, ID: id("7")}},
		{file: "request-unlock.json", value: Request{Type: TypeUnlock, ID: id("8")}},
		{file: "request-request-lock.json", value: Request{Type: TypeRequestLock, ID: id(`"ask-1"`)}},
		{file: "request-lease.json", value: LeaseRequest{Type: TypeLease, ID: id("11"), TTL: "10m", Note: "bring-up", Wait: true}},
		{file: "request-release.json", value: Request{Type: TypeRelease, ID: id("12")}},
		{file: "request-break-lease.json", value: Request{Type: TypeBreakLease, ID: id("13")}},

		{file: "rest-error.json", value: ErrorBody{Error: "no port named gps2", Code: CodeNotFound}},
		{file: "broadcast-request.json", value: BroadcastRequest{Ports: []string{"lab", "pi-07/dut"}, Send: "reboot\r\n"}},
		{file: "broadcast-answer.json", value: BroadcastAnswer{Results: []BroadcastResult{
			{Port: "lab", OK: true},
			{Port: "pi-07/dut", Code: CodeLocked, Error: "port pi-07/dut: another client holds the port's write lock: alice, since 10:53:20"},
			{Port: "gps", Code: CodeForbidden, Error: "your role for port gps is view: it cannot write"},
		}}},
		{file: "session.json", value: Session{Auth: true, User: "alice", Via: "session", Roles: map[string]Role{"lab": RoleControl, "gps": RoleView, "*": RoleView}}},
		{file: "devices.json", value: []Device{
			{Path: "/dev/ttyUSB0", ByID: "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0", ByPath: "/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0",
				USB: true, VID: "0403", PID: "6001", SerialNumber: "A50285BI", Manufacturer: "FTDI", Product: "FT232R USB UART", Port: "lab"},
			{Path: "/dev/ttyS0"},
		}},
	}
}

// marshalGolden is how a golden file is written: two-space indented, with
// a newline at the end.
func marshalGolden(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return append(b, '\n')
}

// checkGolden compares b with the file, or rewrites the file with -update.
func checkGolden(t *testing.T, file string, b []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, file)
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatalf("update: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (go test -update writes it): %v", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from the Go value (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, b, want)
	}
}

func readGolden(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, file))
	if err != nil {
		t.Fatalf("read golden file: %v", err)
	}
	return b
}

func TestGoldenMarshal(t *testing.T) {
	for _, g := range goldens() {
		t.Run(g.file, func(t *testing.T) {
			checkGolden(t, g.file, marshalGolden(t, g.value))
		})
	}
	for _, r := range resumes() {
		t.Run(r.file, func(t *testing.T) {
			checkGolden(t, r.file, marshalGolden(t, r.scenario()))
		})
	}
}

func TestGoldenUnmarshal(t *testing.T) {
	for _, g := range goldens() {
		t.Run(g.file, func(t *testing.T) {
			b := readGolden(t, g.file)
			got := reflect.New(reflect.TypeOf(g.value))
			if err := json.Unmarshal(b, got.Interface()); err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			if !reflect.DeepEqual(got.Elem().Interface(), g.value) {
				t.Errorf("unmarshal = %+v\nwant %+v", got.Elem().Interface(), g.value)
			}
			if req, ok := g.value.(Request); ok {
				// What a client may send, the server accepts as it is.
				got, err := ParseRequest(b)
				if err != nil {
					t.Fatalf("ParseRequest: %v", err)
				}
				if !reflect.DeepEqual(got, req) {
					t.Errorf("ParseRequest = %+v, want %+v", got, req)
				}
			}
			if req, ok := g.value.(BroadcastRequest); ok {
				// A broadcast the console builds, the server accepts.
				got, _, _, err := ParseBroadcast(b)
				if err != nil {
					t.Fatalf("ParseBroadcast: %v", err)
				}
				if !reflect.DeepEqual(got, req) {
					t.Errorf("ParseBroadcast = %+v, want %+v", got, req)
				}
			}
			if strings.HasPrefix(g.file, "event-") {
				if g.event == nil {
					t.Fatal("an event file needs the Event it decodes to")
				}
				var ev Event
				if err := json.Unmarshal(b, &ev); err != nil {
					t.Fatalf("unmarshal Event: %v", err)
				}
				if !reflect.DeepEqual(ev, *g.event) {
					t.Errorf("Event = %+v\nwant %+v", ev, *g.event)
				}
			}
		})
	}
}

// TestGoldenCovered fails for a file in testdata/golden that no test
// case writes, and for a test case without its file.
func TestGoldenCovered(t *testing.T) {
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, g := range goldens() {
		covered[g.file] = true
	}
	for _, r := range resumes() {
		covered[r.file] = true
	}
	onDisk := map[string]bool{}
	for _, e := range entries {
		onDisk[e.Name()] = true
		if !covered[e.Name()] {
			t.Errorf("%s/%s is covered by no test case", goldenDir, e.Name())
		}
	}
	for f := range covered {
		if !onDisk[f] {
			t.Errorf("test case %s has no file in %s (go test -update writes it)", f, goldenDir)
		}
	}
}

// A resume scenario: events and binary frames a client receives, over one
// connection or several, and what it must ask for on reconnecting.
type resumeCase struct {
	file       string
	steps      []any // a server event, or an int: a binary frame of that many bytes
	wantStream string
	wantSince  *uint64 // nil: no position yet
}

type (
	scenarioStep struct {
		Event any  `json:"event,omitempty"`
		Data  *int `json:"data,omitempty"`
	}
	scenarioWant struct {
		Stream string  `json:"stream"`
		Since  *uint64 `json:"since"`
	}
	scenario struct {
		Steps []scenarioStep `json:"steps"`
		Want  scenarioWant   `json:"want"`
	}
	// scenarioIn is a scenario file as a client reads it.
	scenarioIn struct {
		Steps []struct {
			Event *Event `json:"event"`
			Data  *int   `json:"data"`
		} `json:"steps"`
		Want scenarioWant `json:"want"`
	}
)

func (r resumeCase) scenario() scenario {
	s := scenario{Steps: []scenarioStep{}, Want: scenarioWant{Stream: r.wantStream, Since: r.wantSince}}
	for _, st := range r.steps {
		if n, ok := st.(int); ok {
			s.Steps = append(s.Steps, scenarioStep{Data: &n})
		} else {
			s.Steps = append(s.Steps, scenarioStep{Event: st})
		}
	}
	return s
}

func resumes() []resumeCase {
	status := func(stream string, bytesIn uint64) Status {
		p := labPort()
		p.Stream, p.BytesIn = stream, bytesIn
		return Status{Type: TypeStatus, Port: p}
	}
	replay := func(bytes int, offset uint64) Replay {
		return Replay{Type: TypeReplay, Bytes: bytes, Offset: offset}
	}
	stamps := func(offset uint64, at ...int) Stamps {
		s := Stamps{Type: TypeStamps, Offset: offset}
		t0 := time.Date(2025, 11, 30, 10, 53, 20, 0, time.UTC)
		for i, a := range at {
			s.Stamps = append(s.Stamps, Stamp{At: a, Time: t0.Add(time.Duration(i) * 1500 * time.Microsecond)})
		}
		return s
	}
	const restarted = "5e884898da280471"
	return []resumeCase{
		{
			// No status came yet: the client has no position, and asks
			// for the whole scrollback again.
			file: "resume-no-position.json", steps: []any{},
			wantStream: "", wantSince: nil,
		},
		{
			// replay=0: the first status gives the offset of the first
			// live byte.
			file: "resume-join-live.json",
			steps: []any{
				status(stream, 1048576),
				37, 512,
				Reply{Type: TypePong, ID: json.RawMessage("1")},
				100,
			},
			wantStream: stream, wantSince: ptr[uint64](1048576 + 37 + 512 + 100),
		},
		{
			// The scrollback, then live bytes: they meet with no gap.
			file: "resume-replay-live.json",
			steps: []any{
				status(stream, 1048576),
				replay(65536, 983040),
				65536,
				100,
				status(stream, 1048676), // a later status does not move the position
				20,
			},
			wantStream: stream, wantSince: ptr[uint64](1048576 + 100 + 20),
		},
		{
			// A slow client missed 8192 bytes between two frames.
			file: "resume-dropped-slow.json",
			steps: []any{
				status(stream, 1048576),
				replay(0, 1048576),
				1000,
				Dropped{Type: TypeDropped, Bytes: 8192, Total: 8192, Reason: ReasonSlow},
				50,
			},
			wantStream: stream, wantSince: ptr[uint64](1048576 + 1000 + 8192 + 50),
		},
		{
			// A reconnection within the scrollback: the replay starts at
			// the offset asked for.
			file: "resume-reconnect.json",
			steps: []any{
				status(stream, 4000),
				replay(4000, 0),
				4000, 300,
				// connection lost; reconnected with since=4300
				status(stream, 4800),
				replay(500, 4300),
				500, 7,
			},
			wantStream: stream, wantSince: ptr[uint64](4807),
		},
		{
			// Away longer than the scrollback holds: a dropped event
			// (away) for the bytes lost, then the replay of what is held.
			file: "resume-dropped-away.json",
			steps: []any{
				status(stream, 1000),
				replay(1000, 0),
				1000, 200,
				// connection lost; reconnected with since=1200
				status(stream, 200000),
				Dropped{Type: TypeDropped, Bytes: 133264, Total: 133264, Reason: ReasonAway},
				replay(65536, 134464),
				65536, 10,
			},
			wantStream: stream, wantSince: ptr[uint64](200010),
		},
		{
			// serialhub restarted while the client was away: the first
			// status names another stream, whose whole scrollback is new.
			file: "resume-restart.json",
			steps: []any{
				status(stream, 5000),
				replay(5000, 0),
				5000, 20,
				// connection lost; reconnected with since=5020&stream=…
				status(restarted, 300),
				replay(300, 0),
				300, 5,
			},
			wantStream: restarted, wantSince: ptr[uint64](305),
		},
		{
			// timestamps=1: a stamps event before every binary frame,
			// replayed ones too; stamps do not move the position.
			file: "resume-stamps.json",
			steps: []any{
				status(stream, 1048576),
				replay(100, 1048476),
				stamps(1048476, 0, 60),
				100,
				stamps(1048576, 0),
				37,
				stamps(1048613, 0, 10, 20),
				512,
			},
			wantStream: stream, wantSince: ptr[uint64](1048576 + 37 + 512),
		},
	}
}

// TestResumeScenarios runs every resume-*.json file through a Position.
func TestResumeScenarios(t *testing.T) {
	for _, r := range resumes() {
		t.Run(r.file, func(t *testing.T) {
			var sc scenarioIn
			if err := json.Unmarshal(readGolden(t, r.file), &sc); err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			var pos Position
			for i, st := range sc.Steps {
				switch {
				case st.Event != nil && st.Data == nil:
					pos.Event(st.Event)
				case st.Data != nil && st.Event == nil:
					pos.Data(*st.Data)
				default:
					t.Fatalf("step %d: want one of event and data", i)
				}
			}
			q := pos.Query(true)
			var since *uint64
			if q.Has(QuerySince) {
				n, err := strconv.ParseUint(q.Get(QuerySince), 10, 64)
				if err != nil {
					t.Fatalf("since=%q: %v", q.Get(QuerySince), err)
				}
				since = &n
			}
			got := scenarioWant{Stream: q.Get(QueryStream), Since: since}
			if !reflect.DeepEqual(got, sc.Want) {
				t.Errorf("reconnect with %s, want %s", fmtWant(got), fmtWant(sc.Want))
			}
		})
	}
}

func fmtWant(w scenarioWant) string {
	since := "null"
	if w.Since != nil {
		since = strconv.FormatUint(*w.Since, 10)
	}
	return "stream=" + strconv.Quote(w.Stream) + " since=" + since
}
