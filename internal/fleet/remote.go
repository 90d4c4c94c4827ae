package fleet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/wire"
)

// At the central, each gateway port is a port of the central's hub whose
// device is a remote: it reads the batches the gateway publishes (with
// their offsets and read times), writes with KindIn requests and controls
// with KindCtl requests. A link is the central's side of one gateway port
// for as long as the registry lists it: its subscriptions to the port's
// KindOut and KindStatus subjects, the bytes received and not yet read,
// and what the gateway last said of the port. The hub opens a remote on
// the link whenever the gateway is online and its port open (Open), and
// reopens one after it fails (the gateway went offline, its device went
// away), so the hub's states and its clients follow the gateway's.

// maxQueued bounds the bytes a link holds for the hub's reader. The reader
// never waits on anything but the port's lock, so only a stalled process
// fills it; what does not fit is counted as lost upstream.
const maxQueued = 4 << 20

// link is the central's side of one gateway port. Its methods are safe for
// concurrent use. The subscriptions' callbacks (nats.go runs each
// subscription's on one goroutine of its own) feed it; the hub's reader
// and owner goroutines take from it through the remote.
type link struct {
	// Static after newLink.
	gateway, port string
	name          string // GATEWAY/PORT: the hub port's name
	in, ctl, hist string // the subjects of requests
	nc            *nats.Conn
	timeout       time.Duration // bounds a request, on top of a break's length
	log           *slog.Logger
	subs          []*nats.Subscription

	// changed (capacity 1) tells the open remote that the status changed
	// (the hub's ModemChanges), and wake (capacity 1) tells the hub that
	// the port may open now (its Watch).
	changed chan struct{}
	wake    chan struct{}
	// readable (capacity 1): bytes, a loss, or a change of state for the
	// reader.
	readable chan struct{}

	mu     sync.Mutex
	closed bool           // guarded by mu: the link was dropped (the port left the registry, or the directory closed)
	online bool           // guarded by mu: the gateway's alive key is there
	status *protocol.Port // guarded by mu: the port as the gateway last said; nil until it has
	// published counts the statuses the gateway published that the link
	// took (setStatus).
	published uint64      // guarded by mu
	stream    string      // guarded by mu: the gateway's stream the offsets count
	next      uint64      // guarded by mu: the offset of the next byte expected in stream
	queue     []hub.Chunk // guarded by mu: bytes received, not yet read (Offset unused)
	queued    int         // guarded by mu: bytes in queue
	lost      uint64      // guarded by mu: bytes lost upstream, not yet told to the reader
	dev       *remote     // guarded by mu: the open remote, or nil
	// The link catches up with the gateway (catchUp) from the gateway's
	// scrollback: when it starts, when the gateway comes back, and when
	// batches go missing (their offsets jump). Meanwhile batches that
	// come are held, and taken after the history; from its start and
	// from the gateway going offline until the history is in (fresh), the
	// port does not open, so the history comes first in its stream.
	fresh bool // guarded by mu
	// asked: the port's status was asked for since the gateway came
	// online (or the link started).
	asked   bool    // guarded by mu
	holding bool    // guarded by mu: a catch-up is due or under way
	held    []Batch // guarded by mu: batches held meanwhile
	heldLen int     // guarded by mu: their bytes, at most maxQueued
	// onGap asks for a catch-up (the directory's ask); called without
	// the lock. Static.
	onGap func()
	// stateChanged is closed, and replaced, when online, status or
	// fresh change: opens waiting for the port (open) look again.
	stateChanged chan struct{} // guarded by mu
}

