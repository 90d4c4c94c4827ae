package rfc2217

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

// Port is the serial port a session controls. Its methods are called from
// the session's two goroutines: Modem from both, the others from the one
// that reads the client, so a Port shared by several sessions must be safe
// for concurrent use.
type Port interface {
	// Settings returns the port's current settings.
	Settings() device.Settings
	// SetSettings applies full, valid settings; the error wraps
	// device.ErrNotSupported if the device refuses them. Any error means
	// the settings did not change.
	SetSettings(ctx context.Context, s device.Settings) error
	// SetLines sets DTR and RTS; nil keeps a line as it is. The error
	// wraps device.ErrNotSupported if the device has no such lines; any
	// other error means nothing changed (the port refused this client).
	SetLines(ctx context.Context, dtr, rts *bool) error
	// SetBreak starts (true) or ends (false) a break condition; errors as
	// for SetLines.
	SetBreak(ctx context.Context, on bool) error
	// Modem reads the modem status inputs; the error wraps
	// device.ErrNotSupported where there are none.
	Modem(ctx context.Context) (device.Modem, error)
	// Write writes b to the device, serialised with other clients. It must
	// not retain b.
	Write(ctx context.Context, b []byte) error
	// Subscribe returns this session's live view of the port.
	Subscribe() (Stream, error)
}

// LinesReporter may be implemented by a Port that knows the state of its
// DTR and RTS outputs, whoever set them. A session answers a client's DTR
// or RTS request with it; without it, with what that session last set
// (device.DefaultLines at first).
type LinesReporter interface {
	Lines() device.Lines
}

// LossReporter may be implemented by a Port that counts lost bytes: a
// session tells it of the device data it drops for a client that has
// suspended the flow (FLOWCONTROL-SUSPEND) beyond Server.SuspendBuffer.
type LossReporter interface {
	Paused(n int)
}

// Stream delivers what the device sends and changes of the port, in order.
type Stream interface {
	// Next blocks until the next event; it returns an error once the
	// stream is closed or ctx ends.
	Next(ctx context.Context) (Event, error)
	// Close ends the stream and wakes a blocked Next. It is called once,
	// possibly concurrently with Next.
	Close()
}

// Event is one thing that happened on a port. Any combination of fields
// may be set.
type Event struct {
	Data     []byte           // bytes the device sent; the session does not modify or retain them
	Missed   uint64           // bytes this client lost before Data because it fell behind
	Settings *device.Settings // the port's settings changed (by anyone)
	Modem    *device.Modem    // the modem lines changed
}

// Defaults of Server's fields.
const (
	DefaultSignature     = "serialhub"
	DefaultWriteTimeout  = 10 * time.Second
	DefaultSuspendBuffer = 64 << 10
)

// Server configures the server side of RFC 2217 sessions. Its fields must
// not change once Serve has been called; the zero value uses the defaults,
// and one Server may serve any number of connections concurrently.
type Server struct {
	// Logger receives the sessions' logs; nil discards them.
	Logger *slog.Logger
	// Signature is the text sent in answer to a client's SIGNATURE
	// request; default DefaultSignature. At most 255 bytes are sent.
	Signature string
	// WriteTimeout bounds each write to a client; a client that does not
	// read for that long is disconnected. Default DefaultWriteTimeout.
	WriteTimeout time.Duration
	// SuspendBuffer is how many bytes of device data a session keeps for a
	// client that sent FLOWCONTROL-SUSPEND; more are dropped and counted
	// as missed. Default DefaultSuspendBuffer.
	SuspendBuffer int
	// MaxSubnegotiation bounds a client's subnegotiations; default
	// DefaultMaxSubnegotiation.
	MaxSubnegotiation int
}

// Serve runs an RFC 2217 session with the default Server; see Server.Serve.
func Serve(ctx context.Context, conn net.Conn, port Port) error {
	var srv Server
	return srv.Serve(ctx, conn, port)
}

// errClientClosed ends a session whose client hung up.
var errClientClosed = errors.New("client closed the connection")

