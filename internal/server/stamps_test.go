package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// timedBytes are device bytes with the read time of each, as stamps
// events give them.
type timedBytes struct {
	data  []byte
	times []time.Time
}

// readTimed reads n bytes of device data from a client that asked for
// timestamps: each binary frame must come right after a stamps event whose
// offset is where the frame starts (from, then counting on) and whose
// stamps cover it.
func (c *client) readTimed(from uint64, n int) timedBytes {
	c.e.t.Helper()
	var got timedBytes
	var pending *protocol.Stamps
	for len(got.data) < n {
		f := c.next()
		switch {
		case f.Event.Type == protocol.TypeStamps:
			if pending != nil {
				c.e.t.Fatalf("two stamps events with no frame between: %s", f.Event.Raw)
			}
			var s protocol.Stamps
			if err := json.Unmarshal(f.Event.Raw, &s); err != nil {
				c.e.t.Fatalf("stamps event %s: %v", f.Event.Raw, err)
			}
			pending = &s
		case f.Event.Type == "dropped":
			c.e.t.Fatalf("missed %d bytes", f.Event.Bytes)
		case f.Data != nil:
			if pending == nil {
				c.e.t.Fatalf("a binary frame of %d bytes without a stamps event before it", len(f.Data))
			}
			offset := from + uint64(len(got.data))
			if pending.Offset != offset {
				c.e.t.Fatalf("stamps event at offset %d, want %d", pending.Offset, offset)
			}
			if len(pending.Stamps) == 0 || pending.Stamps[0].At != 0 {
				c.e.t.Fatalf("stamps %v do not start at index 0", pending.Stamps)
			}
			for i := range f.Data {
				j := len(pending.Stamps) - 1
				for i < pending.Stamps[j].At {
					j--
				}
				got.times = append(got.times, pending.Stamps[j].Time)
			}
			if last := pending.Stamps[len(pending.Stamps)-1].At; last >= len(f.Data) {
				c.e.t.Fatalf("stamp at index %d of a frame of %d bytes", last, len(f.Data))
			}
			got.data = append(got.data, f.Data...)
			pending = nil
		}
	}
	return got
}

// msTime formats a stamp's time as the capture's text does.
func msTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// TestDeviceTimesTravelWithTheBytes: a client that asks for timestamps
// gets, before each binary frame, the time every byte was read; a late
// joiner's replay carries the same times, not the time it joined; the
// capture's text gives each line the same time, to the millisecond; and a
// client that did not ask sees no change.
func TestDeviceTimesTravelWithTheBytes(t *testing.T) {
	w, err := capture.Open(capture.Config{Dir: t.TempDir(), Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, withPortConfig(func(c *hub.Config) { c.Recorder = w }))
	plain := e.dial("replay=0")
	plain.waitStatus(protocol.StateOpen)
	stamped := e.dial("replay=0&timestamps=1")
	from := stamped.waitStatus(protocol.StateOpen).BytesIn

	// Each piece is read on its own (the test waits for it), so each has
	// a time of its own; a line sent in two pieces has the first's time.
	var pieces []string
	for i := range 20 {
		if i == 5 {
			pieces = append(pieces, "line 05 in two", " pieces\n")
			continue
		}
		pieces = append(pieces, fmt.Sprintf("line %02d\n", i))
	}
	var live timedBytes
	for _, p := range pieces {
		e.device([]byte(p))
		got := stamped.readTimed(from+uint64(len(live.data)), len(p))
		live.data = append(live.data, got.data...)
		live.times = append(live.times, got.times...)
	}
	all := strings.Join(pieces, "")
	if string(live.data) != all {
		t.Fatalf("stamped client read %q, want %q", live.data, all)
	}
	lineTimes := map[string]string{} // line -> its time, from the WebSocket
	start := 0
	for i := 1; i < len(live.times); i++ {
		if live.times[i].Before(live.times[i-1]) {
			t.Fatalf("byte %d read at %v, before byte %d at %v", i, live.times[i], i-1, live.times[i-1])
		}
	}
	for i, b := range live.data {
		if b == '\n' {
			lineTimes[string(live.data[start:i])] = msTime(live.times[start])
			start = i + 1
		}
	}
	if distinct := len(distinctTimes(live.times)); distinct != len(pieces) {
		t.Fatalf("%d distinct read times for %d pieces read one by one", distinct, len(pieces))
	}

	// The plain client's frames are as before: bytes, no stamps.
	if got := plain.readData(len(all)); string(got) != all {
		t.Fatalf("plain client read %q", got)
	}
	for _, ev := range plain.events {
		if ev.Type == protocol.TypeStamps {
			t.Fatalf("a client that did not ask for timestamps got %s", ev.Raw)
		}
	}

	// A late joiner's replay carries the times the bytes were read.
	late := e.dial("timestamps=1")
	late.waitStatus(protocol.StateOpen)
	replay := late.waitEvent("replay")
	if replay.Offset != from || replay.Bytes != uint64(len(all)) {
		t.Fatalf("replay of %d bytes from %d, want %d from %d", replay.Bytes, replay.Offset, len(all), from)
	}
	replayed := late.readTimed(replay.Offset, len(all))
	if !bytes.Equal(replayed.data, live.data) {
		t.Fatalf("replayed %q", replayed.data)
	}
	for i := range live.times {
		if !replayed.times[i].Equal(live.times[i]) {
			t.Fatalf("byte %d replayed with time %v, live it had %v", i, replayed.times[i], live.times[i])
		}
	}

	// The capture's text view says the same time for each line.
	resp, err := http.Get(e.srv.URL + "/api/ports/dev/capture?format=text&dir=in")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	seen := 0
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		stamp, line, ok := strings.Cut(sc.Text(), " < ")
		if !ok {
			continue
		}
		want, ok := lineTimes[line]
		if !ok {
			t.Fatalf("capture has a line %q the device did not send", line)
		}
		if stamp != want {
			t.Errorf("line %q: capture says %s, the WebSocket %s", line, stamp, want)
		}
		seen++
	}
	if seen != len(lineTimes) {
		t.Fatalf("capture has %d of the %d lines:\n%s", seen, len(lineTimes), text)
	}
}

func distinctTimes(ts []time.Time) map[time.Time]bool {
	m := map[time.Time]bool{}
	for _, t := range ts {
		m[t] = true
	}
	return m
}

// TestBadTimestampsParameter: a timestamps value that is not a boolean is
// refused before the upgrade.
func TestBadTimestampsParameter(t *testing.T) {
	e := start(t)
	resp, err := http.Get(e.srv.URL + "/ws/dev?timestamps=maybe")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "timestamps=maybe") {
		t.Fatalf("timestamps=maybe: %d %s, want 400 naming it", resp.StatusCode, body)
	}
}
