package device_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/serialhub/serialhub/internal/device"
)

func TestOpenSimBadMode(t *testing.T) {
	d, err := device.Open(t.Context(), "sim://nope", device.DefaultSettings)
	if err == nil {
		d.Close()
		t.Fatal("Open(sim://nope) succeeded")
	}
	for _, want := range []string{"open sim://nope", `unknown simulator mode "nope"`, "sim://nmea", "sim://frames"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Open(sim://nope) = %q, want it to say %q", err, want)
		}
	}
}

// openSim opens the simulator spec names and closes it when the test ends
// or, if deadline is not 0, after deadline, so that a read waiting for
// output that never comes fails rather than hanging. (In a synctest
// bubble, where time is fake, such a read is a deadlock synctest reports.)
func openSim(t *testing.T, spec string, deadline time.Duration) (device.Device, *bufio.Reader) {
	t.Helper()
	d, err := device.Open(t.Context(), spec, device.DefaultSettings)
	if err != nil {
		t.Fatal(err)
	}
	if deadline > 0 {
		ctx, cancel := context.WithTimeout(t.Context(), deadline)
		stop := context.AfterFunc(ctx, func() { d.Close() })
		t.Cleanup(func() { stop(); cancel() })
	}
	t.Cleanup(func() { d.Close() })
	return d, bufio.NewReader(d)
}

// send writes a command line to d.
func send(t *testing.T, d device.Device, command string) {
	t.Helper()
	if _, err := io.WriteString(d, command+"\r"); err != nil {
		t.Fatalf("write %q: %v", command, err)
	}
}

// sentence is one NMEA line read from sim://nmea.
type sentence struct {
	fields []string // the fields between $ and *: fields[0] is the type, GPGGA
	ok     bool     // its checksum is right
}

// readSentence reads lines until one is an NMEA sentence (the others are
// echoes and answers) and checks its checksum.
func readSentence(t *testing.T, r *bufio.Reader) sentence {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if !strings.HasPrefix(line, "$") {
			continue
		}
		body, sum, found := strings.Cut(strings.TrimPrefix(line, "$"), "*")
		if !found || !strings.HasSuffix(sum, "\r\n") || len(sum) != 4 {
			t.Fatalf("sentence %q: want $BODY*HH\\r\\n", line)
		}
		want, err := strconv.ParseUint(sum[:2], 16, 8)
		if err != nil || strings.ToUpper(sum[:2]) != sum[:2] {
			t.Fatalf("sentence %q: checksum %q is not two upper-case hex digits", line, sum[:2])
		}
		var cs byte
		for i := range len(body) {
			cs ^= body[i]
		}
		return sentence{fields: strings.Split(body, ","), ok: cs == byte(want)}
	}
}

func TestSimNMEASentences(t *testing.T) {
	d, r := openSim(t, "sim://nmea", 30*time.Second)
	send(t, d, "help")
	readUntil(t, r, "corrupt (next sentence with a bad checksum)")
	send(t, d, "version")
	readUntil(t, r, device.SimVersion+"\r\n")
	send(t, d, "rate 51")
	readUntil(t, r, "error: rate wants a number from 0 to 50\r\n")
	send(t, d, "rate 50")
	counts := map[string]int{}
	for range 30 {
		s := readSentence(t, r)
		if !s.ok {
			t.Fatalf("%v: wrong checksum", s.fields)
		}
		counts[s.fields[0]]++
		switch f := s.fields; f[0] {
		case "GPGGA":
			if len(f) != 15 || f[3] != "N" || f[5] != "E" || f[6] != "1" || f[10] != "M" {
				t.Fatalf("GGA %v: want 15 fields, N, E, fix 1, metres", f)
			}
			if n, err := strconv.Atoi(f[7]); err != nil || n < 8 || n > 11 {
				t.Fatalf("GGA %v: %q satellites, want 8 to 11", f, f[7])
			}
			if alt, err := strconv.ParseFloat(f[9], 64); err != nil || math.Abs(alt-35) > 5 {
				t.Fatalf("GGA %v: altitude %q, want about 35", f, f[9])
			}
			checkNearTower(t, f[2], f[4])
		case "GPRMC":
			if len(f) != 13 || f[2] != "A" || len(f[9]) != 6 {
				t.Fatalf("RMC %v: want 13 fields, status A, a date", f)
			}
			if kn, err := strconv.ParseFloat(f[7], 64); err != nil || math.Abs(kn*1.852-10) > 1 {
				t.Fatalf("RMC %v: speed %q knots, want about 10 km/h", f, f[7])
			}
			checkNearTower(t, f[3], f[5])
		case "GPVTG":
			if len(f) != 10 || f[2] != "T" || f[6] != "N" || f[8] != "K" {
				t.Fatalf("VTG %v: want 10 fields, T, N, K", f)
			}
			if kmh, err := strconv.ParseFloat(f[7], 64); err != nil || math.Abs(kmh-10) > 1 {
				t.Fatalf("VTG %v: speed %q km/h, want about 10", f, f[7])
			}
		default:
			t.Fatalf("unexpected sentence %v", s.fields)
		}
	}
	for _, typ := range []string{"GPGGA", "GPRMC", "GPVTG"} {
		if counts[typ] < 9 {
			t.Errorf("%d %s sentences among 30, want 10 of each type", counts[typ], typ)
		}
	}
}

