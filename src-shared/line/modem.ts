/**
 * Modem-line and line-state bits, named and valued exactly as RFC 2217 section 3 (NOTIFY-LINESTATE,
 * NOTIFY-MODEMSTATE, SET-LINESTATE-MASK, SET-MODEMSTATE-MASK) defines them.
 */
import { z } from 'zod';

/** RFC 2217 modem-state bits (NOTIFY-MODEMSTATE value octet). */
export const MODEMSTATE_BITS = {
  /** Receive Line Signal Detect, i.e. DCD (carrier). */
  DCD: 0x80,
  RI: 0x40,
  DSR: 0x20,
  CTS: 0x10,
  /** Delta Receive Line Signal Detect (DCD changed). */
  DELTA_DCD: 0x08,
  /** Trailing-edge Ring Detector (RI went off). */
  TRAILING_EDGE_RI: 0x04,
  DELTA_DSR: 0x02,
  DELTA_CTS: 0x01,
} as const;

/** RFC 2217 line-state bits (NOTIFY-LINESTATE value octet). */
export const LINESTATE_BITS = {
  TIMEOUT_ERROR: 0x80,
  TRANSFER_SHIFT_REGISTER_EMPTY: 0x40,
  TRANSFER_HOLDING_REGISTER_EMPTY: 0x20,
  BREAK_DETECT: 0x10,
  FRAMING_ERROR: 0x08,
  PARITY_ERROR: 0x04,
  OVERRUN_ERROR: 0x02,
  DATA_READY: 0x01,
} as const;

/**
 * The four modem-status inputs. `null` means the session cannot know this line (raw TCP, a local port
 * without RI support): the UI shows the lamp as unavailable, not as off.
 */
export interface ModemLines {
  cts: boolean | null;
  dsr: boolean | null;
  ri: boolean | null;
  dcd: boolean | null;
}

/** Modem state with the delta bits of the report that produced it. */
export interface ModemState extends ModemLines {
  deltaCts: boolean;
  deltaDsr: boolean;
  trailingEdgeRi: boolean;
  deltaDcd: boolean;
}

/** Line state: errors and status of the far UART. */
export interface LineState {
  timeoutError: boolean;
  transferShiftRegisterEmpty: boolean;
  transferHoldingRegisterEmpty: boolean;
  breakDetect: boolean;
  framingError: boolean;
  parityError: boolean;
  overrunError: boolean;
  dataReady: boolean;
}

/** Decode a NOTIFY-MODEMSTATE octet (RFC 2217 section 3). */
export function decodeModemState(octet: number): ModemState {
  const b = MODEMSTATE_BITS;
  return {
    cts: (octet & b.CTS) !== 0,
    dsr: (octet & b.DSR) !== 0,
    ri: (octet & b.RI) !== 0,
    dcd: (octet & b.DCD) !== 0,
    deltaCts: (octet & b.DELTA_CTS) !== 0,
    deltaDsr: (octet & b.DELTA_DSR) !== 0,
    trailingEdgeRi: (octet & b.TRAILING_EDGE_RI) !== 0,
    deltaDcd: (octet & b.DELTA_DCD) !== 0,
  };
}

/** Encode modem state into a NOTIFY-MODEMSTATE octet; unknown (null) lines encode as off. */
export function encodeModemState(s: ModemState): number {
  const b = MODEMSTATE_BITS;
  return (
    (s.cts ? b.CTS : 0) |
    (s.dsr ? b.DSR : 0) |
    (s.ri ? b.RI : 0) |
    (s.dcd ? b.DCD : 0) |
    (s.deltaCts ? b.DELTA_CTS : 0) |
    (s.deltaDsr ? b.DELTA_DSR : 0) |
    (s.trailingEdgeRi ? b.TRAILING_EDGE_RI : 0) |
    (s.deltaDcd ? b.DELTA_DCD : 0)
  );
}

/** Decode a NOTIFY-LINESTATE octet (RFC 2217 section 3). */
export function decodeLineState(octet: number): LineState {
  const b = LINESTATE_BITS;
  return {
    timeoutError: (octet & b.TIMEOUT_ERROR) !== 0,
    transferShiftRegisterEmpty: (octet & b.TRANSFER_SHIFT_REGISTER_EMPTY) !== 0,
    transferHoldingRegisterEmpty: (octet & b.TRANSFER_HOLDING_REGISTER_EMPTY) !== 0,
    breakDetect: (octet & b.BREAK_DETECT) !== 0,
    framingError: (octet & b.FRAMING_ERROR) !== 0,
    parityError: (octet & b.PARITY_ERROR) !== 0,
    overrunError: (octet & b.OVERRUN_ERROR) !== 0,
    dataReady: (octet & b.DATA_READY) !== 0,
  };
}

/** Encode line state into a NOTIFY-LINESTATE octet. */
export function encodeLineState(s: LineState): number {
  const b = LINESTATE_BITS;
  return (
    (s.timeoutError ? b.TIMEOUT_ERROR : 0) |
    (s.transferShiftRegisterEmpty ? b.TRANSFER_SHIFT_REGISTER_EMPTY : 0) |
    (s.transferHoldingRegisterEmpty ? b.TRANSFER_HOLDING_REGISTER_EMPTY : 0) |
    (s.breakDetect ? b.BREAK_DETECT : 0) |
    (s.framingError ? b.FRAMING_ERROR : 0) |
    (s.parityError ? b.PARITY_ERROR : 0) |
    (s.overrunError ? b.OVERRUN_ERROR : 0) |
    (s.dataReady ? b.DATA_READY : 0)
  );
}

/** Modem lines of a session that cannot know any of them (raw TCP, plain telnet). */
export const UNKNOWN_MODEM_LINES: Readonly<ModemLines> = Object.freeze({
  cts: null,
  dsr: null,
  ri: null,
  dcd: null,
});

export const modemLinesSchema = z.object({
  cts: z.boolean().nullable(),
  dsr: z.boolean().nullable(),
  ri: z.boolean().nullable(),
  dcd: z.boolean().nullable(),
});