// Serve speaks RFC 2217 with the client on conn about port until the client
// hangs up, ctx ends, the port's stream ends or the connection fails. It
// returns nil when the client hung up, ctx's error when ctx ended, and
// otherwise the error that ended the session.
//
// Serve subscribes to port and runs two goroutines: one reads the client
// (data for the device, commands) and one forwards the stream's events to
// the client. When either ends, Serve cancels the other, closes conn and
// the stream, and waits for both: nothing the session started outlives
// Serve. Serve always closes conn. To end all sessions, cancel their ctx.
func (srv *Server) Serve(ctx context.Context, conn net.Conn, port Port) error {
	defer conn.Close()
	stream, err := port.Subscribe()
	if err != nil {
		return fmt.Errorf("rfc2217: subscribe to the port: %w", err)
	}
	defer stream.Close()

	s := srv.newSession(conn, port)
	s.log.Debug("rfc2217 session started")
	if err := s.hello(); err != nil {
		return err
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	wg.Go(func() { cancel(s.readLoop(ctx)) })
	wg.Go(func() { cancel(s.writeLoop(ctx, stream)) })
	<-ctx.Done()
	conn.Close() // wakes the reader
	stream.Close()
	wg.Wait()

	err = context.Cause(ctx)
	s.log.Debug("rfc2217 session ended", "reason", err, "missed", s.missed.Load())
	if errors.Is(err, errClientClosed) {
		return nil
	}
	return err
}

// session is one client's RFC 2217 session.
type session struct {
	// Static after construction.
	conn       net.Conn
	port       Port
	log        *slog.Logger
	signature  string
	timeout    time.Duration // per write to conn
	suspendMax int

	// Owned by the goroutine that reads the client (readLoop), or by
	// Serve before it starts.
	dec       Decoder
	neg       *negotiator
	wbuf      []byte       // data for the device, batched per read
	rbuf      []byte       // scratch for option answers
	lineMask  byte         // SET-LINESTATE-MASK; no line states are ever notified
	brk       bool         // the break state this session last set
	lines     device.Lines // the lines this session last set, if port is no LinesReporter
	started   bool         // the client speaks RFC 2217 and got its first NOTIFY-MODEMSTATE
	lastWrErr string       // the last device write error logged, to log each only once in a row

	// Written by the reader, read by both goroutines.
	comPort   atomic.Bool   // modem notifications may be sent
	modemMask atomic.Uint32 // SET-MODEMSTATE-MASK, 255 until the client sets it
	missed    atomic.Uint64 // device bytes this client lost

	// Guarded by mu: every write to conn, so that answers, notifications
	// and data never interleave, and the state of the output.
	mu         sync.Mutex
	obuf       []byte // scratch for what is written
	suspended  bool   // the client sent FLOWCONTROL-SUSPEND
	pending    []byte // device data held while suspended, at most suspendMax bytes
	dropped    int    // bytes dropped during the current suspension
	lastModem  byte   // state bits of the last modem state seen
	modemKnown bool   // lastModem is set
}

func (srv *Server) newSession(conn net.Conn, port Port) *session {
	log := srv.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &session{
		conn:       conn,
		port:       port,
		log:        log.With("remote", conn.RemoteAddr().String()),
		signature:  srv.Signature,
		timeout:    srv.WriteTimeout,
		suspendMax: srv.SuspendBuffer,
		dec:        Decoder{MaxSubnegotiation: srv.MaxSubnegotiation},
		neg:        newNegotiator(optBinary, optSGA, optComPort),
		lines:      device.DefaultLines,
	}
	if s.signature == "" {
		s.signature = DefaultSignature
	}
	if len(s.signature) > maxSignatureBytes {
		s.signature = s.signature[:maxSignatureBytes]
	}
	if s.timeout <= 0 {
		s.timeout = DefaultWriteTimeout
	}
	if s.suspendMax <= 0 {
		s.suspendMax = DefaultSuspendBuffer
	}
	s.modemMask.Store(0xff)
	return s
}

// hello offers the options a session wants: BINARY and SGA both ways, and
// asks the client to use COM-PORT-OPTION.
func (s *session) hello() error {
	b := s.neg.request(nil, true, optBinary)
	b = s.neg.request(b, false, optBinary)
	b = s.neg.request(b, true, optSGA)
	b = s.neg.request(b, false, optSGA)
	b = s.neg.request(b, false, optComPort)
	return s.send(b)
}

// send writes b to the client.
func (s *session) send(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeLocked(b)
}

// writeLocked writes b to the client, within the write timeout; s.mu is
// held.
func (s *session) writeLocked(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if err := s.conn.SetWriteDeadline(time.Now().Add(s.timeout)); err != nil {
		return fmt.Errorf("write to client: %w", err)
	}
	if _, err := s.conn.Write(b); err != nil {
		return fmt.Errorf("write to client: %w", err)
	}
	return nil
}

// reply sends the server's answer to command cmd.
func (s *session) reply(cmd byte, value ...byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.obuf = appendSub(s.obuf[:0], optComPort, append([]byte{cmd + serverOffset}, value...)...)
	return s.writeLocked(s.obuf)
}

// readLoop reads the client until it hangs up or the connection fails.
func (s *session) readLoop(ctx context.Context) error {
	buf := make([]byte, 4096)
	for {
		n, err := s.conn.Read(buf)
		if n > 0 {
			if err := s.input(ctx, buf[:n]); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return errClientClosed
		}
		if err != nil {
			return fmt.Errorf("read from client: %w", err)
		}
	}
}

// input handles bytes from the client: data goes to the device in one
// write per call, commands are carried out in order with it.
func (s *session) input(ctx context.Context, p []byte) error {
	var err error
	s.dec.Decode(p, func(it Item) {
		if err != nil {
			return
		}
		if it.Kind == KindData {
			s.wbuf = append(s.wbuf, it.Data...)
			return
		}
		if err = s.flushData(ctx); err == nil {
			err = s.command(ctx, it)
		}
	})
	if err != nil {
		return err
	}
	return s.flushData(ctx)
}

// flushData writes the batched client data to the device. A failed write
// loses the data but not the session: the device may come back.
func (s *session) flushData(ctx context.Context) error {
	if len(s.wbuf) == 0 {
		return nil
	}
	err := s.port.Write(ctx, s.wbuf)
	s.wbuf = s.wbuf[:0]
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if msg := err.Error(); msg != s.lastWrErr {
			s.lastWrErr = msg
			s.log.Warn("rfc2217: client data for the device lost", "err", err)
		}
		return nil
	}
	s.lastWrErr = ""
	return nil
}

