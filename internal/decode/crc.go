package decode

import (
	"hash/crc32"
	"math/bits"
)

// CRCs names the CRCs a frame may carry (Spec.CRC), with the parameters
// of the CRC catalogue (reveng.sourceforge.io/crc-catalogue): crc8 is
// CRC-8/SMBUS (poly 0x07), crc16-ccitt-false is CRC-16/IBM-3740 (poly
// 0x1021, init 0xFFFF), crc32 is the IEEE CRC of Ethernet and zip, crc32c
// Castagnoli's.
var CRCs = []string{"crc8", "crc8-maxim", "crc16-ccitt-false", "crc16-xmodem", "crc16-kermit", "crc16-modbus", "crc16-x25", "crc16-arc", "crc32", "crc32c"}

// crcAlg computes one CRC; size is its width in bytes.
type crcAlg struct {
	size int
	sum  func([]byte) uint32
}

// crcParams is a CRC of up to 16 bits in the catalogue's terms.
type crcParams struct {
	width         int
	poly, init    uint16
	refin, refout bool
	xorout        uint16
}

// compute computes the CRC bit by bit, most significant bit first (with
// reflected input bytes reversed first): slow, but frames are short.
func (p crcParams) compute(b []byte) uint32 {
	top := uint16(1) << (p.width - 1)
	mask := uint16(1<<p.width - 1)
	if p.width == 16 {
		mask = 0xFFFF
	}
	crc := p.init
	for _, c := range b {
		if p.refin {
			c = bits.Reverse8(c)
		}
		crc ^= uint16(c) << (p.width - 8)
		for range 8 {
			if crc&top != 0 {
				crc = (crc << 1) ^ p.poly
			} else {
				crc <<= 1
			}
		}
		crc &= mask
	}
	if p.refout {
		crc = bits.Reverse16(crc) >> (16 - p.width)
	}
	return uint32((crc ^ p.xorout) & mask)
}

var crc32c = crc32.MakeTable(crc32.Castagnoli)

func crcByName(name string) (crcAlg, bool) {
	small := map[string]crcParams{
		"crc8":              {width: 8, poly: 0x07},
		"crc8-maxim":        {width: 8, poly: 0x31, refin: true, refout: true},
		"crc16-ccitt-false": {width: 16, poly: 0x1021, init: 0xFFFF},
		"crc16-xmodem":      {width: 16, poly: 0x1021},
		"crc16-kermit":      {width: 16, poly: 0x1021, refin: true, refout: true},
		"crc16-modbus":      {width: 16, poly: 0x8005, init: 0xFFFF, refin: true, refout: true},
		"crc16-x25":         {width: 16, poly: 0x1021, init: 0xFFFF, refin: true, refout: true, xorout: 0xFFFF},
		"crc16-arc":         {width: 16, poly: 0x8005, refin: true, refout: true},
	}
	if p, ok := small[name]; ok {
		return crcAlg{size: p.width / 8, sum: p.compute}, true
	}
	switch name {
	case "crc32":
		return crcAlg{size: 4, sum: crc32.ChecksumIEEE}, true
	case "crc32c":
		return crcAlg{size: 4, sum: func(b []byte) uint32 { return crc32.Checksum(b, crc32c) }}, true
	}
	return crcAlg{}, false
}
