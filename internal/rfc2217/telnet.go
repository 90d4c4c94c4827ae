package rfc2217

import "bytes"

// Telnet commands (RFC 854) used by this package.
const (
	cmdSE   byte = 240 // end of subnegotiation
	cmdNOP  byte = 241 // no operation
	cmdBRK  byte = 243 // break
	cmdAYT  byte = 246 // are you there
	cmdSB   byte = 250 // begin of subnegotiation
	cmdWILL byte = 251
	cmdWONT byte = 252
	cmdDO   byte = 253
	cmdDONT byte = 254
	cmdIAC  byte = 255 // interpret as command
)

// Telnet options this package negotiates.
const (
	optBinary  byte = 0  // RFC 856: 8-bit data path
	optEcho    byte = 1  // RFC 857: refused by both sides
	optSGA     byte = 3  // RFC 858: suppress go-ahead
	optComPort byte = 44 // RFC 2217: com port control
)

// DefaultMaxSubnegotiation is the longest subnegotiation payload a Decoder
// keeps when its MaxSubnegotiation is zero: far more than any RFC 2217
// command needs (the longest is a SIGNATURE text).
const DefaultMaxSubnegotiation = 1024

// Kind is the kind of an Item.
type Kind uint8

// The kinds of item a Decoder emits.
const (
	// KindData is a run of data bytes, already unescaped.
	KindData Kind = iota
	// KindOption is an option negotiation: Command is WILL, WONT, DO or
	// DONT (251 to 254) and Option the option code.
	KindOption
	// KindSubnegotiation is a complete IAC SB … IAC SE: Option is its first
	// byte and Data the rest, with IAC IAC unescaped.
	KindSubnegotiation
	// KindCommand is any other command: Command is its code (NOP, BRK, AYT,
	// a stray SE, …).
	KindCommand
)

// Item is one element of a decoded Telnet stream. Data aliases either the
// slice passed to Decode or the decoder's own buffer: it is valid only
// until the emit callback returns and must not be modified or retained.
type Item struct {
	Kind    Kind
	Command byte   // KindOption, KindCommand
	Option  byte   // KindOption, KindSubnegotiation
	Data    []byte // KindData, KindSubnegotiation
}

// decoder states.
const (
	stData       = iota // plain data
	stIAC               // IAC seen in data
	stVerb              // WILL/WONT/DO/DONT seen, option byte next
	stSubOpt            // IAC SB seen, option byte next
	stSub               // inside a subnegotiation
	stSubIAC            // IAC seen inside a subnegotiation
	stSubSkip           // inside an over-long subnegotiation, discarding
	stSubSkipIAC        // IAC seen while discarding
)

// Decoder splits a Telnet byte stream into data and commands. It keeps its
// state between calls, so the stream may be cut anywhere. Its memory is
// bounded: a subnegotiation longer than MaxSubnegotiation is discarded and
// counted in Overflows. A Decoder is not safe for concurrent use; the zero
// value is ready to use.
//
// Carriage returns are passed through untouched: both ends of an RFC 2217
// connection negotiate BINARY, where the NVT's CR NUL rule does not apply.
type Decoder struct {
	// MaxSubnegotiation is the longest subnegotiation payload kept, option
	// byte included; 0 means DefaultMaxSubnegotiation.
	MaxSubnegotiation int
	// Overflows counts subnegotiations discarded for being too long.
	Overflows uint64
	// Malformed counts subnegotiations cut short by a command other than
	// IAC SE or IAC IAC inside them; the command is then decoded as usual.
	Malformed uint64

	state int
	verb  byte   // the pending WILL/WONT/DO/DONT, in stVerb
	sub   []byte // the subnegotiation so far, option byte first
}

func (d *Decoder) max() int {
	if d.MaxSubnegotiation > 0 {
		return d.MaxSubnegotiation
	}
	return DefaultMaxSubnegotiation
}

