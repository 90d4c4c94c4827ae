package rfc2217

import (
	"fmt"

	"github.com/serialhub/serialhub/internal/device"
)

// COM-PORT-OPTION commands (RFC 2217), as the client sends them; the server
// sends each with serverOffset added: its answer, or its notification.
const (
	comSignature      byte = 0
	comSetBaud        byte = 1
	comSetDataSize    byte = 2
	comSetParity      byte = 3
	comSetStopSize    byte = 4
	comSetControl     byte = 5
	comNotifyLine     byte = 6
	comNotifyModem    byte = 7
	comFlowSuspend    byte = 8
	comFlowResume     byte = 9
	comSetLineMask    byte = 10
	comSetModemMask   byte = 11
	comPurgeData      byte = 12
	serverOffset      byte = 100
	maxSignatureBytes      = 255 // longest SIGNATURE text sent or kept
)

// commandNames name the commands for logs and errors.
var commandNames = [...]string{
	comSignature:    "SIGNATURE",
	comSetBaud:      "SET-BAUDRATE",
	comSetDataSize:  "SET-DATASIZE",
	comSetParity:    "SET-PARITY",
	comSetStopSize:  "SET-STOPSIZE",
	comSetControl:   "SET-CONTROL",
	comNotifyLine:   "NOTIFY-LINESTATE",
	comNotifyModem:  "NOTIFY-MODEMSTATE",
	comFlowSuspend:  "FLOWCONTROL-SUSPEND",
	comFlowResume:   "FLOWCONTROL-RESUME",
	comSetLineMask:  "SET-LINESTATE-MASK",
	comSetModemMask: "SET-MODEMSTATE-MASK",
	comPurgeData:    "PURGE-DATA",
}

// commandName names a command code of either direction.
func commandName(code byte) string {
	c := code
	if c >= serverOffset {
		c -= serverOffset
	}
	if int(c) < len(commandNames) {
		return commandNames[c]
	}
	return fmt.Sprintf("command %d", code)
}

// SET-CONTROL values (RFC 2217 section 3).
const (
	ctlFlowRequest  byte = 0 // request the (outbound) flow control setting
	ctlFlowNone     byte = 1
	ctlFlowXONXOFF  byte = 2
	ctlFlowHardware byte = 3
	ctlBreakRequest byte = 4
	ctlBreakOn      byte = 5
	ctlBreakOff     byte = 6
	ctlDTRRequest   byte = 7
	ctlDTROn        byte = 8
	ctlDTROff       byte = 9
	ctlRTSRequest   byte = 10
	ctlRTSOn        byte = 11
	ctlRTSOff       byte = 12
	ctlInRequest    byte = 13 // request the inbound flow control setting
	ctlInNone       byte = 14
	ctlInXONXOFF    byte = 15
	ctlInHardware   byte = 16
	ctlFlowDCD      byte = 17
	ctlInDTR        byte = 18
	ctlFlowDSR      byte = 19
)

// controlNames name SET-CONTROL values for logs and errors.
var controlNames = [...]string{
	"flow control request", "flow control none", "flow control XON/XOFF", "flow control hardware",
	"BREAK request", "BREAK on", "BREAK off",
	"DTR request", "DTR on", "DTR off",
	"RTS request", "RTS on", "RTS off",
	"inbound flow control request", "inbound flow control none", "inbound flow control XON/XOFF", "inbound flow control hardware",
	"flow control DCD", "inbound flow control DTR", "flow control DSR",
}

func controlName(v byte) string {
	if int(v) < len(controlNames) {
		return controlNames[v]
	}
	return fmt.Sprintf("value %d", v)
}

