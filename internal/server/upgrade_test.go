package server_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestFrameInTheUpgradeRequestsPacket: a client whose first frame arrives
// in the same read as its upgrade request (net/http has read it already
// when the connection is taken over) has that frame written to the device.
func TestFrameInTheUpgradeRequestsPacket(t *testing.T) {
	e := start(t)
	addr := strings.TrimPrefix(e.srv.URL, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := "GET /ws/dev?replay=0 HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	// A masked binary frame (RFC 6455, 5.2) with "hello".
	mask := [4]byte{1, 2, 3, 4}
	frame := []byte{0x82, 0x80 | 5, mask[0], mask[1], mask[2], mask[3]}
	for i, b := range []byte("hello") {
		frame = append(frame, b^mask[i%4])
	}
	if _, err := conn.Write(append([]byte(req), frame...)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade answered %s", resp.Status)
	}
	// The pty cannot time a read out: read beside a deadline, and let the
	// pty's close at cleanup end the read if the bytes never come.
	got := make(chan []byte, 1)
	go func() {
		b := make([]byte, 5)
		n, _ := io.ReadFull(e.pty.Master, b)
		got <- b[:n]
	}()
	select {
	case b := <-got:
		if string(b) != "hello" {
			t.Fatalf("device read %q, want %q", b, "hello")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the frame sent with the upgrade request never reached the device")
	}
}
