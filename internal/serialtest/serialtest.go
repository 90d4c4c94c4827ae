//go:build linux

// Package serialtest runs serialhub for tests and benchmarks, as
// net/http/httptest runs HTTP servers: a pseudo-terminal stands in for a
// serial device (the test plays the device on its master side), a whole
// server listens on 127.0.0.1, and a WebSocket client speaks the protocol.
// ser2net and socat can serve a device too, as real peers and for
// comparison.
package serialtest

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/job"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/server"
	"github.com/serialhub/serialhub/web"
)

// PTY is a pseudo-terminal pair standing in for a serial device: serialhub
// opens Path; the test reads and writes Master as the device would.
type PTY struct {
	Master *os.File
	Path   string // the slave's path, e.g. /dev/pts/3
}

// OpenPTY opens a pseudo-terminal with its master side in raw mode, so
// bytes pass through untouched both ways.
func OpenPTY() (*PTY, error) {
	master, slave, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("open pty: %w", err)
	}
	path := slave.Name()
	// serialhub opens the slave by its path; keeping this handle open too
	// would keep the line alive after the test closes the master.
	err = makeRaw(slave)
	slave.Close()
	if err != nil {
		master.Close()
		return nil, err
	}
	if err := makeRaw(master); err != nil {
		master.Close()
		return nil, err
	}
	return &PTY{Master: master, Path: path}, nil
}

func makeRaw(f *os.File) error {
	t, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		return fmt.Errorf("get termios of %s: %w", f.Name(), err)
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(int(f.Fd()), unix.TCSETS, t); err != nil {
		return fmt.Errorf("set termios of %s: %w", f.Name(), err)
	}
	return nil
}

// Line is a pseudo-terminal's line settings as its termios holds them.
type Line struct {
	Baud     int    // output speed in bits per second
	DataBits int    // 5 to 8
	Parity   string // none, odd or even
	StopBits int    // 1 or 2
	RTSCTS   bool   // hardware flow control
	XONXOFF  bool   // software flow control (input and output)
}

// Line reads the line settings serialhub gave the device, from the master
// side: on a pty master, termios requests act on the slave.
func (p *PTY) Line() (Line, error) {
	t, err := unix.IoctlGetTermios(int(p.Master.Fd()), unix.TCGETS2)
	if err != nil {
		return Line{}, fmt.Errorf("get termios of %s: %w", p.Path, err)
	}
	l := Line{
		Baud:     int(t.Ospeed),
		DataBits: map[uint32]int{unix.CS5: 5, unix.CS6: 6, unix.CS7: 7, unix.CS8: 8}[t.Cflag&unix.CSIZE],
		Parity:   "none",
		StopBits: 1,
		RTSCTS:   t.Cflag&unix.CRTSCTS != 0,
		XONXOFF:  t.Iflag&unix.IXON != 0 && t.Iflag&unix.IXOFF != 0,
	}
	if t.Cflag&unix.PARENB != 0 {
		l.Parity = "even"
		if t.Cflag&unix.PARODD != 0 {
			l.Parity = "odd"
		}
	}
	if t.Cflag&unix.CSTOPB != 0 {
		l.StopBits = 2
	}
	return l, nil
}

// Close closes the master side: serialhub's reads of the device then fail,
// as when a USB adapter is unplugged.
func (p *PTY) Close() error { return p.Master.Close() }

