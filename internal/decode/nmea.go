package decode

import (
	"bytes"
	"strconv"
	"strings"
)

// nmea decodes NMEA 0183 sentences: $GPGGA, $GPRMC and $GPVTG (talkers
// GP, GN, GL, GA, GB), one record per sentence. Every sentence must carry
// its checksum (*hh) and the checksum must be right. A line that is not a
// sentence, a bad checksum or a GGA, RMC or VTG sentence whose fields are
// malformed is an error; a good sentence of another type or talker (GSV,
// GSA, TXT, $PUBX, …) is skipped without a record.
type nmea struct {
	fields []string // scratch
}

const knotToKmh = 1.852

func (n *nmea) line(vals []Value, b []byte) ([]Value, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, false
	}
	if b[0] != '$' {
		return nil, true
	}
	star := bytes.LastIndexByte(b, '*')
	if star < 0 || len(b) != star+3 {
		return nil, true
	}
	want, err := strconv.ParseUint(string(b[star+1:]), 16, 8)
	if err != nil {
		return nil, true
	}
	var sum byte
	for _, c := range b[1:star] {
		sum ^= c
	}
	if sum != byte(want) {
		return nil, true
	}
	f := splitComma(n.fields[:0], string(b[1:star]))
	n.fields = f
	if len(f[0]) != 5 {
		return nil, false // not a standard sentence: $PUBX, $PGRM…
	}
	switch f[0][:2] {
	case "GP", "GN", "GL", "GA", "GB":
	default:
		return nil, false
	}
	var ok bool
	switch f[0][2:] {
	case "GGA":
		vals, ok = gga(vals, f)
	case "RMC":
		vals, ok = rmc(vals, f)
	case "VTG":
		vals, ok = vtg(vals, f)
	default:
		return nil, false
	}
	return vals, !ok
}

func splitComma(out []string, s string) []string {
	for {
		i := strings.IndexByte(s, ',')
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

// gga: $GPGGA,time,lat,N,lon,E,quality,sats,hdop,alt,M,sep,M,age,station.
func gga(vals []Value, f []string) ([]Value, bool) {
	if len(f) < 15 {
		return nil, false
	}
	vals, ok := position(vals, f[2], f[3], f[4], f[5])
	if !ok {
		return nil, false
	}
	for _, v := range []struct{ name, s string }{{"alt", f[9]}, {"sats", f[7]}, {"fix", f[6]}, {"hdop", f[8]}} {
		if v.s == "" {
			continue
		}
		x, ok := number(v.s)
		if !ok || (v.name != "alt" && x < 0) {
			return nil, false
		}
		vals = append(vals, Value{Name: v.name, Num: x})
	}
	return vals, true
}

// rmc: $GPRMC,time,status,lat,N,lon,E,knots,course,date,magvar,E[,mode[,nav]].
func rmc(vals []Value, f []string) ([]Value, bool) {
	if len(f) < 10 {
		return nil, false
	}
	switch f[2] {
	case "A":
		vals = append(vals, Value{Name: "valid", Num: 1})
	case "V":
		vals = append(vals, Value{Name: "valid", Num: 0})
	default:
		return nil, false
	}
	vals, ok := position(vals, f[3], f[4], f[5], f[6])
	if !ok {
		return nil, false
	}
	if vals, ok = speedCourse(vals, f[7], knotToKmh, f[8]); !ok {
		return nil, false
	}
	return vals, true
}

// vtg: $GPVTG,course,T,course magnetic,M,knots,N,km/h,K[,mode].
func vtg(vals []Value, f []string) ([]Value, bool) {
	if len(f) < 9 || (f[2] != "T" && f[2] != "") || (f[8] != "K" && f[8] != "") {
		return nil, false
	}
	if f[7] != "" {
		return speedCourse(vals, f[7], 1, f[1])
	}
	return speedCourse(vals, f[5], knotToKmh, f[1])
}

// speedCourse appends speed (km/h: the field × factor) and course.
func speedCourse(vals []Value, speed string, factor float64, course string) ([]Value, bool) {
	if speed != "" {
		v, ok := number(speed)
		if !ok || v < 0 {
			return nil, false
		}
		vals = append(vals, Value{Name: "speed", Num: v * factor})
	}
	if course != "" {
		v, ok := number(course)
		if !ok || v < 0 || v > 360 {
			return nil, false
		}
		vals = append(vals, Value{Name: "course", Num: v})
	}
	return vals, true
}

// position appends lat and lon in signed decimal degrees from NMEA's
// ddmm.mmmm,N,dddmm.mmmm,E; none when the fields are empty (no fix).
func position(vals []Value, lat, ns, lon, ew string) ([]Value, bool) {
	if lat == "" && ns == "" && lon == "" && ew == "" {
		return vals, true
	}
	la, ok1 := degrees(lat, ns, "N", "S", 90)
	lo, ok2 := degrees(lon, ew, "E", "W", 180)
	if !ok1 || !ok2 {
		return nil, false
	}
	return append(vals, Value{Name: "lat", Num: la}, Value{Name: "lon", Num: lo}), true
}

func degrees(s, hemi, pos, neg string, max float64) (float64, bool) {
	v, ok := number(s)
	if !ok || v < 0 || strings.IndexByte(s, '.') != strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, false
	}
	deg := float64(int(v / 100))
	min := v - deg*100
	if min >= 60 {
		return 0, false
	}
	d := deg + min/60
	if d > max {
		return 0, false
	}
	switch hemi {
	case pos:
		return d, true
	case neg:
		return -d, true
	}
	return 0, false
}
