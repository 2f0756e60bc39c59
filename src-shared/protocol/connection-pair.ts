/**
 * ConnectionPair: a TelnetClientEngine and a TelnetServerEngine wired to each other in memory (the
 * h2 test idiom), for tests and for running the demo modem without sockets. pump() moves queued bytes
 * both ways until both outboxes are empty, optionally cutting every transfer into chunks.
 */
import { TelnetClientEngine } from './client.js';
import { TelnetServerEngine } from './server.js';
import type { ClientEngineOptions, EngineEvent, ServerEngineEvent, ServerEngineOptions } from './types.js';

export interface PumpResult {
  clientEvents: EngineEvent[];
  serverEvents: ServerEngineEvent[];
  /** Bytes carried client -> server and server -> client during this pump. */
  bytesToServer: number;
  bytesToClient: number;
  /** Round trips made (one round = drain both outboxes once). */
  rounds: number;
}

export class ConnectionPair {
  readonly client: TelnetClientEngine;
  readonly server: TelnetServerEngine;

  constructor(clientOptions: ClientEngineOptions, serverOptions: ServerEngineOptions) {
    this.client = new TelnetClientEngine(clientOptions);
    this.server = new TelnetServerEngine(serverOptions);
  }

  /**
   * Carry bytes both ways until nothing is queued. `split(bytes)` may cut each transfer into chunks.
   * `onServerEvent` may answer requests (e.g. server.reply) — its output is carried in the same pump.
   * @throws Error after `maxRounds` rounds: the two sides would talk forever (a negotiation loop).
   */
  pump(
    nowMs: number,
    options: {
      split?: (bytes: Uint8Array) => Uint8Array[];
      onServerEvent?: (ev: ServerEngineEvent) => void;
      maxRounds?: number;
    } = {},
  ): PumpResult {
    const split = options.split ?? ((b: Uint8Array) => [b]);
    const maxRounds = options.maxRounds ?? 100;
    const result: PumpResult = { clientEvents: [], serverEvents: [], bytesToServer: 0, bytesToClient: 0, rounds: 0 };
    for (;;) {
      const up = this.client.takeOutput();
      const down = this.server.takeOutput();
      if (up === null && down === null) return result;
      if (++result.rounds > maxRounds) throw new Error(`no quiet after ${maxRounds} rounds: negotiation loop`);
      if (up !== null) {
        result.bytesToServer += up.length;
        for (const chunk of split(up)) {
          for (const ev of this.server.receive(chunk, nowMs)) {
            result.serverEvents.push(ev);
            options.onServerEvent?.(ev);
          }
        }
      }
      if (down !== null) {
        result.bytesToClient += down.length;
        for (const chunk of split(down)) result.clientEvents.push(...this.client.receive(chunk, nowMs));
      }
    }
  }
}