// checkNearTower checks that NMEA's latitude (ddmm.mmmmm) and longitude
// (dddmm.mmmmm) lie on the simulator's circle of 200 m around the tower.
func checkNearTower(t *testing.T, lat, lon string) {
	t.Helper()
	la, lo := nmeaDegrees(t, lat, 2), nmeaDegrees(t, lon, 3)
	north := (la - 48.8584) * 111320
	east := (lo - 2.2945) * 111320 * math.Cos(48.8584*math.Pi/180)
	if r := math.Hypot(north, east); math.Abs(r-200) > 2 {
		t.Fatalf("position %s %s is %.1f m from the tower, want 200", lat, lon, r)
	}
}

func nmeaDegrees(t *testing.T, s string, digits int) float64 {
	t.Helper()
	if len(s) != digits+8 || s[digits+2] != '.' {
		t.Fatalf("angle %q: want %d digits of degrees and mm.mmmmm", s, digits)
	}
	d, err1 := strconv.Atoi(s[:digits])
	m, err2 := strconv.ParseFloat(s[digits:], 64)
	if err1 != nil || err2 != nil || m >= 60 {
		t.Fatalf("angle %q: bad number", s)
	}
	return float64(d) + m/60
}

func TestSimNMEACorrupt(t *testing.T) {
	d, r := openSim(t, "sim://nmea", 30*time.Second)
	send(t, d, "rate 0")
	readUntil(t, r, "ok: rate 0\r\n")
	send(t, d, "corrupt")
	readUntil(t, r, "ok: corrupt\r\n")
	send(t, d, "rate 50")
	bad := 0
	for range 12 {
		if s := readSentence(t, r); !s.ok {
			bad++
		}
	}
	if bad != 1 {
		t.Fatalf("%d sentences with a wrong checksum among 12 after corrupt, want 1", bad)
	}
}

// After "rate 0", the receiver prints nothing, however long it is left.
func TestSimNMEARateZero(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d, r := openSim(t, "sim://nmea", 0)
		readSentence(t, r) // a second has passed
		send(t, d, "rate 0")
		readUntil(t, r, "ok: rate 0\r\n")
		time.Sleep(5 * time.Second) // fewer groups than the device buffers
		send(t, d, "version")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(line, "$") {
				t.Fatalf("after rate 0 the receiver printed %q", line)
			}
			if line == device.SimVersion+"\r\n" {
				break
			}
		}
	})
}

// The fix goes round the circle at 10 km/h, at the device clock's time.
func TestSimNMEATrack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, r := openSim(t, "sim://nmea", 0)
		var prevN, prevE float64
		for i := range 120 {
			var rmc sentence
			for rmc.fields == nil || rmc.fields[0] != "GPRMC" {
				rmc = readSentence(t, r)
			}
			now := time.Now().UTC()
			if got, want := rmc.fields[1], now.Format("150405")+".00"; got != want {
				t.Fatalf("RMC time %s, want %s", got, want)
			}
			if got, want := rmc.fields[9], now.Format("020106"); got != want {
				t.Fatalf("RMC date %s, want %s", got, want)
			}
			checkNearTower(t, rmc.fields[3], rmc.fields[5])
			n := (nmeaDegrees(t, rmc.fields[3], 2) - 48.8584) * 111320
			e := (nmeaDegrees(t, rmc.fields[5], 3) - 2.2945) * 111320 * math.Cos(48.8584*math.Pi/180)
			if i > 0 {
				step := math.Hypot(n-prevN, e-prevE)
				if math.Abs(step-10/3.6) > 0.1 {
					t.Fatalf("the fix moved %.2f m in a second, want %.2f", step, 10/3.6)
				}
				course, err := strconv.ParseFloat(rmc.fields[8], 64)
				if err != nil {
					t.Fatal(err)
				}
				bearing := math.Mod(math.Atan2(e-prevE, n-prevN)*180/math.Pi+360, 360)
				if diff := math.Abs(math.Mod(course-bearing+540, 360) - 180); diff > 2 {
					t.Fatalf("course %.2f, but the fix moved towards %.2f", course, bearing)
				}
			}
			prevN, prevE = n, e
		}
	})
}

// frame is one frame of sim://frames, parsed as its spec says.
type frame struct {
	seq      uint16
	temp     float64 // °C
	pressure float32 // hPa
	status   byte
	battery  uint16 // mV
	crcOK    bool
}

// crc16 is CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF,
// no reflection, no final XOR.
func crc16(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range b {
		for i := 7; i >= 0; i-- {
			bit := (c>>i)&1 == 1
			top := crc&0x8000 != 0
			crc <<= 1
			if bit != top {
				crc ^= 0x1021
			}
		}
	}
	return crc
}

func TestCRC16CheckValue(t *testing.T) {
	if got := crc16([]byte("123456789")); got != 0x29B1 {
		t.Fatalf("crc16(123456789) = %#04x, want 0x29b1", got)
	}
}

