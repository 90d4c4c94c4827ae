//go:build linux

package serialtest

import (
	"fmt"
	"net"
	"testing"

	"golang.org/x/sys/unix"
)

// FullListener returns the address of a TCP listener on 127.0.0.1 that
// completes no more connections: with a backlog of 0, the one connection
// made here fills its accept queue, and Linux drops the SYNs of the next
// ones, whose connect then waits (and retries) for minutes. It stands for
// a remote device still dialling. The listener closes at the test's end.
func FullListener(t testing.TB) string {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*unix.SockaddrInet4).Port)
	// A backlog of 0 still queues one connection: this one.
	first, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("the connection that fills the queue: %v", err)
	}
	t.Cleanup(func() { first.Close() })
	// For a listener, the kernel reports its queue's length as unacked.
	info, err := unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		t.Fatal(err)
	}
	if info.Unacked < 1 {
		t.Fatalf("the listener's accept queue holds %d connections, want it full", info.Unacked)
	}
	return addr
}