// command handles one Telnet command from the client.
func (s *session) command(ctx context.Context, it Item) error {
	switch it.Kind {
	case KindOption:
		var changed bool
		s.rbuf, changed = s.neg.receive(s.rbuf[:0], it.Command, it.Option)
		if err := s.send(s.rbuf); err != nil {
			return err
		}
		if changed && it.Option == optComPort && (s.neg.enabled(false, optComPort) || s.neg.enabled(true, optComPort)) {
			return s.startComPort(ctx)
		}
	case KindSubnegotiation:
		if it.Option != optComPort || len(it.Data) == 0 {
			s.log.Debug("rfc2217: ignored subnegotiation", "option", it.Option)
			return nil
		}
		if err := s.startComPort(ctx); err != nil {
			return err
		}
		return s.comPortCommand(ctx, it.Data[0], it.Data[1:])
	case KindCommand:
		s.log.Debug("rfc2217: ignored Telnet command", "command", it.Command)
	}
	return nil
}

// startComPort runs when the client shows it speaks RFC 2217: it agrees
// to COM-PORT-OPTION on either side, or sends a COM-PORT-OPTION command.
// (pyserial takes the server's DO COM-PORT-OPTION, when it comes before
// its own WILL, as the answer to a WILL it then never sends.) The first
// time, modem state notifications start, with the current state if the
// device has modem lines.
func (s *session) startComPort(ctx context.Context) error {
	if s.started {
		return nil
	}
	s.started = true
	s.comPort.Store(true)
	m, err := s.port.Modem(ctx)
	if err != nil {
		s.log.Debug("rfc2217: no modem state to notify", "err", err)
		return nil
	}
	return s.notifyModem(m, true)
}

// notifyModem records the modem state m and sends NOTIFY-MODEMSTATE if the
// client agreed to COM-PORT-OPTION and a line its mask selects changed, or
// in any case if force.
func (s *session) notifyModem(m device.Modem, force bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := modemBits(m)
	prev, first := s.lastModem, !s.modemKnown
	if first {
		prev = cur // the first state known has no deltas, and is news
	}
	s.lastModem, s.modemKnown = cur, true
	deltas := modemDeltas(prev, cur)
	mask := byte(s.modemMask.Load())
	if !force && (!s.comPort.Load() || !first && ((prev^cur)|deltas)&mask == 0) {
		return nil
	}
	s.obuf = appendSub(s.obuf[:0], optComPort, comNotifyModem+serverOffset, (cur|deltas)&mask)
	return s.writeLocked(s.obuf)
}

