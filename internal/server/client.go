package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

// client is one WebSocket connection to one port. A goroutine of its own,
// which the server tracks and waits for, runs readLoop (run); a sender
// goroutine (send), which run waits for, writes what the port sends while
// there is something to write.
type client struct {
	// Static after construction, but for conn, which is set once (under
	// the server's lock) after the upgrade.
	srv    *Server
	conn   *websocket.Conn
	port   *hub.Port
	sub    *hub.Subscriber
	log    *slog.Logger
	id     *auth.Identity
	role   auth.Role       // the identity's role for port
	remote string          // the client's address, for the audit log
	name   string          // how others see the client: clientName
	limit  *rate.Limiter   // control messages; used by readLoop only
	ctx    context.Context // the connection's: ends when either loop ends or the server closes
	cancel context.CancelFunc
	// ops bounds what the client asks of the port (writes, controls): it
	// ends with ctx, and first thing in goAway, so that a client whose
	// bytes the device does not take is free to finish its close
	// handshake.
	ops       context.Context
	cancelOps context.CancelFunc

	stamps   bool         // static: the client asked for timestamps (a stamps event before each binary frame)
	values   bool         // static: the client asked for decoded values (values events)
	statuses *statusCache // set once before the loops start: the port's, shared with its other clients

	// Senders (send): one at a time, started by wake.
	senderMu sync.Mutex     // makes wake and stopSending one step each
	stopped  bool           // guarded by senderMu: no more senders start
	senders  sync.WaitGroup // the sender running, if any
	sending  atomic.Bool    // a sender runs, or is starting
	dead     atomic.Bool    // sending failed: the connection is over
	// Owned by the running sender.
	out    frames
	msgs   []hub.Message
	missed uint64 // bytes this client missed, for dropped events' totals

	writeMu    sync.Mutex  // serialises write (the sender's frames and events, readLoop's replies)
	writeTimer *time.Timer // guarded by writeMu: the write timeout, armed during each write
	timedOut   atomic.Bool // the write timeout fired: the connection is cut

	// Expect requests (expectRequest) run in goroutines of their own;
	// run waits for them once the connection is over.
	jobs    sync.WaitGroup
	expects atomic.Int32 // running
	// leasing is held while a lease request runs (leaseRequest): one at
	// a time.
	leasing sync.Mutex

	closeOnce sync.Once
}

func (s *Server) handleWS(w http.ResponseWriter, r *http.Request) {
	port, ok := s.portFor(w, r, auth.RoleView)
	if !ok {
		return
	}
	q := r.URL.Query()
	replay := q.Get(protocol.QueryReplay) != "0"
	var since uint64
	resume := q.Has(protocol.QuerySince)
	if resume {
		var err error
		if since, err = strconv.ParseUint(q.Get(protocol.QuerySince), 10, 64); err != nil {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "since="+q.Get(protocol.QuerySince)+": want a stream offset (a whole number of bytes)")
			return
		}
		if !replay {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "since and replay=0 contradict each other: since asks for a replay")
			return
		}
	}
	stamps := false
	if v := q.Get(protocol.QueryTimestamps); v != "" {
		var err error
		if stamps, err = strconv.ParseBool(v); err != nil {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, protocol.QueryTimestamps+"="+v+": want 1 (a stamps event before each binary frame) or 0")
			return
		}
	}
	wantValues := false
	if v := q.Get(protocol.QueryValues); v != "" {
		var err error
		if wantValues, err = strconv.ParseBool(v); err != nil {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, protocol.QueryValues+"="+v+": want 1 (values events of the port's decoder) or 0")
			return
		}
	}
	lease := q.Get(protocol.QueryLease)
	if lease != "" && !protocol.ValidLeaseID(lease) {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, protocol.QueryLease+"="+lease+": not a lease's id (32 hexadecimal digits)")
		return
	}
	id := identity(r.Context())
	ctx, cancel := context.WithCancel(context.Background())
	ops, cancelOps := context.WithCancel(ctx)
	c := &client{
		srv:       s,
		port:      port,
		log:       s.log.With("remote", r.RemoteAddr, "port", port.Name(), "user", id.User),
		id:        id,
		role:      id.Role(port.Name()),
		remote:    r.RemoteAddr,
		name:      clientName(id, r),
		limit:     rate.NewLimiter(rate.Limit(s.cfg.ControlRate), int(10*s.cfg.ControlRate)),
		ctx:       ctx,
		cancel:    cancel,
		ops:       ops,
		cancelOps: cancelOps,
		stamps:    stamps,
		values:    wantValues,
	}
	if err := s.track(c); err != nil {
		cancel()
		writeError(w, http.StatusServiceUnavailable, protocol.CodeTooMany, err.Error())
		return
	}
	c.out.c = c
	if !c.accept(w, r, resume, q.Get(protocol.QueryStream), since, replay) {
		c.finish()
		return
	}
	if lease != "" {
		// Back within the lease's time: the connection holds the port
		// again. Otherwise it is told, and is an ordinary client.
		err := port.UseLease(c.sub, lease)
		if err == nil && !c.role.Allows(auth.RoleControl) {
			err = errors.New("your role for port " + port.Name() + " is " + string(c.role) + ": it cannot act under a lease")
		}
		if err != nil {
			c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeNoLease, Message: "lease: " + err.Error()})
		}
	}
	// The connection is served by a goroutine of its own, which the
	// server waits for (track, finish), started with a small stack: the
	// handler's goroutine, whose stack grew as it parsed the request and
	// upgraded it, ends here, so an idle client holds only what it needs.
	go func() {
		c.run()
		c.finish()
	}()
}

