// Byte helpers for sending: hex input, checksums, control-character display.

// parseHex reads "48 65 6c", "48656c", "0x48,0x65" or "48:65" into bytes;
// it throws an Error saying what is wrong.
export function parseHex(text) {
  const clean = text.replace(/0x/gi, '').replace(/[\s,:;-]+/g, '');
  if (!/^[0-9a-f]*$/i.test(clean)) {
    const bad = clean.match(/[^0-9a-f]/i)[0];
    throw new Error(`not a hex digit: "${bad}"`);
  }
  if (clean.length % 2) throw new Error('odd number of hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function toHex(bytes, sep = ' ') {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(sep);
}

// Checksums appended to hex data on request.
export const CHECKSUMS = {
  none: { label: 'No checksum', bytes: () => new Uint8Array(0) },
  xor: {
    label: 'XOR (1 byte)',
    bytes: (d) => Uint8Array.of(d.reduce((a, b) => a ^ b, 0)),
  },
  sum8: {
    label: 'Sum mod 256',
    bytes: (d) => Uint8Array.of(d.reduce((a, b) => (a + b) & 0xff, 0)),
  },
  crc16modbus: {
    label: 'CRC-16/MODBUS',
    bytes: (d) => {
      let crc = 0xffff;
      for (const b of d) {
        crc ^= b;
        for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
      }
      return Uint8Array.of(crc & 0xff, crc >>> 8); // low byte first, as Modbus sends it
    },
  },
};

export function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// C0 controls except \t, plus DEL; \r is dropped by displayText.
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f]/g;
const HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;
const CONTROL_AT = /[\x00-\x08\x0b-\x1f\x7f]/g; // displayParts' own (a global regex keeps state)

// CONTROL_NAMES are the ASCII names of the C0 controls (index: the code),
// as a hardware developer reads them in a protocol (STX, ETX, ACK, NAK…).
export const CONTROL_NAMES = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI',
  'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US',
];

// controlName is the name of control character code (0x00-0x1f, 0x7f).
export function controlName(code) {
  return code === 0x7f ? 'DEL' : CONTROL_NAMES[code];
}

// controlPicture is the Unicode "control picture" of a control character
// (NUL -> ␀, ESC -> ␛, DEL -> ␡): what copying it from the page gives.
export function controlPicture(code) {
  return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
}

// displayText makes raw device text harmless and visible: control
// characters become their U+2400 "control picture" (NUL -> ␀, ESC -> ␛,
// DEL -> ␡), \r is dropped, \t stays.
export function displayText(raw) {
  return raw.replace(CONTROL_RE, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x0d) return '';
    return controlPicture(code);
  });
}

// displayParts is displayText in pieces, for a view that draws control
// characters itself: strings of text (as they are) and, between them, the
// codes of the control characters (numbers); \r is dropped, \t stays. Text
// without control characters is one piece, the same string.
export function displayParts(raw) {
  if (!HAS_CONTROL.test(raw)) return [raw];
  const parts = [];
  let from = 0;
  CONTROL_AT.lastIndex = 0;
  let m;
  while ((m = CONTROL_AT.exec(raw)) !== null) {
    if (m.index > from) parts.push(raw.slice(from, m.index));
    const code = raw.charCodeAt(m.index);
    if (code !== 0x0d) parts.push(code);
    from = m.index + 1;
  }
  if (from < raw.length) parts.push(raw.slice(from));
  return parts;
}
