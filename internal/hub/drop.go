package hub

// DropReason says why bytes were lost. Every byte a port loses is counted
// under one reason (Info.Drops, and the metrics).
type DropReason int

// The reasons.
const (
	// DropSlow: device bytes not delivered to a subscriber whose queue
	// was full (it fell behind).
	DropSlow DropReason = iota
	// DropCutoff: device bytes still queued for a client that was
	// disconnected for taking nothing within its write timeout.
	DropCutoff
	// DropPaused: device bytes dropped for an RFC 2217 client that
	// suspended the flow, beyond what is held for it.
	DropPaused
	// DropCapture: bytes the capture could not record (the disk fell
	// behind or failed); read from the Recorder.
	DropCapture
	// DropRefused: bytes clients sent that were not written to the
	// device (not open, write lock, role, write failed).
	DropRefused
	// DropUpstream: device bytes lost before they reached this server: a
	// fleet gateway's port whose link to the central lost them (the
	// gateway's stream offsets tell exactly how many).
	DropUpstream

	numDropReasons
)

// DropReasons lists every reason, in order.
var DropReasons = []DropReason{DropSlow, DropCutoff, DropPaused, DropCapture, DropRefused, DropUpstream}

// String returns the reason's name on the wire and in metrics: slow,
// cutoff, paused, capture, refused or upstream.
func (r DropReason) String() string {
	switch r {
	case DropSlow:
		return "slow"
	case DropCutoff:
		return "cutoff"
	case DropPaused:
		return "paused"
	case DropCapture:
		return "capture"
	case DropRefused:
		return "refused"
	case DropUpstream:
		return "upstream"
	}
	return "unknown"
}

// Drops counts a port's lost bytes by reason.
type Drops struct {
	Slow     uint64
	Cutoff   uint64
	Paused   uint64
	Capture  uint64
	Refused  uint64
	Upstream uint64
}

// Get returns the count of one reason.
func (d Drops) Get(r DropReason) uint64 {
	switch r {
	case DropSlow:
		return d.Slow
	case DropCutoff:
		return d.Cutoff
	case DropPaused:
		return d.Paused
	case DropCapture:
		return d.Capture
	case DropRefused:
		return d.Refused
	case DropUpstream:
		return d.Upstream
	}
	return 0
}

// Drop counts n bytes lost for reason: the port's users (servers of its
// clients) call it for the losses they see, such as bytes a client sent
// that its role or the write lock refused. The port counts DropSlow and
// DropRefused (its own writes) itself, and reads DropCapture from its
// Recorder. It is safe for concurrent use.
func (p *Port) Drop(reason DropReason, n int) {
	if n > 0 && reason >= 0 && reason < numDropReasons && reason != DropCapture {
		p.drops[reason].Add(uint64(n))
	}
}

// dropsNow reads the counters.
func (p *Port) dropsNow() Drops {
	d := Drops{
		Slow:     p.drops[DropSlow].Load(),
		Cutoff:   p.drops[DropCutoff].Load(),
		Paused:   p.drops[DropPaused].Load(),
		Refused:  p.drops[DropRefused].Load(),
		Upstream: p.drops[DropUpstream].Load(),
	}
	if p.cfg.Recorder != nil {
		d.Capture = p.cfg.Recorder.Dropped()
	}
	return d
}