// comPortCommand carries out one COM-PORT-OPTION command and answers it
// with the value in effect afterwards. It returns only errors that end the
// session; a port that refuses a change is logged and answered with what
// it kept.
func (s *session) comPortCommand(ctx context.Context, cmd byte, v []byte) error {
	log := s.log.With("command", commandName(cmd))
	needs := 1
	switch cmd {
	case comSignature, comNotifyLine, comNotifyModem, comFlowSuspend, comFlowResume:
		needs = 0
	case comSetBaud:
		needs = 4
	}
	if len(v) < needs {
		log.Debug("rfc2217: malformed command ignored", "value", v)
		return nil
	}
	switch cmd {
	case comSignature:
		if len(v) == 0 {
			return s.reply(cmd, []byte(s.signature)...)
		}
		log.Debug("rfc2217: client signature", "signature", string(v[:min(len(v), maxSignatureBytes)]))
	case comSetBaud:
		if baud := binary.BigEndian.Uint32(v); baud != 0 {
			s.apply(ctx, log, func(st *device.Settings) { st.Baud = int(baud) })
		}
		return s.reply(cmd, binary.BigEndian.AppendUint32(nil, uint32(s.port.Settings().Baud))...)
	case comSetDataSize:
		if v[0] != 0 {
			s.apply(ctx, log, func(st *device.Settings) { st.DataBits = int(v[0]) })
		}
		return s.reply(cmd, byte(s.port.Settings().DataBits))
	case comSetParity:
		if p, ok := parityFromCode(v[0]); ok {
			s.apply(ctx, log, func(st *device.Settings) { st.Parity = p })
		} else if v[0] != 0 {
			log.Info("rfc2217: unknown parity kept the current one", "value", v[0])
		}
		return s.reply(cmd, parityCode(s.port.Settings().Parity))
	case comSetStopSize:
		if sb, ok := stopFromCode(v[0]); ok {
			s.apply(ctx, log, func(st *device.Settings) { st.StopBits = sb })
		} else if v[0] != 0 {
			log.Info("rfc2217: unknown stop size kept the current one", "value", v[0])
		}
		return s.reply(cmd, stopCode(s.port.Settings().StopBits))
	case comSetControl:
		return s.control(ctx, log, v[0])
	case comNotifyLine:
		return s.reply(cmd, 0) // no line state is known
	case comNotifyModem:
		m, err := s.port.Modem(ctx)
		if err != nil {
			log.Debug("rfc2217: modem state poll answered with no lines", "err", err)
		}
		return s.notifyModem(m, true)
	case comFlowSuspend, comFlowResume:
		return s.setSuspended(cmd == comFlowSuspend)
	case comSetLineMask:
		s.lineMask = v[0]
		return s.reply(cmd, v[0])
	case comSetModemMask:
		s.modemMask.Store(uint32(v[0]))
		return s.reply(cmd, v[0])
	case comPurgeData:
		if v[0] < purgeReceive || v[0] > purgeBoth {
			log.Info("rfc2217: unknown purge ignored", "value", v[0])
			return nil
		}
		if v[0] != purgeTransmit {
			s.mu.Lock()
			s.pending = s.pending[:0]
			s.mu.Unlock()
		}
		// Data for the device is never held here: nothing to purge.
		return s.reply(cmd, v[0])
	default:
		log.Debug("rfc2217: unknown command ignored", "code", cmd)
	}
	return nil
}

// apply changes one field of the port's settings; a refusal is logged and
// the port keeps its settings.
func (s *session) apply(ctx context.Context, log *slog.Logger, change func(*device.Settings)) {
	cur := s.port.Settings()
	next := cur
	change(&next)
	if next == cur {
		return
	}
	if err := next.Validate(); err != nil {
		log.Info("rfc2217: client asked for invalid settings", "err", err)
		return
	}
	if err := s.port.SetSettings(ctx, next); err != nil {
		log.Warn("rfc2217: port refused the client's settings", "settings", next.String(), "err", err)
	}
}

