package rfc2217

// qstate is one side's state of one option, after RFC 1143's Q method
// (without its queue bits: this package never changes its mind while a
// request is pending).
type qstate uint8

const (
	qNo      qstate = iota // disabled
	qYes                   // enabled
	qWantNo                // we sent WONT/DONT and wait for the answer
	qWantYes               // we sent WILL/DO and wait for the answer
)

// negotiator keeps the state of every option on both sides of one Telnet
// connection and answers the peer's WILL/WONT/DO/DONT. It answers only when
// a state changes, which is what keeps two Telnet ends from looping on each
// other's answers. It is owned by the goroutine that reads the connection.
type negotiator struct {
	us   [256]qstate // options this end performs (WILL/WONT, answered by DO/DONT)
	them [256]qstate // options the peer performs (DO/DONT, answered by WILL/WONT)
	// acceptUs and acceptThem say which options this end agrees to enable
	// on either side; static after construction.
	acceptUs, acceptThem [256]bool
}

// newNegotiator returns a negotiator that accepts the given options on both
// sides and refuses all others.
func newNegotiator(accept ...byte) *negotiator {
	n := &negotiator{}
	for _, o := range accept {
		n.acceptUs[o], n.acceptThem[o] = true, true
	}
	return n
}

// request asks the peer to enable an option: on our side (WILL) if us, else
// on theirs (DO). It appends the request to dst, or nothing if the option is
// already enabled or requested.
func (n *negotiator) request(dst []byte, us bool, opt byte) []byte {
	st, verb := &n.them[opt], cmdDO
	if us {
		st, verb = &n.us[opt], cmdWILL
	}
	if *st != qNo {
		return dst
	}
	*st = qWantYes
	return appendOption(dst, verb, opt)
}

// receive processes the peer's verb for opt and appends the answer, if one
// is due, to dst. changed reports whether the option's state on that side
// changed to enabled or disabled.
func (n *negotiator) receive(dst []byte, verb, opt byte) (out []byte, changed bool) {
	var st *qstate
	var accept bool
	var yes, no byte // our answers
	switch verb {
	case cmdWILL, cmdWONT:
		st, accept, yes, no = &n.them[opt], n.acceptThem[opt], cmdDO, cmdDONT
	case cmdDO, cmdDONT:
		st, accept, yes, no = &n.us[opt], n.acceptUs[opt], cmdWILL, cmdWONT
	default:
		return dst, false
	}
	if verb == cmdWILL || verb == cmdDO { // the peer wants the option on
		switch *st {
		case qNo:
			if !accept {
				return appendOption(dst, no, opt), false
			}
			*st = qYes
			return appendOption(dst, yes, opt), true
		case qWantYes:
			*st = qYes
			return dst, true
		case qWantNo: // RFC 1143: an error by the peer; the option stays off
			*st = qNo
			return dst, false
		}
		return dst, false // already on
	}
	switch *st { // the peer wants the option off
	case qYes:
		*st = qNo
		return appendOption(dst, no, opt), true
	case qWantYes: // refused
		*st = qNo
		return dst, false
	case qWantNo:
		*st = qNo
		return dst, true
	}
	return dst, false // already off
}

// enabled reports whether opt is enabled on our side (us) or the peer's.
func (n *negotiator) enabled(us bool, opt byte) bool {
	if us {
		return n.us[opt] == qYes
	}
	return n.them[opt] == qYes
}

// pending reports whether a request for opt (ours: WILL, theirs: DO) still
// waits for the peer's answer.
func (n *negotiator) pending(us bool, opt byte) bool {
	if us {
		return n.us[opt] == qWantYes
	}
	return n.them[opt] == qWantYes
}
