package device_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/firmware"
)

// openFirmware opens spec at baud and closes it when the test ends, or
// after a deadline so that a read waiting for output that never comes
// fails rather than hanging.
func openFirmware(t *testing.T, spec string, baud int) (*device.Firmware, *bufio.Reader) {
	t.Helper()
	s := device.DefaultSettings
	s.Baud = baud
	d, err := device.Open(t.Context(), spec, s)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := d.(*device.Firmware)
	if !ok {
		d.Close()
		t.Fatalf("Open(%s) = %T, want *device.Firmware", spec, d)
	}
	stop := time.AfterFunc(30*time.Second, func() { f.Close() })
	t.Cleanup(func() {
		stop.Stop()
		f.Close()
	})
	return f, bufio.NewReader(f)
}

// readLine reads a line without its line ending.
func readLine(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	s, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("read: %v (after %q)", err, s)
	}
	return strings.TrimRight(s, "\r\n")
}

func TestFirmwareGrbl(t *testing.T) {
	f, r := openFirmware(t, "sim://grbl?buffer=100&planner=4&move=1ms", 115200)
	if got := readLine(t, r) + readLine(t, r); got != strings.TrimSpace(firmware.GrblBanner) {
		t.Errorf("banner %q, want grbl's", got)
	}
	io.WriteString(f, "$I\n")
	if got := readLine(t, r); got != "[VER:1.1h.20190830:]" {
		t.Errorf("$I answered %q", got)
	}
	if got := readLine(t, r); got != "[OPT:V,4,101]" {
		t.Errorf("$I answered %q, want the planner and buffer of the options", got)
	}
	readLine(t, r) // ok
	io.WriteString(f, "G1 X1 F100\n")
	if got := readLine(t, r); got != "ok" {
		t.Errorf("G1 X1 F100 answered %q, want ok", got)
	}
	if got := f.Log().Texts(); len(got) != 2 || got[1] != "G1 X1 F100" {
		t.Errorf("Log has %q, want $I and G1 X1 F100", got)
	}
}

func TestFirmwareMarlin(t *testing.T) {
	f, r := openFirmware(t, "sim://marlin?corrupt=0&seed=3&move=1ms&busy=1s", 115200)
	for _, want := range []string{"start", "echo:Marlin 2.1.2"} {
		if got := readLine(t, r); got != want {
			t.Errorf("banner line %q, want %q", got, want)
		}
	}
	io.WriteString(f, "N1 M105*38\n")
	if got := readLine(t, r); got != "ok T:21.0 /0.0 B:21.0 /0.0 @:0 B@:0" {
		t.Errorf("N1 M105 answered %q", got)
	}
	if got := f.Log().Commands(); len(got) != 1 || got[0] != (firmware.Command{Text: "M105", N: 1, Numbered: true}) {
		t.Errorf("Log has %+v, want N1 M105", got)
	}
}

func TestFirmwareBadOptions(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want []string
	}{
		{"sim://grbl?nope=1", []string{"open sim://grbl?nope=1", `unknown option "nope" for sim://grbl`, "buffer, planner, move"}},
		{"sim://marlin?buffer=1", []string{`unknown option "buffer" for sim://marlin`, "corrupt, seed, move, busy"}},
		{"sim://marlin?corrupt=2", []string{`option corrupt="2"`, "0 to 1"}},
		{"sim://grbl?move=fast", []string{`option move="fast"`}},
		{"sim://grbl?buffer=0", []string{`option buffer="0"`, "positive"}},
		{"sim://marlin?busy=0s", []string{`option busy="0s"`, "positive"}},
		{"sim://grbl?%zz", []string{"bad options"}},
	} {
		d, err := device.Open(t.Context(), tc.spec, device.DefaultSettings)
		if err == nil {
			d.Close()
			t.Errorf("Open(%s) succeeded", tc.spec)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Open(%s) = %q, want it to say %q", tc.spec, err, want)
			}
		}
	}
}

func TestFirmwareCloseWakesRead(t *testing.T) {
	f, r := openFirmware(t, "sim://grbl", 115200)
	readLine(t, r)
	readLine(t, r) // the banner: nothing more comes
	errc := make(chan error, 1)
	go func() {
		_, err := f.Read(make([]byte, 1))
		errc <- err
	}()
	f.Close()
	if err := <-errc; !errors.Is(err, device.ErrClosed) {
		t.Errorf("Read after Close = %v, want ErrClosed", err)
	}
	if _, err := f.Write([]byte("?")); !errors.Is(err, device.ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
	if err := f.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// TestFirmwarePacedAtTheBaudRate checks that the line runs at the baud
// rate the device is opened with and then at the one SetSettings sets:
// at 1200 baud, 120 bytes there and back take a second and more.
func TestFirmwarePacedAtTheBaudRate(t *testing.T) {
	lines := strings.Repeat("G90 G21\n", 15) // 120 bytes, answered by 60
	roundTrip := func(t *testing.T, f *device.Firmware, r *bufio.Reader) time.Duration {
		t.Helper()
		start := time.Now()
		var wg sync.WaitGroup
		defer wg.Wait()
		wg.Go(func() { io.WriteString(f, lines) })
		for range 15 {
			if got := readLine(t, r); got != "ok" {
				t.Fatalf("read %q, want ok", got)
			}
		}
		return time.Since(start)
	}
	t.Run("opened", func(t *testing.T) {
		f, r := openFirmware(t, "sim://grbl", 1200)
		readLine(t, r)
		readLine(t, r)
		if d := roundTrip(t, f, r); d < 900*time.Millisecond {
			t.Errorf("120 bytes at 1200 baud took %v, want a second at least", d)
		}
	})
	t.Run("SetSettings", func(t *testing.T) {
		f, r := openFirmware(t, "sim://grbl", 115200)
		readLine(t, r)
		readLine(t, r)
		s := device.DefaultSettings
		s.Baud = 1200
		if err := f.SetSettings(s); err != nil {
			t.Fatal(err)
		}
		if d := roundTrip(t, f, r); d < 900*time.Millisecond {
			t.Errorf("120 bytes at 1200 baud took %v, want a second at least", d)
		}
	})
}

func ExampleFirmware() {
	d, err := device.Open(context.Background(), "sim://grbl", device.DefaultSettings)
	if err != nil {
		panic(err)
	}
	defer d.Close()
	r := bufio.NewReader(d)
	r.ReadString('\n') // the banner: "\r\n"
	banner, _ := r.ReadString('\n')
	io.WriteString(d, "G0 X10 Y5\n")
	ok, _ := r.ReadString('\n')
	fmt.Printf("%q %q %q\n", banner, ok, d.(*device.Firmware).Log().Texts())
	// Output: "Grbl 1.1h ['$' for help]\r\n" "ok\r\n" ["G0 X10 Y5"]
}
