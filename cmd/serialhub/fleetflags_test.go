package main

import (
	"bytes"
	"strings"
	"testing"
)

// serialhub fleet --nats-replicas (or the config file's nats-replicas):
// for a NATS cluster only (--nats), 1 to 5, and 0 (the default) to
// choose; the flag wins over the file.
func TestFleetReplicasFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int    // the flag's value
		err  string // part of the error; "" for none
	}{
		{args: []string{"--nats", "nats://n1:4222,nats://n2:4222"}, want: 0},
		{args: []string{"--nats", "nats://n1:4222", "--nats-replicas", "2"}, want: 2},
		{args: []string{"--nats", "nats://n1:4222", "--nats-replicas", "6"}, err: "1 to 5"},
		{args: []string{"--nats", "nats://n1:4222", "--nats-replicas", "-1"}, err: "1 to 5"},
		{args: []string{"--store", t.TempDir(), "--nats-replicas", "3"}, err: "--nats-replicas is for a NATS cluster"},
		{args: []string{"--config", writeConfig(t, "nats = \"nats://n1:4222\"\nnats-replicas = 2\n")}, want: 2},
		{args: []string{"--config", writeConfig(t, "nats = \"nats://n1:4222\"\nnats-replicas = 2\n"), "--nats-replicas", "1"}, want: 1},
		{args: []string{"--config", writeConfig(t, "nats-replicas = 2\n")}, err: "--nats-replicas is for a NATS cluster"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			c := newCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{}, true)
			err := c.ParseFlags(tc.args)
			switch {
			case tc.err == "" && err != nil:
				t.Fatal(err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v; want one that says %q", err, tc.err)
			case tc.err == "" && c.fleet.Replicas != tc.want:
				t.Fatalf("--nats-replicas is %d; want %d", c.fleet.Replicas, tc.want)
			}
		})
	}
	// A central's key: not for serve.
	c := newServeCommand(newOpener(), &bytes.Buffer{}, &bytes.Buffer{})
	if err := c.ParseFlags([]string{"--config", writeConfig(t, "nats-replicas = 3\n")}); err == nil || !strings.Contains(err.Error(), "the central's key") {
		t.Fatalf("serve with nats-replicas in its file: %v; want an error saying it is the central's key", err)
	}
}
