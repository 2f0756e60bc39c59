/**
 * TelnetClientEngine: the client side of telnet (RFC 854/855, RFC 1143 Q-method) with RFC 2217
 * COM-PORT-OPTION. Sans-I/O: feed received bytes to receive(), drain takeOutput() to the socket, call
 * tick() at nextDeadlineMs().
 */
import type { LineSettings } from '../line/settings.js';
import type { ClientEngineOptions, EngineEvent, SettingsView } from './types.js';

const NI = 'not implemented';

export class TelnetClientEngine {
  /** @param options see ClientEngineOptions. */
  constructor(options: ClientEngineOptions) {
    void options;
  }
  /** Queue the opening negotiation: WILL/DO BINARY, DO SGA, and WILL COM-PORT when comPort. */
  start(nowMs: number): EngineEvent[] {
    void nowMs;
    throw new Error(NI);
  }
  /** Parse bytes from the server; any split of the input yields the same events (data merged). */
  receive(bytes: Uint8Array, nowMs: number): EngineEvent[] {
    void bytes; void nowMs;
    throw new Error(NI);
  }
  /** Ack timeouts: settings not answered within ackTimeoutMs become 'unconfirmed' (+ 'no-ack' warning). */
  tick(nowMs: number): EngineEvent[] {
    void nowMs;
    throw new Error(NI);
  }
  /** When tick() next has work (ms, same clock as nowMs), or null: arm one timer for it. */
  nextDeadlineMs(): number | null {
    throw new Error(NI);
  }
  /** Queue line data: 0xFF escaped as IAC IAC; CR -> CR NUL when our BINARY is off. */
  sendData(bytes: Uint8Array): void {
    void bytes;
    throw new Error(NI);
  }
  /** Everything queued since the last call, as ONE chunk, or null when nothing is queued. */
  takeOutput(): Uint8Array | null {
    throw new Error(NI);
  }
  /** false between the server's FLOWCONTROL-SUSPEND and RESUME. */
  get canSendData(): boolean {
    throw new Error(NI);
  }
  /** true once the server accepted our WILL COM-PORT. */
  get comPortActive(): boolean {
    throw new Error(NI);
  }
  /** Request line settings, sent in RFC 2217 order (baud, datasize, parity, stopsize, flow out + in). */
  applySettings(patch: Partial<LineSettings>, nowMs: number): EngineEvent[] {
    void patch; void nowMs;
    throw new Error(NI);
  }
  /** SET-CONTROL DTR 8/9 and RTS 11/12, queued together so they leave in one TCP write. */
  setControlLines(lines: { dtr?: boolean; rts?: boolean }, nowMs: number): EngineEvent[] {
    void lines; void nowMs;
    throw new Error(NI);
  }
  /** SET-CONTROL BREAK ON 5 / OFF 6 (not IAC BRK: sredird stops parsing SBs after it). */
  setBreak(on: boolean, nowMs: number): EngineEvent[] {
    void on; void nowMs;
    throw new Error(NI);
  }
  /** PURGE-DATA 1 (rx: access server receive buffer), 2 (tx), 3 (both). */
  purge(which: 'rx' | 'tx' | 'both', nowMs: number): EngineEvent[] {
    void which; void nowMs;
    throw new Error(NI);
  }
  /** Send an empty SIGNATURE: asks the server for its signature. */
  requestSignature(nowMs: number): EngineEvent[] {
    void nowMs;
    throw new Error(NI);
  }
  /** Query a value: SET-BAUDRATE/DATASIZE/PARITY/STOPSIZE 0 or SET-CONTROL 0, 4, 7, 10, 13. */
  query(
    what: 'baud' | 'dataBits' | 'parity' | 'stopBits' | 'flow' | 'break' | 'dtr' | 'rts' | 'inboundFlow',
    nowMs: number,
  ): EngineEvent[] {
    void what; void nowMs;
    throw new Error(NI);
  }
  /** SET-LINESTATE-MASK (RFC 2217 section 3; server default 0). */
  setLineStateMask(mask: number, nowMs: number): EngineEvent[] {
    void mask; void nowMs;
    throw new Error(NI);
  }
  /** SET-MODEMSTATE-MASK (RFC 2217 section 3; server default 255). */
  setModemStateMask(mask: number, nowMs: number): EngineEvent[] {
    void mask; void nowMs;
    throw new Error(NI);
  }
  /** Send FLOWCONTROL-SUSPEND: ask the server to stop sending to us. */
  suspendInbound(nowMs: number): EngineEvent[] {
    void nowMs;
    throw new Error(NI);
  }
  /** Send FLOWCONTROL-RESUME. */
  resumeInbound(nowMs: number): EngineEvent[] {
    void nowMs;
    throw new Error(NI);
  }
  /** A copy of what the engine believes is in effect. */
  settings(): SettingsView {
    throw new Error(NI);
  }
}