func newLink(nc *nats.Conn, gateway, port string, timeout time.Duration, onGap func(), log *slog.Logger) (*link, error) {
	out, err := Subject(gateway, port, KindOut)
	if err != nil {
		return nil, err
	}
	status, _ := Subject(gateway, port, KindStatus)
	in, _ := Subject(gateway, port, KindIn)
	ctl, _ := Subject(gateway, port, KindCtl)
	hist, _ := Subject(gateway, port, KindHistory)
	l := &link{
		gateway: gateway, port: port, name: gateway + "/" + port,
		in: in, ctl: ctl, hist: hist, nc: nc, timeout: timeout, fresh: true, holding: true, onGap: onGap,
		stateChanged: make(chan struct{}), log: log,
		changed: make(chan struct{}, 1), wake: make(chan struct{}, 1), readable: make(chan struct{}, 1),
	}
	for subject, cb := range map[string]nats.MsgHandler{out: l.onBatch, status: l.onStatus} {
		s, err := nc.Subscribe(subject, cb)
		if err != nil {
			l.close()
			return nil, fmt.Errorf("fleet: subscribe %s: %w", subject, err)
		}
		// Batches come faster than statuses; the callback never blocks,
		// so nats.go's own pending limits are never the bound.
		s.SetPendingLimits(-1, 64<<20)
		l.subs = append(l.subs, s)
	}
	return l, nil
}

// close unsubscribes and makes the open remote's reads fail. Idempotent.
func (l *link) close() {
	for _, s := range l.subs {
		s.Unsubscribe()
	}
	l.mu.Lock()
	l.closed = true
	l.stateChangedLocked()
	l.mu.Unlock()
	signal(l.readable)
}

// signal wakes whoever waits on c (capacity 1), without blocking.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// onBatch takes a batch the gateway published.
func (l *link) onBatch(m *nats.Msg) {
	b, err := DecodeBatch(m)
	if err != nil {
		// Its bytes leave a hole in the offsets, which the next batch
		// shows: caught up from the gateway's scrollback, or counted.
		l.log.Warn("fleet: a batch from the gateway refused", "err", err)
		return
	}
	l.mu.Lock()
	gap := false
	switch {
	case l.holding:
		l.holdLocked(b)
	case b.Stream == l.stream && b.Offset > l.next:
		// Batches went missing (a NATS node failed over, the link was
		// cut before the gateway knew): catch up from the gateway's
		// scrollback before going on.
		l.holding = true
		l.holdLocked(b)
		gap = true
	default:
		l.takeLocked(b)
	}
	l.mu.Unlock()
	if gap && l.onGap != nil {
		l.onGap()
	}
}

// holdLocked keeps a batch for after the history, up to a bound; beyond
// it, the offsets tell how much was lost.
func (l *link) holdLocked(b Batch) {
	if l.heldLen+len(b.Data) <= maxQueued {
		l.held = append(l.held, b)
		l.heldLen += len(b.Data)
	}
}

// takeLocked queues a batch's bytes for the reader, in stream order:
// bytes already had are skipped, and bytes that never came (the offsets
// jump) or that the gateway lost (a loss notice) are counted lost.
func (l *link) takeLocked(b Batch) {
	if b.Stream != l.stream {
		// The gateway started again (a new stream), or this is the first
		// batch: the stream's bytes before it were read before the
		// gateway or the central was there to send them, not lost on the
		// way.
		l.stream, l.next = b.Stream, b.Offset
	}
	switch {
	case b.Offset > l.next:
		// Batches the link never got: the gateway could not publish
		// them (its link was down longer than it buffers), or they were
		// lost on the way.
		l.lost += b.Offset - l.next
		l.next = b.Offset
	case b.Offset < l.next:
		// Bytes already had (sent twice): keep what is new.
		skip := l.next - b.Offset
		if b.Missed > 0 {
			b.Missed -= min(b.Missed, skip)
		} else {
			b = trimBatch(b, skip)
		}
		b.Offset = l.next
	}
	if b.Missed > 0 {
		l.lost += b.Missed
		l.next += b.Missed
		signal(l.readable)
		return
	}
	if len(b.Data) == 0 {
		return
	}
	// The data is a message's, which nats.go does not reuse: the chunks
	// may hold it.
	for i, st := range b.Stamps {
		end := len(b.Data)
		if i+1 < len(b.Stamps) {
			end = b.Stamps[i+1].At
		}
		c := hub.Chunk{Data: b.Data[st.At:end:end], Time: st.Time}
		if l.queued+len(c.Data) > maxQueued {
			l.lost += uint64(len(c.Data))
			continue
		}
		l.queue = append(l.queue, c)
		l.queued += len(c.Data)
	}
	l.next += uint64(len(b.Data))
	signal(l.readable)
}

