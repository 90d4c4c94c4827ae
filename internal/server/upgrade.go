package server

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
)

// Buffers of an upgraded connection. net/http hands a hijacked connection
// over with 4 KiB buffers each way, which github.com/coder/websocket keeps
// for the connection's life: 8 KiB of a client that mostly idles. These
// are enough for the messages that go through them (status events, small
// writes, frame headers); larger payloads bypass a bufio buffer anyway.
const (
	upgradedReadBuffer  = 1 << 10
	upgradedWriteBuffer = 2 << 10
)

// smallBuffers is the ResponseWriter of a WebSocket upgrade: its Hijack
// gives the connection smaller buffers than net/http's.
type smallBuffers struct {
	http.ResponseWriter
}

// Hijack takes the connection over from net/http. Bytes net/http had read
// beyond the request (a first frame in the same packet) are moved into the
// new reader's buffer: coder/websocket keeps what is buffered and reads
// the rest from the connection itself.
func (w smallBuffers) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	n := brw.Reader.Buffered()
	read, _ := brw.Reader.Peek(n)
	r := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(bytes.Clone(read)), conn), max(upgradedReadBuffer, n))
	if n > 0 {
		r.Peek(n) // from the bytes.Reader alone: a MultiReader reads one reader at a time
	}
	return conn, bufio.NewReadWriter(r, bufio.NewWriterSize(conn, upgradedWriteBuffer)), nil
}

// Unwrap lets http.ResponseController reach the ResponseWriter beneath.
func (w smallBuffers) Unwrap() http.ResponseWriter { return w.ResponseWriter }
