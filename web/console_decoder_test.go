//go:build linux

package web_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/internal/values"
)

// The port panel's Decoder section (issue 15): a port's decoder chosen,
// changed and removed from the console, its counts followed.

// startValuesServer starts a server whose ports each have a values engine
// without a decoder (as every configured port has), so that one can be
// set while it runs.
func startValuesServer(t *testing.T, cfg server.Config, h http.Header, ports ...hub.Config) *serialtest.Server {
	t.Helper()
	engines := map[string]*values.Engine{}
	for i := range ports {
		e, err := values.New(values.Config{})
		if err != nil {
			t.Fatal(err)
		}
		engines[ports[i].Name] = e
		ports[i].Observers = append(ports[i].Observers, e)
	}
	cfg.Values = func(name string) (*values.Engine, bool) {
		e, ok := engines[name]
		return e, ok
	}
	srv, _ := startServerAs(t, serialtest.Options{Ports: ports, Server: cfg}, h)
	for name, e := range engines {
		p, ok := srv.Hub.Port(name)
		if !ok {
			t.Fatalf("no port %s", name)
		}
		e.Attach(p)
	}
	return srv
}

// decoderREST sends a request to /api/ports/NAME/decoder with header h;
// it returns the status and the body without its white space.
func decoderREST(t *testing.T, srv *serialtest.Server, h http.Header, method, port, body string) (int, string) {
	t.Helper()
	status, b := rest(t, method, srv.URL+"/api/ports/"+port+"/decoder", h, body)
	return status, strings.Join(strings.Fields(string(b)), "")
}

// The users of controlAndViewUsers: "ctl" controls every port, "vic"
// views them.
const (
	controlUserToken = "shub_console-ctl-token"
	viewUserToken    = "shub_console-vic-token"
)

// controlAndViewUsers is an authenticator of two users, "ctl" (the
// control role on every port, controlUserToken) and "vic" (view,
// viewUserToken).
func controlAndViewUsers(t *testing.T) *auth.Authenticator {
	t.Helper()
	users, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(controlUserToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "vic", TokenHashes: []string{auth.HashToken(viewUserToken)}, Roles: map[string]auth.Role{"*": auth.RoleView}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return users
}

// rest sends a REST request with headers h and returns the answer's
// status and body.
func rest(t *testing.T, method, url string, h http.Header, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// dec is a CSS selector inside the pane's Decoder section.
func (p *page) dec(css string) string { return p.sel(".decoder " + css) }

// decRecords is the JavaScript that reads the records the section shows.
func (p *page) decRecords() string {
	return fmt.Sprintf(`(() => { const m = /([\d,]+) records?/.exec(document.querySelector(%q).textContent); return m ? Number(m[1].replace(/,/g, '')) : -1; })()`, p.dec(".dec-status"))
}

func TestDecoderChosenInThePortPanel(t *testing.T) {
	srv := startValuesServer(t, server.Config{}, nil, hub.Config{Name: "sim", Device: "sim://"})
	p := newPage(t)
	p.port = "sim"
	p.open(srv.URL + "/#port=sim")
	p.click("Port settings", p.sel(".panel-toggle"))
	p.waitFor("no decoder said", `(s) => document.querySelector(s).textContent.startsWith('No decoder')`, p.dec(".dec-status"))
	if v := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, p.dec(".dec-name"))); v != "" {
		t.Fatalf("the select shows %q for a port without a decoder", v)
	}

	// arduino: applied, named, and its records count up as the simulator talks.
	p.choose(p.dec(".dec-name"), "arduino")
	p.click("Apply", p.dec(".dec-apply"))
	p.waitFor("the panel names arduino", `(s) => document.querySelector(s).textContent.startsWith('arduino: ')`, p.dec(".dec-status"))
	if code, body := decoderREST(t, srv, nil, http.MethodGet, "sim", ""); code != http.StatusOK || !strings.Contains(body, `"name":"arduino"`) {
		t.Fatalf("GET decoder after Apply: %d %s", code, body)
	}
	p.waitFor("records counted", `() => `+p.decRecords()+` > 0`)
	first := eval[int](p, p.decRecords())
	p.waitFor("records counting up", fmt.Sprintf(`() => %s > %d`, p.decRecords(), first))

	// A bad regex: the server's reason, and arduino still decodes.
	p.choose(p.dec(".dec-name"), "regex")
	p.waitFor("the pattern field shown", `(s) => !document.querySelector(s).closest('[hidden]')`, p.dec(".dec-pattern"))
	p.setValue(p.dec(".dec-pattern"), "T=(?P<temp>[0-9.")
	p.click("Apply", p.dec(".dec-apply"))
	p.waitFor("the server's error", `(s) => { const e = document.querySelector(s); return !e.hidden && e.textContent.includes('missing closing ]'); }`, p.dec(".dec-error"))
	p.screenshot("console-decoder-refused.png")
	if code, body := decoderREST(t, srv, nil, http.MethodGet, "sim", ""); !strings.Contains(body, `"name":"arduino"`) {
		t.Fatalf("GET decoder after a refused regex: %d %s", code, body)
	}

	// A regex no line matches: every line an error, the errors marked as they grow.
	p.setValue(p.dec(".dec-pattern"), `^never=(?P<x>\d+)$`)
	p.click("Apply", p.dec(".dec-apply"))
	p.waitFor("the error gone", `(s) => document.querySelector(s).hidden`, p.dec(".dec-error"))
	p.waitFor("regex errors growing, marked", `(s, b) => /^regex: 0 records, [1-9][\d,]* errors?/.test(document.querySelector(s).textContent) && document.querySelector(b).dataset.errorsGrew === 'true'`, p.dec(".dec-status"), p.sel(".decoder"))
	if color := eval[string](p, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).color`, p.dec(".dec-status"))); color == eval[string](p, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).color`, p.sel(".panel-head"))) {
		t.Errorf("growing errors are not highlighted: the counts' colour %s is the panel's", color)
	}

	// None: removed.
	p.choose(p.dec(".dec-name"), "")
	p.click("Apply", p.dec(".dec-apply"))
	p.waitFor("no decoder said", `(s) => document.querySelector(s).textContent.startsWith('No decoder')`, p.dec(".dec-status"))
	if hidden := eval[bool](p, fmt.Sprintf(`document.querySelector(%q).hidden`, p.dec(".dec-error"))); !hidden {
		t.Error("the regex's error is still shown after a removal that worked")
	}
	if code, body := decoderREST(t, srv, nil, http.MethodGet, "sim", ""); code != http.StatusOK || !strings.Contains(body, `"decoder":null`) {
		t.Fatalf("GET decoder after removal: %d %s", code, body)
	}
}