// accept upgrades the request and subscribes the client to its port, and
// reports whether it did.
func (c *client) accept(w http.ResponseWriter, r *http.Request, resume bool, stream string, since uint64, replay bool) bool {
	s, port := c.srv, c.port
	c.statuses = s.statusCacheOf(port)
	// Accept checks that the Origin header, if any, matches the host the
	// page was served from or one of OriginPatterns, and answers 403
	// otherwise: a page on another site cannot drive the port.
	conn, err := websocket.Accept(smallBuffers{w}, r, &websocket.AcceptOptions{
		OriginPatterns:  s.cfg.OriginPatterns,
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		s.log.Info("websocket refused", "remote", r.RemoteAddr, "port", port.Name(), "err", err)
		return false
	}
	conn.SetReadLimit(s.cfg.MaxMessage)
	if !s.attach(c, conn) {
		conn.Close(websocket.StatusGoingAway, reasonShutdown)
		return false
	}
	// A session that ends from here on finds the client (sessionEnded);
	// one that ended before is found ended here.
	if sid := c.id.Session(); sid != "" && !s.auth.SessionActive(sid) {
		c.closeWith(websocket.StatusPolicyViolation, reasonSessionEnded)
		return false
	}
	// The client is counted under its name in the port's watchers, and
	// its writes name it as the port's last writer.
	c.sub, err = port.SubscribeWith(hub.SubscribeOptions{Name: c.who(), Replay: replay, Resume: resume, Stream: stream, Since: since, Values: c.values})
	if err != nil {
		conn.Close(websocket.StatusGoingAway, "port closed")
		return false
	}
	c.log.Info("client connected", "replay", replay, "resume", resume, "since", since)
	c.audit("connected", "port", port.Name(), "role", string(c.role))
	return true
}

// finish ends a tracked client, connected or not: the server and then the
// port stop counting it, and Close stops waiting for it.
func (c *client) finish() {
	c.srv.forget(c)
	if c.sub != nil {
		c.sub.Close()
		c.log.Info("client disconnected", "missed", c.sub.Missed())
		c.audit("disconnected", "port", c.port.Name())
	}
	if c.statuses != nil {
		c.srv.releaseStatusCache(c.port)
	}
	c.cancel()
	c.srv.untrack(c)
}

// audit records what the client did in the audit log.
func (c *client) audit(msg string, args ...any) { c.srv.auditAs(msg, c.remote, c.id, args...) }

// run serves the connection until the client leaves, the port closes or
// the server shuts down: the handler's goroutine reads the client, and
// what the port sends the client is written by a goroutine started only
// while there is something to send (wake), so an idle client costs one
// goroutine.
func (c *client) run() {
	c.sub.SetWake(c.wake)
	c.readLoop()
	// The connection is over: closing it ends a write in progress, which
	// watches no context.
	c.cancel()
	c.conn.CloseNow()
	c.jobs.Wait()
	c.stopSending()
}

// wake starts a sender if none runs; the subscriber calls it when there is
// something to send, with the port's locks held.
func (c *client) wake() {
	c.senderMu.Lock()
	defer c.senderMu.Unlock()
	if c.stopped || !c.sending.CompareAndSwap(false, true) {
		return
	}
	c.senders.Add(1)
	go c.send()
}

// stopSending starts no more senders and waits for the one running.
func (c *client) stopSending() {
	c.senderMu.Lock()
	c.stopped = true
	c.senderMu.Unlock()
	c.senders.Wait()
}

// send is a sender: it sends what is queued until the queue is empty, then
// ends. If sending fails, the connection is over: the client is cut off
// (write timeout) or told to go away (its port closed), and the reader
// stops.
func (c *client) send() {
	defer c.senders.Done()
	if c.dead.Load() {
		return
	}
	err := c.sendQueued()
	if err == nil {
		return
	}
	c.dead.Store(true)
	switch {
	case errors.Is(err, hub.ErrClosed):
		// The ports close at shutdown too: say which.
		reason := "port closed"
		if c.srv.shuttingDown() {
			reason = reasonShutdown
		}
		c.goAway(reason)
	case errors.Is(err, context.DeadlineExceeded):
		// Only the write timeout ends a write so. The client's socket is
		// full: no close frame can reach it either. What it was sent and
		// what was queued for it are lost: counted as cut off.
		lost := c.sub.CutOff(c.out.unsent)
		c.log.Warn("client cut off: it took no data for the write timeout", "timeout", c.srv.cfg.WriteTimeout, "missed", c.sub.Missed(), "cutoff", lost)
	case c.ctx.Err() != nil:
	default:
		c.log.Info("send failed", "err", err)
	}
	c.cancel() // the reader stops
}

// sendQueued moves the subscriber's messages to the WebSocket until none
// are left: device bytes coalesced into binary frames (each after a stamps
// event if the client asked for timestamps), events as JSON text frames.
// It returns hub.ErrClosed once the subscriber has closed.
func (c *client) sendQueued() error {
	f := &c.out
	// event sends an event after the bytes that came before it.
	event := func(ev any) error {
		if err := f.flush(); err != nil {
			return err
		}
		return c.writeEvent(ev)
	}
	for {
		msgs, err := c.sub.TryReceive(c.msgs)
		if err != nil {
			return err
		}
		if len(msgs) == 0 {
			// An idle client holds no frame buffer, and no message (nor
			// the pages its bytes are in).
			f.release()
			clear(c.msgs)
			c.msgs = c.msgs[:0]
			// Done, unless a message came after TryReceive and its wake
			// found this sender still running. From the Store on, another
			// sender may run.
			c.sending.Store(false)
			if !c.sub.Pending() || !c.sending.CompareAndSwap(false, true) {
				return nil
			}
			continue
		}
		c.msgs = msgs
		for _, m := range msgs {
			switch {
			case m.Status != nil:
				if err = f.flush(); err == nil {
					var b []byte
					if b, err = c.statuses.encode(m.Status); err == nil {
						err = c.write(websocket.MessageText, b)
					}
				}
			case m.Job != nil:
				err = event(protocol.JobEvent{Type: protocol.TypeJob, Job: wire.JobObject(*m.Job)})
			case m.Notice != nil:
				err = event(protocol.Notice{Type: protocol.TypeNotice, Trigger: m.Notice.From, Text: m.Notice.Text, Time: m.Notice.Time})
			case m.LockRequest != "":
				err = event(protocol.LockRequest{Type: protocol.TypeLockRequest, From: m.LockRequest})
			case m.Lease != nil:
				err = event(leaseEvent(m.Lease))
			case m.Values != nil:
				err = event(protocol.Values{Type: protocol.TypeValues, Records: wire.RecordObjects(m.Values), Missed: m.ValuesMissed})
			case m.Missed > 0:
				c.missed += m.Missed
				reason := protocol.ReasonSlow
				switch {
				case m.Away:
					reason = protocol.ReasonAway
				case m.Upstream:
					reason = protocol.ReasonUpstream
				}
				err = event(protocol.Dropped{Type: protocol.TypeDropped, Bytes: m.Missed, Total: c.missed, Reason: reason})
			case m.Replay != nil:
				// The replay goes in frames of its own, apart from live bytes.
				err = event(protocol.Replay{Type: protocol.TypeReplay, Bytes: m.Replay.Len, Offset: m.Replay.Offset})
				for chunk := range m.Replay.Chunks() {
					if err != nil {
						break
					}
					err = f.add(chunk)
				}
				if err == nil {
					err = f.flush()
				}
			default:
				err = f.add(m.Chunk)
			}
			if err != nil {
				return err
			}
		}
		if err := f.flush(); err != nil {
			return err
		}
	}
}

// goAway closes the connection with status 1001 and reason, and ends
// whatever the client's goroutines wait for (a write the device has not
// taken, its queue).
func (c *client) goAway(reason string) { c.closeWith(websocket.StatusGoingAway, reason) }

// closeWith closes the connection with status and reason, as goAway does;
// only the first close of a client counts.
func (c *client) closeWith(status websocket.StatusCode, reason string) {
	c.closeOnce.Do(func() {
		c.cancelOps()
		// Close sends the close frame and waits (up to 5 s) for the
		// client's; readLoop sees it and returns.
		c.conn.Close(status, reason)
		c.cancel()
	})
}

// write sends one message within the write timeout. A client that cannot
// take a message in that time is too slow to keep: the connection closes,
// and write returns an error wrapping context.DeadlineExceeded. The
// timeout is one timer per client, armed for each write, rather than a
// context per write: a message costs no allocation.
func (c *client) write(typ websocket.MessageType, p []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if c.writeTimer == nil {
		c.writeTimer = time.AfterFunc(c.srv.cfg.WriteTimeout, c.writeTimedOut)
	} else {
		c.writeTimer.Reset(c.srv.cfg.WriteTimeout)
	}
	// No context: every end of the client closes the connection, which
	// ends a write (goAway, the timer, Shutdown's deadline, the reader
	// seeing it closed), and a context would cost one AfterFunc a write.
	err := c.conn.Write(context.Background(), typ, p)
	if !c.writeTimer.Stop() && c.timedOut.Load() {
		return fmt.Errorf("write of %d bytes: %w", len(p), context.DeadlineExceeded)
	}
	return err
}

// writeTimedOut cuts the connection of a client that took too long to
// accept a message.
func (c *client) writeTimedOut() {
	c.timedOut.Store(true)
	c.conn.CloseNow()
}

func (c *client) writeEvent(ev any) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	return c.write(websocket.MessageText, b)
}

