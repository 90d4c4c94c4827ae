// Package rfc2217 speaks Telnet with the Com Port Control Option (RFC 2217
// on RFC 854/855), the protocol of pyserial's rfc2217:// URLs and of
// ser2net, on both sides: a server session that shares a Port with one
// client, and a Client that is a device.Device for a port served remotely.
//
// # Layers
//
// The Telnet codec is at the bottom. A Decoder splits a byte stream into
// data and commands (option negotiation, subnegotiations, the rest), keeps
// its state between calls so the stream may be cut anywhere, passes data
// through as sub-slices of its input, and bounds its memory: a
// subnegotiation longer than its limit is discarded and counted.
// AppendEscaped doubles 0xFF in data. Both ends negotiate BINARY, so CR is
// not treated specially.
//
// Option negotiation follows RFC 1143's Q method: an end answers only when
// an option's state changes, so two ends never loop on each other's
// answers. Both sides here accept BINARY, SGA and COM-PORT-OPTION (44) on
// either side and refuse everything else (ECHO included).
//
// # Server
//
// Serve (or Server.Serve, with a logger, signature and limits) runs one
// client's session on a Port, the interface a hub port is adapted to. A
// session runs two goroutines: one reads the client, writes its data to the
// port and carries out its commands in order with that data; the other
// forwards the port's Stream (device data, modem changes) to the client.
// Serve waits for both before it returns and always closes the connection;
// cancelling its context ends the session.
//
// Every COM-PORT-OPTION command is answered with the server's code (the
// client's plus 100) and the value in effect afterwards, which is what
// pyserial waits for: value 0 of SET-BAUDRATE, -DATASIZE, -PARITY and
// -STOPSIZE asks without changing; a setting the port refuses is answered
// with the value it kept. SET-CONTROL for DTR, RTS and BREAK is answered
// with the value asked for even when the device cannot do it (a pty has no
// modem lines): ser2net does not answer there and pyserial then fails to
// open the port. A control the Port refuses for another reason (a hub
// port's write lock held by another client) changed nothing, and is
// answered with the value in effect. The requests of SET-CONTROL (0, 4, 7, 10, 13) are answered
// with the current state: flow control from the port's settings, DTR and
// RTS from the port if it is a LinesReporter (else what the session last
// set), BREAK from what the session last set. Inbound and outbound flow
// control are one setting (device.Settings.FlowControl); DCD, DTR and DSR
// flow control are answered with the flow control in effect. What has no
// value to answer with gets no answer and is logged: a client's own
// SIGNATURE text, unknown SET-CONTROL and PURGE-DATA values, unknown
// commands, and commands too short to read.
//
// NOTIFY-MODEMSTATE is sent when the client starts speaking RFC 2217 (its
// WILL or DO COM-PORT-OPTION, or its first command) if the device has modem
// lines, then on every change that SET-MODEMSTATE-MASK selects (default
// 255), with the RFC's delta bits; a client's NOTIFY-MODEMSTATE is a poll,
// answered with the current state (0 without modem lines). No line state is
// ever notified: SET-LINESTATE-MASK is stored and acknowledged, and a
// NOTIFY-LINESTATE poll is answered with 0. FLOWCONTROL-SUSPEND holds the
// device data for that client (Server.SuspendBuffer bytes at most, the rest
// dropped and counted as missed) until FLOWCONTROL-RESUME; answers and
// notifications still go out. PURGE-DATA drops the held data. Neither
// suspend nor resume is answered: in RFC 2217 a server's code 108 or 109
// would ask the client to suspend or resume.
//
// # Client
//
// Dial (or Dialer.Dial) connects, negotiates and applies settings; the
// Client implements device.Device and device.Controller. One goroutine
// reads the connection; Close stops it and waits for it. Commands wait at
// most Dialer.ReplyTimeout for their answer, and fail with ErrNoReply naming
// the command; an answer with another value than asked fails with
// ErrRejected (and device.ErrNotSupported), and SetSettings then restores
// the previous settings. Modem reports the last NOTIFY-MODEMSTATE, and
// ModemChanges (device.ModemWatcher) tells when one changes it. When
// Read falls more than Dialer.ReadBuffer bytes behind, the client sends
// FLOWCONTROL-SUSPEND, and FLOWCONTROL-RESUME once it catches up; a server's
// own suspend requests are logged and not obeyed.
package rfc2217
