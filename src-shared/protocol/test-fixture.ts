/**
 * Test-only helpers for the engines' golden transcripts (comport, golden and server tests): feed hex in
 * and get rendered events, drain the output as hex, a client with COM-PORT in effect, and an SB 44
 * frame. Imported by *.test.ts files only; no product code uses it.
 */
import { TelnetClientEngine } from './client.js';
import { hex, renderEvent, unhex } from './transcript.js';
import type { ClientEngineOptions, EngineEvent, ServerEngineEvent } from './types.js';

/** Feed `bytes` (hex, e.g. 'ff fb 03') to an engine at `nowMs`; its events, one rendered line each. */
export function feed(engine: { receive(bytes: Uint8Array, nowMs: number): readonly (EngineEvent | ServerEngineEvent)[] }, bytes: string, nowMs = 0): string[] {
  return engine.receive(unhex(bytes), nowMs).map(renderEvent);
}

/** Drain an engine's output: the bytes it would send, as hex ('' when none). */
export function out(engine: { takeOutput(): Uint8Array | null }): string {
  return hex(engine.takeOutput());
}

/** A client whose COM-PORT is in effect (server sent DO COM-PORT and WILL/DO BINARY), outbox drained. */
export function ready(options: Partial<ClientEngineOptions> = {}): TelnetClientEngine {
  const c = new TelnetClientEngine({ comPort: true, ...options });
  c.start(0);
  c.receive(unhex('ff fd 00 ff fb 00 ff fd 03 ff fd 2c'), 0);
  c.takeOutput();
  return c;
}

/** IAC SB COM-PORT-OPTION `body` IAC SE, as hex (`body` is hex too). */
export const SB = (body: string): string => `ff fa 2c ${body} ff f0`;
