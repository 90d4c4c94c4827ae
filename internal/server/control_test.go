//go:build linux

package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// request sends an HTTP request with a JSON body and decodes the answer
// into v, failing unless the status is wantStatus.
func request(t *testing.T, method, url, body string, wantStatus int, v any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s %s: status %d, want %d: %s", method, url, body, resp.StatusCode, wantStatus, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, b)
		}
	}
}

type apiError struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// waitReply reads c until the event answering id, returning it.
func (c *client) waitReply(id string) serialtest.Event {
	c.e.t.Helper()
	for {
		f := c.next()
		if f.Event.Type != "" && string(f.Event.ID) == id {
			return f.Event
		}
	}
}

func (e *env) line() serialtest.Line {
	e.t.Helper()
	l, err := e.pty.Line()
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func TestSettingsFromTheWebSocketReachTheDeviceAndEveryone(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	other := e.dial("replay=0")
	other.waitStatus(protocol.StateOpen)

	c.Control(e.ctx, `{"type":"settings","id":1,"settings":{"baud":9600,"stopBits":2,"flowControl":"rtscts"}}`)
	if ev := c.waitReply("1"); ev.Type != "ok" {
		t.Fatalf("answer %+v, want ok", ev)
	}
	want := serialtest.Line{Baud: 9600, DataBits: 8, Parity: "none", StopBits: 2, RTSCTS: true}
	if got := e.line(); got != want {
		t.Fatalf("pty line %+v, want %+v", got, want)
	}
	// Everyone, the sender too, learns the new settings. (The sender's
	// status may come before or after its ok.)
	for _, cl := range []*client{c, other} {
		info := cl.statusWhere(func(i protocol.Port) bool { return i.Settings.Baud == 9600 })
		if info.Settings.StopBits != protocol.StopBits2 || info.Settings.FlowControl != protocol.FlowRTSCTS {
			t.Fatalf("status settings %+v", info.Settings)
		}
	}
}

// statusWhere returns the first status event, among those received so far
// and then those to come, whose port satisfies ok.
func (c *client) statusWhere(ok func(protocol.Port) bool) protocol.Port {
	c.e.t.Helper()
	for _, ev := range c.events {
		if ev.Type == "status" && ok(*ev.Port) {
			return *ev.Port
		}
	}
	for {
		if ev := c.next().Event; ev.Type == "status" && ok(*ev.Port) {
			return *ev.Port
		}
	}
}

func TestBadSettingsChangeNothing(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	tests := []struct {
		msg, code, want string
	}{
		{`{"type":"settings","id":1,"settings":{"baud":0}}`, "bad_settings", "baud rate 0"},
		{`{"type":"settings","id":1,"settings":{"parity":"q"}}`, "bad_settings", `parity "q"`},
		{`{"type":"settings","id":1,"settings":{"dataBits":9}}`, "bad_settings", "data bits 9"},
		{`{"type":"settings","id":1,"settings":{"flowControl":"dtrdsr"}}`, "bad_settings", "flow control"},
		{`{"type":"settings","id":1,"settings":{"baud":"fast"}}`, "bad_request", "settings.baud"},
		{`{"type":"settings","id":1,"settings":{}}`, "bad_request", "at least one"},
		{`{"type":"settings","id":1}`, "bad_request", "at least one"},
		// A pty keeps 8 data bits and no parity: the user is told.
		{`{"type":"settings","id":1,"settings":{"baud":9600,"dataBits":7,"parity":"even"}}`, "not_supported", "7 data bits"},
		{`{"type":"lines","id":1}`, "bad_request", "dtr"},
		{`{"type":"break","id":1,"ms":0}`, "bad_request", "break of 0 ms"},
		{`{"type":"break","id":1,"ms":60000}`, "bad_request", "break of 60000 ms"},
	}
	for _, tt := range tests {
		c.Control(e.ctx, tt.msg)
		ev := c.waitReply("1")
		if ev.Type != "error" || ev.Code != tt.code || !strings.Contains(ev.Message, tt.want) {
			t.Errorf("%s: answer %+v, want error %s mentioning %q", tt.msg, ev, tt.code, tt.want)
		}
	}
	if got := e.line(); got.Baud != 115200 || got.DataBits != 8 {
		t.Fatalf("after bad settings the pty line is %+v", got)
	}
	// The connection still works both ways.
	c.Send(e.ctx, []byte("still here"))
	if got := e.deviceRead(10); string(got) != "still here" {
		t.Fatalf("device read %q", got)
	}
}

// A pty has no modem lines: DTR/RTS and modem reads say "not supported",
// while a break is carried out, in order with the bytes around it.
func TestControlLinesOnAPTY(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	info := c.waitStatus(protocol.StateOpen)
	if info.Modem != nil || !strings.Contains(info.ModemError, "not supported") {
		t.Fatalf("status: modem %+v, modemError %q", info.Modem, info.ModemError)
	}
	c.Control(e.ctx, `{"type":"lines","id":"a","dtr":false}`)
	if ev := c.waitReply(`"a"`); ev.Type != "error" || ev.Code != "not_supported" {
		t.Fatalf("lines answer %+v, want not_supported", ev)
	}
	c.Control(e.ctx, `{"type":"modem","id":"b"}`)
	if ev := c.waitReply(`"b"`); ev.Type != "error" || ev.Code != "not_supported" {
		t.Fatalf("modem answer %+v, want not_supported", ev)
	}
	c.Send(e.ctx, []byte("before "))
	// Longer than the default (250 ms), so that the answer's delay shows
	// the length asked for was the one held.
	const breakMS = 400
	asked := time.Now()
	c.Control(e.ctx, fmt.Sprintf(`{"type":"break","id":"c","ms":%d}`, breakMS))
	c.Send(e.ctx, []byte("after"))
	if ev := c.waitReply(`"c"`); ev.Type != "ok" {
		t.Fatalf("break answer %+v, want ok", ev)
	}
	if held := time.Since(asked); held < breakMS*time.Millisecond {
		t.Fatalf("a break of %d ms was answered after %s", breakMS, held)
	}
	if got := e.deviceRead(12); string(got) != "before after" {
		t.Fatalf("device read %q", got)
	}
}

func TestControlsOverREST(t *testing.T) {
	e := start(t)
	base := e.srv.URL + "/api/ports/dev"
	var info protocol.Port
	request(t, "PATCH", base+"/settings", `{"baud":57600,"flowControl":"xonxoff"}`, http.StatusOK, &info)
	if info.Settings.Baud != 57600 || info.Settings.FlowControl != protocol.FlowXONXOFF {
		t.Fatalf("answer settings %+v", info.Settings)
	}
	if got := e.line(); got.Baud != 57600 || !got.XONXOFF {
		t.Fatalf("pty line %+v", got)
	}
	request(t, "POST", base+"/break", `{"ms":10}`, http.StatusOK, &info)
	request(t, "POST", base+"/break", ``, http.StatusOK, &info)

	tests := []struct {
		method, path, body string
		status             int
		code               string
	}{
		{"PATCH", "/settings", `{"baud":-1}`, http.StatusBadRequest, "bad_settings"},
		{"PATCH", "/settings", `{"dataBits":7}`, http.StatusUnprocessableEntity, "not_supported"},
		{"PATCH", "/settings", `{"baud":`, http.StatusBadRequest, "bad_request"},
		{"PATCH", "/settings", `[]`, http.StatusBadRequest, "bad_request"},
		{"PUT", "/lines", `{"dtr":true}`, http.StatusUnprocessableEntity, "not_supported"},
		{"PUT", "/lines", `{"dtr":"yes"}`, http.StatusBadRequest, "bad_request"},
		{"POST", "/break", `{"ms":99999}`, http.StatusBadRequest, "bad_request"},
		{"GET", "/modem", ``, http.StatusUnprocessableEntity, "not_supported"},
		{"PATCH", "/settings", strings.Repeat(" ", 20<<10) + `{}`, http.StatusRequestEntityTooLarge, "too_large"},
	}
	for _, tt := range tests {
		var apiErr apiError
		request(t, tt.method, base+tt.path, tt.body, tt.status, &apiErr)
		if apiErr.Code != tt.code || apiErr.Error == "" {
			t.Errorf("%s %s %.40s: %+v, want code %s", tt.method, tt.path, tt.body, apiErr, tt.code)
		}
	}
	var apiErr apiError
	request(t, "PATCH", e.srv.URL+"/api/ports/nope/settings", `{"baud":9600}`, http.StatusNotFound, &apiErr)
	if got := e.line(); got.Baud != 57600 {
		t.Fatalf("after the bad requests the pty line is %+v", got)
	}
}

// The simulator's controls behave like a null-modem plug, so the whole
// panel can be tried without hardware: its DSR follows DTR.
func TestModemLinesOfTheSimulator(t *testing.T) {
	srv, err := serialtest.StartServer(serialtest.Options{Ports: []hub.Config{{Name: "sim", Device: "sim://"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := serialtest.Dial(ctx, srv.WSURL("sim", "replay=0"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WaitState(ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	var info protocol.Port
	request(t, "PUT", srv.URL+"/api/ports/sim/lines", `{"dtr":false}`, http.StatusOK, &info)
	if info.Lines != (protocol.Lines{DTR: false, RTS: true}) || info.Modem == nil || *info.Modem != (protocol.Modem{CTS: true}) {
		t.Fatalf("after DTR off: lines %+v, modem %+v", info.Lines, info.Modem)
	}
	var m protocol.Modem
	request(t, "GET", srv.URL+"/api/ports/sim/modem", ``, http.StatusOK, &m)
	if m != (protocol.Modem{CTS: true}) {
		t.Fatalf("modem %+v", m)
	}
}

func TestDevicesListShowsWhichAreServed(t *testing.T) {
	var e *env
	e = start(t, withServerConfig(func(c *server.Config) {
		c.ListDevices = func() ([]device.PortInfo, error) {
			return []device.PortInfo{
				{Path: e.pty.Path, USB: true, VID: "0403", PID: "6001"},
				{Path: "/dev/ttyUSB7"},
			}, nil
		}
	}))
	var got []struct {
		device.PortInfo
		Port string `json:"port"`
	}
	request(t, "GET", e.srv.URL+"/api/devices", "", http.StatusOK, &got)
	if len(got) != 2 || got[0].Port != "dev" || got[0].VID != "0403" || got[1].Port != "" || got[1].Path != "/dev/ttyUSB7" {
		t.Fatalf("devices %+v", got)
	}
}

func TestCaptureEndpoint(t *testing.T) {
	plain := start(t)
	var apiErr apiError
	request(t, "GET", plain.srv.URL+"/api/ports/dev/capture", "", http.StatusNotFound, &apiErr)
	if !strings.Contains(apiErr.Error, "--log-dir") {
		t.Fatalf("capture of a port without one: %+v", apiErr)
	}

	w, err := capture.Open(capture.Config{Dir: t.TempDir(), Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, withPortConfig(func(c *hub.Config) { c.Recorder = w }))
	c := e.dial("replay=0")
	if info := c.waitStatus(protocol.StateOpen); !info.Capture {
		t.Fatal("status does not say the port is captured")
	}
	e.device([]byte("hello\r\n"))
	c.readData(7)
	c.Send(e.ctx, []byte("ping\n"))
	e.deviceRead(5)
	// The capture records a write once the device took it, which may be
	// after the device's reader has it: a control sent after the bytes
	// is carried out after their write is recorded.
	c.Control(e.ctx, `{"type":"modem","id":1}`)
	c.waitReply("1")

	resp, err := http.Get(e.srv.URL + "/api/ports/dev/capture")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="dev-capture.txt"`) {
		t.Fatalf("headers %v", resp.Header)
	}
	for _, want := range []string{" # open 115200 8N1", " < hello\n", " > ping\n"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("text capture lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"format=xml", "dir=sideways"} {
		request(t, "GET", e.srv.URL+"/api/ports/dev/capture?"+bad, "", http.StatusBadRequest, &apiErr)
	}
}

// diskFull is a capture whose disk is full: Sync says so, as
// capture.Writer's does then (a real full disk is tested in package capture).
type diskFull struct{ *capture.Writer }

func (diskFull) Sync() error {
	return fmt.Errorf("%w: no space left on device", capture.ErrWriteFailed)
}

// TestCaptureOfAFullDisk: while the capture cannot write, GET capture serves
// what its files hold.
func TestCaptureOfAFullDisk(t *testing.T) {
	w, err := capture.Open(capture.Config{Dir: t.TempDir(), Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, withPortConfig(func(c *hub.Config) { c.Recorder = diskFull{w} }))
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	e.device([]byte("before the disk filled\n"))
	c.readData(23)
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(e.srv.URL + "/api/ports/dev/capture?format=raw")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(raw) != "before the disk filled\n" {
		t.Fatalf("GET capture of a full disk: %s %q", resp.Status, raw)
	}
}

func TestOpenAndClosePortsAtRuntime(t *testing.T) {
	plain := start(t)
	var apiErr apiError
	request(t, "POST", plain.srv.URL+"/api/ports", `{"device":"sim://"}`, http.StatusForbidden, &apiErr)
	if apiErr.Code != "not_allowed" || !strings.Contains(apiErr.Error, "--allow-open") {
		t.Fatalf("POST without --allow-open: %+v", apiErr)
	}
	request(t, "DELETE", plain.srv.URL+"/api/ports/dev", "", http.StatusForbidden, &apiErr)

	other, err := serialtest.OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	e := start(t, withServerConfig(func(c *server.Config) {
		c.AllowOpen = true
		c.ListDevices = func() ([]device.PortInfo, error) {
			return []device.PortInfo{{Path: other.Path}}, nil
		}
	}))
	var info protocol.Port
	request(t, "POST", e.srv.URL+"/api/ports", `{"name":"new","device":"`+other.Path+`","settings":{"baud":9600},"description":"opened by a test"}`, http.StatusCreated, &info)
	if info.Name != "new" || !info.Removable || info.Settings.Baud != 9600 || info.Description != "opened by a test" {
		t.Fatalf("created %+v", info)
	}
	c, err := serialtest.Dial(e.ctx, e.srv.WSURL("new", "replay=0"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Conn.CloseNow()
	if _, err := c.WaitState(e.ctx, protocol.StateOpen); err != nil {
		t.Fatal(err)
	}
	if l, _ := other.Line(); l.Baud != 9600 {
		t.Fatalf("the new port's device runs at %d baud, want 9600", l.Baud)
	}
	other.Master.Write([]byte("fresh"))
	var got []byte
	for len(got) < 5 {
		f, err := c.Next(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f.Data...)
	}

	for _, tt := range []struct {
		body   string
		status int
		code   string
	}{
		{`{"device":"/etc/passwd"}`, http.StatusForbidden, "not_allowed"},
		{`{"device":"tcp://127.0.0.1:22"}`, http.StatusForbidden, "not_allowed"},
		{`{"name":"lathe","device":"sim://lathe"}`, http.StatusForbidden, "not_allowed"},
		{`{"name":"new","device":"sim://"}`, http.StatusConflict, "exists"},
		{`{"name":"a b","device":"sim://"}`, http.StatusBadRequest, "bad_request"},
		{`{"device":"sim://","settings":{"baud":0}}`, http.StatusBadRequest, "bad_settings"},
		{`{"device":"sim://","speed":9600}`, http.StatusBadRequest, "bad_request"},
	} {
		request(t, "POST", e.srv.URL+"/api/ports", tt.body, tt.status, &apiErr)
		if apiErr.Code != tt.code {
			t.Errorf("POST %s: code %q, want %q", tt.body, apiErr.Code, tt.code)
		}
	}
	request(t, "DELETE", e.srv.URL+"/api/ports/dev", "", http.StatusForbidden, &apiErr)
	// The simulated firmware, with its options, touches nothing outside.
	request(t, "POST", e.srv.URL+"/api/ports", `{"name":"cnc","device":"sim://grbl?buffer=255"}`, http.StatusCreated, nil)
	request(t, "DELETE", e.srv.URL+"/api/ports/cnc", "", http.StatusNoContent, nil)

	// Closing the port tells its clients and frees the device.
	request(t, "DELETE", e.srv.URL+"/api/ports/new", "", http.StatusNoContent, nil)
	for {
		f, err := c.Next(e.ctx)
		if err != nil {
			if websocket.CloseStatus(err) != websocket.StatusGoingAway {
				t.Fatalf("after DELETE the client's connection ended with %v, want 1001", err)
			}
			break
		}
		if f.Event.Type == "status" && f.Event.Port.State != protocol.StateClosed {
			continue
		}
	}
	request(t, "GET", e.srv.URL+"/api/ports/new", "", http.StatusNotFound, &apiErr)
	// And it can be opened again.
	request(t, "POST", e.srv.URL+"/api/ports", `{"name":"new","device":"`+other.Path+`"}`, http.StatusCreated, &info)
}
