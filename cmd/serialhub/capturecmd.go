package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/serialhub/serialhub/internal/capture"
)

const captureUsage = `Usage: serialhub capture [--format text|raw] [--dir in|out|both] FILE|DIR/NAME...

Reads capture files that serve --log-dir DIR wrote and prints them as
text, a line per line of data with the time of its first byte and "<" for
received, ">" for sent, "#" for notes, or as the raw bytes. Give a port's
folder DIR/NAME for all its files, oldest first (with those an older
serialhub wrote as DIR/NAME-TIME.cap), or files in order (DIR/NAME/*.cap).

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
	names, err := parseArgs(fs, args)
	if err != nil {
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
	if len(names) == 0 {
		fmt.Fprintln(stderr, "serialhub capture: no FILE given")
		return errUsage
	}
	var files []string
	for _, f := range names {
		st, err := os.Stat(f)
		if err != nil {
			return err
		}
		if !st.IsDir() {
			files = append(files, f)
			continue
		}
		// A port's folder, DIR/NAME: its files, and its old-layout files
		// beside it, oldest first.
		f = filepath.Clean(f)
		more, err := capture.Files(filepath.Dir(f), filepath.Base(f))
		if err != nil {
			return err
		}
		files = append(files, more...)
	}
	problems, err := capture.Export(stdout, files, opt)
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