// readLoop reads the client's messages until the connection ends: binary
// frames go to the device, text frames are control messages.
func (c *client) readLoop() {
	for {
		typ, b, err := c.conn.Read(c.ctx)
		if err != nil {
			if status := websocket.CloseStatus(err); status == -1 && c.ctx.Err() == nil {
				c.log.Info("read failed", "err", err)
			}
			return
		}
		if typ == websocket.MessageBinary {
			c.handleData(b)
			continue
		}
		c.handleControl(b)
	}
}

func (c *client) handleData(b []byte) {
	if !c.role.Allows(auth.RoleControl) {
		c.port.Drop(hub.DropRefused, len(b))
		c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeForbidden, Message: "your role for port " + c.port.Name() + " is " + string(c.role) + ": nothing was written", Bytes: len(b)})
		return
	}
	err := c.port.As(c.sub).Write(c.ops, b)
	if c.srv.cfg.Audit != nil {
		args := []any{"port", c.port.Name(), "bytes", len(b), "ok", err == nil}
		if c.srv.cfg.AuditData {
			args = append(args, "data", fmt.Sprintf("%q", b))
		}
		c.audit("write", args...)
	}
	if err == nil || c.ops.Err() != nil {
		return
	}
	code := protocol.CodeWriteFailed
	switch {
	case errors.Is(err, hub.ErrNotOpen):
		code = protocol.CodeNotOpen
	case errors.Is(err, hub.ErrLocked):
		code = protocol.CodeLocked
	case errors.Is(err, hub.ErrNoLease):
		code = protocol.CodeNoLease
	case errors.Is(err, hub.ErrJobRunning):
		code = protocol.CodeJobRunning
	}
	c.reply(protocol.Error{Type: protocol.TypeError, Code: code, Message: err.Error(), Bytes: len(b)})
}

