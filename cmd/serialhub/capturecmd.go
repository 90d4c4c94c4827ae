package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/serialhub/serialhub/internal/capture"
)

const captureUsage = `Usage: serialhub capture [--format text|raw] [--dir in|out|both] FILE...

Reads capture files that serve --log-dir wrote (DIR/NAME-TIME.cap; give
them oldest first, as the shell's DIR/NAME-*.cap does) and prints them as
text, a line per line of data with the time of its first byte and "<" for
received, ">" for sent, "#" for notes, or as the raw bytes.

`

func runCapture(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "`format`: text or raw")
	dir := fs.String("dir", "", "which bytes: in (received), out (sent) or both; default both for text, in for raw")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), captureUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	opt := capture.ExportOptions{Format: capture.Format(*format)}
	switch {
	case opt.Format != capture.FormatText && opt.Format != capture.FormatRaw:
		fmt.Fprintf(stderr, "serialhub capture: --format %q: want text or raw\n", *format)
		return errUsage
	case *dir == "" && opt.Format == capture.FormatRaw, *dir == "in":
		opt.Received = true
	case *dir == "" || *dir == "both":
		opt.Received, opt.Sent = true, true
	case *dir == "out":
		opt.Sent = true
	default:
		fmt.Fprintf(stderr, "serialhub capture: --dir %q: want in, out or both\n", *dir)
		return errUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "serialhub capture: no FILE given")
		return errUsage
	}
	for _, f := range fs.Args() {
		if _, err := os.Stat(f); err != nil {
			return err
		}
	}
	problems, err := capture.Export(stdout, fs.Args(), opt)
	for _, p := range problems {
		fmt.Fprintf(stderr, "serialhub capture: %s: %v (read up to there)\n", p.File, p.Err)
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d damaged file(s)", len(problems))
	}
	return nil
}
