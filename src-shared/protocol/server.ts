/**
 * TelnetServerEngine: the access-server side of telnet + RFC 2217, for the built-in demo modem
 * (`dialtone sim`) and the engine's property tests. Sans-I/O like the client.
 */
import type { ComPortCommandName, ServerEngineEvent, ServerEngineOptions } from './types.js';

const NI = 'not implemented';

export class TelnetServerEngine {
  constructor(options: ServerEngineOptions) {
    void options;
  }
  /** Queue the opening negotiation: WILL SGA, WILL BINARY, DO BINARY, DO SGA, WILL ECHO (echo), DO COM-PORT (comPort). */
  start(nowMs?: number): ServerEngineEvent[] {
    void nowMs;
    throw new Error(NI);
  }
  /** Parse bytes from the client. */
  receive(bytes: Uint8Array, nowMs?: number): ServerEngineEvent[] {
    void bytes; void nowMs;
    throw new Error(NI);
  }
  /** Queue line data (0xFF escaped; CR -> CR NUL when our BINARY is off). Held while the client suspended us. */
  sendData(bytes: Uint8Array): void {
    void bytes;
    throw new Error(NI);
  }
  /** Answer a client command with the value in effect (server code = client code + 100). */
  reply(command: ComPortCommandName, value: number | string | null): void {
    void command; void value;
    throw new Error(NI);
  }
  /** NOTIFY-MODEMSTATE (octet AND the client's mask; nothing sent when that is 0). Returns whether sent. */
  notifyModemState(octet: number): boolean {
    void octet;
    throw new Error(NI);
  }
  /** NOTIFY-LINESTATE (octet AND the client's mask; nothing sent when that is 0). Returns whether sent. */
  notifyLineState(octet: number): boolean {
    void octet;
    throw new Error(NI);
  }
  /** Send FLOWCONTROL-SUSPEND to the client. */
  suspend(): void {
    throw new Error(NI);
  }
  /** Send FLOWCONTROL-RESUME to the client. */
  resume(): void {
    throw new Error(NI);
  }
  /** Everything queued, as one chunk, or null. */
  takeOutput(): Uint8Array | null {
    throw new Error(NI);
  }
  get comPortActive(): boolean {
    throw new Error(NI);
  }
  get canSendData(): boolean {
    throw new Error(NI);
  }
  get modemStateMask(): number {
    throw new Error(NI);
  }
  get lineStateMask(): number {
    throw new Error(NI);
  }
}
