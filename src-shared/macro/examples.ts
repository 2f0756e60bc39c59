/**
 * The macros Dialtone ships (issue 14): each documents the form and runs against the demo modem or
 * shows an operator's everyday chain. Offered in the window's macro bar; `dialtone run` reads the same
 * JSON form (macrosFileSchema).
 */
import { macroSchema, type Macro, type MacroInput } from './macro.js';

const EXAMPLES: MacroInput[] = [
  {
    id: 'example-at-ok',
    name: 'Modem alive? (AT -> OK)',
    steps: [
      { kind: 'send', data: 'AT', lineEnd: 'cr' },
      { kind: 'wait', text: 'OK', timeoutMs: 3000, abort: ['ERROR'] },
    ],
  },
  {
    id: 'example-dial-echo',
    name: 'Dial echo and say hello',
    steps: [
      { kind: 'send', data: 'ATDT5550100', lineEnd: 'cr' },
      { kind: 'wait', text: 'CONNECT', timeoutMs: 60_000, abort: ['BUSY', 'NO CARRIER', 'NO DIALTONE', 'NO ANSWER'] },
      { kind: 'send', data: 'hello from dialtone', lineEnd: 'cr' },
      { kind: 'wait', text: 'hello from dialtone', timeoutMs: 5000 },
    ],
  },
  {
    id: 'example-esp32-boot',
    name: 'ESP32 boot mode (RTS/DTR sequence)',
    // esptool's classic reset: RTS drives EN, DTR drives IO0 (through the board's transistors)
    steps: [
      { kind: 'control', line: 'dtr', action: 'off' },
      { kind: 'control', line: 'rts', action: 'on' },
      { kind: 'delay', ms: 100 },
      { kind: 'control', line: 'dtr', action: 'on' },
      { kind: 'control', line: 'rts', action: 'off' },
      { kind: 'delay', ms: 50 },
      { kind: 'control', line: 'dtr', action: 'off' },
      { kind: 'wait', text: 'waiting for download', timeoutMs: 3000 },
    ],
  },
  {
    id: 'example-uboot-loady',
    name: 'U-Boot: stop autoboot, loady, send file',
    steps: [
      { kind: 'wait', text: 'Hit any key', timeoutMs: 60_000 },
      { kind: 'send', data: ' ' },
      { kind: 'wait', regex: '(=>|U-Boot>) ?$', timeoutMs: 5000 },
      { kind: 'send', data: 'loady', lineEnd: 'cr' },
      { kind: 'wait', text: 'Ready for binary', timeoutMs: 5000 },
      { kind: 'transfer', direction: 'send', protocol: 'ymodem' },
    ],
  },
  {
    id: 'example-rommon-break',
    name: 'Cisco ROMMON BREAK',
    // within the first minute of a router's boot, BREAK on the console drops it into ROMMON
    steps: [
      { kind: 'break', ms: 500 },
      { kind: 'wait', text: 'rommon', timeoutMs: 10_000 },
    ],
  },
  {
    id: 'example-modbus-read',
    name: 'Modbus read holding registers with CRC',
    // unit 1, function 3, registers 0-1; the answer is 9 bytes; polled every second until stopped
    repeatEveryMs: 1000,
    steps: [
      { kind: 'send', syntax: 'hex', data: '01 03 00 00 00 02' },
      { kind: 'checksum', algorithm: 'crc16-modbus' },
      { kind: 'wait', regex: '[\\s\\S]{9}', timeoutMs: 1000 },
    ],
  },
];

/** The shipped example macros, checked by the schema. */
export const exampleMacros: readonly Macro[] = EXAMPLES.map((m) => macroSchema.parse(m));
