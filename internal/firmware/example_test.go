package firmware_test

import (
	"bufio"
	"context"
	"fmt"
	"net"

	"github.com/serialhub/serialhub/internal/firmware"
)

// A grbl on one end of a pipe; a sender on the other streams a line.
func ExampleGrbl() {
	emu, conn := net.Pipe()
	defer conn.Close()
	g := &firmware.Grbl{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Serve(ctx, emu) }()
	defer func() { cancel(); <-done; emu.Close() }()

	r := bufio.NewReader(conn)
	r.ReadString('\n') // the banner starts with an empty line
	banner, _ := r.ReadString('\n')
	fmt.Fprint(conn, "G1 X10 F500\n")
	ok, _ := r.ReadString('\n')
	fmt.Fprint(conn, "?") // a realtime command: answered at once
	status, _ := r.ReadString('\n')
	fmt.Printf("%q\n%q\n%q\n%q\n", banner, ok, status, g.Log().Texts())
	// Output:
	// "Grbl 1.1h ['$' for help]\r\n"
	// "ok\r\n"
	// "<Idle|MPos:10.000,0.000,0.000|FS:0,0>\r\n"
	// ["G1 X10 F500"]
}
