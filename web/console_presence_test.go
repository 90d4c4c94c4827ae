//go:build linux

package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/serialtest"
	"github.com/serialhub/serialhub/internal/server"
)

// Presence (issue 12, beyond the anchors): the pane's header says who else
// watches the port, by user name, and who is typing. Alice's page leaves
// her out ("Also here: bob"), counts bob's two connections ("bob ×2"),
// says "you in 2 tabs" when she opens a second one, shows "bob is typing"
// after bob writes, until a few seconds after he stops, and never shows
// her own typing. Before, the header said none of it.
func TestPresenceShowsWhoElseIsHereAndWhoTypes(t *testing.T) {
	const (
		aliceToken = "shub_presence-alice-token"
		bobToken   = "shub_presence-bob-token"
	)
	users, err := auth.New(auth.Config{Users: []auth.User{
		{Name: "alice", TokenHashes: []string{auth.HashToken(aliceToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
		{Name: "bob", TokenHashes: []string{auth.HashToken(bobToken)}, Roles: map[string]auth.Role{"*": auth.RoleControl}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { users.Close() })
	bobAuth := http.Header{"Authorization": {"Bearer " + bobToken}}
	dev := newDevice(t)
	// The test's watcher is bob's program.
	srv, _ := startServerAs(t, serialtest.Options{
		Ports:  []hub.Config{{Name: "dev", Device: dev.pty.Path}},
		Server: server.Config{Auth: users},
	}, bobAuth)

	p := newPage(t)
	p.do("open the console", chromedp.Navigate(srv.URL))
	p.waitFor("the login form", `() => document.getElementById('login-dialog').open`)
	p.setValue("#login-token", aliceToken)
	p.do("log in as alice", chromedp.Click(chromedp.ID("login-submit")))
	p.waitState("connected", "open")

	// who waits for the names line; typing for the typing line and the
	// last writer the server named.
	who := func(want string) {
		t.Helper()
		p.waitFor(fmt.Sprintf("the presence line %q", want), `(s, want) => {
			const e = document.querySelector(s);
			return e.checkVisibility() && e.querySelector('.presence-who').textContent === want;
		}`, p.sel(".presence"), want)
	}
	typing := func(text, writer string) {
		t.Helper()
		// (The values are in the function: an empty string does not
		// survive as a polling argument.)
		p.waitFor(fmt.Sprintf("typing %q (last writer %s)", text, writer), fmt.Sprintf(`() => {
			const e = document.querySelector(%q), t = e.querySelector('.presence-typing');
			return e.dataset.writer === %q && t.textContent === %q && (%q === '' || t.checkVisibility());
		}`, p.sel(".presence"), writer, text, text))
	}
	who("Also here: bob")
	if n := eval[string](p, fmt.Sprintf(`document.querySelector(%q).title`, p.sel(".presence"))); n != "Connected to dev: alice, bob" {
		t.Errorf("the tooltip says %q, want every name", n)
	}

	// bob connects a second program, and types in it.
	bob := watchAs(t, srv, "dev", bobAuth)
	who("Also here: bob ×2")
	if err := bob.Send(bob.ctx, []byte("b")); err != nil {
		t.Fatal(err)
	}
	dev.expect("b")
	typing("bob is typing", "bob")
	p.screenshot("console-presence.png")
	// He stops: a few seconds later the line says so by itself.
	typing("", "bob")

	// Alice opens a second tab (the same browser, so the same login).
	tab, cancel := chromedp.NewContext(p.ctx)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	who("Also here: bob ×2, you in 2 tabs")

	// bob types again; then alice, in this page: her own typing never
	// shows, and bob is no longer the last writer.
	if err := bob.Send(bob.ctx, []byte("c")); err != nil {
		t.Fatal(err)
	}
	dev.expect("c")
	typing("bob is typing", "bob")
	p.do("alice sends hi", chromedp.SendKeys(chromedp.CSS(p.sel(".send-input")), "hi\r"))
	dev.expect("hi\n")
	// The status naming her is drawn at once, typing or not: look then
	// (a typing line would stay for seconds).
	p.waitFor("alice named as the last writer", fmt.Sprintf(`() => document.querySelector(%q).dataset.writer === 'alice'`, p.sel(".presence")))
	if got := eval[string](p, fmt.Sprintf(`document.querySelector(%q).textContent`, p.sel(".presence-typing"))); got != "" {
		t.Fatalf("alice's own typing shows as %q, want nothing", got)
	}

	// The second tab closes: alice is in one tab again.
	cancel()
	who("Also here: bob ×2")
}
