/**
 * Byte values of telnet (RFC 854, RFC 855) and RFC 2217 COM-PORT-OPTION, named as the RFCs name them.
 */
import type { ComPortCommandName } from './types.js';

/** Telnet command bytes (RFC 854). */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const EL = 248;
export const EC = 247;
export const AYT = 246;
export const AO = 245;
export const IP = 244;
export const BRK = 243;
export const DM = 242;
export const NOP = 241;
export const SE = 240;

export const CR = 13;
export const LF = 10;
export const NUL = 0;

/** Telnet options this project negotiates. */
export const OPT_BINARY = 0; // RFC 856
export const OPT_ECHO = 1; // RFC 857
export const OPT_SGA = 3; // RFC 858
export const OPT_TIMING_MARK = 6; // RFC 860
export const OPT_COM_PORT = 44; // RFC 2217

/** RFC 2217 client->server command codes; the server answers with code + 100. */
export const COMPORT_CODES: Readonly<Record<ComPortCommandName, number>> = Object.freeze({
  SIGNATURE: 0,
  'SET-BAUDRATE': 1,
  'SET-DATASIZE': 2,
  'SET-PARITY': 3,
  'SET-STOPSIZE': 4,
  'SET-CONTROL': 5,
  'NOTIFY-LINESTATE': 6,
  'NOTIFY-MODEMSTATE': 7,
  'FLOWCONTROL-SUSPEND': 8,
  'FLOWCONTROL-RESUME': 9,
  'SET-LINESTATE-MASK': 10,
  'SET-MODEMSTATE-MASK': 11,
  'PURGE-DATA': 12,
});

/** Offset of server->client codes (RFC 2217 "Command Names and Codes"). */
export const SERVER_CODE_OFFSET = 100;

const NAMES_BY_CODE: readonly ComPortCommandName[] = Object.keys(COMPORT_CODES) as ComPortCommandName[];

/** The command name of a client code (0..12) or server code (100..112), or undefined. */
export function comPortCommandName(code: number): ComPortCommandName | undefined {
  const base = code >= SERVER_CODE_OFFSET ? code - SERVER_CODE_OFFSET : code;
  return NAMES_BY_CODE[base];
}

/** Human names of telnet options and commands, for warnings and transcripts. */
export function optionName(option: number): string {
  switch (option) {
    case OPT_BINARY:
      return 'BINARY';
    case OPT_ECHO:
      return 'ECHO';
    case OPT_SGA:
      return 'SGA';
    case OPT_COM_PORT:
      return 'COM-PORT-OPTION';
    default:
      return `option ${option}`;
  }
}

/** SET-CONTROL values (RFC 2217 section 3). */
export const CONTROL = Object.freeze({
  FLOW_REQUEST: 0,
  FLOW_NONE: 1,
  FLOW_XONXOFF: 2,
  FLOW_HARDWARE: 3,
  BREAK_REQUEST: 4,
  BREAK_ON: 5,
  BREAK_OFF: 6,
  DTR_REQUEST: 7,
  DTR_ON: 8,
  DTR_OFF: 9,
  RTS_REQUEST: 10,
  RTS_ON: 11,
  RTS_OFF: 12,
  INBOUND_FLOW_REQUEST: 13,
  INBOUND_FLOW_NONE: 14,
  INBOUND_FLOW_XONXOFF: 15,
  INBOUND_FLOW_HARDWARE: 16,
  FLOW_DCD: 17,
  INBOUND_FLOW_DTR: 18,
  FLOW_DSR: 19,
});
