package protocol

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestStopBitsUnmarshal(t *testing.T) {
	tests := []struct {
		in      string
		want    StopBits
		wantErr bool
	}{
		{in: `"1"`, want: StopBits1},
		{in: `1`, want: StopBits1},
		{in: `"1.5"`, want: StopBits1Half},
		{in: `1.5`, want: StopBits1Half},
		{in: `"2"`, want: StopBits2},
		{in: `2`, want: StopBits2},
		{in: `"3"`, want: "3"}, // the server judges the value
		{in: `true`, wantErr: true},
		{in: `[1]`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got StopBits
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("unmarshal %s = %q, %v; want %q (error: %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestPortOmitEmpty checks the fields a port object leaves out, and the
// ones it always has, null or not.
func TestPortOmitEmpty(t *testing.T) {
	b, err := json.Marshal(Port{Name: "lab"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, absent := range []string{`"description"`, `"modemError"`, `"watchers"`, `"watchersMore"`, `"typing"`, `"gateway"`, `"online"`, `"lastSeen"`, `"tags"`} {
		if strings.Contains(s, absent) {
			t.Errorf("empty port object has %s: %s", absent, s)
		}
	}
	for _, present := range []string{`"modem":null`, `"lock":null`, `"error":""`, `"stream":""`, `"dropped":{"slow":0,"cutoff":0,"paused":0,"capture":0,"refused":0,"upstream":0}`} {
		if !strings.Contains(s, present) {
			t.Errorf("empty port object lacks %s: %s", present, s)
		}
	}
}

func TestStamp(t *testing.T) {
	t0 := time.Date(2025, 11, 30, 10, 53, 20, 0, time.UTC)
	tests := []struct {
		name string
		in   Stamp
		json string
	}{
		{name: "whole millisecond", in: Stamp{At: 0, Time: t0}, json: `[0,1764500000000]`},
		{name: "microseconds", in: Stamp{At: 37, Time: t0.Add(125001 * time.Microsecond)}, json: `[37,1764500000125.001]`},
		{name: "nanoseconds are cut", in: Stamp{At: 5, Time: t0.Add(1999 * time.Nanosecond)}, json: `[5,1764500000000.001]`},
		{name: "before 1970", in: Stamp{At: 1, Time: time.Date(1969, 12, 31, 23, 59, 59, 500000000, time.UTC)}, json: `[1,-500]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil || string(b) != tt.json {
				t.Fatalf("marshal = %s, %v; want %s", b, err, tt.json)
			}
			var got Stamp
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			want := tt.in.Time.Truncate(time.Microsecond)
			if got.At != tt.in.At || !got.Time.Equal(want) {
				t.Fatalf("unmarshal %s = %d %v, want %d %v", b, got.At, got.Time, tt.in.At, want)
			}
		})
	}
	for _, bad := range []string{`[0]`, `[0,1,2]`, `{"at":0}`, `[-1,5]`, `[1.5,5]`, `["0",5]`} {
		t.Run("bad "+bad, func(t *testing.T) {
			var s Stamp
			if err := json.Unmarshal([]byte(bad), &s); err == nil {
				t.Fatalf("unmarshal %s = %+v, want an error", bad, s)
			}
		})
	}
}

func TestSettingsString(t *testing.T) {
	tests := []struct {
		s    Settings
		want string
	}{
		{Settings{Baud: 115200, DataBits: 8, Parity: ParityNone, StopBits: StopBits1, FlowControl: FlowNone}, "115200 8N1"},
		{Settings{Baud: 9600, DataBits: 7, Parity: ParityEven, StopBits: StopBits2, FlowControl: FlowRTSCTS}, "9600 7E2 rtscts"},
		{Settings{Baud: 300, DataBits: 5, Parity: ParityMark, StopBits: StopBits1Half, FlowControl: FlowXONXOFF}, "300 5M1.5 xonxoff"},
		{Settings{Baud: 1200, DataBits: 8}, "1200 8N"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Fatalf("String = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTypingAtInMilliseconds: a typing time goes out in UTC with exactly
// three digits of fraction (JavaScript's Date parses it; time.Time's own
// JSON would drop trailing zeros and keep the zone), and reads back.
func TestTypingAtInMilliseconds(t *testing.T) {
	at := time.Date(2026, 11, 29, 6, 41, 7, 0, time.FixedZone("CET", 3600))
	b, err := json.Marshal(Typing{Name: "bob", At: at})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"bob","at":"2026-11-29T05:41:07.000Z"}`; string(b) != want {
		t.Fatalf("marshal = %s, want %s", b, want)
	}
	var back Typing
	if err := json.Unmarshal(b, &back); err != nil || back.Name != "bob" || !back.At.Equal(at) {
		t.Fatalf("unmarshal = %+v, %v; want bob at %s", back, err, at)
	}
}
