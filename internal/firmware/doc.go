// Package firmware plays the firmware of machines that stream G-code, so
// that serialhub's jobs can be tested and tried without hardware: Grbl is a
// grbl 1.1 CNC controller (a 127-byte receive buffer that a
// character-counting sender must not overflow, realtime commands, status
// reports), Marlin is a Marlin 2 3D printer (line numbers, checksums,
// Resend, busy messages).
//
// # The wire
//
// An emulator's Serve plays the firmware on a byte stream (a pty master, one
// end of a net.Pipe) paced like a UART at the current baud rate (SetBaud;
// 115200 by default): every byte takes ten bit times (8N1) each way. Pacing
// works on batches, not bytes: a batch read at time t gets the virtual
// arrival time max(previous arrival, t) + n byte times, and the emulator
// waits with one timer until then. The receiving side acts as the
// firmware's serial interrupt: it always drains the stream, picks realtime
// commands out on arrival and puts the other bytes in the receive buffer;
// a byte that arrives while the buffer is full is dropped and counted, as
// on the real machine.
//
// # The log
//
// Each emulator keeps a Log of what it accepted and counts of what went
// wrong (bytes dropped, resends asked, errors sent), so that a test can
// prove that every line arrived exactly once, in order, and that the
// receive buffer never overflowed.
package firmware