// control carries out a SET-CONTROL command and answers it with the value
// in effect afterwards. Lines and break are acknowledged with the value asked
// for even when the device cannot set them (an error wrapping
// device.ErrNotSupported: a pseudo-terminal has no modem lines), since
// clients such as pyserial give up on a port whose server does not answer.
// A control the port refuses otherwise (another client holds the write
// lock, the device is not open) changed nothing, and the answer says so.
func (s *session) control(ctx context.Context, log *slog.Logger, v byte) error {
	switch v {
	case ctlFlowRequest, ctlInRequest:
		return s.reply(comSetControl, flowCode(s.port.Settings().FlowControl, v == ctlInRequest))
	case ctlFlowNone, ctlFlowXONXOFF, ctlFlowHardware, ctlInNone, ctlInXONXOFF, ctlInHardware:
		f, _ := flowFromCode(v)
		s.apply(ctx, log, func(st *device.Settings) { st.FlowControl = f })
		return s.reply(comSetControl, flowCode(s.port.Settings().FlowControl, v >= ctlInNone))
	case ctlFlowDCD, ctlInDTR, ctlFlowDSR:
		log.Info("rfc2217: unsupported flow control kept the current one", "control", controlName(v))
		return s.reply(comSetControl, flowCode(s.port.Settings().FlowControl, v == ctlInDTR))
	case ctlBreakRequest:
		return s.reply(comSetControl, onOff(s.brk, ctlBreakOn, ctlBreakOff))
	case ctlBreakOn, ctlBreakOff:
		on := v == ctlBreakOn
		if s.controlDone(log, v, s.port.SetBreak(ctx, on)) {
			s.brk = on
		}
		return s.reply(comSetControl, onOff(s.brk, ctlBreakOn, ctlBreakOff))
	case ctlDTRRequest:
		return s.reply(comSetControl, onOff(s.currentLines().DTR, ctlDTROn, ctlDTROff))
	case ctlDTROn, ctlDTROff:
		on := v == ctlDTROn
		if !s.controlDone(log, v, s.port.SetLines(ctx, &on, nil)) {
			return s.reply(comSetControl, onOff(s.currentLines().DTR, ctlDTROn, ctlDTROff))
		}
		s.lines.DTR = on
		return s.reply(comSetControl, v)
	case ctlRTSRequest:
		return s.reply(comSetControl, onOff(s.currentLines().RTS, ctlRTSOn, ctlRTSOff))
	case ctlRTSOn, ctlRTSOff:
		on := v == ctlRTSOn
		if !s.controlDone(log, v, s.port.SetLines(ctx, nil, &on)) {
			return s.reply(comSetControl, onOff(s.currentLines().RTS, ctlRTSOn, ctlRTSOff))
		}
		s.lines.RTS = on
		return s.reply(comSetControl, v)
	}
	log.Info("rfc2217: unknown SET-CONTROL value ignored", "value", v)
	return nil
}

// controlDone reports whether the control v, which ended with err, is to
// be acknowledged with the value asked for: it was done, or the device
// cannot do it. Otherwise the port refused it and nothing changed.
func (s *session) controlDone(log *slog.Logger, v byte, err error) bool {
	switch {
	case err == nil:
		return true
	case errors.Is(err, device.ErrNotSupported):
		log.Info("rfc2217: acknowledged a control the device does not support", "control", controlName(v), "err", err)
		return true
	default:
		log.Warn("rfc2217: port refused the client's control; answered with the value in effect", "control", controlName(v), "err", err)
		return false
	}
}

func onOff(on bool, yes, no byte) byte {
	if on {
		return yes
	}
	return no
}

// currentLines returns the state of DTR and RTS as well as it is known.
func (s *session) currentLines() device.Lines {
	if lr, ok := s.port.(LinesReporter); ok {
		return lr.Lines()
	}
	return s.lines
}

// setSuspended carries out FLOWCONTROL-SUSPEND and -RESUME. Only device
// data is held while suspended: answers and notifications still go out, as
// clients wait for them.
func (s *session) setSuspended(on bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.suspended = on
	if on {
		return nil
	}
	if s.dropped > 0 {
		s.log.Warn("rfc2217: suspended client lost device data", "bytes", s.dropped, "kept", len(s.pending))
		s.dropped = 0
	}
	s.obuf = AppendEscaped(s.obuf[:0], s.pending)
	s.pending = s.pending[:0]
	return s.writeLocked(s.obuf)
}

// writeLoop forwards the port's events to the client until the stream or
// the connection fails.
func (s *session) writeLoop(ctx context.Context, stream Stream) error {
	for {
		ev, err := stream.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("rfc2217: port stream: %w", err)
		}
		if ev.Missed > 0 {
			s.missed.Add(ev.Missed)
			s.log.Warn("rfc2217: client fell behind and lost device data", "bytes", ev.Missed)
		}
		if ev.Modem != nil {
			if err := s.notifyModem(*ev.Modem, false); err != nil {
				return err
			}
		}
		if len(ev.Data) > 0 {
			if err := s.sendData(ev.Data); err != nil {
				return err
			}
		}
		// ev.Settings needs no message: RFC 2217 has no notification of
		// settings, and a client asks with value 0 when it wants them.
	}
}

// sendData sends device data to the client, or holds it while the client
// has suspended the flow, dropping what does not fit.
func (s *session) sendData(p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.suspended {
		if room := s.suspendMax - len(s.pending); len(p) > room {
			lost := len(p) - room
			s.dropped += lost
			s.missed.Add(uint64(lost))
			if lr, ok := s.port.(LossReporter); ok {
				lr.Paused(lost)
			}
			p = p[:room]
		}
		s.pending = append(s.pending, p...)
		return nil
	}
	s.obuf = AppendEscaped(s.obuf[:0], p)
	return s.writeLocked(s.obuf)
}
