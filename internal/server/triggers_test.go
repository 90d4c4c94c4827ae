//go:build linux

package server_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/capture"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/internal/trigger"
)

// withTriggers gives port "dev" a trigger engine with the triggers given
// (in a config file's place) and the server the manager.
func withTriggers(t *testing.T, audit *slog.Logger, specs ...string) envOption {
	t.Helper()
	m := trigger.NewManager(trigger.Config{Logger: slog.New(slog.DiscardHandler), Audit: audit})
	var parsed []protocol.ParsedTrigger
	for _, s := range specs {
		p, err := protocol.ParseTrigger([]byte(s))
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		parsed = append(parsed, p)
	}
	e, err := m.New("dev", parsed)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() }) // the port closes it; a server that failed to start did not
	return func(o *serialtest.Options) {
		o.Ports[0].Observers = append(o.Ports[0].Observers, e)
		o.Server.Triggers = m
	}
}

// webhookSink is an HTTP server on 127.0.0.1 that takes webhooks.
func webhookSink(t *testing.T) (url string, got <-chan protocol.TriggerFiring) {
	t.Helper()
	ch := make(chan protocol.TriggerFiring, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var f protocol.TriggerFiring
		b, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(b, &f) != nil {
			t.Errorf("webhook: %s %s %q", r.Method, r.Header.Get("Content-Type"), b)
		}
		ch <- f
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/hook", ch
}

func (e *env) addTrigger(h http.Header, body string, wantStatus int) protocol.Trigger {
	e.t.Helper()
	status, b, _ := do(e.t, http.MethodPost, e.srv.URL+"/api/ports/dev/triggers", h, body)
	if status != wantStatus {
		e.t.Fatalf("POST triggers %s: %d %s; want %d", body, status, b, wantStatus)
	}
	var tr protocol.Trigger
	if status == http.StatusCreated {
		if err := json.Unmarshal([]byte(b), &tr); err != nil {
			e.t.Fatal(err)
		}
	}
	return tr
}

func (e *env) triggers(h http.Header) map[string]protocol.Trigger {
	e.t.Helper()
	status, b, _ := do(e.t, http.MethodGet, e.srv.URL+"/api/ports/dev/triggers", h, "")
	var list []protocol.Trigger
	if status != http.StatusOK || json.Unmarshal([]byte(b), &list) != nil {
		e.t.Fatalf("GET triggers: %d %s", status, b)
	}
	m := map[string]protocol.Trigger{}
	for _, tr := range list {
		m[tr.ID] = tr
	}
	return m
}

// waitNotice reads until a notice event of trigger id.
func (c *client) waitNotice(id string) serialtest.Event {
	c.e.t.Helper()
	for {
		f := c.next()
		if f.Event.Type == protocol.TypeNotice && f.Event.Trigger == id {
			return f.Event
		}
	}
}

// A pattern split across two reads of the device matches, and its
// webhook gets the firing as JSON.
func TestTriggerWebhookAcrossChunks(t *testing.T) {
	var auditLog logBuffer
	audit := slog.New(slog.NewJSONHandler(&auditLog, nil))
	e := start(t, withTriggers(t, audit))
	hook, got := webhookSink(t)
	added := e.addTrigger(nil, `{"on":"received","pattern":"login: ","actions":[{"webhook":"`+hook+`"},{"notice":"login prompt"}]}`, http.StatusCreated)
	if added.ID == "" || added.Holdoff != "1s" || added.Source != protocol.TriggerFromAPI {
		t.Fatalf("added %+v", added)
	}
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	before := time.Now()
	e.device([]byte("Debian login"))
	c.readData(len("Debian login")) // read by the port: the rest comes in another chunk
	e.device([]byte(": "))
	c.waitNotice(added.ID)
	f := <-got
	if f.Port != "dev" || f.Trigger != added.ID || f.On != "received" || f.Match != "login: " || f.Time.Before(before) || f.Line != "" {
		t.Fatalf("webhook got %+v", f)
	}
	tr := e.triggers(nil)[added.ID]
	if tr.Fired != 1 || tr.LastFired == nil || !tr.LastFired.Equal(f.Time) {
		t.Fatalf("listed %+v", tr)
	}
	// The firing is in the audit log before its actions are done.
	if !strings.Contains(auditLog.String(), `"msg":"trigger fired","port":"dev","trigger":"`+added.ID+`"`) {
		t.Fatalf("audit log:\n%s", auditLog.String())
	}
}

// A storm of matches within the hold-off fires once; the rest are counted
// as suppressed, in the list and in the metrics.
func TestTriggerHoldoffSuppressesStorm(t *testing.T) {
	e := start(t, withTriggers(t, nil,
		`{"id":"storm","on":"received","pattern":"ERR","holdoff":"1h","actions":[{"notice":"errors"}]}`,
		`{"id":"end","on":"received","pattern":"END","actions":[{"notice":"the end"}]}`))
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	e.device([]byte(strings.Repeat("ERR ", 20) + "END"))
	var notices []string
	for {
		f := c.next()
		if f.Event.Type == protocol.TypeNotice {
			notices = append(notices, f.Event.Trigger)
			if f.Event.Trigger == "end" {
				break
			}
		}
	}
	if strings.Join(notices, ",") != "storm,end" {
		t.Fatalf("notices %v; want one of the storm, then the end", notices)
	}
	tr := e.triggers(nil)["storm"]
	if tr.Fired != 1 || tr.Suppressed != 19 || tr.Source != protocol.TriggerFromConfig {
		t.Fatalf("storm: %+v", tr)
	}
	_, metrics, _ := do(t, http.MethodGet, e.srv.URL+"/metrics", nil, "")
	for _, want := range []string{
		`serialhub_trigger_firings_total{port="dev",trigger="storm"} 1`,
		`serialhub_trigger_suppressed_total{port="dev",trigger="storm"} 19`,
		`serialhub_trigger_action_errors_total{port="dev",trigger="storm"} 0`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// A send action writes to the device, with its escapes read; while
// another client holds the write lock it is refused and counted as an
// error. A note action writes in the capture.
func TestTriggerSendAndNote(t *testing.T) {
	w, err := capture.Open(capture.Config{Dir: t.TempDir(), Name: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, withTriggers(t, nil), withPortConfig(func(c *hub.Config) { c.Recorder, c.Exclusive = w, true }))
	e.addTrigger(nil, `{"id":"ping","on":"received","pattern":"ping","holdoff":"0s","actions":[{"send":"pong\\r\\n\\x01"},{"note":"pinged"},{"notice":"sent"}]}`, http.StatusCreated)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	e.device([]byte("ping"))
	if got := string(e.deviceRead(7)); got != "pong\r\n\x01" {
		t.Fatalf("device got %q", got)
	}
	c.waitNotice("ping")

	c.Control(e.ctx, `{"type":"lock","id":1}`)
	c.waitReply("1")
	e.device([]byte("ping"))
	c.waitNotice("ping") // after the send was tried
	if tr := e.triggers(nil)["ping"]; tr.Fired != 2 || tr.Errors != 1 {
		t.Fatalf("ping: %+v; want 2 firings, the second's send refused", tr)
	}

	resp, err := http.Get(e.srv.URL + "/api/ports/dev/capture")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if n := strings.Count(string(text), " # trigger ping: pinged\n"); n != 2 {
		t.Fatalf("the capture has the note %d times, want 2:\n%s", n, text)
	}
}

// A trigger on a modem line fires on the edge it asks for: with the
// simulator, whose inputs are set by "line" commands.
func TestTriggerModemLine(t *testing.T) {
	e := start(t, withTriggers(t, nil), withPortConfig(func(c *hub.Config) { c.Device = "sim://" }))
	hook, got := webhookSink(t)
	cts := e.addTrigger(nil, `{"on":"modem","line":"cts","edge":"rise","holdoff":"0s","actions":[{"webhook":"`+hook+`"},{"notice":"CTS up"}]}`, http.StatusCreated)
	dcd := e.addTrigger(nil, `{"id":"dcd","on":"modem","line":"DCD","actions":[{"notice":"carrier"}]}`, http.StatusCreated)
	if cts.Line != "CTS" || cts.Edge != "rise" || dcd.Edge != "any" {
		t.Fatalf("added %+v, %+v", cts, dcd)
	}
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	// The first change after a trigger was added fires it: the engine
	// knew the lines before.
	if err := c.Send(e.ctx, []byte("line dcd off\r")); err != nil {
		t.Fatal(err)
	}
	c.waitNotice("dcd")
	// The port reads the lines when the device says they changed: two
	// changes close together may be read as one, so each is awaited.
	for _, step := range []struct {
		cmd string
		cts bool
	}{{"line cts off\r", false}, {"line cts on\r", true}} {
		if err := c.Send(e.ctx, []byte(step.cmd)); err != nil {
			t.Fatal(err)
		}
		for {
			f := c.next()
			if f.Event.Type == protocol.TypeStatus && f.Event.Port.Modem != nil && f.Event.Port.Modem.CTS == step.cts {
				break
			}
		}
	}
	ev := c.waitNotice(cts.ID)
	if ev.Text != "CTS up" || ev.Time == nil {
		t.Fatalf("notice %+v", ev)
	}
	f := <-got
	if f.On != "modem" || f.Line != "CTS" || f.Edge != "rise" || f.Trigger != cts.ID || f.Match != "" {
		t.Fatalf("webhook got %+v", f)
	}
	if tr := e.triggers(nil)[cts.ID]; tr.Fired != 1 {
		t.Fatalf("CTS: %+v; want one firing (the rise, not the fall)", tr)
	}
}

// Adding a trigger checks it (400 with what is wrong), and roles:
// viewers list, controllers add and remove, a webhook needs admin.
func TestTriggerRESTValidationAndRoles(t *testing.T) {
	adminToken := "shub_admin-token"
	admin := auth.User{Name: "root", TokenHashes: []string{auth.HashToken(adminToken)}, Roles: map[string]auth.Role{"*": auth.RoleAdmin}}
	a := usersAuth(t, 0, admin)
	e := startAuthed(t, withTriggers(t, nil), withServerConfig(func(c *server.Config) { c.Auth = a }))
	ctl, view, adm := bearer(controlToken), bearer(viewToken), bearer(adminToken)
	for body, want := range map[string]string{
		`{"on":"received","actions":[{"note":"x"}]}`:                                "needs a pattern",
		`{"on":"received","pattern":"(","actions":[{"note":"x"}]}`:                  "pattern",
		`{"on":"received","pattern":"a*","actions":[{"note":"x"}]}`:                 "matches empty text",
		`{"on":"modem","line":"XYZ","actions":[{"note":"x"}]}`:                      "want CTS, DSR, DCD or RI",
		`{"on":"modem","line":"CTS","edge":"up","actions":[{"note":"x"}]}`:          "want rise, fall or any",
		`{"on":"received","pattern":"x","holdoff":"soon","actions":[{"note":"x"}]}`: "holdoff",
		`{"on":"received","pattern":"x"}`:                                           "no actions",
		`{"on":"received","pattern":"x","actions":[{"note":"x","send":"y"}]}`:       "exactly one",
		`{"on":"received","pattern":"x","actions":[{"webhook":"ftp://x"}]}`:         "http://",
		`{"on":"received","pattern":"x","actions":[{"send":"\\q"}]}`:                "bad escape",
		`{"on":"sideways","pattern":"x","actions":[{"note":"x"}]}`:                  "sideways",
		`{"id":"a b","on":"received","pattern":"x","actions":[{"note":"x"}]}`:       "id",
		`{"on":"received","pattern":"x","actions":[{"note":"x"}],"extra":1}`:        "unknown field",
	} {
		status, b, _ := do(t, http.MethodPost, e.srv.URL+"/api/ports/dev/triggers", ctl, body)
		if status != http.StatusBadRequest || !strings.Contains(b, want) {
			t.Errorf("%s: %d %s; want 400 saying %q", body, status, b, want)
		}
	}
	note := `{"id":"n","on":"received","pattern":"x","actions":[{"note":"x"}]}`
	e.addTrigger(view, note, http.StatusForbidden)
	e.addTrigger(ctl, note, http.StatusCreated)
	e.addTrigger(ctl, note, http.StatusConflict) // the id is taken
	hook := `{"id":"h","on":"received","pattern":"x","actions":[{"webhook":"http://127.0.0.1:9/"}]}`
	e.addTrigger(ctl, hook, http.StatusForbidden)
	e.addTrigger(adm, hook, http.StatusCreated)
	if list := e.triggers(view); len(list) != 2 || list["h"].Actions[0].Webhook != "http://127.0.0.1:9/" {
		t.Fatalf("a viewer's list: %+v", list)
	}
	if status, _, _ := do(t, http.MethodDelete, e.srv.URL+"/api/ports/dev/triggers/n", view, ""); status != http.StatusForbidden {
		t.Errorf("a viewer's delete: %d", status)
	}
	if status, _, _ := do(t, http.MethodDelete, e.srv.URL+"/api/ports/dev/triggers/n", ctl, ""); status != http.StatusNoContent {
		t.Errorf("delete: %d", status)
	}
	if status, _, _ := do(t, http.MethodDelete, e.srv.URL+"/api/ports/dev/triggers/n", ctl, ""); status != http.StatusNotFound {
		t.Errorf("delete again: %d", status)
	}
	if list := e.triggers(ctl); len(list) != 1 {
		t.Fatalf("after delete: %+v", list)
	}
	// A port with no engine (here "other") says so.
	if status, b, _ := do(t, http.MethodGet, e.srv.URL+"/api/ports/other/triggers", ctl, ""); status != http.StatusUnprocessableEntity || !strings.Contains(b, "not_supported") {
		t.Errorf("triggers of a port without an engine: %d %s", status, b)
	}
}

// A trigger on sent data sees what clients write to the device.
func TestTriggerOnSentData(t *testing.T) {
	e := start(t, withTriggers(t, nil,
		`{"id":"reboot","on":"sent","pattern":"reboot\\r","holdoff":"0s","actions":[{"notice":"someone rebooted the board"}]}`,
		`{"id":"fence","on":"sent","pattern":"FENCE","actions":[{"notice":"-"}]}`,
		`{"id":"rx","on":"received","pattern":"never","actions":[{"notice":"-"}]}`)) // received data is watched too
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	e.device([]byte("reboot\r")) // received, not sent: no match
	c.readData(7)
	if err := c.Send(e.ctx, []byte("reb")); err != nil {
		t.Fatal(err)
	}
	e.deviceRead(3)
	if err := c.Send(e.ctx, []byte("oot\r")); err != nil {
		t.Fatal(err)
	}
	if ev := c.waitNotice("reboot"); ev.Text != "someone rebooted the board" {
		t.Fatalf("notice %+v", ev)
	}
	if err := c.Send(e.ctx, []byte("FENCE")); err != nil {
		t.Fatal(err)
	}
	c.waitNotice("fence") // the engine is done with what came before
	if tr := e.triggers(nil)["reboot"]; tr.Fired != 1 {
		t.Fatalf("reboot: %+v", tr)
	}
}
