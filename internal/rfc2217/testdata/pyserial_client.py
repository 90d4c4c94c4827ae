"""Drives a serialhub RFC 2217 server with pyserial's rfc2217:// client.

Usage: pyserial_client.py URL MODEM
Opens URL at 9600 baud, changes the baud rate to 57600, toggles DTR and RTS,
sends a break, writes every byte value and reads them back (the test's port
echoes), reads CTS when MODEM is "yes", and prints the results as JSON.
Any exception (a timeout waiting for an answer included) fails the run.
"""
import json
import sys

import serial

url, modem = sys.argv[1], sys.argv[2] == "yes"
out = {"version": serial.__version__}
s = serial.serial_for_url(url, baudrate=9600, timeout=5)
try:
    s.baudrate = 57600
    s.dtr = False
    s.rts = False
    s.dtr = True
    s.send_break(0.01)
    data = bytes(range(256)) + b"\xff\xff"
    s.write(data)
    got = s.read(len(data))
    out["echo"] = got.hex()
    out["echo_ok"] = got == data
    if modem:
        out["cts"] = s.cts
        out["dsr"] = s.dsr
finally:
    s.close()
print(json.dumps(out))
