// Package rfc2217 speaks Telnet with the Com Port Control Option (RFC 2217,
// on RFC 854/855), the protocol of pyserial's rfc2217:// URLs and ser2net:
// a Telnet codec, the server side of a session on a Port, and a client
// device for remote ports.
package rfc2217
