//go:build linux && !ppc64 && !ppc64le

package main

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/serialhub/serialhub/internal/protocol"
)

// Settings made on LINK, seen without polling: in packet mode (TIOCPKT)
// every read of the master starts with a status byte, and with EXTPROC set
// on the slave, Linux reports each termios change a program makes on it
// (tcsetattr, stty, pyserial) as TIOCPKT_IOCTL, and each flush of its
// input (tcflush, pyserial's reset_input_buffer) as TIOCPKT_FLUSHREAD.
// Termios requests on the master act on the slave. A pseudo-terminal
// forces 8 data bits and no parity, so only speed, stop bits and flow
// control are seen.

// packetMode puts the master in packet mode and asks for termios reports.
func packetMode(master *os.File) (bool, error) {
	fd, err := fileFd(master)
	if err != nil {
		return false, err
	}
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCPKT, 1); err != nil {
		return false, fmt.Errorf("packet mode on the pseudo-terminal: %w", err)
	}
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS2)
	if err != nil {
		return false, fmt.Errorf("read the pseudo-terminal's settings: %w", err)
	}
	t.Lflag |= unix.EXTPROC
	if err := unix.IoctlSetTermios(fd, unix.TCSETS2, t); err != nil {
		return false, fmt.Errorf("set the pseudo-terminal's settings: %w", err)
	}
	return true, nil
}

// ptyLine is what a pseudo-terminal's termios says of a serial line.
type ptyLine struct {
	Baud     int
	StopBits protocol.StopBits
	Flow     protocol.FlowControl
}

func lineOf(t *unix.Termios) ptyLine {
	l := ptyLine{Baud: int(t.Ospeed), StopBits: protocol.StopBits1, Flow: protocol.FlowNone}
	if t.Cflag&unix.CSTOPB != 0 {
		l.StopBits = protocol.StopBits2
	}
	switch {
	case t.Cflag&unix.CRTSCTS != 0:
		l.Flow = protocol.FlowRTSCTS
	case t.Iflag&unix.IXON != 0 && t.Iflag&unix.IXOFF != 0:
		l.Flow = protocol.FlowXONXOFF
	}
	return l
}

// showSettings gives the pseudo-terminal the port's speed, stop bits and
// flow control, so that programs (and stty -F LINK) see them.
func (s *ptySession) showSettings(set protocol.Settings) {
	if !s.packet {
		return
	}
	fd, err := fileFd(s.master)
	if err != nil {
		return
	}
	s.termMu.Lock()
	defer s.termMu.Unlock()
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS2)
	if err != nil {
		s.cmd.Log.Warn("read the pseudo-terminal's settings", "err", err)
		return
	}
	if set.Baud > 0 {
		t.Cflag &^= unix.CBAUD | unix.CIBAUD
		t.Cflag |= unix.BOTHER | unix.BOTHER<<unix.IBSHIFT
		t.Ispeed, t.Ospeed = uint32(set.Baud), uint32(set.Baud)
	}
	t.Cflag &^= unix.CSTOPB
	if set.StopBits != "" && set.StopBits != protocol.StopBits1 {
		t.Cflag |= unix.CSTOPB
	}
	t.Cflag &^= unix.CRTSCTS
	t.Iflag &^= unix.IXON | unix.IXOFF
	switch set.FlowControl {
	case protocol.FlowRTSCTS:
		t.Cflag |= unix.CRTSCTS
	case protocol.FlowXONXOFF:
		t.Iflag |= unix.IXON | unix.IXOFF
	}
	t.Lflag |= unix.EXTPROC
	if err := unix.IoctlSetTermios(fd, unix.TCSETS2, t); err != nil {
		s.cmd.Log.Warn("set the pseudo-terminal's settings", "err", err)
		return
	}
	s.line, s.lineKnown = lineOf(t), true
}

// packetStatus acts on a status packet of the master.
func (s *ptySession) packetStatus(ctx context.Context, b byte) {
	if b&unix.TIOCPKT_FLUSHREAD != 0 {
		s.queue.flush()
	}
	if b&unix.TIOCPKT_IOCTL != 0 {
		s.termiosChanged(ctx)
	}
}

// termiosChanged passes a program's change of the settings to the port.
func (s *ptySession) termiosChanged(ctx context.Context) {
	fd, err := fileFd(s.master)
	if err != nil {
		return
	}
	s.termMu.Lock()
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS2)
	if err != nil {
		s.termMu.Unlock()
		s.cmd.Log.Warn("read the pseudo-terminal's settings", "err", err)
		return
	}
	if t.Lflag&unix.EXTPROC == 0 {
		// The program cleared it (c_lflag = 0): set it again, or later
		// changes would go unseen. This change is reported too, and
		// changes nothing else.
		t.Lflag |= unix.EXTPROC
		if err := unix.IoctlSetTermios(fd, unix.TCSETS2, t); err != nil {
			s.cmd.Log.Warn("set the pseudo-terminal's settings", "err", err)
		}
	}
	now, prev, known := lineOf(t), s.line, s.lineKnown
	s.line, s.lineKnown = now, true
	s.termMu.Unlock()

	change := map[string]any{}
	if !known || now.Baud != prev.Baud {
		change["baud"] = now.Baud
	}
	if !known || now.StopBits != prev.StopBits {
		change["stopBits"] = now.StopBits
	}
	if !known || now.Flow != prev.Flow {
		change["flowControl"] = now.Flow
	}
	if len(change) == 0 {
		return
	}
	s.settingsID++
	msg := map[string]any{"type": "settings", "id": fmt.Sprintf("pty-%d", s.settingsID), "settings": change}
	if err := s.client.Control(ctx, msg); err != nil {
		s.cmd.Log.Warn("settings of "+s.cmd.Link+" not passed on to the port", "settings", change, "err", err)
		return
	}
	s.cmd.Log.Info("settings of "+s.cmd.Link+" passed on to the port", "settings", change)
}