// maxHistory bounds the bytes of one history answer: a gateway sends
// the newest maxHistory bytes at most (what it leaves out is a loss
// notice), and a link takes no more. historyReplies is how many messages
// that makes at most: the loss notice, the batches, the end.
const (
	maxHistory     = 8 << 20
	historyReplies = 2 + maxHistory/MaxBatch
)

// catchUp asks the gateway for the port's bytes the link has not had
// (KindHistory): from where the link's stream stopped, or, for a link
// that has had nothing, all the gateway's scrollback holds. It takes them
// before the batches held meanwhile, so the central's stream has them in
// order, with what the scrollback no longer held counted lost; then the
// port may open. If the gateway cannot answer, the held batches are taken
// as they are.
func (l *link) catchUp(ctx context.Context) error {
	l.mu.Lock()
	var req HistoryRequest
	if l.stream != "" {
		since := l.next
		req = HistoryRequest{Stream: l.stream, Since: &since}
	}
	l.mu.Unlock()
	got, endStream, end, err := l.fetchHistory(ctx, req)
	if unreachable(err) && len(got) == 0 {
		// The gateway is not there to answer yet (a central that
		// restarted hears of it before it reconnects): the directory
		// asks again at its next sign of life (Directory.setOnline).
		return err
	}
	l.mu.Lock()
	for _, b := range got {
		l.takeLocked(b)
	}
	if err == nil && endStream != l.stream {
		// An empty history: the stream starts here for the link.
		l.stream, l.next = endStream, end
	}
	for _, b := range l.held {
		l.takeLocked(b)
	}
	l.held, l.heldLen = nil, 0
	l.holding, l.fresh = false, false
	l.stateChangedLocked()
	openable := l.unavailableLocked() == nil
	l.mu.Unlock()
	signal(l.readable)
	if openable {
		signal(l.wake)
	}
	return err
}

// fetchHistory sends a history request and gathers the answer: its
// batches, and the stream and offset it ends at.
func (l *link) fetchHistory(ctx context.Context, req HistoryRequest) (got []Batch, stream string, end uint64, err error) {
	fail := func(err error) ([]Batch, string, uint64, error) {
		return got, "", 0, fmt.Errorf("fleet: %s: history: %w", l.name, err)
	}
	data, err := json.Marshal(req)
	if err != nil {
		return fail(err)
	}
	inbox := l.nc.NewRespInbox()
	sub, err := l.nc.SubscribeSync(inbox)
	if err != nil {
		return fail(err)
	}
	defer sub.Unsubscribe()
	if err := l.nc.PublishRequest(l.hist, inbox, data); err != nil {
		return fail(err)
	}
	total := 0
	for {
		m, err := sub.NextMsgWithContext(ctx)
		if err != nil {
			return fail(err)
		}
		if msg := m.Header.Get(HeaderError); msg != "" {
			return fail(fmt.Errorf("the gateway says: %s", msg))
		}
		if raw := m.Header.Get(HeaderEnd); raw != "" {
			stream = m.Header.Get(HeaderStream)
			end, err := strconv.ParseUint(raw, 10, 64)
			if err != nil || stream == "" || len(stream) > 64 {
				return fail(fmt.Errorf("%w: end %q of stream %q", ErrBadBatch, raw, stream))
			}
			return got, stream, end, nil
		}
		b, err := DecodeBatch(m)
		if err != nil {
			return fail(err)
		}
		if total += len(b.Data); total > maxHistory {
			return fail(fmt.Errorf("more than %d bytes", maxHistory))
		}
		got = append(got, b)
	}
}

