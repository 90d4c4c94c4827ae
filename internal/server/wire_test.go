package server

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// While hub.Info and device's types still carry JSON tags, the port
// object must say exactly what they said, plus "dropped".
func TestPortObjectJSON(t *testing.T) {
	full := hub.Info{
		Name: "lab", Stream: "9f86d081884c7d65", Description: "bench supply", Device: "/dev/ttyUSB0",
		Settings:   device.Settings{Baud: 9600, DataBits: 7, Parity: device.ParityEven, StopBits: device.StopBits2, FlowControl: device.FlowRTSCTS},
		Lines:      device.Lines{DTR: true, RTS: false},
		Modem:      &device.Modem{CTS: true, DSR: false, RI: true, DCD: true},
		ModemError: "x", ModemEvents: true, State: hub.StateDisconnected, Error: "unplugged",
		Clients: 3, BytesIn: 1048576, BytesOut: 112, DroppedBytes: 8192, Reopens: 2,
		Capture: true, Removable: true, Exclusive: true,
		Lock: &hub.LockInfo{Holder: "alice", Since: time.Date(2026, 11, 29, 5, 40, 0, 0, time.UTC)},
	}
	tests := []struct {
		name string
		info hub.Info
	}{
		{name: "every field", info: full},
		{name: "zero", info: hub.Info{}},
		{name: "open, no modem, no lock", info: hub.Info{Name: "gps", Device: "sim://", State: hub.StateOpen, Settings: device.DefaultSettings, Lines: device.DefaultLines}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want map[string]any
			b, _ := json.Marshal(tt.info)
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			want["dropped"] = map[string]any{"slow": float64(tt.info.DroppedBytes), "cutoff": 0.0, "paused": 0.0, "capture": 0.0, "refused": 0.0}
			var got map[string]any
			b, _ = json.Marshal(portObject(tt.info))
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("port object\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestDeviceEntryJSON(t *testing.T) {
	tests := []struct {
		name string
		d    device.PortInfo
		port string
	}{
		{name: "USB, served", d: device.PortInfo{Path: "/dev/ttyUSB0", ByID: "/dev/serial/by-id/usb-FTDI", ByPath: "/dev/serial/by-path/pci-0", USB: true,
			VID: "0403", PID: "6001", SerialNumber: "A50285BI", Manufacturer: "FTDI", Product: "FT232R USB UART"}, port: "lab"},
		{name: "bare", d: device.PortInfo{Path: "/dev/ttyS0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, _ := json.Marshal(struct {
				device.PortInfo
				Port string `json:"port,omitempty"`
			}{tt.d, tt.port})
			got, _ := json.Marshal(DeviceEntry(tt.d, tt.port))
			if string(got) != string(want) {
				t.Errorf("device entry %s, want %s", got, want)
			}
		})
	}
}

func TestApplySettings(t *testing.T) {
	five, odd, half := 5, protocol.ParityOdd, protocol.StopBits1Half
	got := applySettings(&protocol.SettingsPatch{DataBits: &five, Parity: &odd, StopBits: &half}, device.DefaultSettings)
	want := device.Settings{Baud: 115200, DataBits: 5, Parity: device.ParityOdd, StopBits: device.StopBits1Half, FlowControl: device.FlowNone}
	if got != want {
		t.Fatalf("applySettings = %+v, want %+v", got, want)
	}
}

// The hub carries out the breaks the protocol allows.
func TestMaxBreak(t *testing.T) {
	if protocol.MaxBreak != hub.MaxBreak {
		t.Fatalf("protocol.MaxBreak %v, hub.MaxBreak %v", protocol.MaxBreak, hub.MaxBreak)
	}
}
