/**
 * RFC 2217 value encodings (section 2 and 3 tables) between LineSettings terms and the octets on the
 * wire, including the tolerant reading of SET-BAUDRATE replies seen in the wild.
 */
import type { DataBits, FlowControl, Parity, StopBits } from '../line/settings.js';
import { CONTROL } from './constants.js';

/** SET-PARITY values (RFC 2217 section 2): 1 NONE, 2 ODD, 3 EVEN, 4 MARK, 5 SPACE. */
export const PARITY_CODES: Readonly<Record<Parity, number>> = { none: 1, odd: 2, even: 3, mark: 4, space: 5 };
/** SET-STOPSIZE values: 1 -> 1, 2 -> 2, 3 -> 1.5. */
export const STOP_CODES: Readonly<Record<string, number>> = { '1': 1, '2': 2, '1.5': 3 };
/** SET-CONTROL outbound (1..3) and inbound (14..16) flow-control values. */
export const FLOW_CODES: Readonly<Record<FlowControl, { outbound: number; inbound: number }>> = {
  none: { outbound: CONTROL.FLOW_NONE, inbound: CONTROL.INBOUND_FLOW_NONE },
  xonxoff: { outbound: CONTROL.FLOW_XONXOFF, inbound: CONTROL.INBOUND_FLOW_XONXOFF },
  rtscts: { outbound: CONTROL.FLOW_HARDWARE, inbound: CONTROL.INBOUND_FLOW_HARDWARE },
};

export function parityFromCode(code: number): Parity | undefined {
  return (Object.keys(PARITY_CODES) as Parity[]).find((p) => PARITY_CODES[p] === code);
}
export function stopBitsFromCode(code: number): StopBits | undefined {
  return code === 1 ? 1 : code === 2 ? 2 : code === 3 ? 1.5 : undefined;
}
export function dataBitsFromCode(code: number): DataBits | undefined {
  return code === 5 || code === 6 || code === 7 || code === 8 ? code : undefined;
}
/** Outbound flow value (1, 2, 3) -> FlowControl; 17 (DCD) and 19 (DSR) have no LineSettings name. */
export function flowFromCode(code: number): FlowControl | undefined {
  return code === 1 ? 'none' : code === 2 ? 'xonxoff' : code === 3 ? 'rtscts' : undefined;
}

/** A 32-bit baud rate as 4 octets in network order (RFC 2217 SET-BAUDRATE). */
export function encodeBaud(baud: number): number[] {
  return [(baud >>> 24) & 0xff, (baud >>> 16) & 0xff, (baud >>> 8) & 0xff, baud & 0xff];
}

/**
 * One-octet baud indexes, as sent by Cisco access servers that still follow the index table of the
 * pre-RFC drafts of COM-PORT-OPTION (the RFC's "Discussion" under SET-BAUD mentions it). The table is
 * the classic rate ladder in ascending order as client programs of the time (e.g. C-Kermit's telnet
 * code) map it: 1=75, 2=150, 3=300, 4=600, 5=1200, 6=2400, 7=4800, 8=9600, 9=14400, 10=19200,
 * 11=28800, 12=38400, 13=57600, 14=115200, 15=230400, 16=460800. Reconstructed from public descriptions,
 * not verified against a Cisco: an index outside it is reported, never guessed.
 */
export const CISCO_BAUD_INDEX: readonly number[] = [
  0, 75, 150, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 28800, 38400, 57600, 115200, 230400, 460800,
];

/** Result of reading a SET-BAUDRATE reply value. */
export type BaudReading =
  | { ok: true; baud: number; form: '4-octet' | '8-octet' | 'cisco-index' }
  | { ok: false; reason: string };

/**
 * Read a SET-BAUDRATE reply value: 4 octets big-endian (RFC 2217); 8 octets = sredird's 64-bit build,
 * whose first 4 octets are the big-endian rate (`00 01 c2 00 00 00 00 00` = 115200); 1 octet = a Cisco
 * index (CISCO_BAUD_INDEX). A rate of 0 is no rate.
 */
export function readBaud(value: Uint8Array): BaudReading {
  if (value.length === 4 || value.length === 8) {
    const baud = (((value[0] ?? 0) << 24) | ((value[1] ?? 0) << 16) | ((value[2] ?? 0) << 8) | (value[3] ?? 0)) >>> 0;
    if (baud === 0) return { ok: false, reason: 'baud rate 0' };
    return { ok: true, baud, form: value.length === 4 ? '4-octet' : '8-octet' };
  }
  if (value.length === 1) {
    const baud = CISCO_BAUD_INDEX[value[0] ?? 0];
    if (baud === undefined || baud === 0) return { ok: false, reason: `unknown one-octet baud index ${value[0]}` };
    return { ok: true, baud, form: 'cisco-index' };
  }
  return { ok: false, reason: `SET-BAUDRATE value of ${value.length} octets` };
}

/** Bytes as Latin-1 text (SIGNATURE has no defined charset; Latin-1 loses no byte). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Text as Latin-1 bytes (characters above U+00FF become '?'). */
export function latin1Bytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out.push(c <= 0xff ? c : 0x3f);
  }
  return out;
}
