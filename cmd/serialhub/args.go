package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// parseArgs parses fs's flags wherever they stand among args and returns
// the other arguments (ports, URLs, files) in order, as GNU getopt
// permutes them: "serve lab=/dev/ttyUSB0 --baud 9600" is "serve --baud
// 9600 lab=/dev/ttyUSB0". The flag package does the parsing: parseArgs
// parses, takes the argument it stopped at, and parses the rest. So a
// flag's value given as the next argument stays with its flag (--listen
// 127.0.0.1:0), and a boolean flag never takes the next argument
// (--allow-open lab=loop://). "--" ends the flags: every argument after it
// is returned, even one that starts with '-'. A lone "-" is an argument,
// not a flag. Errors are fs.Parse's, which has already reported them on
// fs's output.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if endedByDashes(fs, args[:len(args)-len(rest)]) {
			return append(positional, rest...), nil
		}
		// fs.Parse stopped at an argument that is not a flag: take it,
		// then parse what follows.
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// endedByDashes reports whether consumed, the arguments one fs.Parse took
// without error, end with the "--" that ends the flags, rather than with a
// flag's value that happens to be "--" (--allow-origin --). It reads them
// by the flag package's rules: a flag written without "=" that is not
// boolean takes the next argument as its value.
func endedByDashes(fs *flag.FlagSet, consumed []string) bool {
	for i := 0; i < len(consumed); i++ {
		arg := consumed[i]
		if arg == "--" {
			return true // fs.Parse stops after it: it is the last
		}
		name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) {
			i++ // its value
		}
	}
	return false
}

// isBoolFlag reports whether f takes no value, as the flag package
// decides it.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// verbOf returns the verb of a command with verbs ("serialhub lease take
// …", "serialhub job send …"). With none, or a flag in its place, it
// prints usage and fails: flag.ErrHelp for -h, errUsage otherwise.
func verbOf(args []string, usage string, stderr io.Writer) (string, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return "", flag.ErrHelp
		}
		return "", errUsage
	}
	return args[0], nil
}

// parseVerbArgs parses the arguments of a verb's flag set fs: its usage is
// the command's usage, the verb's flags and the URL forms. It fails with
// flag.ErrHelp for -h, errUsage for bad flags (which fs has explained).
func parseVerbArgs(fs *flag.FlagSet, usage, verb string, args []string) ([]string, error) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage+"Flags of "+verb+":\n")
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\n%s", urlHelp)
	}
	rest, err := parseArgs(fs, args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return nil, errUsage
	}
	return rest, err
}
