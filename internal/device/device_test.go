package device_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/serialhub/serialhub/internal/device"
)

func TestSettingsValidate(t *testing.T) {
	ok := device.DefaultSettings
	tests := []struct {
		name    string
		mutate  func(*device.Settings)
		wantErr string
	}{
		{"defaults", func(*device.Settings) {}, ""},
		{"baud zero", func(s *device.Settings) { s.Baud = 0 }, "invalid baud rate 0"},
		{"data bits 9", func(s *device.Settings) { s.DataBits = 9 }, "invalid data bits 9"},
		{"parity q", func(s *device.Settings) { s.Parity = "q" }, `invalid parity "q"`},
		{"stop bits 3", func(s *device.Settings) { s.StopBits = "3" }, `invalid stop bits "3"`},
		{"7E2", func(s *device.Settings) { s.DataBits, s.Parity, s.StopBits = 7, device.ParityEven, device.StopBits2 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.mutate(&s)
			err := s.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestSettingsString(t *testing.T) {
	s := device.Settings{Baud: 9600, DataBits: 7, Parity: device.ParityEven, StopBits: device.StopBits2}
	if got, want := s.String(), "9600 7E2"; got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
}

func TestOpenUnknownScheme(t *testing.T) {
	_, err := device.Open(t.Context(), "bogus://x", device.DefaultSettings)
	if err == nil || !strings.Contains(err.Error(), `unknown scheme "bogus"`) {
		t.Fatalf("Open(bogus://x) = %v, want unknown scheme error", err)
	}
}

func TestOpenMissingSerialPort(t *testing.T) {
	_, err := device.Open(t.Context(), "/dev/serialhub-test-does-not-exist", device.DefaultSettings)
	if err == nil || !strings.Contains(err.Error(), "/dev/serialhub-test-does-not-exist") || !strings.Contains(err.Error(), "is the device plugged in?") {
		t.Fatalf("Open(missing) = %v, want an error naming the path and what to check", err)
	}
}

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func TestLoopEchoesAllBytes(t *testing.T) {
	d, err := device.Open(t.Context(), "loop://", device.DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	want := allBytes()
	if _, err := d.Write(want); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(d, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("read back %x, want %x", got, want)
	}
}

// TestCloseWakesRead checks the guarantee the hub's reader depends on for
// every kind of device.
func TestCloseWakesRead(t *testing.T) {
	for _, spec := range []string{"loop://", "sim://", "pty"} {
		t.Run(spec, func(t *testing.T) {
			var d device.Device
			if spec == "pty" {
				_, path := openPTY(t)
				var err error
				d, err = device.Open(t.Context(), path, device.DefaultSettings)
				if err != nil {
					t.Fatal(err)
				}
			} else {
				var err error
				d, err = device.Open(t.Context(), spec, device.Settings{Baud: 9600, DataBits: 8, Parity: "none", StopBits: "1"})
				if err != nil {
					t.Fatal(err)
				}
				if spec == "sim://" {
					// Quiet the telemetry so Read blocks.
					if _, err := d.Write([]byte("rate 0\n")); err != nil {
						t.Fatal(err)
					}
				}
			}
			errc := make(chan error, 1)
			go func() {
				buf := make([]byte, 1024)
				for {
					if _, err := d.Read(buf); err != nil {
						errc <- err
						return
					}
				}
			}()
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			if err := d.Close(); err != nil {
				t.Fatalf("second Close = %v, want nil", err)
			}
			err := <-errc
			if !errors.Is(err, device.ErrClosed) {
				t.Fatalf("Read after Close = %v, want ErrClosed", err)
			}
			if _, err := d.Write([]byte("x")); err == nil {
				t.Fatal("Write after Close succeeded")
			}
		})
	}
}

func TestSimAnswersCommands(t *testing.T) {
	d, err := device.Open(t.Context(), "sim://", device.DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	r := bufio.NewReader(d)
	if _, err := d.Write([]byte("rate 0\r\n")); err != nil {
		t.Fatal(err)
	}
	readUntil(t, r, "ok: rate 0")
	// The echo comes first, then the answer.
	if _, err := d.Write([]byte("version\r")); err != nil {
		t.Fatal(err)
	}
	readUntil(t, r, "version")
	readUntil(t, r, device.SimVersion)
	if _, err := d.Write([]byte("help\n")); err != nil {
		t.Fatal(err)
	}
	readUntil(t, r, "commands: help")
	if _, err := d.Write([]byte("frobnicate\n")); err != nil {
		t.Fatal(err)
	}
	readUntil(t, r, `unknown command "frobnicate"`)
	if _, err := d.Write([]byte("burst 3\n")); err != nil {
		t.Fatal(err)
	}
	readUntil(t, r, "burst 1/3\r\nburst 2/3\r\nburst 3/3\r\n")
}

func TestSimTelemetry(t *testing.T) {
	d, err := device.Open(t.Context(), "sim://", device.DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	r := bufio.NewReader(d)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(line, "temp:") || !strings.Contains(line, ",hum:") || !strings.HasSuffix(line, "\r\n") {
		t.Fatalf("telemetry line %q, want temp:N,hum:N\\r\\n", line)
	}
}

// readUntil reads from r until what it has read ends with want. It fails
// the test if the device ends first; the test's own deadline bounds it.
func readUntil(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	var got []byte
	for !bytes.HasSuffix(got, []byte(want)) {
		b, err := r.ReadByte()
		if err != nil {
			t.Fatalf("read: %v (read so far %q, want %q)", err, got, want)
		}
		got = append(got, b)
		if len(got) > 1<<20 {
			t.Fatalf("no %q in the first MiB", want)
		}
	}
}

// openPTY opens a raw pseudo-terminal and returns its master and the path
// of its slave, which stands in for a serial device.
func openPTY(t *testing.T) (*os.File, string) {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	path := slave.Name()
	// The serial port opens the path itself; this handle is not needed.
	slave.Close()
	t.Cleanup(func() { master.Close() })
	return master, path
}

func TestSerialPortOverPTY(t *testing.T) {
	master, path := openPTY(t)
	d, err := device.Open(t.Context(), path, device.DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	// Device to program: all 256 byte values arrive untouched, since the
	// port is in raw mode.
	want := allBytes()
	if _, err := master.Write(want); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(d, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("device read %x, want %x", got, want)
	}

	// Program to device.
	if _, err := d.Write([]byte("hello\x00\xff")); err != nil {
		t.Fatal(err)
	}
	got = make([]byte, 7)
	if _, err := io.ReadFull(master, got); err != nil {
		t.Fatal(err)
	}
	if string(got) != "hello\x00\xff" {
		t.Fatalf("master read %q", got)
	}

	// The device goes away: Read fails rather than blocking or spinning.
	master.Close()
	if _, err := d.Read(make([]byte, 16)); err == nil {
		t.Fatal("Read after the pty master closed succeeded")
	}
}