// Decode decodes p and calls emit for each complete item, in order. Data
// items are sub-slices of p where possible, so passing data through costs
// no copy; an item that is incomplete at the end of p is completed by a
// later call.
func (d *Decoder) Decode(p []byte, emit func(Item)) {
	start := -1 // start of the data run in p, or -1
	flush := func(end int) {
		if start >= 0 && end > start {
			emit(Item{Kind: KindData, Data: p[start:end]})
		}
		start = -1
	}
	for i := 0; i < len(p); i++ {
		b := p[i]
		switch d.state {
		case stData:
			if b == cmdIAC {
				flush(i)
				d.state = stIAC
			} else if start < 0 {
				start = i
			}
		case stIAC:
			d.state = stData
			switch b {
			case cmdIAC: // an escaped 0xFF: it starts the next data run
				start = i
			case cmdWILL, cmdWONT, cmdDO, cmdDONT:
				d.verb, d.state = b, stVerb
			case cmdSB:
				d.state = stSubOpt
			default:
				emit(Item{Kind: KindCommand, Command: b})
			}
		case stVerb:
			d.state = stData
			emit(Item{Kind: KindOption, Command: d.verb, Option: b})
		case stSubOpt:
			d.sub = append(d.sub[:0], b)
			d.state = stSub
			if b == cmdIAC { // IAC SB IAC: only IAC IAC makes sense here
				d.sub, d.state = d.sub[:0], stSubIAC
			}
		case stSub:
			if b == cmdIAC {
				d.state = stSubIAC
			} else {
				d.subByte(b)
			}
		case stSubIAC:
			switch b {
			case cmdIAC:
				d.state = stSub
				d.subByte(b)
			case cmdSE:
				d.state = stData
				if len(d.sub) > 0 {
					emit(Item{Kind: KindSubnegotiation, Option: d.sub[0], Data: d.sub[1:]})
				} else {
					d.Malformed++ // IAC SB IAC SE: no option
				}
				d.sub = d.sub[:0]
			default:
				// RFC 855 allows nothing else here: give up on the
				// subnegotiation and read the command as outside one.
				d.Malformed++
				d.sub = d.sub[:0]
				d.state = stIAC
				i-- // decode b again in stIAC
			}
		case stSubSkip:
			if b == cmdIAC {
				d.state = stSubSkipIAC
			}
		case stSubSkipIAC:
			switch b {
			case cmdSE:
				d.state = stData
			case cmdIAC:
				d.state = stSubSkip
			default:
				d.state = stIAC
				i--
			}
		}
	}
	if d.state == stData {
		flush(len(p))
	}
}

// subByte adds b to the subnegotiation, or starts discarding it once it is
// too long.
func (d *Decoder) subByte(b byte) {
	if len(d.sub) >= d.max() {
		d.Overflows++
		d.sub = d.sub[:0]
		if d.state == stSub {
			d.state = stSubSkip
		}
		return
	}
	d.sub = append(d.sub, b)
}

// AppendEscaped appends p to dst with every 0xFF (IAC) doubled, as data
// must travel in a Telnet stream.
func AppendEscaped(dst, p []byte) []byte {
	for len(p) > 0 {
		i := bytes.IndexByte(p, cmdIAC)
		if i < 0 {
			return append(dst, p...)
		}
		dst = append(dst, p[:i+1]...)
		dst = append(dst, cmdIAC)
		p = p[i+1:]
	}
	return dst
}

// appendOption appends IAC verb opt.
func appendOption(dst []byte, verb, opt byte) []byte {
	return append(dst, cmdIAC, verb, opt)
}

// appendSub appends IAC SB opt payload IAC SE with the payload escaped.
func appendSub(dst []byte, opt byte, payload ...byte) []byte {
	dst = append(dst, cmdIAC, cmdSB, opt)
	dst = AppendEscaped(dst, payload)
	return append(dst, cmdIAC, cmdSE)
}