// controlGroup returns the values a server may answer a SET-CONTROL value
// with: the possible states of the setting it changes or asks for.
func controlGroup(v byte) []byte {
	switch {
	case v <= ctlFlowHardware, v >= ctlFlowDCD && v <= ctlFlowDSR:
		return []byte{ctlFlowNone, ctlFlowXONXOFF, ctlFlowHardware, ctlFlowDCD, ctlFlowDSR}
	case v <= ctlBreakOff:
		return []byte{ctlBreakOn, ctlBreakOff}
	case v <= ctlDTROff:
		return []byte{ctlDTROn, ctlDTROff}
	case v <= ctlRTSOff:
		return []byte{ctlRTSOn, ctlRTSOff}
	case v <= ctlInHardware:
		return []byte{ctlInNone, ctlInXONXOFF, ctlInHardware, ctlInDTR}
	}
	return nil
}

// flowCode returns the SET-CONTROL value for f, outbound (1-3) or inbound
// (14-16).
func flowCode(f device.FlowControl, inbound bool) byte {
	c := ctlFlowNone
	switch f {
	case device.FlowXONXOFF:
		c = ctlFlowXONXOFF
	case device.FlowRTSCTS:
		c = ctlFlowHardware
	}
	if inbound {
		c += ctlInNone - ctlFlowNone
	}
	return c
}

// flowFromCode returns the flow control a SET-CONTROL value sets, if it sets
// one this package supports.
func flowFromCode(v byte) (device.FlowControl, bool) {
	switch v {
	case ctlFlowNone, ctlInNone:
		return device.FlowNone, true
	case ctlFlowXONXOFF, ctlInXONXOFF:
		return device.FlowXONXOFF, true
	case ctlFlowHardware, ctlInHardware:
		return device.FlowRTSCTS, true
	}
	return "", false
}

// SET-PARITY values.
var parityCodes = map[device.Parity]byte{
	device.ParityNone: 1, device.ParityOdd: 2, device.ParityEven: 3,
	device.ParityMark: 4, device.ParitySpace: 5,
}

func parityCode(p device.Parity) byte { return parityCodes[p] }

func parityFromCode(v byte) (device.Parity, bool) {
	for p, c := range parityCodes {
		if c == v {
			return p, true
		}
	}
	return "", false
}

// SET-STOPSIZE values.
var stopCodes = map[device.StopBits]byte{
	device.StopBits1: 1, device.StopBits2: 2, device.StopBits1Half: 3,
}

func stopCode(s device.StopBits) byte { return stopCodes[s] }

func stopFromCode(v byte) (device.StopBits, bool) {
	for s, c := range stopCodes {
		if c == v {
			return s, true
		}
	}
	return "", false
}

// NOTIFY-MODEMSTATE bits.
const (
	modemCTSDelta byte = 0x01
	modemDSRDelta byte = 0x02
	modemRIEdge   byte = 0x04 // trailing edge of the ring indicator
	modemDCDDelta byte = 0x08
	modemCTS      byte = 0x10
	modemDSR      byte = 0x20
	modemRI       byte = 0x40
	modemDCD      byte = 0x80
)

// modemBits returns the state bits (upper nibble) of m.
func modemBits(m device.Modem) byte {
	var b byte
	if m.CTS {
		b |= modemCTS
	}
	if m.DSR {
		b |= modemDSR
	}
	if m.RI {
		b |= modemRI
	}
	if m.DCD {
		b |= modemDCD
	}
	return b
}

// modemFromBits decodes the state bits of a NOTIFY-MODEMSTATE.
func modemFromBits(b byte) device.Modem {
	return device.Modem{CTS: b&modemCTS != 0, DSR: b&modemDSR != 0, RI: b&modemRI != 0, DCD: b&modemDCD != 0}
}

// modemDeltas returns the delta bits (lower nibble) of a change from the
// state bits prev to cur: CTS, DSR and DCD on any change, RI when it goes
// off (RFC 2217's "trailing-edge ring detector").
func modemDeltas(prev, cur byte) byte {
	changed := (prev ^ cur) >> 4
	d := changed & (modemCTSDelta | modemDSRDelta | modemDCDDelta)
	if prev&modemRI != 0 && cur&modemRI == 0 {
		d |= modemRIEdge
	}
	return d
}

// PURGE-DATA values.
const (
	purgeReceive  byte = 1 // the server's buffer of data from the device
	purgeTransmit byte = 2 // the server's buffer of data for the device
	purgeBoth     byte = 3
)