// trimBatch drops the first n bytes of b (n < len(b.Data) or all of it).
func trimBatch(b Batch, n uint64) Batch {
	if n >= uint64(len(b.Data)) {
		return Batch{Stream: b.Stream, Offset: b.Offset + uint64(len(b.Data))}
	}
	k := int(n)
	var stamps []Stamp
	for i, st := range b.Stamps {
		end := len(b.Data)
		if i+1 < len(b.Stamps) {
			end = b.Stamps[i+1].At
		}
		if end <= k {
			continue
		}
		stamps = append(stamps, Stamp{At: max(st.At-k, 0), Time: st.Time})
	}
	return Batch{Stream: b.Stream, Offset: b.Offset + n, Data: b.Data[k:], Stamps: stamps}
}

// onStatus takes the port object the gateway published.
func (l *link) onStatus(m *nats.Msg) {
	var p protocol.Port
	if err := json.Unmarshal(m.Data, &p); err != nil {
		l.log.Warn("fleet: a status from the gateway refused", "err", err)
		return
	}
	l.setStatus(&p, 0)
}

// statusGen returns the count of statuses the gateway published that the
// link took, for a request whose answer carries the port (setStatus).
func (l *link) statusGen() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.published
}

// setStatus records what the gateway says of the port: the open remote
// hears of a change, a reader learns that the port went away, and the hub
// learns that it may open. A status the gateway published (gen 0) is
// always taken: the gateway publishes every change, in order, so the last
// one is the newest. The port in an answer to a request (ask, a control)
// is taken only if no status came since the request went (gen is
// statusGen's then): one that came may be newer, and otherwise the
// change the answer shows comes next.
func (l *link) setStatus(p *protocol.Port, gen uint64) {
	l.mu.Lock()
	if gen == 0 {
		l.published++
	} else if gen != l.published+1 {
		l.mu.Unlock()
		return
	}
	l.status = p
	l.stateChangedLocked()
	openable := l.unavailableLocked() == nil
	l.mu.Unlock()
	signal(l.changed)
	signal(l.readable) // a reader checks whether the port is still open
	if openable {
		signal(l.wake)
	}
}

// setOnline records whether the gateway is online. Going offline starts
// a catch-up (catchUp) for when it is back.
func (l *link) setOnline(online bool) {
	l.mu.Lock()
	l.online = online
	l.stateChangedLocked()
	if !online {
		l.fresh, l.holding, l.asked = true, true, false
	}
	openable := l.unavailableLocked() == nil
	l.mu.Unlock()
	signal(l.readable)
	if openable {
		signal(l.wake)
	}
}

// ask asks the gateway for the port's status (a KindCtl status request)
// and records it: after the gateway comes online, or the central starts,
// rather than wait for the port to change.
func (l *link) ask(ctx context.Context) error {
	var st protocol.Status
	gen := l.statusGen() + 1
	if err := l.request(ctx, l.ctl, []byte(`{"type":"status"}`), &st); err != nil {
		l.mu.Lock()
		l.asked = false // asked again at the gateway's next sign of life
		l.mu.Unlock()
		return err
	}
	if st.Type != protocol.TypeStatus {
		return fmt.Errorf("fleet: %s: the gateway answered a status request with %q", l.name, st.Type)
	}
	l.setStatus(&st.Port, gen)
	return nil
}

// unreachable reports whether err says the gateway did not answer (no
// one listens on its subjects, or not in time), rather than answered
// with an error.
func unreachable(err error) bool {
	return errors.Is(err, nats.ErrNoResponders) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded)
}

// needs reports whether the link still needs something of its online
// gateway: its port's status, or a catch-up.
func (l *link) needs() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.online && (!l.asked || l.holding)
}

// due says what the link needs from the gateway now: its port's status
// (after it came online), a catch-up (after it came back, or a hole).
func (l *link) due() (status, history bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	status = !l.asked && l.online
	l.asked = l.asked || status
	return status, l.holding && l.online
}

