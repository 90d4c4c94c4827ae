package decode

import (
	"math"
	"testing"
	"time"
)

// Sentences from u-blox receivers: the first three are the examples of
// the u-blox M8 protocol description; the others are written as a NEO-M8
// and a ZED-F9 (NMEA 4.1: GN talker, nav status) print them, checksums
// computed.
const (
	ubxGGA  = "$GPGGA,092725.00,4717.11399,N,00833.91590,E,1,08,1.01,499.6,M,48.0,M,,*5B"
	ubxRMC  = "$GPRMC,083559.00,A,4717.11437,N,00833.91522,E,0.004,77.52,091202,,,A*57"
	ubxVTG  = "$GPVTG,77.52,T,,M,0.004,N,0.008,K,A*06"
	gnGGA   = "$GNGGA,101530.00,5130.12345,N,00007.54321,W,2,12,0.78,35.2,M,45.4,M,,0000*68"
	gnRMC   = "$GNRMC,101530.00,A,5130.12345,N,00007.54321,W,12.500,254.31,150326,,,D,V*2F"
	gnVTG   = "$GNVTG,254.31,T,,M,12.500,N,23.150,K,D*24"
	noFix   = "$GPGGA,235959.00,,,,,0,00,99.99,,,,,,*67"
	noFixV  = "$GPRMC,235959.00,V,,,,,,,,,,N*7C"
	gnGSA   = "$GNGSA,A,3,10,32,24,12,25,15,,,,,,,1.56,0.78,1.35,1*0D"
	gpGSV   = "$GPGSV,3,1,11,10,63,137,17,07,61,098,15,05,59,290,20,08,54,157,30*70"
	gnTXT   = "$GNTXT,01,01,02,u-blox AG - www.u-blox.com*4E"
	gaGGA   = "$GAGGA,000001.00,3345.67890,S,15112.34567,E,1,05,2.1,12.0,M,22.1,M,,*51"
	gbRMC   = "$GBRMC,000001.00,A,3345.67890,S,15112.34567,E,3.2,90.0,010126,,,A*68"
	glVTGkn = "$GLVTG,,T,,M,5.0,N,,K,A*14"
)

