package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/serialhub/serialhub/internal/auth"
)

// runToken prints a new random token and the line that gives it to a user
// in the config file (serialhub keeps only its hash).
func runToken(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "Usage: serialhub token\n\nPrints a new random token, and its hash for a [[user]]'s token-hashes in the config file.")
		if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			return nil
		}
		return errUsage
	}
	t := auth.NewToken()
	fmt.Fprintf(stdout, "token (give it to the user or program; it is not stored): %s\n", t)
	fmt.Fprintf(stdout, "for the config file:  token-hashes = [%q]\n", auth.HashToken(t))
	return nil
}

// runHashPassword reads a password from standard input (one line) and
// prints its bcrypt hash for a [[user]]'s password-hash.
func runHashPassword(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "Usage: serialhub hash-password < password-file\n\nReads a password (one line) from standard input and prints its bcrypt hash for a [[user]]'s password-hash in the config file.")
		if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			return nil
		}
		return errUsage
	}
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(stderr, "password (shown as you type; or pipe it in): ")
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	h, err := auth.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "password-hash = %q\n", h)
	return nil
}