// unavailable says why the port cannot be used now, or nil if it can.
// l.mu is held.
func (l *link) unavailableLocked() error {
	switch {
	case l.closed:
		return fmt.Errorf("%s: no longer in the fleet's registry: %w", l.name, device.ErrClosed)
	case !l.online:
		return fmt.Errorf("gateway %s is offline", l.gateway)
	case l.status == nil:
		return fmt.Errorf("gateway %s has not said how port %s is yet", l.gateway, l.port)
	case l.fresh:
		return fmt.Errorf("catching up with gateway %s", l.gateway)
	case l.status.State != protocol.StateOpen:
		if l.status.Error != "" {
			return fmt.Errorf("at gateway %s, port %s is %s: %s", l.gateway, l.port, l.status.State, l.status.Error)
		}
		return fmt.Errorf("at gateway %s, port %s is %s", l.gateway, l.port, l.status.State)
	}
	return nil
}

// open is the hub port's Config.Open: a remote, if the gateway is online
// and its port open.
// While the gateway is online but the link does not know its port's
// state yet, or is catching up, the open waits (the port is "opening"),
// up to the request timeout, rather than fail at once: that is a step of
// every start, not a fault.
func (l *link) open(ctx context.Context, _ string, _ device.Settings) (device.Device, error) {
	timer := time.NewTimer(l.timeout)
	defer timer.Stop()
	for {
		l.mu.Lock()
		err := l.unavailableLocked()
		if err == nil {
			rctx, cancel := context.WithCancel(context.Background())
			r := &remote{l: l, ctx: rctx, cancel: cancel}
			l.dev = r
			l.mu.Unlock()
			return r, nil
		}
		pending := l.online && !l.closed && (l.status == nil || l.fresh)
		changed := l.stateChanged
		l.mu.Unlock()
		if !pending {
			return nil, err
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, err
		case <-timer.C:
			return nil, err
		}
	}
}

// stateChangedLocked wakes opens waiting for the link's state to change.
func (l *link) stateChangedLocked() {
	close(l.stateChanged)
	l.stateChanged = make(chan struct{})
}

// watch is the hub port's Config.Watch: it fires when the port may open.
func (l *link) watch() *device.Watcher { return device.NewWatcher(l.wake, nil) }

// request sends data on subject and decodes the reply into v; an error
// event as the reply is returned as a *RemoteError.
func (l *link) request(ctx context.Context, subject string, data []byte, v any) error {
	m := nats.NewMsg(subject)
	m.Data = data
	return l.requestMsg(ctx, m, v)
}