func TestNMEA(t *testing.T) {
	runCases(t, Spec{Name: NMEA}, []decodeCase{
		// 4717.11399 N: 47° 17.11399' = 47.2852332°; 00833.91590 E: 8.56526500°.
		{"u-blox GGA", ubxGGA + "\r\n", []string{"lat=47.2852332 lon=8.565265 alt=499.6 sats=8 fix=1 hdop=1.01"}, 0},
		// 0.004 knots × 1.852 = 0.007408 km/h.
		{"u-blox RMC", ubxRMC + "\r\n", []string{"valid=1 lat=47.2852395 lon=8.56525367 speed=0.007408 course=77.52"}, 0},
		// VTG gives km/h itself: 0.008.
		{"u-blox VTG", ubxVTG + "\r\n", []string{"speed=0.008 course=77.52"}, 0},
		// West is negative: 00007.54321 W is -0.125720167°.
		{"GN talker, west, DGPS", gnGGA + "\r\n" + gnRMC + "\r\n" + gnVTG + "\r\n", []string{
			"lat=51.5020575 lon=-0.125720167 alt=35.2 sats=12 fix=2 hdop=0.78",
			"valid=1 lat=51.5020575 lon=-0.125720167 speed=23.15 course=254.31",
			"speed=23.15 course=254.31",
		}, 0},
		{"south; Galileo and BeiDou talkers", gaGGA + "\n" + gbRMC + "\n", []string{
			"lat=-33.761315 lon=151.205761 alt=12 sats=5 fix=1 hdop=2.1",
			"valid=1 lat=-33.761315 lon=151.205761 speed=5.9264 course=90",
		}, 0},
		{"VTG without km/h: knots × 1.852", glVTGkn + "\n", []string{"speed=9.26"}, 0},
		{"no fix yet", noFix + "\r\n" + noFixV + "\r\n", []string{"sats=0 fix=0 hdop=99.99", "valid=0"}, 0},
		{"other sentences are skipped, not errors", gnGSA + "\r\n" + gpGSV + "\r\n" + gnTXT + "\r\n" + "$PUBX,00*33\r\n", nil, 0},
		{"bad checksums are errors, not records", "$GPGGA,092725.00,4717.11399,N,00833.91590,E,1,08,1.01,499.6,M,48.0,M,,*5C\r\n" +
			"$GPRMC,083559.00,A,4717.11437,N,00833.91522,E,0.004,77.52,091202,,,A*75\r\n" +
			// One digit changed (4717 to 4718), checksum as sent.
			"$GPGGA,092725.00,4718.11399,N,00833.91590,E,1,08,1.01,499.6,M,48.0,M,,*5B\r\n" +
			"$GPVTG,77.52,T,,M,0.004,N,0.008,K,A*G6\r\n" + ubxVTG + "\r\n",
			[]string{"speed=0.008 course=77.52"}, 4},
		{"no checksum, cut, garbage", "$GPVTG,77.52,T,,M,0.004,N,0.008,K,A\r\n" + ubxGGA[:30] + "\r\n" + "xx" + ubxGGA + "\r\n" + ubxGGA + "00\r\n" + "\x00\xff\r\n", nil, 5},
		// Checksums right, fields wrong: minutes 60, latitude 91°, status
		// X, too few fields, a letter in a number.
		{"malformed with good checksums", withSum("GPGGA,1,4760.0,N,00833.9,E,1,08,1.0,499.6,M,48.0,M,,") + "\n" +
			withSum("GPGGA,1,9100.0,N,00833.9,E,1,08,1.0,499.6,M,48.0,M,,") + "\n" +
			withSum("GPRMC,1,X,4717.1,N,00833.9,E,0.0,77.5,091202,,,A") + "\n" +
			withSum("GPGGA,1,4717.1,N,00833.9,E,1,08") + "\n" +
			withSum("GPVTG,77.5,T,,M,0.0,N,1O.0,K,A") + "\n" +
			withSum("GPGGA,1,4717.1,Q,00833.9,E,1,08,1.0,499.6,M,48.0,M,,") + "\n" +
			withSum("GPGGA,1,4717.1,N,,E,1,08,1.0,499.6,M,48.0,M,,") + "\n", nil, 7},
		{"lower-case checksum", "$GPVTG,77.52,T,,M,0.004,N,0.008,K,A*06\n$GNRMC,101530.00,A,5130.12345,N,00007.54321,W,12.500,254.31,150326,,,D,V*2f\n", []string{"speed=0.008 course=77.52", "valid=1 lat=51.5020575 lon=-0.125720167 speed=23.15 course=254.31"}, 0},
	})
}

// withSum makes a sentence of body with its right checksum.
func withSum(body string) string {
	var sum byte
	for i := 0; i < len(body); i++ {
		sum ^= body[i]
	}
	const hex = "0123456789ABCDEF"
	return "$" + body + "*" + string([]byte{hex[sum>>4], hex[sum&15]})
}

// lat and lon are exact to the receiver's digits.
func TestNMEADegrees(t *testing.T) {
	d, _ := New(Spec{Name: NMEA})
	recs := d.Feed(nil, []byte(ubxGGA+"\r\n"), time.Time{}, 0)
	if len(recs) != 1 {
		t.Fatalf("records %q", recTexts(recs))
	}
	lat, lon := recs[0].Values[0], recs[0].Values[1]
	if lat.Name != "lat" || math.Abs(lat.Num-(47+17.11399/60)) > 1e-12 || lon.Name != "lon" || math.Abs(lon.Num-(8+33.91590/60)) > 1e-12 {
		t.Errorf("lat, lon = %v, %v", lat, lon)
	}
}
