//go:build unix && !(linux && !ppc64 && !ppc64le)

package main

import (
	"context"
	"os"

	"github.com/serialhub/serialhub/internal/protocol"
)

// Without Linux's TIOCPKT_IOCTL reports there is no way to see a
// program's settings without polling: settings go through the console or
// the API only.

// ptyLine is unused here.
type ptyLine struct{}

func packetMode(*os.File) (bool, error)                  { return false, nil }
func (s *ptySession) showSettings(protocol.Settings)     {}
func (s *ptySession) packetStatus(context.Context, byte) {}
