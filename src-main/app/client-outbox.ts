/**
 * What `dialtone serve` sends one WebSocket client (one browser tab), with a per-client byte budget.
 *
 * Each session's pump holds its source at FLOW_HIGH_BYTES unacked, but that bounds one session: with 64
 * sessions flooding, 64 x 512 KiB queued in one socket, and a keystroke's echo (a few bytes of a quiet
 * session) reached the tab only after all of it (bench/load.bench.ts: 36 MiB ahead, p95 450 ms). So
 * session.data is not written to the socket as it comes: each batch waits in a lane per session here and
 * goes out round-robin while the bytes the tab has not acked yet, over all its sessions, are below
 * `budgetBytes` (a batch goes whole: one batch past the budget at most). What waits here still counts as
 * unacked for the pump, so the pump pauses the source as before; acks (session.ack) mean what they
 * meant, this only decides when bytes leave.
 *
 * - Quiet sessions first: a batch of at most QUIET_BYTES from a session with less than QUIET_BYTES in
 *   flight goes at once whatever the budget: an echo or a prompt does not wait behind the backlog.
 * - Stall: a tab keeps below ACK_CHUNK_BYTES of each session unacked for good (its acker's rest), and a
 *   session without a pane in the tab is not acked until one attaches: such bytes can fill the budget
 *   with no ack to come. When sessions wait and the tab has acked nothing for STALL_MS, each waiting
 *   session with less than ACK_CHUNK_BYTES in flight sends its next batch (which the tab will ack once
 *   consumed); a session with more in flight is owed an ack. So no session waits for good.
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
/** A batch this small from a session with less than this in flight goes whatever the budget (bytes). */
export const QUIET_BYTES = ACK_CHUNK_BYTES;
/** Sessions wait, the budget is spent and no ack came for this long: the tab keeps what holds it (ms). */
export const STALL_MS = 50;

type Item = { data: Uint8Array } | { frame: Uint8Array };

/** One session's lane: what waits for the client, and what the client has not acked yet. */
interface Lane {
  readonly sessionId: string;
  queue: Item[];
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
  /** When the client last acked (Date.now(), ms). */
  private ackedAt = Date.now();
  private stallTimer: NodeJS.Timeout | null = null;

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
    for (const lane of this.lanes.values()) for (const item of lane.queue) if ('data' in item) n += item.data.byteLength;
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
      this.run(false);
    } else if (!lane || lane.queue.length === 0) {
      this.send(encodeMessage({ t: 'evt', name, payload }));
    } else {
      lane.queue.push({ frame: encodeMessage({ t: 'evt', name, payload }) });
    }
  }

  /** The client acked `bytes` of `sessionId` (its session.ack): room for more. Acks beyond what is in flight are capped. */
  acked(sessionId: string, bytes: number): void {
    this.ackedAt = Date.now();
    const lane = this.lanes.get(sessionId);
    if (!lane || !(bytes > 0)) return;
    const n = Math.min(bytes, lane.inFlight);
    lane.inFlight -= n;
    this.total -= n;
    this.forgetIfIdle(lane);
    this.run(false);
  }

  /** The client is gone: stop the stall timer. */
  dispose(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private lane(sessionId: string): Lane {
    const lane: Lane = { sessionId, queue: [], inFlight: 0 };
    this.lanes.set(sessionId, lane);
    return lane;
  }

  /** Send round-robin, one item per lane per pass, until no lane may send; `stalled`: see the module doc. */
  private run(stalled: boolean): void {
    for (let sent = true; sent && this.ready.size > 0; ) {
      sent = false;
      for (const id of [...this.ready]) {
        const lane = this.lanes.get(id)!;
        if (!this.mayGo(lane, stalled)) continue;
        this.sendHead(lane);
        sent = true;
        this.ready.delete(id);
        if (lane.queue.length > 0) this.ready.add(id); // to the back of the turn
        else this.forgetIfIdle(lane);
      }
    }
    if (this.ready.size > 0 && !this.stallTimer) this.armStall(STALL_MS);
  }

  private mayGo(lane: Lane, stalled: boolean): boolean {
    const item = lane.queue[0]!;
    if ('frame' in item || this.total < this.budget) return true;
    if (lane.inFlight >= (stalled ? ACK_CHUNK_BYTES : QUIET_BYTES)) return false;
    return stalled || item.data.byteLength <= QUIET_BYTES;
  }

  private sendHead(lane: Lane): void {
    const item = lane.queue.shift()!;
    if ('frame' in item) return this.send(item.frame);
    lane.inFlight += item.data.byteLength;
    this.total += item.data.byteLength;
    this.send(encodeMessage({ t: 'evt', name: 'session.data', payload: { sessionId: lane.sessionId, bytes: item.data } }));
  }

  /** Check for a stall `ms` from now (and again while sessions wait). */
  private armStall(ms: number): void {
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (this.ready.size === 0) return;
      const quietFor = Date.now() - this.ackedAt;
      if (quietFor >= STALL_MS) this.run(true);
      else this.armStall(STALL_MS - quietFor);
    }, ms);
  }

  /** Sessions no longer listed are closed: what waits for them goes now (before the list), then they are forgotten. */
  private closeGone({ sessions }: EventOf<'sessions.changed'>): void {
    const open = new Set(sessions.map((s) => s.sessionId));
    for (const [id, lane] of this.lanes) {
      if (open.has(id)) continue;
      while (lane.queue.length > 0) this.sendHead(lane);
      this.total -= lane.inFlight;
      this.lanes.delete(id);
      this.ready.delete(id);
    }
  }

  /** A lane with nothing waiting and nothing in flight is dropped (sessions come and go). */
  private forgetIfIdle(lane: Lane): void {
    if (lane.queue.length === 0 && lane.inFlight === 0) {
      this.lanes.delete(lane.sessionId);
      this.ready.delete(lane.sessionId);
    }
  }
}
