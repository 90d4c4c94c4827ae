package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/serialhub/serialhub/internal/device"
)

func TestList(t *testing.T) {
	ports := []device.PortInfo{
		{Path: "/dev/ttyACM0", USB: true, VID: "2341", PID: "0043", SerialNumber: "857", Manufacturer: "Arduino", Product: "Uno",
			ByID: "/dev/serial/by-id/usb-Arduino_Uno_857-if00"},
		{Path: "/dev/ttyS0"},
	}
	list := func() ([]device.PortInfo, error) { return ports, nil }

	var out, errOut bytes.Buffer
	if err := runList(context.Background(), nil, &out, &errOut, list); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "PATH") {
		t.Fatalf("table:\n%s", out.String())
	}
	for _, want := range []string{"/dev/ttyACM0", "2341:0043", "857", "Arduino Uno", "/dev/serial/by-id/usb-Arduino_Uno_857-if00"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}

	out.Reset()
	if err := runList(context.Background(), []string{"--json"}, &out, &errOut, list); err != nil {
		t.Fatal(err)
	}
	var got []device.PortInfo
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got) != 2 || got[0] != ports[0] {
		t.Fatalf("--json: %v %s", err, out.String())
	}

	out.Reset()
	none := func() ([]device.PortInfo, error) { return nil, nil }
	if runList(context.Background(), []string{"--json"}, &out, &errOut, none); strings.TrimSpace(out.String()) != "[]" {
		t.Fatalf("--json with no ports printed %q, want []", out.String())
	}
	failing := func() ([]device.PortInfo, error) { return nil, errors.New("no sysfs") }
	if err := runList(context.Background(), nil, &out, &errOut, failing); err == nil {
		t.Fatal("a failing list succeeded")
	}
	if err := runList(context.Background(), []string{"extra"}, &out, &errOut, list); !errors.Is(err, errUsage) {
		t.Fatalf("an extra argument: %v, want a usage error", err)
	}
}
