/**
 * What `dialtone serve` sends one WebSocket client (one browser tab), with a per-client byte budget.
 *
 * Each session's pump holds its source at FLOW_HIGH_BYTES unacked, but that bounds one session: with 64
 * sessions flooding, 64 x 512 KiB queued in one socket, and a keystroke's echo (a few bytes of a quiet
 * session) reached the tab only after all of it (bench/load.bench.ts: 36 MiB ahead, p95 450 ms). So
 * session.data is not written to the socket as it comes: it waits in a lane per session here and goes
 * out round-robin while the bytes the tab has not acked yet, over all its sessions, stay within
 * `budgetBytes`. What waits here still counts as unacked for the pump, so the pump pauses the source as
 * before; acks (session.ack) mean what they meant, this only decides when bytes leave.
 *
 * - Floor: when the budget has no room, a session with less than FLOOR_BYTES (one ack chunk) of its own
 *   in flight may still fill up to FLOOR_BYTES. A tab keeps below ACK_CHUNK_BYTES of each session
 *   unacked for good (its acker's rest), and a session without a pane in the tab is not acked at all
 *   until one attaches: without the floor those bytes could fill the budget and stop every other
 *   session. A session held back thus has a whole ack chunk in flight, which the tab acks once it has
 *   consumed it. The floor also lets a quiet session's few bytes (an echo) go at once, ahead of the
 *   backlog. With N sessions, up to N x FLOOR_BYTES may be in flight beyond the budget.
 * - Order: per session, data and that session's other events (session.event, log.status, dial.status)
 *   keep their order; replies and events of no session go at once. 'sessions.changed' first sends what
 *   waits for the sessions it no longer lists (their last bytes, flushed at close, come before it, as
 *   they did without the budget) and forgets them.
 * Memory: what waits here is bounded per session by the pump's HIGH watermark (plus one batch).
 */
import { ACK_CHUNK_BYTES, FLOW_HIGH_BYTES, type EventName, type EventOf } from '../../src-shared/ipc/contract.js';
import { encodeMessage } from '../../src-shared/ipc/wire.js';

/**
 * Default budget: session.data bytes sent to one client and not yet acked, over all sessions (bytes).
 * A pump's HIGH, so a lone session (never more than HIGH unacked) is paced by its pump alone; about
 * 5 ms of a tab's work at 100 MiB/s, which is about what a keystroke's echo waits behind.
 */
export const CLIENT_BUDGET_BYTES = FLOW_HIGH_BYTES;
/** When the budget has no room, a session with less than this of its own in flight may send up to it (bytes). */
export const FLOOR_BYTES = ACK_CHUNK_BYTES;
/** Within the budget, the least room worth a piece of a batch (bytes): less waits for more room (no crumbs). */
const MIN_PIECE_BYTES = ACK_CHUNK_BYTES;

type Item = { data: Uint8Array } | { frame: Uint8Array };

/** One session's lane: what waits for the client, and what the client has not acked yet. */
interface Lane {
  readonly sessionId: string;
  queue: Item[];
  /** Bytes of the head item's data already sent. */
  at: number;
  /** session.data bytes sent and not yet acked (bytes). */
  inFlight: number;
}

export interface ClientOutboxOptions {
  /** Budget of unacked session.data bytes over all sessions (default CLIENT_BUDGET_BYTES). */
  budgetBytes?: number;
}

export class ClientOutbox {
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with something waiting, in turn order (a lane that sent goes to the back). */
  private readonly ready = new Set<string>();
  private total = 0;
  private readonly budget: number;

  /** @param send writes one encoded frame to the client's socket */
  constructor(
    private readonly send: (frame: Uint8Array) => void,
    options: ClientOutboxOptions = {},
  ) {
    this.budget = options.budgetBytes ?? CLIENT_BUDGET_BYTES;
  }

  /** session.data bytes sent and not yet acked, over all sessions (bytes). */
  get inFlight(): number {
    return this.total;
  }

  /** session.data bytes waiting here (bytes). */
  get waiting(): number {
    let n = 0;
    for (const lane of this.lanes.values()) for (const [i, item] of lane.queue.entries()) if ('data' in item) n += item.data.byteLength - (i === 0 ? lane.at : 0);
    return n;
  }

