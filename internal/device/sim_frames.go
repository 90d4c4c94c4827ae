package device

import (
	"encoding/binary"
	"math"
	"time"
)

// simFrames is sim://frames: a sensor sending binary frames.
var simFrames = simMode{
	spec: "sim://frames", rate: 10, maxRate: 1000,
	commands: []string{"help", "version", "rate", "corrupt", "garbage"},
	help:     "commands: help, version, rate N (frames per second, 0 to stop, max 1000), corrupt (next frame with a bad CRC), garbage (3 random bytes)\r\n",
	source:   func(s *Sim) simSource { return &simFrame{dtr: s.dtr} },
}

// The frame of sim://frames, 16 bytes:
//
//	0xAA 0x55        start
//	len      u8      the payload's length, 11
//	seq      u16 LE  counts frames, wrapping
//	temp     i16 LE  hundredths of °C, a slow sine around 21.5 °C
//	pressure f32 LE  hPa, around 1013.25
//	status   u8      bit 0: DTR is on; the other bits are 0
//	battery  u16 BE  mV, falling 2 mV a second from 4200, back to 4200
//	                 when it would reach 3300
//	crc      u16 BE  CRC-16/CCITT-FALSE of len and the payload
//
// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no
// reflection, no final XOR.
const (
	simFrameStart0  = 0xAA
	simFrameStart1  = 0x55
	simFramePayload = 11
	simBatteryFull  = 4200 // mV
	simBatteryEmpty = 3300 // mV
)

// simFrame is the sensor's state; owned by the simulator's ticker goroutine.
type simFrame struct {
	dtr   func() bool // whether the line's DTR is on
	start time.Time   // the first frame
	seq   uint16      // the next frame's
}

// next returns one frame for the reading at now; with spoil, its CRC is
// wrong.
func (f *simFrame) next(now time.Time, spoil bool) []byte {
	if f.start.IsZero() {
		f.start = now
	}
	t := now.Sub(f.start).Seconds()
	temp := 21.5 + 1.5*math.Sin(2*math.Pi*t/60)       // a minute's period
	pressure := 1013.25 + 2*math.Sin(2*math.Pi*t/300) // five minutes'
	battery := simBatteryFull - int(t*2)%(simBatteryFull-simBatteryEmpty)
	var status byte
	if f.dtr() {
		status |= 1
	}
	b := make([]byte, 0, 5+simFramePayload)
	b = append(b, simFrameStart0, simFrameStart1, simFramePayload)
	b = binary.LittleEndian.AppendUint16(b, f.seq)
	b = binary.LittleEndian.AppendUint16(b, uint16(int16(math.Round(temp*100))))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(pressure)))
	b = append(b, status)
	b = binary.BigEndian.AppendUint16(b, uint16(battery))
	crc := crc16CCITTFalse(b[2:])
	if spoil {
		crc ^= 0xFFFF
	}
	b = binary.BigEndian.AppendUint16(b, crc)
	f.seq++
	return b
}

// crc16CCITTFalse is CRC-16/CCITT-FALSE of b (check value 0x29B1 for
// "123456789").
func crc16CCITTFalse(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range b {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}