// readFrame skips to the next frame (past the text of answers) and reads it.
func readFrame(t *testing.T, r *bufio.Reader) frame {
	t.Helper()
	var skipped []byte
	for {
		b, err := r.ReadByte()
		if err != nil {
			t.Fatalf("read: %v (skipped %q)", err, skipped)
		}
		if b != 0xAA {
			if b >= 0x80 {
				t.Fatalf("byte %#x outside a frame (skipped %q)", b, skipped)
			}
			skipped = append(skipped, b)
			continue
		}
		if b, err = r.ReadByte(); err != nil || b != 0x55 {
			t.Fatalf("0xAA followed by %#x, %v", b, err)
		}
		break
	}
	buf := make([]byte, 14)
	if _, err := io.ReadFull(r, buf); err != nil {
		t.Fatal(err)
	}
	if buf[0] != 11 {
		t.Fatalf("frame length %d, want 11", buf[0])
	}
	p := buf[1:12]
	return frame{
		seq:      binary.LittleEndian.Uint16(p[0:]),
		temp:     float64(int16(binary.LittleEndian.Uint16(p[2:]))) / 100,
		pressure: math.Float32frombits(binary.LittleEndian.Uint32(p[4:])),
		status:   p[8],
		battery:  binary.BigEndian.Uint16(p[9:]),
		crcOK:    crc16(buf[:12]) == binary.BigEndian.Uint16(buf[12:]),
	}
}

func TestSimFrames(t *testing.T) {
	d, r := openSim(t, "sim://frames", 30*time.Second)
	send(t, d, "help")
	readUntil(t, r, "garbage (3 random bytes)\r\n")
	send(t, d, "rate 1001")
	readUntil(t, r, "error: rate wants a number from 0 to 1000\r\n")
	send(t, d, "rate 1000")
	prev := readFrame(t, r)
	for range 100 {
		f := readFrame(t, r)
		if !f.crcOK {
			t.Fatalf("frame %+v: wrong CRC", f)
		}
		if f.seq != prev.seq+1 {
			t.Fatalf("frame seq %d after %d", f.seq, prev.seq)
		}
		if f.temp < 19.9 || f.temp > 23.1 || math.Abs(float64(f.pressure)-1013.25) > 5 || f.status != 1 || f.battery < 3300 || f.battery > 4200 {
			t.Fatalf("frame %+v: want temp about 21.5, pressure about 1013.25, status 1 (DTR on), battery 3300 to 4200", f)
		}
		prev = f
	}
}

func TestSimFramesCorrupt(t *testing.T) {
	d, r := openSim(t, "sim://frames", 30*time.Second)
	send(t, d, "rate 0")
	readUntil(t, r, "ok: rate 0\r\n")
	send(t, d, "corrupt")
	readUntil(t, r, "ok: corrupt\r\n")
	send(t, d, "rate 1000")
	var bad []int
	prev := readFrame(t, r)
	if !prev.crcOK {
		bad = append(bad, 0)
	}
	for i := 1; i < 50; i++ {
		f := readFrame(t, r)
		if !f.crcOK {
			bad = append(bad, i)
		}
		if f.seq != prev.seq+1 {
			t.Fatalf("frame seq %d after %d", f.seq, prev.seq)
		}
		prev = f
	}
	if len(bad) != 1 || bad[0] != 0 {
		t.Fatalf("frames %v of 50 after corrupt have a wrong CRC, want only the first", bad)
	}
}

func TestSimFramesStatusFollowsDTR(t *testing.T) {
	d, r := openSim(t, "sim://frames", 30*time.Second)
	if f := readFrame(t, r); f.status != 1 {
		t.Fatalf("status %#x with DTR on, want 1", f.status)
	}
	send(t, d, "rate 0")
	readUntil(t, r, "ok: rate 0\r\n")
	if err := d.(device.Controller).SetLines(device.Lines{DTR: false, RTS: true}); err != nil {
		t.Fatal(err)
	}
	send(t, d, "rate 1000")
	for range 20 {
		if f := readFrame(t, r); f.status != 0 {
			t.Fatalf("status %#x with DTR off, want 0", f.status)
		}
	}
}

// garbage puts three bytes between two frames, after its answer.
func TestSimFramesGarbage(t *testing.T) {
	d, r := openSim(t, "sim://frames", 30*time.Second)
	send(t, d, "rate 0")
	readUntil(t, r, "ok: rate 0\r\n")
	send(t, d, "garbage")
	send(t, d, "version")
	const answer, version = "ok: garbage\r\n", device.SimVersion + "\r\n"
	var got []byte
	for !strings.HasSuffix(string(got), version) {
		b, err := r.ReadByte()
		if err != nil {
			t.Fatalf("read: %v (read %q)", err, got)
		}
		got = append(got, b)
	}
	if len(got) != len(answer)+3+len(version) || string(got[:len(answer)]) != answer {
		t.Fatalf("garbage and version gave %q, want %q, three bytes, %q", got, answer, version)
	}
}
