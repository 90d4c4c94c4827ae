// Package protocol is serialhub's wire protocol in Go: every JSON object
// of the REST API and of the WebSocket at /ws/{name}, the error codes, the
// query parameters, and the bookkeeping a client needs to resume a stream
// after a disconnect. docs/protocol.md is the reference for what each
// message means; this package is the one Go definition of how it looks.
//
// The server (package server) sends these types and parses control
// messages with ParseRequest; the clients in this repository (package
// remote, behind "serialhub attach" and "serialhub pty", and the test
// helpers) decode events with Event and resume with Position. Nothing
// else in serialhub knows the JSON: the hub and device packages keep their
// own Go types, and the server converts them.
//
// The package imports only the standard library, so that any program,
// serialhub's or another, can speak the protocol without the server.
//
// # Golden files
//
// testdata/golden holds one example of every message, two-space indented:
// the port object (port.json), the events (event-*.json), the control
// messages (request-*.json), the REST bodies (rest-error.json,
// session.json, devices.json, broadcast-request.json and
// broadcast-answer.json), and resume scenarios (resume-*.json): a
// list of steps, each a server event {"event":{…}} or a binary frame of
// N bytes {"data":N}, and the stream and offset a client must ask for on
// reconnecting, {"want":{"stream":"…","since":N}} (since null when the
// client has no position yet). The Go tests marshal a value per file and
// compare the bytes (go test -update rewrites them), decode every file,
// and run every scenario through Position; the web console's tests read
// the same files, so the two sides cannot drift apart.
//
// # Compatibility
//
// Fields may be added to objects and new event types may appear; a
// client ignores what it does not know. Event decodes any event and keeps
// the fields it knows.
package protocol
