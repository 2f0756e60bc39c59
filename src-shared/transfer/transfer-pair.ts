/**
 * Test-only: a sender and a receiver engine wired to each other on a simulated clock (the h2
 * ConnectionPair idiom, with time). Each chunk of `out` arrives latencyMs later, optionally cut into
 * pieces (`split`) or altered on the way (`alter`: a faulty line); engines are ticked at their deadlines,
 * and a streaming sender (more()) is asked for its next slice once per turn.
 */
import type { TransferEngine, TransferEvent, TransferStep } from './types.js';

export type Direction = 'toReceiver' | 'toSender';

export interface PairOptions {
  /** Cut each chunk for delivery (default: whole). */
  split?: (bytes: Uint8Array, dir: Direction) => Uint8Array[];
  /** Change or drop (empty result) a chunk on the line; called once per chunk, in order. */
  alter?: (bytes: Uint8Array, dir: Direction) => Uint8Array;
  /** One-way delay, ms (default 1). */
  latencyMs?: number;
  /** Stop after this much simulated time, ms (default 30 minutes). */
  limitMs?: number;
  /** Called after each event; may cancel an engine ('sender' / 'receiver'). */
  onEvent?: (who: 'sender' | 'receiver', ev: TransferEvent, control: { cancel(who: 'sender' | 'receiver'): void; nowMs: number }) => void;
}

export interface PairResult {
  senderEvents: TransferEvent[];
  receiverEvents: TransferEvent[];
  /** Every 'data' byte the receiver delivered, concatenated. */
  received: Uint8Array;
  /** Every byte each side put on the line (before `alter`). */
  toReceiver: Uint8Array;
  toSender: Uint8Array;
  /** Bytes handed back as `rest` by each side. */
  senderRest: Uint8Array;
  receiverRest: Uint8Array;
  endMs: number;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Run the pair until both have finished (or limitMs passed). */
export function runPair(sender: TransferEngine, receiver: TransferEngine, options: PairOptions = {}): PairResult {
  const latency = options.latencyMs ?? 1;
  const limit = options.limitMs ?? 30 * 60_000;
  const split = options.split ?? ((b: Uint8Array) => [b]);
  const alter = options.alter ?? ((b: Uint8Array) => b);
  const flights: Array<{ at: number; dir: Direction; bytes: Uint8Array }> = [];
  const ev = { sender: [] as TransferEvent[], receiver: [] as TransferEvent[] };
  const lines = { toReceiver: [] as Uint8Array[], toSender: [] as Uint8Array[] };
  const rest = { sender: [] as Uint8Array[], receiver: [] as Uint8Array[] };
  const data: Uint8Array[] = [];
  let now = 0;
  const engines = { sender, receiver };

  const take = (who: 'sender' | 'receiver', step: TransferStep) => {
    const dir: Direction = who === 'sender' ? 'toReceiver' : 'toSender';
    for (const chunk of step.out) {
      lines[dir].push(chunk);
      const altered = alter(chunk, dir);
      if (altered.length > 0) flights.push({ at: now + latency, dir, bytes: altered });
    }
    if (step.rest.length > 0) rest[who].push(step.rest);
    for (const e of step.events) {
      ev[who].push(e);
      if (e.type === 'data') data.push(e.bytes);
      options.onEvent?.(who, e, { cancel: (w) => take(w, engines[w].cancel(now)), nowMs: now });
    }
  };

  take('receiver', receiver.start(now));
  take('sender', sender.start(now));
  while (!(sender.finished && receiver.finished && flights.length === 0)) {
    const times = [flights[0]?.at, sender.nextDeadlineMs(), receiver.nextDeadlineMs()].filter((t): t is number => t !== undefined && t !== null);
    if (times.length === 0) break;
    now = Math.max(now, Math.min(...times));
    if (now > limit) break;
    while (flights.length > 0 && flights[0]!.at <= now) {
      const f = flights.shift()!;
      const who = f.dir === 'toReceiver' ? 'receiver' : 'sender';
      for (const piece of split(f.bytes, f.dir)) take(who, engines[who].receive(piece, now));
    }
    for (const who of ['sender', 'receiver'] as const) {
      const d = engines[who].nextDeadlineMs();
      if (d !== null && d <= now) take(who, engines[who].tick(now));
    }
    // a streaming sender gets one more slice per turn, as a line that took the last one would ask
    if (sender.more && !sender.finished) take('sender', sender.more(now));
  }
  return {
    senderEvents: ev.sender,
    receiverEvents: ev.receiver,
    received: concat(data),
    toReceiver: concat(lines.toReceiver),
    toSender: concat(lines.toSender),
    senderRest: concat(rest.sender),
    receiverRest: concat(rest.receiver),
    endMs: now,
  };
}
