//go:build linux

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/serialtest"
)

// The config file's triggers run in serialhub serve: a match in the
// simulator's output raises the trigger's notice, the firing is in the
// audit log, and the trigger is listed as the config file's.
func TestConfigFileTriggers(t *testing.T) {
	audit := filepath.Join(t.TempDir(), "audit.log")
	path := writeConfig(t, `
[[port]]
device = "sim://"

[[port.trigger]]
id = "ack"
on = "received"
pattern = 'ok: line \w+ \w+'
holdoff = "0s"
actions = [{ notice = "acknowledged" }]
`)
	p := startServe(t, "--config", path, "--audit-log", audit)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := serialtest.Dial(ctx, "ws://"+p.addr+"/ws/sim?replay=0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Send(ctx, []byte("line ri on\r")); err != nil {
		t.Fatal(err)
	}
	for {
		f, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("no notice: %v\n%s", err, p.logs())
		}
		if f.Event.Type == protocol.TypeNotice {
			if f.Event.Trigger != "ack" || f.Event.Text != "acknowledged" {
				t.Fatalf("notice %+v", f.Event)
			}
			break
		}
	}
	resp, err := http.Get("http://" + p.addr + "/api/ports/sim/triggers")
	if err != nil {
		t.Fatal(err)
	}
	var list []protocol.Trigger
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || len(list) != 1 || list[0].ID != "ack" || list[0].Source != protocol.TriggerFromConfig || list[0].Fired != 1 {
		t.Fatalf("triggers %+v, %v", list, err)
	}
	// The firing is in the audit log before its actions are done.
	b, err := os.ReadFile(audit)
	if err != nil || !strings.Contains(string(b), `"msg":"trigger fired","port":"sim","trigger":"ack","on":"received"`) || !strings.Contains(string(b), `"match":"ok: line ri on"`) {
		t.Fatalf("audit log (%v):\n%s", err, b)
	}
}
