package device

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Linux tells a program that a serial port's modem inputs changed only
// through the TIOCMIWAIT ioctl, which blocks until one does. A Go program
// cannot cut that call short (the runtime restarts system calls a signal
// interrupts), and a goroutine left in it keeps the port open after Close:
// DTR stays up and, with TIOCEXCL, the next open fails as busy. So the wait
// runs in a helper process: this same executable, started again with
// modemHelperEnv set, which receives a copy of the port's descriptor as
// file 3, waits, and writes a byte to its standard output after each
// change. Close kills it; a fatal signal ends the wait, and the last copy of
// the descriptor closes with the process. It costs one process per open
// port whose driver keeps modem counters (USB serial adapters and UARTs do;
// pseudo-terminals do not, and get none): about 9 MB resident, most of it
// the executable's pages, which it shares with serialhub.
//
// The helper reports once as soon as it has read the counters, so that a
// change between serialhub's first reading of the lines and the helper's
// start is not missed. One gap is left: TIOCMIWAIT counts changes from the
// moment it starts, so a change in the microseconds between the helper's
// last reading of the counters and its next wait shows only at the next
// change or reading of the lines.
//
// A program runs the helper only if it says so: its main (or a test
// binary's TestMain) calls IsModemHelper and RunModemHelper first thing,
// and its Opener is made with OpenerConfig.ModemHelper. A program that did
// not wire it is never started again as the helper: its serial ports are
// opened without one.

// modemHelperEnv, set to "1", makes the process the modem helper.
const modemHelperEnv = "SERIALHUB_MODEM_HELPER"

// The helper's reports on its standard output.
const (
	helperChange byte = 'c' // the modem inputs may have changed
	helperGone   byte = 'g' // the device went away; the helper exits
	helperError  byte = 'e' // followed by the reason, then the helper exits
)

// IsModemHelper reports whether this process was started as the modem
// helper of a serial port. A program whose Opener has
// OpenerConfig.ModemHelper set calls it first thing in main and, if it
// reports true, exits with RunModemHelper's status.
func IsModemHelper() bool { return os.Getenv(modemHelperEnv) == "1" }

// RunModemHelper runs the modem helper: it waits for changes of the modem
// inputs of the serial port it was given as file 3 and tells the program
// that started it, until that program ends it or the port goes away. It
// returns the process's exit status. Call it only when IsModemHelper
// reports true.
func RunModemHelper() int { return modemHelperMain(3, os.Stdout) }

// modemCounters are the counts of changes of CTS, DSR, RI and DCD, the first
// fields of the kernel's struct serial_icounter_struct (TIOCGICOUNT).
type modemCounters [4]int32

func readModemCounters(fd int) (modemCounters, error) {
	var ic [20]int32 // struct serial_icounter_struct: 11 counters and 9 reserved
	if _, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.TIOCGICOUNT, uintptr(unsafe.Pointer(&ic[0]))); errno != 0 {
		return modemCounters{}, errno
	}
	return modemCounters(ic[:4]), nil
}

// modemHelperMain waits for changes of the modem inputs of the tty at fd
// and reports them to out until the wait fails or out is gone. It returns
// the exit status.
func modemHelperMain(fd int, out io.Writer) int {
	// serialhub ends the helper when it is done with it (and the kernel
	// when serialhub dies); the signals a terminal or a service manager
	// sends to every process of a group are serialhub's to act on.
	signal.Ignore(syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT)
	fail := func(err error) int {
		if errors.Is(err, unix.EIO) || errors.Is(err, unix.ENODEV) || errors.Is(err, unix.ENXIO) {
			out.Write([]byte{helperGone})
			return 0
		}
		fmt.Fprintf(out, "%c%v", helperError, err)
		return 1
	}
	seen, err := readModemCounters(fd)
	if err != nil {
		return fail(fmt.Errorf("read modem counters: %w", err))
	}
	if _, err := out.Write([]byte{helperChange}); err != nil {
		return 0
	}
	for {
		// The wait counts changes from the moment it starts: before each
		// wait, report until the counters hold still, so that a change
		// made while the last report was written is not left for the
		// next one, and the gap is only that from this reading to the wait.
		for {
			now, err := readModemCounters(fd)
			if err != nil {
				return fail(fmt.Errorf("read modem counters: %w", err))
			}
			if now == seen {
				break
			}
			seen = now
			if _, err := out.Write([]byte{helperChange}); err != nil {
				return 0 // serialhub is gone (a Go program writing to a closed stdout usually dies of SIGPIPE first)
			}
		}
		err := unix.IoctlSetInt(fd, unix.TIOCMIWAIT, unix.TIOCM_CTS|unix.TIOCM_DSR|unix.TIOCM_RNG|unix.TIOCM_CD)
		if err != nil && !errors.Is(err, unix.EINTR) {
			return fail(fmt.Errorf("wait for modem lines: %w", err))
		}
	}
}

