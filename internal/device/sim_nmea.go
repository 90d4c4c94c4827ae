package device

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// simNMEA is sim://nmea: a GPS receiver printing NMEA 0183.
var simNMEA = simMode{
	spec: "sim://nmea", rate: 1, maxRate: 50, echo: true,
	commands: []string{"help", "version", "rate", "corrupt", "line"},
	help:     "commands: help, version, rate N (sentence groups per second, 0 to stop, max 50), corrupt (next sentence with a bad checksum), line cts|dsr|ri|dcd on|off, line reset\r\n",
	source:   func(*Sim) simSource { return &simGPS{sats: 9} },
}

// The track of sim://nmea: a circle around the Eiffel Tower.
const (
	simGPSLat    = 48.8584 // centre, degrees north
	simGPSLon    = 2.2945  // centre, degrees east
	simGPSRadius = 200.0   // metres
	simGPSSpeed  = 10.0    // km/h
	simGPSAlt    = 35.0    // metres above mean sea level
	simGPSGeoid  = 46.0    // geoid separation, metres
)

// simGPS is the receiver's state; owned by the simulator's ticker goroutine.
type simGPS struct {
	start time.Time // the first fix: the track starts due east of the centre
	sats  int       // satellites used, 8 to 11
}

// next prints a group of RMC, VTG and GGA sentences, the order a u-blox
// receiver prints them in, for the fix at now. With spoil, the GGA
// sentence has a wrong checksum.
func (g *simGPS) next(now time.Time, spoil bool) []byte {
	if g.start.IsZero() {
		g.start = now
	}
	now = now.UTC()
	// Counter-clockwise round the circle: angle from east, towards north.
	angle := simGPSSpeed / 3.6 / simGPSRadius * now.Sub(g.start).Seconds()
	north, east := simGPSRadius*math.Sin(angle), simGPSRadius*math.Cos(angle)
	lat := simGPSLat + north/111320
	lon := simGPSLon + east/(111320*math.Cos(simGPSLat*math.Pi/180))
	course := math.Mod(math.Atan2(-math.Sin(angle), math.Cos(angle))*180/math.Pi+360, 360)
	kmh := simGPSSpeed + (rand.Float64()-0.5)*0.4
	knots := kmh / 1.852
	g.sats = min(11, max(8, g.sats+rand.N(3)-1))
	hdop := 0.8 + rand.Float64()*0.5
	alt := simGPSAlt + (rand.Float64()-0.5)*2

	hms := fmt.Sprintf("%02d%02d%05.2f", now.Hour(), now.Minute(), float64(now.Second())+float64(now.Nanosecond()/1e7)/100)
	latS, lonS := nmeaAngle(lat, 2), nmeaAngle(lon, 3)
	var b []byte
	b = appendNMEA(b, fmt.Sprintf("GPRMC,%s,A,%s,N,%s,E,%.3f,%.2f,%s,,,A", hms, latS, lonS, knots, course, now.Format("020106")), false)
	b = appendNMEA(b, fmt.Sprintf("GPVTG,%.2f,T,,M,%.3f,N,%.3f,K,A", course, knots, kmh), false)
	b = appendNMEA(b, fmt.Sprintf("GPGGA,%s,%s,N,%s,E,1,%02d,%.2f,%.1f,M,%.1f,M,,", hms, latS, lonS, g.sats, hdop, alt, simGPSGeoid), spoil)
	return b
}

// nmeaAngle formats a non-negative angle in degrees as NMEA's degrees
// (deg digits) and minutes with five decimals: 4851.50400.
func nmeaAngle(deg float64, digits int) string {
	d := math.Floor(deg)
	m := (deg - d) * 60
	if m >= 59.999995 { // would round to 60.00000
		d, m = d+1, 0
	}
	return fmt.Sprintf("%0*d%08.5f", digits, int(d), m)
}

// appendNMEA appends the sentence "$body*CS\r\n", its checksum the XOR of
// body's bytes; with spoil, the checksum is wrong.
func appendNMEA(b []byte, body string, spoil bool) []byte {
	var cs byte
	for i := 0; i < len(body); i++ {
		cs ^= body[i]
	}
	if spoil {
		cs ^= 0xFF
	}
	return fmt.Appendf(b, "$%s*%02X\r\n", body, cs)
}
