package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

const listUsage = `Usage: serialhub list [--json]

Lists the machine's serial ports with what identifies them: the path, the
stable /dev/serial/by-id path where there is one (use it in serialhub's
port arguments: it survives replugging into another USB socket), and the
USB vendor and product ids, serial number, manufacturer and product.

`

// runList runs "serialhub list"; list finds the ports (device.List, or a
// fake in tests).
func runList(_ context.Context, args []string, stdout, stderr io.Writer, list func() ([]device.PortInfo, error)) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON array, for scripts")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), listUsage)
		fs.PrintDefaults()
	}
	extra, err := parseArgs(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if len(extra) > 0 {
		fmt.Fprintf(stderr, "serialhub list: unexpected argument %q\n", extra[0])
		return errUsage
	}
	ports, err := list()
	if err != nil {
		return err
	}
	if *asJSON {
		entries := make([]protocol.Device, 0, len(ports))
		for _, p := range ports {
			entries = append(entries, wire.DeviceEntry(p, ""))
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(entries)
	}
	if len(ports) == 0 {
		fmt.Fprintln(stdout, "no serial ports found")
		return nil
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PATH\tVID:PID\tSERIAL\tDESCRIPTION\tBY-ID")
	for _, p := range ports {
		ids := "-"
		if p.VID != "" {
			ids = p.VID + ":" + p.PID
		}
		desc := p.Manufacturer
		if p.Product != "" {
			if desc != "" {
				desc += " "
			}
			desc += p.Product
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", p.Path, ids, dash(p.SerialNumber), dash(desc), dash(p.ByID))
	}
	return w.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
