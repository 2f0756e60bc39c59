/**
 * Line settings: the serial geometry of a session (RFC 2217 section 3: SET-BAUDRATE, SET-DATASIZE,
 * SET-PARITY, SET-STOPSIZE, SET-CONTROL flow control). Pure data, shared by main, renderer and CLI.
 */
import { z } from 'zod';

/** Parity, named as RFC 2217 SET-PARITY names its values (1 NONE, 2 ODD, 3 EVEN, 4 MARK, 5 SPACE). */
export const PARITIES = ['none', 'odd', 'even', 'mark', 'space'] as const;
export type Parity = (typeof PARITIES)[number];

/** Data bits per character (RFC 2217 SET-DATASIZE 5..8). */
export const DATA_BITS = [5, 6, 7, 8] as const;
export type DataBits = (typeof DATA_BITS)[number];

/** Stop bits (RFC 2217 SET-STOPSIZE 1 = 1, 2 = 2, 3 = 1.5). */
export const STOP_BITS = [1, 1.5, 2] as const;
export type StopBits = (typeof STOP_BITS)[number];

/**
 * Flow control (RFC 2217 SET-CONTROL 1 NONE, 2 XON/XOFF, 3 HARDWARE i.e. RTS/CTS).
 * Outbound and inbound are set together; the engine sends both the outbound value and the matching
 * inbound value (14/15/16).
 */
export const FLOW_CONTROLS = ['none', 'xonxoff', 'rtscts'] as const;
export type FlowControl = (typeof FLOW_CONTROLS)[number];

/** The usual baud rates offered in pickers, in bits/s. Any positive integer is allowed. */
export const COMMON_BAUD_RATES = [
  300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
] as const;

/** Line settings: baud rate in bits/s, data bits, parity, stop bits, flow control. */
export interface LineSettings {
  baud: number;
  dataBits: DataBits;
  parity: Parity;
  stopBits: StopBits;
  flow: FlowControl;
}

/** The names of the line settings, in the order RFC 2217 recommends sending them. */
export const LINE_SETTING_NAMES = ['baud', 'dataBits', 'parity', 'stopBits', 'flow'] as const;
export type LineSettingName = (typeof LINE_SETTING_NAMES)[number];

/** 115200 8N1, no flow control: what most devices and ser2net's defaults use. */
export const DEFAULT_LINE_SETTINGS: Readonly<LineSettings> = Object.freeze({
  baud: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  flow: 'none',
});

/** Largest baud rate accepted (RFC 2217 carries 32 bits; nothing real exceeds this). */
export const MAX_BAUD = 16_000_000;

export const baudSchema = z.number().int().min(1).max(MAX_BAUD);
export const lineSettingsSchema = z.object({
  baud: baudSchema,
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
  parity: z.enum(PARITIES),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
  flow: z.enum(FLOW_CONTROLS),
});
/** A partial update of line settings, validated. */
export const lineSettingsPatchSchema = lineSettingsSchema.partial();

/** Longest BREAK pulse accepted anywhere (IPC, command line, sessions), in ms. */
export const MAX_BREAK_MS = 60_000;
/** A BREAK pulse length: whole ms, 1..MAX_BREAK_MS. */
export const breakMsSchema = z.number().int().min(1).max(MAX_BREAK_MS);