func (c *client) handleControl(b []byte) {
	if !c.limit.Allow() {
		c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeRateLimited, Message: fmt.Sprintf("more than %g control messages a second: this one was ignored", c.srv.cfg.ControlRate)})
		return
	}
	var head struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(b, &head) == nil && head.Type == protocol.TypeExpect {
		c.expectRequest(b)
		return
	}
	if head.Type == protocol.TypeLease {
		c.leaseRequest(head.Type, b, nil)
		return
	}
	req, err := protocol.ParseRequest(b)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re)
		c.reply(protocol.Error{Type: protocol.TypeError, Code: re.Code, Message: re.Message, ID: re.ID})
		return
	}
	switch req.Type {
	case protocol.TypePing:
		c.reply(protocol.Reply{Type: protocol.TypePong, ID: req.ID})
	case protocol.TypeStatus:
		c.reply(protocol.Status{Type: protocol.TypeStatus, Port: wire.PortObject(c.port.Info()), ID: req.ID})
	case protocol.TypeLock, protocol.TypeUnlock, protocol.TypeRequestLock:
		c.lockRequest(req)
	case protocol.TypeRelease, protocol.TypeBreakLease:
		c.leaseRequest(req.Type, b, req.ID)
	default:
		if req.Type != protocol.TypeModem && !c.role.Allows(auth.RoleControl) {
			c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeForbidden, Message: "your role for port " + c.port.Name() + " is " + string(c.role) + ": it cannot change the port", ID: req.ID})
			return
		}
		err := wire.Control(c.ops, c.port.As(c.sub), req)
		if req.Type != protocol.TypeModem {
			c.audit("control", "port", c.port.Name(), "request", string(b), "ok", err == nil)
		}
		if err != nil {
			if c.ops.Err() == nil {
				code, _ := controlError(err)
				c.reply(protocol.Error{Type: protocol.TypeError, Code: code, Message: err.Error(), ID: req.ID})
			}
			return
		}
		if req.Type == protocol.TypeModem {
			// The answer is the port as it is now, as for status.
			c.reply(protocol.Status{Type: protocol.TypeStatus, Port: wire.PortObject(c.port.Info()), ID: req.ID})
			return
		}
		port := wire.PortObject(c.port.Info())
		c.reply(protocol.Reply{Type: protocol.TypeOK, ID: req.ID, Port: &port})
	}
}

