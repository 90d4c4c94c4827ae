module github.com/serialhub/serialhub

go 1.26.8

require (
	github.com/coder/websocket v1.8.15
	github.com/creack/pty v1.1.24
	go.bug.st/serial v1.8.0
	golang.org/x/sys v0.43.0
)
