// Package mqtt bridges a hub's ports to an MQTT broker (docs/mqtt.md):
// each port's complete text lines, its status and its decoded values are
// published under serialhub/GATEWAY/PORT/, and, when the role allows,
// messages on serialhub/GATEWAY/PORT/send are written to the port under
// its write lock. The client is Eclipse Paho's (MQTT 3.1.1), which
// reconnects by itself.
//
// A broker never slows a port: each port's subscriber feeds a bounded
// queue that one publisher goroutine per port drains; what does not fit
// while the broker is down or slow is dropped and counted. Status and
// values are kept as the latest of each and published again after a
// reconnect, so they are never lost, only coalesced.
package mqtt
