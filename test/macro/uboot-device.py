# A serial device that behaves like U-Boot for the macro test: prints its banner and counts down "Hit any
# key to stop autoboot" (again every 0.3 s, as U-Boot redraws its countdown, so a terminal that opens the
# port late still sees it), takes one key, prints the "=> " prompt, reads a line to CR; to "loady" it
# answers "## Ready for binary (ymodem) download ..." and runs lrzsz's rb, which receives the file
# (YMODEM) into the working folder. Reads with os.read: a buffered read would take bytes meant for rb.
import os, select, subprocess, sys

def write(b):
    os.write(1, b)

write(b'\r\nU-Boot 2024.01 (Jan 01 2024)\r\n\r\n')
for n in range(300, 0, -1):  # at most 90 s
    write(b'\rHit any key to stop autoboot: %3d ' % n)
    if select.select([0], [], [], 0.3)[0]:
        break
else:
    sys.exit(5)  # nobody stopped it: it would boot
os.read(0, 1)
write(b'\r\n=> ')
line = b''
while not line.endswith(b'\r'):
    c = os.read(0, 1)
    if not c:
        sys.exit(4)
    line += c
if line.strip() != b'loady':
    write(b'Unknown command\r\n')
    sys.exit(3)
write(b'\r\n## Ready for binary (ymodem) download to 0x82000000 at 115200 bps...\r\n')
sys.exit(subprocess.call(['rb', '-q']))
