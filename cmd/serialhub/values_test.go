//go:build linux

package main

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// docExample returns the first ```toml block after heading in a doc.
func docExample(t *testing.T, doc, heading string) string {
	t.Helper()
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), heading)
	if !ok {
		t.Fatalf("%s has no %q", doc, heading)
	}
	_, rest, ok = strings.Cut(rest, "```toml\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatalf("%s: no toml block after %q", doc, heading)
	}
	return block
}

// nextValues reads c until a values event whose records have name, and
// returns its last record.
func nextValues(t *testing.T, ctx context.Context, c *serialtest.Client, name string) protocol.Record {
	t.Helper()
	for {
		f, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("waiting for values with %s: %v", name, err)
		}
		if f.Event.Type != protocol.TypeValues {
			continue
		}
		var ev protocol.Values
		if err := json.Unmarshal(f.Event.Raw, &ev); err != nil {
			t.Fatal(err)
		}
		for i := len(ev.Records) - 1; i >= 0; i-- {
			if value(ev.Records[i], name) != nil {
				return ev.Records[i]
			}
		}
	}
}

func value(r protocol.Record, name string) any {
	for _, f := range r.Values {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

func num(t *testing.T, r protocol.Record, name string) float64 {
	t.Helper()
	v, ok := value(r, name).(float64)
	if !ok {
		t.Fatalf("record %+v has no number %s", r, name)
	}
	return v
}

// The simulator's GPS and binary sensor, decoded by serialhub serve as
// docs/decoders.md configures them: values events reach a WebSocket
// client with device times, GET …/values gives the recent records, a
// corrupt frame is a counted error rather than a record, and /metrics
// counts both.
func TestServeDecodesTheSimulators(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := filepath.Join(t.TempDir(), "serialhub.toml")
	if err := os.WriteFile(cfg, []byte(docExample(t, "../../docs/decoders.md", "### Example: serialhub's simulated sensor board")), 0o644); err != nil {
		t.Fatal(err)
	}
	proc := startServe(t, "--config", cfg, "gps=sim://nmea,decode=nmea")
	ws := func(port string) *serialtest.Client {
		c, err := serialtest.Dial(ctx, "ws://"+proc.addr+"/ws/"+port+"?replay=0&values=1")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Conn.CloseNow() })
		return c
	}

	gps := ws("gps")
	gps.Send(ctx, []byte("rate 20\r"))
	fix := nextValues(t, ctx, gps, "lat")
	if lat, lon := num(t, fix, "lat"), num(t, fix, "lon"); math.Abs(lat-48.8584) > 0.01 || math.Abs(lon-2.2945) > 0.01 {
		t.Fatalf("the GPS is at %v, %v; want near 48.8584, 2.2945", lat, lon)
	}
	if time.Since(fix.Time) > time.Minute || fix.Offset == 0 {
		t.Fatalf("record time %v, offset %d: want the device's read time and the stream offset", fix.Time, fix.Offset)
	}

	board := ws("board")
	rec := nextValues(t, ctx, board, "battery")
	if temp, p := num(t, rec, "temp"), num(t, rec, "pressure"); math.Abs(temp-21.5) > 5 || math.Abs(p-1013.25) > 5 {
		t.Fatalf("the board's record %+v", rec)
	}
	// A corrupt frame: counted as an error (with the command's text
	// reply, garbage between frames), and the only frame missing.
	board.Send(ctx, []byte("corrupt\r"))
	seqs := []float64{num(t, rec, "seq")}
	for len(seqs) < 30 {
		f, err := board.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if f.Event.Type != protocol.TypeValues {
			continue
		}
		var ev protocol.Values
		json.Unmarshal(f.Event.Raw, &ev)
		for _, r := range ev.Records {
			seqs = append(seqs, num(t, r, "seq"))
		}
	}
	missing := 0
	for i := 1; i < len(seqs); i++ {
		switch d := seqs[i] - seqs[i-1]; {
		case d == 2:
			missing++
		case d != 1:
			t.Fatalf("seq %v after %v: frames lost or repeated (%v)", seqs[i], seqs[i-1], seqs)
		}
	}
	var port protocol.Port
	getJSON(t, "http://"+proc.addr+"/api/ports/board", &port)
	if port.Decoder != "frame" || port.DecodeErrors == nil || *port.DecodeErrors == 0 || missing != 1 {
		t.Fatalf("after a corrupt frame: decoder %q, decodeErrors %v, %d frames missing (%v); want errors counted and exactly the bad frame missing", port.Decoder, port.DecodeErrors, missing, seqs)
	}

	var answer protocol.ValuesAnswer
	getJSON(t, "http://"+proc.addr+"/api/ports/gps/values?limit=3", &answer)
	if answer.Decoder != "nmea" || len(answer.Records) != 3 || answer.Next != answer.Records[2].Offset {
		t.Fatalf("GET values: %+v", answer)
	}
	resp, err := http.Get("http://" + proc.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`serialhub_port_decoded_records_total{decoder="nmea",port="gps"}`, `serialhub_port_decode_errors_total{decoder="frame",port="board"} `} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s %s", url, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// A port's decoder can be set while it runs (PUT …/decoder), as the
// console does: the simulator's telemetry lines, decoded as the Arduino
// plotter's, reach a client as values; a bad spec is refused with the
// reason; DELETE takes the decoder away.
func TestSetDecoderWhileRunning(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	proc := startServe(t, "sim=sim://")
	base := "http://" + proc.addr + "/api/ports/sim"
	var got struct{ Decoder *json.RawMessage }
	getJSON(t, base+"/decoder", &got)
	if got.Decoder != nil {
		t.Fatalf("a port started without a decoder has %s", *got.Decoder)
	}
	put := func(method, body string) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, method, base+"/decoder", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := put("PUT", `{"name":"regex","pattern":"("}`); status != http.StatusBadRequest || !strings.Contains(body, "missing closing )") {
		t.Fatalf("a bad pattern: %d %s", status, body)
	}
	ws, err := serialtest.Dial(ctx, "ws://"+proc.addr+"/ws/sim?replay=0&values=1")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Conn.CloseNow()
	if status, body := put("PUT", `{"name":"arduino"}`); status != http.StatusOK || !strings.Contains(body, `"decoder": "arduino"`) {
		t.Fatalf("PUT arduino: %d %s", status, body)
	}
	rec := nextValues(t, ctx, ws, "temp")
	if num(t, rec, "hum") <= 0 {
		t.Fatalf("record %+v", rec)
	}
	if status, body := put("DELETE", ""); status != http.StatusOK || strings.Contains(body, `"decoder"`) {
		t.Fatalf("DELETE: %d %s", status, body)
	}
	getJSON(t, base+"/decoder", &got)
	if got.Decoder != nil {
		t.Fatalf("after DELETE the decoder is %s", *got.Decoder)
	}
	for _, path := range []string{"/values", "/values.csv"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("GET %s of a port without a decoder: %s, want 422", path, resp.Status)
		}
	}
}
