package wire

import (
	"reflect"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// TestPortObject converts a snapshot with every field set, and fails if
// a field of hub.Info or protocol.Port is left out of the test (a new field
// that PortObject does not carry over).
func TestPortObject(t *testing.T) {
	since := time.Date(2026, 11, 29, 5, 40, 0, 0, time.UTC)
	online, seen := true, since.Add(2*time.Millisecond) // LastSeen goes in milliseconds
	expires, left := since.Add(time.Minute), int64(45000)
	info := hub.Info{
		Name: "lab", Stream: "9f86d081884c7d65", Description: "bench supply", Device: "/dev/ttyUSB0",
		Settings:   device.Settings{Baud: 9600, DataBits: 7, Parity: device.ParityEven, StopBits: device.StopBits2, FlowControl: device.FlowRTSCTS},
		Lines:      device.Lines{DTR: true, RTS: true},
		Modem:      &device.Modem{CTS: true, DSR: true, RI: true, DCD: true},
		ModemError: "x", ModemEvents: true, State: hub.StateDisconnected, Error: "unplugged",
		Clients: 3, BytesIn: 1048576, BytesOut: 112, DroppedBytes: 8192, Reopens: 2,
		Drops:   hub.Drops{Slow: 8192, Cutoff: 1, Paused: 2, Capture: 3, Refused: 4, Upstream: 5},
		Capture: true, Removable: true, Exclusive: true,
		Lock:     &hub.LockInfo{Holder: "alice", Since: since, Note: "nightly", Expires: since.Add(time.Minute), Lease: true, Queue: []hub.Waiting{{Holder: "bob", Note: "flash", Since: since.Add(time.Second)}}},
		Watchers: []hub.Watcher{{Name: "alice", Count: 2}, {Name: "bob", Count: 1}}, WatchersMore: 3,
		Typing: &hub.Typing{Name: "bob", At: since.Add(67250 * time.Millisecond)},
		Origin: &hub.Origin{Gateway: "pi-07", Online: true, LastSeen: since.Add(1500 * time.Microsecond), Tags: map[string]string{"room": "lab2"}},
		Decode: &hub.DecodeStats{Decoder: "nmea", Records: 120, Errors: 2, Dropped: 3},
		Job: &hub.JobInfo{ID: "7", Name: "part.nc", Profile: "grbl", State: "failed", By: "alice", Lines: 20000, Sent: 1200, Acked: 1190,
			Bytes: 30000, Errors: 1, Resends: 2, Line: 1191, Created: since, Started: since.Add(time.Second), Ended: since.Add(time.Minute),
			Elapsed: 59 * time.Second, ETA: 1500 * time.Millisecond, Reason: "interrupted", Interrupted: true},
	}
	want := protocol.Port{
		Name: "lab", Stream: "9f86d081884c7d65", Description: "bench supply", Device: "/dev/ttyUSB0",
		Settings:   protocol.Settings{Baud: 9600, DataBits: 7, Parity: protocol.ParityEven, StopBits: protocol.StopBits2, FlowControl: protocol.FlowRTSCTS},
		Lines:      protocol.Lines{DTR: true, RTS: true},
		Modem:      &protocol.Modem{CTS: true, DSR: true, RI: true, DCD: true},
		ModemError: "x", ModemEvents: true, State: protocol.StateDisconnected, Error: "unplugged",
		Clients: 3, BytesIn: 1048576, BytesOut: 112, DroppedBytes: 8192, Reopens: 2,
		Dropped: protocol.Drops{Slow: 8192, Cutoff: 1, Paused: 2, Capture: 3, Refused: 4, Upstream: 5},
		Capture: true, Removable: true, Exclusive: true,
		Lock:     &protocol.Lock{Holder: "alice", Since: since, Note: "nightly", Expires: &expires, TimeLeftMs: &left, Lease: true, Queue: []protocol.LeaseWaiter{{Holder: "bob", Note: "flash", Since: since.Add(time.Second)}}},
		Watchers: []protocol.Watcher{{Name: "alice", Count: 2}, {Name: "bob", Count: 1}}, WatchersMore: 3,
		Typing:  &protocol.Typing{Name: "bob", At: since.Add(67250 * time.Millisecond)},
		Gateway: "pi-07", Online: &online, LastSeen: &seen, Tags: map[string]string{"room": "lab2"},
		Decoder: "nmea", DecodedRecords: ptr(uint64(120)), DecodeErrors: ptr(uint64(2)), DecodeDropped: ptr(uint64(3)),
		Job: &protocol.Job{ID: "7", Name: "part.nc", Profile: "grbl", State: "failed", By: "alice", Lines: 20000, Sent: 1200, Acked: 1190,
			Bytes: 30000, Errors: 1, Resends: 2, Line: 1191, Created: since, Started: ptr(since.Add(time.Second)), Ended: ptr(since.Add(time.Minute)),
			Elapsed: 59, ETA: ptr(1.5), Reason: "interrupted", Interrupted: true},
	}
	allSet(t, "hub.Info", reflect.ValueOf(info))
	allSet(t, "protocol.Port", reflect.ValueOf(want))
	if got := portObjectAt(info, since.Add(15*time.Second)); !reflect.DeepEqual(got, want) {
		t.Fatalf("PortObject =\n%+v\nwant\n%+v", got, want)
	}
	if got := PortObject(hub.Info{}); got.Modem != nil || got.Lock != nil || got.Watchers != nil || got.Typing != nil || got.Online != nil || got.LastSeen != nil {
		t.Fatalf("a snapshot without modem lines, lock, watchers or writer gives modem %v, lock %v, watchers %v, typing %v", got.Modem, got.Lock, got.Watchers, got.Typing)
	}
	// The wire's bound on names is the hub's.
	if hub.MaxWatchers != protocol.MaxWatchers {
		t.Fatalf("hub.MaxWatchers %d, protocol.MaxWatchers %d: one bound", hub.MaxWatchers, protocol.MaxWatchers)
	}
}

// allSet fails for each field of the struct v (and of the structs it
// holds) that has its zero value.
func allSet(t *testing.T, name string, v reflect.Value) {
	t.Helper()
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	for i := range v.NumField() {
		f, ft := v.Field(i), v.Type().Field(i)
		if f.IsZero() {
			t.Errorf("%s.%s is not set by the test", name, ft.Name)
			continue
		}
		if f.Kind() == reflect.Pointer {
			f = f.Elem()
		}
		if f.Kind() == reflect.Struct && f.Type() != reflect.TypeFor[time.Time]() {
			allSet(t, name+"."+ft.Name, f)
		}
	}
}

func TestDeviceEntry(t *testing.T) {
	d := device.PortInfo{Path: "/dev/ttyUSB0", ByID: "/dev/serial/by-id/usb-FTDI", ByPath: "/dev/serial/by-path/pci-0", USB: true,
		VID: "0403", PID: "6001", SerialNumber: "A50285BI", Manufacturer: "FTDI", Product: "FT232R USB UART"}
	want := protocol.Device{Path: "/dev/ttyUSB0", ByID: "/dev/serial/by-id/usb-FTDI", ByPath: "/dev/serial/by-path/pci-0", USB: true,
		VID: "0403", PID: "6001", SerialNumber: "A50285BI", Manufacturer: "FTDI", Product: "FT232R USB UART", Port: "lab"}
	allSet(t, "device.PortInfo", reflect.ValueOf(d))
	allSet(t, "protocol.Device", reflect.ValueOf(want))
	if got := DeviceEntry(d, "lab"); got != want {
		t.Fatalf("DeviceEntry = %+v, want %+v", got, want)
	}
}

func TestApplySettings(t *testing.T) {
	five, odd, half := 5, protocol.ParityOdd, protocol.StopBits1Half
	got := ApplySettings(&protocol.SettingsPatch{DataBits: &five, Parity: &odd, StopBits: &half}, device.DefaultSettings)
	want := device.Settings{Baud: 115200, DataBits: 5, Parity: device.ParityOdd, StopBits: device.StopBits1Half, FlowControl: device.FlowNone}
	if got != want {
		t.Fatalf("ApplySettings = %+v, want %+v", got, want)
	}
}

// The hub carries out the breaks the protocol allows.
func TestMaxBreak(t *testing.T) {
	if protocol.MaxBreak != hub.MaxBreak {
		t.Fatalf("protocol.MaxBreak %v, hub.MaxBreak %v", protocol.MaxBreak, hub.MaxBreak)
	}
}

func ptr[T any](v T) *T { return &v }