func TestDecoderSectionIsViewOnlyForViewers(t *testing.T) {
	users := controlAndViewUsers(t)
	ctl := http.Header{"Authorization": {"Bearer " + controlUserToken}}
	srv := startValuesServer(t, server.Config{Auth: users}, ctl, hub.Config{Name: "sim", Device: "sim://"})
	if code, body := decoderREST(t, srv, ctl, http.MethodPut, "sim", `{"name":"csv","header":"false","separator":";","columns":["a","b"]}`); code != http.StatusOK {
		t.Fatalf("PUT csv: %d %s", code, body)
	}
	p := newPage(t)
	p.port = "sim"
	p.do("open the console", chromedp.Navigate(srv.URL+"/#port=sim"))
	p.waitFor("the login form", `() => document.getElementById('login-dialog').open`)
	p.setValue("#login-token", viewUserToken)
	p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
	p.waitState("connected", "open")
	p.click("Port settings", p.sel(".panel-toggle"))

	// The form shows the decoder's options as GET answers them.
	p.waitFor("the form filled from GET", `(s) => document.querySelector(s).value === 'csv'`, p.dec(".dec-name"))
	for sel, want := range map[string]string{".dec-header": "false", ".dec-separator": ";", ".dec-columns": "a, b"} {
		if got := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, p.dec(sel))); got != want {
			t.Errorf("%s shows %q, want %q", sel, got, want)
		}
	}
	p.waitFor("the counts named csv", `(s) => document.querySelector(s).textContent.startsWith('csv: ')`, p.dec(".dec-status"))
	p.screenshot("console-decoder-view-only.png")
	if !eval[bool](p, fmt.Sprintf(`document.querySelector(%q).disabled`, p.dec("fieldset"))) {
		t.Fatal("vic's Decoder section is enabled")
	}
	if !eval[bool](p, fmt.Sprintf(`document.querySelector(%q).matches(':disabled')`, p.dec(".dec-apply"))) {
		t.Fatal("vic's Apply is enabled")
	}
	if title := eval[string](p, fmt.Sprintf(`document.querySelector(%q).title`, p.dec("fieldset"))); !strings.Contains(title, "view-only") {
		t.Fatalf("vic's Decoder section's tooltip %q does not say view-only", title)
	}
}
