//go:build linux

package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
)

type expectAnswer struct {
	status int
	res    protocol.ExpectResult
	body   string
}

// postExpect sends an expect request in a goroutine of its own; the
// answer comes on the channel.
func postExpect(url, body string, h http.Header) <-chan expectAnswer {
	ch := make(chan expectAnswer, 1)
	go func() {
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		if err != nil {
			ch <- expectAnswer{body: err.Error()}
			return
		}
		for k, v := range h {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			ch <- expectAnswer{body: err.Error()}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		a := expectAnswer{status: resp.StatusCode, body: string(b)}
		json.Unmarshal(b, &a.res)
		ch <- a
	}()
	return ch
}

func (e *env) answer(ch <-chan expectAnswer) expectAnswer {
	e.t.Helper()
	select {
	case a := <-ch:
		return a
	case <-e.ctx.Done():
		e.t.Fatal("no answer to the expect request")
		return expectAnswer{}
	}
}

// A boot and a login, as a script does it: the request writes, waits for
// one of two patterns, and answers with the text before, the match, the
// device's time of it and the offset to go on from; output that comes
// between two calls is not lost when the next starts at that offset; a
// timeout is 408 with everything the port said.
func TestExpectBootAndLogin(t *testing.T) {
	e := start(t)
	url := e.srv.URL + "/api/ports/dev/expect"

	ch := postExpect(url, `{"send":"reboot\r\n","expect":["login: ","Kernel panic"],"timeout":"10s"}`, nil)
	if got := string(e.deviceRead(8)); got != "reboot\r\n" {
		t.Fatalf("the device got %q", got)
	}
	before := time.Now()
	e.device([]byte("U-Boot 2024.01\r\nbooting...\r\nbuildroot login: "))
	a := e.answer(ch)
	if a.status != http.StatusOK || a.res.Index != 0 || a.res.Match != "login: " ||
		a.res.Before != "U-Boot 2024.01\r\nbooting...\r\nbuildroot " || a.res.At == nil || a.res.At.Before(before.Add(-time.Second)) || a.res.Stream == "" {
		t.Fatalf("boot: %d %s", a.status, a.body)
	}
	first := a.res.Offset

	// Between the calls the device goes on: the next call, from the
	// offset, still sees it.
	e.device([]byte("root\r\nPassword: "))
	ch = postExpect(url, `{"expect":["Password: "],"timeout":"10s","since":`+jsonNumber(first)+`,"stream":"`+a.res.Stream+`"}`, nil)
	a = e.answer(ch)
	if a.status != http.StatusOK || a.res.Before != "root\r\n" || a.res.Offset != first+uint64(len("root\r\nPassword: ")) {
		t.Fatalf("from the offset: %d %s", a.status, a.body)
	}

	ch = postExpect(url, `{"send":"secret\r","expect":["\\$ $"],"timeout":"300ms"}`, nil)
	e.deviceRead(7)
	e.device([]byte("Login incorrect\r\n"))
	a = e.answer(ch)
	if a.status != http.StatusRequestTimeout || !a.res.TimedOut || a.res.Index != -1 || a.res.Transcript != "Login incorrect\r\n" {
		t.Fatalf("a timeout: %d %s", a.status, a.body)
	}
}

// quiet ends a wait when the line has been silent that long; charDelay
// writes a byte at a time.
func TestExpectQuietAndPacedTyping(t *testing.T) {
	e := start(t)
	ch := postExpect(e.srv.URL+"/api/ports/dev/expect", `{"send":"ab","charDelay":"20ms","quiet":"200ms","timeout":"10s"}`, nil)
	if got := string(e.deviceRead(1)); got != "a" {
		t.Fatalf("first byte %q", got)
	}
	e.device([]byte("echo"))
	if got := string(e.deviceRead(1)); got != "b" {
		t.Fatalf("second byte %q", got)
	}
	a := e.answer(ch)
	if a.status != http.StatusOK || !a.res.Quiet || a.res.Transcript != "echo" {
		t.Fatalf("quiet: %d %s", a.status, a.body)
	}
}

// Bad requests get 400 saying what is wrong; sending needs control.
func TestExpectRefusals(t *testing.T) {
	e := startAuthed(t)
	url := e.srv.URL + "/api/ports/dev/expect"
	for _, tc := range []struct {
		body, want string
		status     int
		token      string
	}{
		{`{"expect":["("]}`, "missing closing )", http.StatusBadRequest, controlToken},
		{`{"send":"x"}`, "give expect", http.StatusBadRequest, controlToken},
		{`{"expect":["x"],"timeout":"soon"}`, "timeout", http.StatusBadRequest, controlToken},
		{`{"expect":["x"],"timeout":"1h"}`, "at most", http.StatusBadRequest, controlToken},
		{`{"expect":["x"],"bogus":1}`, "unknown field", http.StatusBadRequest, controlToken},
		{`{"send":"x","expect":["x"]}`, "forbidden", http.StatusForbidden, viewToken},
	} {
		a := e.answer(postExpect(url, tc.body, bearer(tc.token)))
		if a.status != tc.status || !strings.Contains(a.body, tc.want) {
			t.Errorf("%s: %d %s; want %d saying %q", tc.body, a.status, a.body, tc.status, tc.want)
		}
	}
	// Waiting without sending is for viewers too. From the offset the
	// port is at (bytesIn): what the device says after it is matched,
	// whenever the request comes.
	p, _ := e.srv.Hub.Port("dev")
	info := p.Info()
	e.device([]byte("ready"))
	ch := postExpect(url, `{"expect":["ready"],"timeout":"10s","since":`+jsonNumber(info.BytesIn)+`,"stream":"`+info.Stream+`"}`, bearer(viewToken))
	if a := e.answer(ch); a.status != http.StatusOK || a.res.Match != "ready" {
		t.Fatalf("a viewer's expect: %d %s", a.status, a.body)
	}
}

func jsonNumber(n uint64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// The same over the WebSocket: an "expect" request with an id, answered
// by an "expect" event with that id, while the client's other messages
// (bytes, a ping) go on.
func TestExpectOverWebSocket(t *testing.T) {
	e := start(t)
	c := e.dial("replay=0")
	c.waitStatus(protocol.StateOpen)
	c.Control(e.ctx, `{"type":"expect","id":7,"send":"status?\r","expect":["ok ([0-9]+)"],"timeout":"10s"}`)
	if got := string(e.deviceRead(8)); got != "status?\r" {
		t.Fatalf("the device got %q", got)
	}
	c.Control(e.ctx, `{"type":"ping","id":8}`)
	if ev := c.waitReply("8"); ev.Type != protocol.TypePong {
		t.Fatalf("ping while expecting: %s", ev.Raw)
	}
	e.device([]byte("ok 42\r\n"))
	ev := c.waitReply("7")
	var res protocol.ExpectResult
	if err := json.Unmarshal(ev.Raw, &res); err != nil || res.Type != protocol.TypeExpect || res.Index != 0 || res.Match != "ok 42" {
		t.Fatalf("expect over the WebSocket: %s (%v)", ev.Raw, err)
	}
	c.Control(e.ctx, `{"type":"expect","id":9,"expect":["("]}`)
	if ev := c.waitReply("9"); ev.Type != protocol.TypeError || ev.Code != protocol.CodeBadRequest || !strings.Contains(ev.Message, "missing closing )") {
		t.Fatalf("a bad pattern over the WebSocket: %s", ev.Raw)
	}
}