// Reader returns a copy of the master side for a goroutine to read the
// device's input from, in non-blocking mode, so that closing it wakes the
// read. (Master itself is in blocking mode, once its Fd has been taken: a
// goroutine blocked reading it would keep it open, and the line alive
// after Close.) The caller closes it, beside Close. Start reading only once
// serialhub has opened the device: a master whose slave no one has open
// reads as an error.
func (p *PTY) Reader() (*os.File, error) {
	fd, err := unix.Dup(int(p.Master.Fd()))
	if err != nil {
		return nil, fmt.Errorf("dup the master of %s: %w", p.Path, err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("the master of %s: %w", p.Path, err)
	}
	return os.NewFile(uintptr(fd), p.Path+" (master)"), nil
}

// Server is a whole serialhub server on 127.0.0.1.
type Server struct {
	URL    string // http://127.0.0.1:PORT
	Hub    *hub.Hub
	Server *server.Server

	http      *http.Server
	jobs      *job.Manager // the server's jobs, if StartServer made the manager
	serveCh   chan error
	closeOnce sync.Once
}

// Options configure StartServer.
type Options struct {
	Ports  []hub.Config  // the ports; each Logger defaults to Logger
	Server server.Config // Hub and UI are filled in
	Logger *slog.Logger  // nil: discard logs
	// Addr is the address to listen on: "127.0.0.1:0" (a random port) if
	// empty. A test that restarts a server passes the old one's address.
	Addr string
}

// StartServer starts a server for opts on opts.Addr, by default a random
// port of 127.0.0.1.
func StartServer(opts Options) (*Server, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for i := range opts.Ports {
		if opts.Ports[i].Logger == nil {
			opts.Ports[i].Logger = log
		}
	}
	h, err := hub.New(opts.Ports)
	if err != nil {
		return nil, err
	}
	cfg := opts.Server
	cfg.Hub, cfg.UI = h, web.UI()
	if cfg.Logger == nil {
		cfg.Logger = log
	}
	// Jobs run as in serialhub, kept nowhere unless the test gives a
	// manager of its own (which it closes).
	var jobs *job.Manager
	if cfg.Jobs == nil {
		jobs, _ = job.NewManager(job.Config{Logger: log}) // no directory: nothing to fail
		cfg.Jobs = jobs
	}
	srv, err := server.New(cfg)
	if err != nil {
		jobs.Close()
		h.Close()
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		jobs.Close()
		h.Close()
		return nil, err
	}
	s := &Server{
		jobs:    jobs,
		URL:     "http://" + ln.Addr().String(),
		Hub:     h,
		Server:  srv,
		http:    &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second},
		serveCh: make(chan error, 1),
	}
	go func() { s.serveCh <- s.http.Serve(ln) }()
	return s, nil
}

// WSURL returns the WebSocket URL of a port, with an optional query.
func (s *Server) WSURL(port, query string) string {
	u := "ws" + strings.TrimPrefix(s.URL, "http") + "/ws/" + port
	if query != "" {
		u += "?" + query
	}
	return u
}

// Close shuts the server down as serialhub does: HTTP and the WebSocket
// clients (close frames) and event streams side by side, then the ports.
// It is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		wait := s.Server.StartShutdown()
		// A connection a browser opened ahead of need counts as busy for
		// 5 s and may outlast the deadline: cut what is left then.
		if err := s.http.Shutdown(ctx); err != nil {
			s.http.Close()
		}
		wait(ctx)
		<-s.serveCh
		s.jobs.Close() // before the ports, as serialhub does
		s.Hub.Close()
	})
	return nil
}

// Client is a WebSocket client of one port.
type Client struct {
	Conn *websocket.Conn
}

// Dial connects to url (see Server.WSURL).
func Dial(ctx context.Context, url string) (*Client, error) {
	return DialHeader(ctx, url, nil)
}

// DialHeader is Dial with extra headers on the upgrade request, such as
// Authorization or Cookie. A refused upgrade's error names the status.
func DialHeader(ctx context.Context, url string, h http.Header) (*Client, error) {
	c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("%w (HTTP %d)", err, resp.StatusCode)
		}
		return nil, err
	}
	c.SetReadLimit(16 << 20)
	return &Client{Conn: c}, nil
}

// Frame is one message from the server: device bytes or an event.
type Frame struct {
	Data  []byte // a binary frame's bytes
	Event Event  // a text frame's event
}

// Event is a JSON event as protocol.Event decodes it, with the text it
// came in for messages.
type Event struct {
	protocol.Event
	Raw []byte // the text frame
}

// Next returns the next frame.
func (c *Client) Next(ctx context.Context) (Frame, error) {
	typ, b, err := c.Conn.Read(ctx)
	if err != nil {
		return Frame{}, err
	}
	if typ == websocket.MessageBinary {
		return Frame{Data: b}, nil
	}
	ev := Event{Raw: b}
	if err := json.Unmarshal(b, &ev.Event); err != nil {
		return Frame{}, fmt.Errorf("event %q: %w", b, err)
	}
	return Frame{Event: ev}, nil
}

// Send writes bytes for the device.
func (c *Client) Send(ctx context.Context, p []byte) error {
	return c.Conn.Write(ctx, websocket.MessageBinary, p)
}

// Control sends a control message.
func (c *Client) Control(ctx context.Context, msg string) error {
	return c.Conn.Write(ctx, websocket.MessageText, []byte(msg))
}

// WaitState reads until a status event with the port in state, skipping
// everything else, and returns that port object.
func (c *Client) WaitState(ctx context.Context, state protocol.State) (protocol.Port, error) {
	for {
		f, err := c.Next(ctx)
		if err != nil {
			return protocol.Port{}, fmt.Errorf("waiting for state %s: %w", state, err)
		}
		if f.Event.Type == protocol.TypeStatus && f.Event.Port != nil && f.Event.Port.State == state {
			return *f.Event.Port, nil
		}
	}
}

// Close closes the connection normally.
func (c *Client) Close() error {
	return c.Conn.Close(websocket.StatusNormalClosure, "")
}
