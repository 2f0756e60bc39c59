/**
 * What the hex view shows (issue 12), kept per tab whatever the view: a bounded history of the raw
 * chunks of both directions and of the line's events, each with its time. Fed where the bytes already
 * flow: received batches from receive.ts (the batch itself is referenced, never copied), sent bytes from
 * send.ts (the copy handed to main), events from the session-event path (connection-notes.ts). The work
 * is one array push per chunk; the bound is on bytes (HEX_HISTORY_BYTES per tab, the oldest chunks
 * dropped first), so a tab in Terminal mode pays nothing per byte. The history outlives a reconnect (a
 * new session in the same tab), as the screen does, and goes with its tab.
 */
import type { SessionEvent } from '../../src-shared/session/events.js';
import { findView } from '../store/reducers.js';
import { useSessions } from '../store/sessions.js';

export type HexChunk = { kind: 'rx' | 'tx'; t: number; bytes: Uint8Array } | { kind: 'event'; t: number; text: string };
export type HexChunkListener = (chunk: HexChunk) => void;

/** Bytes of history kept per tab (both directions). */
export const HEX_HISTORY_BYTES = 1024 * 1024;
/** What an event counts for in the bound. */
const EVENT_BYTES = 64;

export class HexHistory {
  private chunks: HexChunk[] = [];
  private head = 0;
  private size = 0;
  /** Bytes of each direction dropped from the front: the stream offset of the oldest kept byte. */
  private readonly dropped = { rx: 0, tx: 0 };
  private readonly listeners = new Set<HexChunkListener>();

  constructor(readonly maxBytes = HEX_HISTORY_BYTES) {}

  /** Older bytes were dropped to keep within maxBytes. */
  get trimmed(): boolean {
    return this.dropped.rx + this.dropped.tx > 0;
  }

  /** Bytes (and event allowances) held. */
  get bytes(): number {
    return this.size;
  }

  add(chunk: HexChunk): void {
    if (chunk.kind !== 'event' && chunk.bytes.byteLength === 0) return;
    this.chunks.push(chunk);
    this.size += weight(chunk);
    while (this.size > this.maxBytes && this.head < this.chunks.length - 1) {
      const old = this.chunks[this.head]!;
      this.chunks[this.head++] = undefined as unknown as HexChunk; // let it go now
      this.size -= weight(old);
      if (old.kind !== 'event') this.dropped[old.kind] += old.bytes.byteLength;
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    for (const l of this.listeners) l(chunk);
  }

  /** The kept chunks, oldest first, and the stream offsets of their first bytes per direction. */
  snapshot(): { chunks: HexChunk[]; base: { rx: number; tx: number } } {
    return { chunks: this.chunks.slice(this.head), base: { ...this.dropped } };
  }

  /** Hear each chunk as it is added; returns unsubscribe. */
  subscribe(listener: HexChunkListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const weight = (c: HexChunk): number => (c.kind === 'event' ? EVENT_BYTES : c.bytes.byteLength);

const histories = new Map<string, HexHistory>();

/** The history of tab `tabId` (made on first use). */
export function hexHistoryOf(tabId: string): HexHistory {
  let h = histories.get(tabId);
  if (!h) {
    h = new HexHistory();
    histories.set(tabId, h);
    watchTabs();
  }
  return h;
}

let watching = false;
/** Histories go with their tabs. */
function watchTabs(): void {
  if (watching) return;
  watching = true;
  let views = useSessions.getState().views;
  useSessions.subscribe((s) => {
    if (s.views === views) return;
    views = s.views;
    for (const tabId of histories.keys()) if (!views.some((v) => v.tabId === tabId)) histories.delete(tabId);
  });
}

/** Received bytes of tab `tabId` (the batch is kept as it is: it must not be changed afterwards). */
export function recordRx(tabId: string, bytes: Uint8Array): void {
  hexHistoryOf(tabId).add({ kind: 'rx', t: Date.now(), bytes });
}

/** Bytes sent from tab `tabId` (a copy no one changes). */
export function recordTx(tabId: string, bytes: Uint8Array): void {
  hexHistoryOf(tabId).add({ kind: 'tx', t: Date.now(), bytes });
}

/** The last settings line per tab (a settings event is inline only when what it says changed). */
const lastSettings = new Map<string, string>();

/** A session event of `sessionId`, inline in its tab's history when worth a row (hexEventText). */
export function recordSessionEvent(sessionId: string, ev: SessionEvent): void {
  const view = findView(useSessions.getState().views, sessionId);
  if (!view) return;
  let text = hexEventText(ev);
  if (ev.type === 'settings' && text !== null) {
    if (lastSettings.get(view.tabId) === text) text = null;
    else lastSettings.set(view.tabId, text);
  }
  if (text !== null) hexHistoryOf(view.tabId).add({ kind: 'event', t: Date.now(), text });
}

const onOff = (v: boolean | null | undefined): string => (v === null || v === undefined ? '?' : v ? 'on' : 'off');
const PARITY = { none: 'N', odd: 'O', even: 'E', mark: 'M', space: 'S' } as const;

/**
 * The inline row text of a session event, or null for none: modem lines that changed ("DCD on"), line
 * conditions ("BREAK received", "framing error"), connection changes, the operator's control actions,
 * settings ("settings 9600 8N1 flow none, DTR on RTS on": the caller keeps only changes), bytes not sent.
 */
export function hexEventText(ev: SessionEvent): string | null {
  switch (ev.type) {
    case 'status':
      return ev.state === 'idle' ? null : `${ev.state}${ev.reason ? `: ${ev.reason}` : ''}`;
    case 'modem': {
      const lines = ev.changed ?? (['cts', 'dsr', 'ri', 'dcd'] as const);
      return lines.length === 0 ? null : lines.map((l) => `${l.toUpperCase()} ${onOff(ev[l])}`).join(', ');
    }
    case 'line': {
      const what = [
        ev.breakDetect && 'BREAK received',
        ev.overrunError && 'overrun error',
        ev.parityError && 'parity error',
        ev.framingError && 'framing error',
      ].filter((x): x is string => typeof x === 'string');
      return what.length ? what.join(', ') : null;
    }
    case 'settings': {
      const m = ev.line;
      const v = (x: unknown): string => (x === null || x === undefined ? '?' : String(x));
      // once the far end has confirmed the frame (not each step of the handshake); what is unknown is left out
      if (m.baud.inEffect === null || m.dataBits.inEffect === null || m.parity.inEffect === null || m.stopBits.inEffect === null) return null;
      const parts = [`settings ${v(m.baud.inEffect)} ${v(m.dataBits.inEffect)}${PARITY[m.parity.inEffect]}${v(m.stopBits.inEffect)}`];
      if (m.flow.inEffect !== null) parts.push(`flow ${v(m.flow.inEffect)}`);
      for (const [name, it] of [['DTR', m.dtr], ['RTS', m.rts], ['BREAK', m.break]] as const) if (it.inEffect !== null) parts.push(`${name} ${onOff(it.inEffect)}`);
      return parts.join(', ');
    }
    case 'control':
      switch (ev.action) {
        case 'break-pulse':
          return `BREAK pulse ${String(ev.value)} ms sent`;
        case 'purge':
          return `purge ${String(ev.value)}`;
        default:
          return `${ev.action.toUpperCase()} ${ev.value === true ? 'on' : ev.value === false ? 'off' : String(ev.value)} (set)`;
      }
    case 'error':
      return `error: ${ev.message}`;
    default:
      return null;
  }
}
