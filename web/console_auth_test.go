//go:build linux

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// staleRolesJS, while sessionStorage.staleRoles is set, makes the page
// believe it controls every port (as if the user's role had been lowered
// on the server after the page loaded): the answers of /api/session and
// /api/login are rewritten before the page reads them.
const staleRolesJS = `(() => {
	const real = window.fetch.bind(window);
	window.fetch = async (url, opts) => {
		const res = await real(url, opts);
		if (!sessionStorage.staleRoles || !res.ok || !/^\/api\/(session|login)$/.test(String(url))) return res;
		const body = await res.json();
		body.roles = { '*': 'control' };
		return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
	};
})();`

// TestLoginAndViewOnlyRole: on a server with users, the console asks for a
// login (token, or user and password), shows who is logged in, makes a
// view-only port read-only with a tooltip, says so plainly when the server
// refuses bytes as forbidden, and logs out.
func TestLoginAndViewOnlyRole(t *testing.T) {
	const (
		ctlToken  = "shub_console-control-token"
		carolPass = "carol's long password"
	)
	hash, err := bcrypt.GenerateFromPassword([]byte(carolPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	users, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "ctl", TokenHashes: []string{auth.HashToken(ctlToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "carol", PasswordHash: string(hash), Roles: map[string]auth.Role{"dev": auth.RoleView}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	dev := newDevice(t)
	srv, _ := startServerAs(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{Auth: users},
	}, http.Header{"Authorization": {"Bearer " + ctlToken}})
	p := newPage(t)
	for _, js := range []string{noticesJS, staleRolesJS} {
		if _, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
			t.Fatal(err)
		}
	}
	p.do("open the console", chromedp.Navigate(srv.URL))

	// The login form, not the console. A wrong token is refused.
	loginForm := func() {
		t.Helper()
		p.waitFor("the login form", `() => document.getElementById('login-dialog').open && !document.querySelector('.pane')`)
	}
	loginForm()
	p.screenshot("console-login.png")
	p.setValue("#login-token", "shub_wrong")
	p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
	p.waitFor("the refusal", `() => document.getElementById('login-error').textContent === 'This token is not valid.' && document.getElementById('login-dialog').open`)

	// A user and password: carol may only view dev.
	p.do("choose user and password", chromedp.Click(chromedp.ID("login-mode-password")))
	p.setValue("#login-user", "carol")
	p.setValue("#login-password", carolPass)
	p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
	p.waitState("connected", "open")
	if u := eval[string](p, `document.getElementById('user-box').checkVisibility() ? document.getElementById('user-name').textContent : 'hidden'`); u != "carol" {
		t.Fatalf("the page shows the user %q, want carol", u)
	}
	// readOnly checks the controls that write: disabled, with a tooltip
	// saying why, and the pane's "view only" badge; or all enabled.
	readOnly := func(want bool) {
		t.Helper()
		got := eval[[]string](p, fmt.Sprintf(`['.send-input', '.send-button', '.file-button', '.repeat', '.apply-settings', '.baud'].map((s) => {
			const e = document.querySelector(%q + ' ' + s);
			return s + (e.disabled ? ' disabled: ' + e.title : ' enabled');
		})`, fmt.Sprintf(`.pane[data-port=%q]`, p.port)))
		for _, g := range got {
			if ok := strings.Contains(g, " disabled: Your role on port dev is view-only"); ok != want || (!want && !strings.HasSuffix(g, " enabled")) {
				t.Fatalf("controls %q: want read-only %v", got, want)
			}
		}
		if b := eval[bool](p, fmt.Sprintf(`document.querySelector(%q).checkVisibility()`, p.sel(".role-badge"))); b != want {
			t.Fatalf("the view-only badge shown: %v, want %v", b, want)
		}
	}
	readOnly(true)
	p.screenshot("console-view-only.png")
	// She sees what the device says; what she types in the terminal goes nowhere.
	dev.write("hello carol\r\n")
	p.waitTerm("hello carol")
	p.do("type in the terminal", chromedp.Click(chromedp.CSS(p.sel(".xterm-screen"))), typeKeys("x"))

	// Her role is lowered behind the page's back: the page believes it
	// controls dev, she sends, and the server refuses: the page says so
	// plainly and becomes read-only.
	p.do("stale roles, reload", chromedp.Evaluate[chromedp.Void](`sessionStorage.staleRoles = '1'`), chromedp.Reload())
	p.waitState("connected", "open")
	readOnly(false)
	p.do("send hi", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "hi\r"))
	p.waitFor("the forbidden notice", `() => window.__notices.some((t) => t.includes('dev: not allowed, nothing was sent or changed: your role on this port is view-only'))`)
	readOnly(true)

	// Log out: the login form again. The controlling token: typing reaches
	// the device, and nothing carol typed did.
	p.do("fresh roles", chromedp.Evaluate[chromedp.Void](`delete sessionStorage.staleRoles`))
	p.do("mark this document, log out", chromedp.Evaluate[chromedp.Void](`window.__before = true`), chromedp.Click(chromedp.ID("logout-button")))
	// The page reloads: wait from the test's side, as the page's waits end with it.
	deadline := time.Now().Add(waitTimeout)
	for {
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`!window.__before && document.readyState === 'complete'`))
		if err == nil && v {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page did not reload after logging out (%v)", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	loginForm()
	p.do("choose a token", chromedp.Click(chromedp.ID("login-mode-token")))
	p.setValue("#login-token", ctlToken)
	p.do("log in", chromedp.Click(chromedp.ID("login-submit")))
	p.waitState("connected", "open")
	readOnly(false)
	if u := eval[string](p, `document.getElementById('user-name').textContent`); u != "ctl" {
		t.Fatalf("the page shows the user %q, want ctl", u)
	}
	p.do("send y", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "y\r"))
	dev.expect("y\n")
}
