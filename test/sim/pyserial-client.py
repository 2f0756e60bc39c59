"""pyserial's RFC 2217 client (a real client nobody here wrote) against the demo modem.

Usage: pyserial-client.py PORT. Prints one JSON object with what it saw. Every wait is bounded.
"""
import json
import sys
import time

import serial

port = int(sys.argv[1])
out = {}


def wait_for(fn, timeout=10.0):
    """Poll a modem-line reading until it is true; pyserial only offers polling (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if fn():
            return True
        time.sleep(0.02)
    return False


def read_until(s, marker, timeout=15.0):
    buf = b''
    deadline = time.monotonic() + timeout
    while marker not in buf and time.monotonic() < deadline:
        buf += s.read(max(1, s.in_waiting))
    return buf.decode('latin-1')


# open: pyserial waits for the acks of baud, data size, parity, stop size (fails without them)
s = serial.serial_for_url(
    'rfc2217://127.0.0.1:%d' % port, baudrate=2400, bytesize=7, parity='E', stopbits=2, timeout=0.2
)
out['opened'] = True
out['settings'] = {k: v.active for k, v in s._rfc2217_port_settings.items()}
s.baudrate = 9600  # re-sends the settings and waits for the acks again
out['settings_after_change'] = {k: v.active for k, v in s._rfc2217_port_settings.items()}
out['initial'] = {'cts': s.cts, 'dsr': s.dsr, 'cd': s.cd, 'ri': s.ri}
s.rts = False
out['rts_off_cts_off'] = wait_for(lambda: not s.cts)
s.rts = True
out['rts_on_cts_on'] = wait_for(lambda: s.cts)
s.dtr = False
s.dtr = True
out['dsr_stays_on'] = s.dsr
s.write(b'AT\r')
out['at'] = read_until(s, b'OK\r\n')
s.write(b'ATDT5550100\r')
out['dial'] = read_until(s, b'\r\n', 1) + read_until(s, b'CONNECT', 20) + read_until(s, b'\r\n', 2)
out['cd_after_connect'] = wait_for(lambda: s.cd)
s.write(b'hello, modem')
out['echo'] = read_until(s, b'modem')
s.dtr = False
out['hangup'] = read_until(s, b'NO CARRIER')
out['cd_after_hangup'] = s.cd if wait_for(lambda: not s.cd) else True
s.close()
print(json.dumps(out))