// who names the client to others: as the write lock's holder, as the
// sender of a lock request, in the port's watchers and as its last
// writer.
func (c *client) who() string { return c.name }

// lockRequest handles lock, unlock and request-lock.
func (c *client) lockRequest(req protocol.Request) {
	if !c.role.Allows(auth.RoleControl) {
		c.reply(protocol.Error{Type: protocol.TypeError, Code: protocol.CodeForbidden, Message: "your role for port " + c.port.Name() + " is " + string(c.role) + ": it cannot take the write lock", ID: req.ID})
		return
	}
	var err error
	switch req.Type {
	case protocol.TypeLock:
		err = c.port.Lock(c.sub, c.who())
	case protocol.TypeUnlock:
		c.port.Unlock(c.sub)
	case protocol.TypeRequestLock:
		err = c.port.RequestLock(c.who())
	}
	if err != nil {
		code := protocol.CodeFailed
		if errors.Is(err, hub.ErrLocked) {
			code = protocol.CodeLocked
		}
		c.reply(protocol.Error{Type: protocol.TypeError, Code: code, Message: err.Error(), ID: req.ID})
		return
	}
	c.audit(req.Type, "port", c.port.Name())
	c.reply(protocol.Reply{Type: protocol.TypeOK, ID: req.ID})
}

// reply sends an answer to a control message. A failure means the
// connection is failing, which readLoop will see.
func (c *client) reply(ev any) {
	if err := c.writeEvent(ev); err != nil && c.ctx.Err() == nil {
		c.log.Debug("reply failed", "err", err)
	}
}