// requestMsg is request with a message of the caller's (headers).
func (l *link) requestMsg(ctx context.Context, m *nats.Msg, v any) error {
	reply, err := l.nc.RequestMsgWithContext(ctx, m)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return &RemoteError{Code: protocol.CodeNotOpen, Message: fmt.Sprintf("gateway %s is not answering for port %s (offline?)", l.gateway, l.port)}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, nats.ErrTimeout):
		return &RemoteError{Code: protocol.CodeWriteFailed, Message: fmt.Sprintf("gateway %s did not answer for port %s within %v", l.gateway, l.port, l.timeout)}
	case err != nil:
		return fmt.Errorf("gateway %s, port %s: %w", l.gateway, l.port, err)
	}
	var head struct {
		Type    string `json:"type"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(reply.Data, &head); err != nil {
		return fmt.Errorf("gateway %s, port %s: a reply that is not JSON: %w", l.gateway, l.port, err)
	}
	if head.Type == protocol.TypeError {
		return &RemoteError{Code: head.Code, Message: head.Message}
	}
	if v != nil {
		if err := json.Unmarshal(reply.Data, v); err != nil {
			return fmt.Errorf("gateway %s, port %s: reply: %w", l.gateway, l.port, err)
		}
	}
	return nil
}

// RemoteError is an error a gateway answered a request with: its code is
// the one a local client would get, and errors.Is matches the sentinel
// errors behind that code, so the central's clients get the same code.
type RemoteError struct {
	Code    string // protocol.CodeLocked, …
	Message string
}

func (e *RemoteError) Error() string { return e.Message }

// Is matches the errors wire.ErrorCode turns into e.Code.
func (e *RemoteError) Is(target error) bool {
	switch e.Code {
	case protocol.CodeLocked:
		return target == hub.ErrLocked
	case protocol.CodeNotOpen:
		return target == hub.ErrNotOpen
	case protocol.CodeBadSettings:
		return target == device.ErrInvalidSettings
	case protocol.CodeNotSupported:
		return target == device.ErrNotSupported
	}
	return false
}

// remote is a gateway's port as the central's hub opens it: the device of
// a fleet port (device.StampedReader, Controller, Mirror, ModemWatcher,
// Breaker). One reader and one writer, as the hub uses devices.
type remote struct {
	l      *link              // static
	ctx    context.Context    // static: ends at Close
	cancel context.CancelFunc // static
}

// The device interfaces a remote implements, checked at compile time.
var (
	_ device.StampedReader = (*remote)(nil)
	_ device.Controller    = (*remote)(nil)
	_ device.Mirror        = (*remote)(nil)
	_ device.ModemWatcher  = (*remote)(nil)
	_ device.Breaker       = (*remote)(nil)
	_ device.Locker        = (*remote)(nil)
)

func (r *remote) Read(p []byte) (int, error) {
	n, _, _, err := r.ReadStamped(p)
	return n, err
}

// ReadStamped returns the bytes received, in order, with their read
// times at the gateway, and the bytes lost upstream where they were lost.
// Once everything received is read, it fails when the port cannot be used
// (the gateway went offline, its port went away), so that the hub
// reopens it when it can.
func (r *remote) ReadStamped(p []byte) (int, time.Time, uint64, error) {
	l := r.l
	for {
		l.mu.Lock()
		switch {
		case l.lost > 0:
			n := l.lost
			l.lost = 0
			l.mu.Unlock()
			return 0, time.Time{}, n, nil
		case len(l.queue) > 0:
			c := l.queue[0]
			n := copy(p, c.Data)
			if n < len(c.Data) {
				l.queue[0].Data = c.Data[n:] // the rest at the next read
			} else {
				l.queue[0] = hub.Chunk{}
				l.queue = l.queue[1:]
			}
			l.queued -= n
			l.mu.Unlock()
			return n, c.Time, 0, nil
		}
		err := l.unavailableLocked()
		l.mu.Unlock()
		if r.ctx.Err() != nil {
			return 0, time.Time{}, 0, fmt.Errorf("%s: %w", l.name, device.ErrClosed)
		}
		if err != nil {
			return 0, time.Time{}, 0, err
		}
		select {
		case <-l.readable:
		case <-r.ctx.Done():
		}
	}
}

// Write sends p to the gateway's port, in requests of at most MaxBatch
// bytes, each answered once the gateway's device took it.
func (r *remote) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		k := min(len(p), MaxBatch)
		ctx, cancel := r.context(0)
		err := r.l.request(ctx, r.l.in, p[:k], nil)
		cancel()
		if err != nil {
			return written, err
		}
		written += k
		p = p[k:]
	}
	return written, nil
}

// context bounds a request: the link's timeout plus extra, and Close.
func (r *remote) context(extra time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.ctx, r.l.timeout+extra)
}

// Close ends the remote: a read in progress returns, and so does a
// request waiting for its answer. It is idempotent.
func (r *remote) Close() error {
	r.cancel()
	r.l.mu.Lock()
	if r.l.dev == r {
		r.l.dev = nil
	}
	r.l.mu.Unlock()
	signal(r.l.readable)
	return nil
}

// control sends a control request and records the port object its answer
// carries. holder, if not "", names the central's client a lock control
// is for (HeaderHolder).
func (r *remote) control(req protocol.Request, extra time.Duration, holder ...string) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	ctx, cancel := r.context(extra)
	defer cancel()
	var ok protocol.Reply
	gen := r.l.statusGen() + 1
	m := nats.NewMsg(r.l.ctl)
	m.Data = b
	if len(holder) > 0 {
		m.Header.Set(HeaderHolder, holder[0])
	}
	if err := r.l.requestMsg(ctx, m, &ok); err != nil {
		return err
	}
	if ok.Port != nil {
		r.l.setStatus(ok.Port, gen)
	}
	return nil
}

func (r *remote) SetSettings(s device.Settings) error {
	o := wire.SettingsObject(s)
	return r.control(protocol.Request{Type: protocol.TypeSettings, Settings: &protocol.SettingsPatch{
		Baud: &o.Baud, DataBits: &o.DataBits, Parity: &o.Parity, StopBits: &o.StopBits, FlowControl: &o.FlowControl,
	}}, 0)
}

func (r *remote) SetLines(l device.Lines) error {
	return r.control(protocol.Request{Type: protocol.TypeLines, DTR: &l.DTR, RTS: &l.RTS}, 0)
}

// SetBreak is not carried across the fleet: a break is timed at the
// gateway (Break).
func (r *remote) SetBreak(bool) error {
	return fmt.Errorf("a break held on and off from here: %w (a break of a given length is)", device.ErrNotSupported)
}

func (r *remote) Break(d time.Duration) error {
	ms := int(d / time.Millisecond)
	return r.control(protocol.Request{Type: protocol.TypeBreak, MS: &ms}, d)
}

// Lock takes the gateway port's write lock for the central, on behalf
// of its client holder (device.Locker).
func (r *remote) Lock(holder string) error {
	return r.control(protocol.Request{Type: protocol.TypeLock}, 0, holder)
}

// Unlock lets the gateway port's lock go, without waiting for the answer
// (the hub calls it with its lock held): an unlock sent with no reply
// subject is carried out all the same, in order with the writes.
func (r *remote) Unlock() {
	// While the link is down nats.go keeps it for the reconnection; only
	// a link down longer than its buffer loses it, and then the gateway
	// keeps the lock for the central until it restarts or the central
	// locks and unlocks again.
	_ = r.l.nc.Publish(r.l.ctl, []byte(`{"type":"unlock"}`))
}

// RequestLock asks the gateway port's lock holder to let go.
func (r *remote) RequestLock(who string) error {
	return r.control(protocol.Request{Type: protocol.TypeRequestLock}, 0, who)
}

// Holder names the client at the gateway that holds its port's write
// lock, if it is not the central, as the gateway last said.
func (r *remote) Holder() (string, time.Time) {
	r.l.mu.Lock()
	defer r.l.mu.Unlock()
	st := r.l.status
	if st == nil || st.Lock == nil || st.Lock.Holder == CentralName || strings.HasSuffix(st.Lock.Holder, centralSuffix) {
		return "", time.Time{}
	}
	return st.Lock.Holder + " (at gateway " + r.l.gateway + ")", st.Lock.Since
}

// Modem returns the modem inputs as the gateway last said: it sends each
// change as it sees it.
func (r *remote) Modem() (device.Modem, error) {
	r.l.mu.Lock()
	defer r.l.mu.Unlock()
	st := r.l.status
	switch {
	case st == nil:
		return device.Modem{}, errors.New("not known yet")
	case st.Modem == nil && st.ModemError != "":
		return device.Modem{}, errors.New(st.ModemError)
	case st.Modem == nil:
		return device.Modem{}, fmt.Errorf("modem lines: %w", device.ErrNotSupported)
	}
	m := st.Modem
	return device.Modem{CTS: m.CTS, DSR: m.DSR, RI: m.RI, DCD: m.DCD}, nil
}

// ModemChanges fires whenever the gateway says the port changed.
func (r *remote) ModemChanges() <-chan struct{} { return r.l.changed }

// Current returns the settings and lines as the gateway last said.
func (r *remote) Current() (device.Settings, device.Lines) {
	r.l.mu.Lock()
	defer r.l.mu.Unlock()
	st := r.l.status
	if st == nil {
		return device.DefaultSettings, device.DefaultLines
	}
	return wire.DeviceSettings(st.Settings), device.Lines{DTR: st.Lines.DTR, RTS: st.Lines.RTS}
}