  /** An event for the client: sent now, or queued behind its session's waiting bytes. */
  event<E extends EventName>(name: E, payload: EventOf<E>): void {
    if (name === 'sessions.changed') this.closeGone(payload as EventOf<'sessions.changed'>);
    const sessionId = (payload as { sessionId?: unknown }).sessionId;
    if (typeof sessionId !== 'string') return this.send(encodeMessage({ t: 'evt', name, payload }));
    let lane = this.lanes.get(sessionId);
    if (name === 'session.data') {
      const { bytes } = payload as EventOf<'session.data'>;
      if (bytes.byteLength === 0) return;
      lane ??= this.lane(sessionId);
      lane.queue.push({ data: bytes });
      this.ready.add(sessionId);
      this.run();
    } else if (!lane || lane.queue.length === 0) {
      this.send(encodeMessage({ t: 'evt', name, payload }));
    } else {
      lane.queue.push({ frame: encodeMessage({ t: 'evt', name, payload }) });
    }
  }

  /** The client acked `bytes` of `sessionId` (its session.ack): room for more. Acks beyond what is in flight are capped. */
  acked(sessionId: string, bytes: number): void {
    const lane = this.lanes.get(sessionId);
    if (!lane || !(bytes > 0)) return;
    const n = Math.min(bytes, lane.inFlight);
    lane.inFlight -= n;
    this.total -= n;
    this.forgetIfIdle(sessionId, lane);
    this.run();
  }

  private lane(sessionId: string): Lane {
    const lane: Lane = { sessionId, queue: [], at: 0, inFlight: 0 };
    this.lanes.set(sessionId, lane);
    return lane;
  }

  /** Send round-robin, one item or piece per lane per pass, until no lane may send. */
  private run(): void {
    for (let sent = true; sent && this.ready.size > 0; ) {
      sent = false;
      for (const id of [...this.ready]) {
        const lane = this.lanes.get(id)!;
        if (!this.step(lane, false)) continue;
        sent = true;
        this.ready.delete(id);
        if (lane.queue.length > 0) this.ready.add(id); // to the back of the turn
        else this.forgetIfIdle(id, lane);
      }
    }
  }

  /** Send the lane's head item, or a piece of its data as far as budget and floor allow (all of it when `force`). */
  private step(lane: Lane, force: boolean): boolean {
    const item = lane.queue[0];
    if (!item) return false;
    if ('frame' in item) {
      lane.queue.shift();
      this.send(item.frame);
      return true;
    }
    const rest = item.data.byteLength - lane.at;
    const budgetRoom = this.budget - this.total;
    const piece = force ? rest : budgetRoom >= Math.min(rest, MIN_PIECE_BYTES) ? Math.min(rest, budgetRoom) : Math.min(rest, FLOOR_BYTES - lane.inFlight);
    if (piece <= 0) return false;
    const bytes = piece === item.data.byteLength ? item.data : item.data.subarray(lane.at, lane.at + piece);
    lane.at += piece;
    if (lane.at === item.data.byteLength) {
      lane.queue.shift();
      lane.at = 0;
    }
    lane.inFlight += piece;
    this.total += piece;
    this.send(encodeMessage({ t: 'evt', name: 'session.data', payload: { sessionId: lane.sessionId, bytes } }));
    return true;
  }

  /** Sessions no longer listed are closed: what waits for them goes now (before the list), then they are forgotten. */
  private closeGone({ sessions }: EventOf<'sessions.changed'>): void {
    const open = new Set(sessions.map((s) => s.sessionId));
    for (const [id, lane] of this.lanes) {
      if (open.has(id)) continue;
      while (this.step(lane, true));
      this.total -= lane.inFlight;
      this.lanes.delete(id);
      this.ready.delete(id);
    }
  }

  /** A lane with nothing waiting and nothing in flight is dropped (sessions come and go). */
  private forgetIfIdle(id: string, lane: Lane): void {
    if (lane.queue.length === 0 && lane.inFlight === 0) {
      this.lanes.delete(id);
      this.ready.delete(id);
    }
  }
}