// modemWatcher runs the helper for one open port.
type modemWatcher struct {
	path    string
	cmd     *exec.Cmd
	changes chan struct{} // capacity 1; closed by run if the helper fails
	done    chan struct{} // closed by run once the helper is reaped
	stopped atomic.Bool   // stop was called: the helper's end was asked for
	err     error         // set by run before done closes: why the helper ended
	once    sync.Once
}

// watchModemOf starts a helper for p if its driver keeps modem counters;
// otherwise, or if the helper cannot start, it returns nil and the port's
// modem lines are known only when read.
func watchModemOf(p *serialPort) *modemWatcher {
	fd, err := fdOf(p.port)
	if err != nil {
		return nil
	}
	if _, err := readModemCounters(fd); err != nil {
		return nil
	}
	w, err := startModemHelper(fd, p.path)
	if err != nil {
		slog.Warn("modem line changes will not be reported", "device", p.path, "err", err)
		return nil
	}
	return w
}

// startModemHelper starts the helper on a copy of fd; the caller ends it
// with stop.
func startModemHelper(fd int, path string) (*modemWatcher, error) {
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("copy descriptor of %s: %w", path, err)
	}
	tty := os.NewFile(uintptr(dup), path)
	defer tty.Close() // the helper has its own copy once started
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("modem helper for %s: %w", path, err)
	}
	defer w.Close()
	cmd := &exec.Cmd{
		Path:       "/proc/self/exe", // this program, even if its file was replaced since
		Args:       []string{"serialhub-modem-helper", path},
		Env:        []string{modemHelperEnv + "=1"},
		ExtraFiles: []*os.File{tty},
		Stdout:     w,
		SysProcAttr: &syscall.SysProcAttr{
			// If serialhub dies without stopping it, the helper dies too
			// rather than keep the port open. (The kernel sends it when
			// the thread that started the helper ends; Go ends threads
			// only with goroutines locked to them, which this one is not.)
			Pdeathsig: syscall.SIGKILL,
			// Its own process group: a Ctrl-C in serialhub's terminal is
			// not the helper's.
			Setpgid: true,
		},
	}
	if err := cmd.Start(); err != nil {
		r.Close()
		return nil, fmt.Errorf("start modem helper for %s: %w", path, err)
	}
	mw := &modemWatcher{path: path, cmd: cmd, changes: make(chan struct{}, 1), done: make(chan struct{})}
	go mw.run(r)
	return mw, nil
}

// run relays the helper's reports until it ends, then reaps it. It is the
// only sender on changes. It closes changes only if the helper failed: not
// when stop ended it, nor when the device went away (the port's reader sees
// that, and closes the port).
func (w *modemWatcher) run(r *os.File) {
	defer close(w.done)
	br := bufio.NewReader(r)
	gone := false
	for !gone && w.err == nil {
		b, err := br.ReadByte()
		switch {
		case err != nil:
			w.err = fmt.Errorf("modem helper: %w", err)
		case b == helperError:
			msg, _ := io.ReadAll(io.LimitReader(br, 1024))
			w.err = errors.New(string(msg))
		case b == helperGone:
			gone = true
		default:
			select {
			case w.changes <- struct{}{}:
			default: // one is already waiting: the reader reads the latest state
			}
		}
	}
	r.Close()
	werr := w.cmd.Wait()
	if gone || w.stopped.Load() {
		return
	}
	if errors.Is(w.err, io.EOF) {
		w.err = fmt.Errorf("modem helper ended: %v", werr)
	}
	slog.Warn("modem line changes are no longer reported as they happen", "device", w.path, "err", w.err)
	close(w.changes)
}

// stop ends the helper and waits until it is reaped; it is idempotent, and
// does nothing on nil.
func (w *modemWatcher) stop() {
	if w == nil {
		return
	}
	w.once.Do(func() {
		w.stopped.Store(true)
		w.cmd.Process.Kill()
	})
	<-w.done
}
