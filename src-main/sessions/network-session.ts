/**
 * NetworkSession: a Session over TCP for the three network kinds.
 *   - rfc2217: telnet with COM-PORT-OPTION (RFC 2217) through the sans-I/O TelnetClientEngine;
 *   - telnet:  the same engine without COM-PORT (settings and lamps 'unsupported');
 *   - raw:     bytes only, as Cisco's 4000+N ports and ser2net's raw accepters (no engine, no lamps).
 *
 * The wire, in one place:
 *   - One fresh engine per TCP connection. On every new connection the REQUESTED settings, DTR/RTS and the
 *     SET-MODEMSTATE/LINESTATE masks are sent again: an access server resets the port geometry when a
 *     telnet session ends (RFC 2217 section 6).
 *   - Data written before the link is up (connecting, reconnecting, or before the telnet negotiation has
 *     agreed BINARY and COM-PORT, so no byte leaves NVT-translated or at the old baud; a server that refuses
 *     BINARY ends the wait at once through the engine's 'negotiated' event, one that never answers after
 *     ackTimeoutMs) is kept in a bounded PendingBytes and sent once it is; beyond
 *     maxPendingBytes write() refuses the bytes with an 'error' event (never a silent drop).
 *   - The server's FLOWCONTROL-SUSPEND (engine.canSendData false) holds our data in PendingBytes too;
 *     socket backpressure makes write() return false until 'drain'.
 *   - setPaused(owner, ...) pauses socket reads while any owner holds a pause (TCP pushes back to the
 *     access server). On rfc2217 with COM-PORT active it also sends FLOWCONTROL-SUSPEND, and
 *     FLOWCONTROL-RESUME when the last pause is released (RFC 2217 section 3): a server that honours it
 *     stops sending, so the backlog waits at the server (which can hold its serial line with RTS or
 *     XOFF) instead of filling the TCP buffers between us (megabytes on a fast link).
 *   - One timer per session, armed at the earliest of: the engine's nextDeadlineMs() (ack timeouts), the
 *     end of a BREAK pulse, the COM-PORT negotiation fallback, the next reconnect attempt.
 *   - Reconnect (optional) with exponential back-off 0.5 s doubling to 30 s, announced as status
 *     'reconnecting' with retryInMs.
 * Attach 'data' and 'event' listeners before open(): line bytes can arrive in the same read as the
 * negotiation that completes the open, before open()'s promise resolves.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LINE_SETTINGS, lineSettingsPatchSchema, type LineSettings } from '../../src-shared/line/settings.js';
import { LINESTATE_BITS, UNKNOWN_MODEM_LINES, type ModemLines } from '../../src-shared/line/modem.js';
import type { EngineEvent, SettingsView } from '../../src-shared/protocol/index.js';
import { TelnetClientEngine } from '../../src-shared/protocol/index.js';
import { OPT_BINARY } from '../../src-shared/protocol/constants.js';
import type { ModemEvent, SessionEvent, SessionState, SettingsEvent } from '../../src-shared/session/events.js';
import type { NetworkKind, Target } from '../../src-shared/session/target.js';
import { ConnectionError, connectTcp, describeSocketError, hostPort } from '../transports/tcp.js';
import { backoffDelayMs } from './backoff.js';
import { PendingBytes } from './pending-bytes.js';
import type { PurgeTarget, Session, SessionEventMap, SessionOptions, SessionSnapshot } from './session.js';

/** A network target (rfc2217://, telnet://, tcp://). */
export type NetworkTarget = Extract<Target, { kind: NetworkKind }>;

/**
 * SET-MODEMSTATE-MASK wanted on every connection: every modem line and delta. It is the server's initial
 * value (RFC 2217 section 3), so it is only sent when it differs from 255: sredird mis-parses the doubled
 * 0xFF inside that subnegotiation and leaks a 0xF0 onto the serial line.
 */
export const MODEMSTATE_MASK = 0xff;
/** SET-LINESTATE-MASK sent on every connection: the errors an operator wants to see (server default 0). */
export const LINESTATE_MASK =
  LINESTATE_BITS.BREAK_DETECT | LINESTATE_BITS.FRAMING_ERROR | LINESTATE_BITS.PARITY_ERROR | LINESTATE_BITS.OVERRUN_ERROR;
/** While bytes wait in PendingBytes beyond this many, write() returns false (the caller waits for 'drain'). */
const PENDING_HIGH_WATER = 64 * 1024;
/** How long close() waits for the far end to finish the TCP close before destroying the socket, ms. */
const CLOSE_GRACE_MS = 2000;
/** Our RFC 2217 SIGNATURE. */
const SIGNATURE = 'Dialtone';

const SETTING_KEYS = ['baud', 'dataBits', 'parity', 'stopBits', 'flow', 'dtr', 'rts', 'break'] as const;
const MODEM_LINES = ['cts', 'dsr', 'ri', 'dcd'] as const;

/** The monotonic clock the engine runs on, in ms. */
const clock = (): number => performance.now();

/** One TCP connection and its engine. */
interface Link {
  socket: Socket;
  /** null for raw TCP. */
  engine: TelnetClientEngine | null;
  /**
   * Data may flow: connected and, for telnet kinds, our BINARY agreed (else NVT rules would turn CR into
   * CR NUL) and for rfc2217 the COM-PORT negotiation settled (so no byte leaves at the old baud); or the
   * engine said 'negotiated' (every answer in, e.g. BINARY refused: NVT rules then); or the fallback of
   * ackTimeoutMs ran out.
   */
  ready: boolean;
  comPortSettled: boolean;
  /** We sent FLOWCONTROL-SUSPEND and no RESUME since. */
  suspended: boolean;
  /** The first socket error, which names the loss when 'close' follows. */
  error: ConnectionError | null;
}

/**
 * A Session over TCP (rfc2217, telnet or raw). See the module doc for the behaviour; Session's doc for
 * the contract. Construct with createSession() (factory.ts), then open().
 */
export class NetworkSession extends EventEmitter<SessionEventMap> implements Session {
  readonly kind: NetworkKind;
  readonly target: NetworkTarget;
  private readonly where: string;
  private readonly reconnectOn: boolean;
  private readonly connectTimeoutMs: number;
  private readonly keepaliveIdleMs: number;
  private readonly ackTimeoutMs: number;
  private readonly breakMs: number;

  private state: SessionState = 'disconnected';
  /** What the operator asked for (re-sent on every connection). */
  private requested: Partial<LineSettings>;
  private dtr: boolean | undefined;
  private rts: boolean | undefined;

  private readonly pending: PendingBytes;
  private readonly pausers = new Set<string>();
  private link: Link | null = null;
  private connectAbort: AbortController | null = null;
  /** Reconnect attempts since the last successful connection (drives the back-off). */
  private failures = 0;
  private needDrain = false;
  private closed = false;
  private closing: Promise<void> | null = null;
  private opening: { promise: Promise<void>; resolve(): void; reject(err: Error): void; settled: boolean } | null = null;

  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private reconnectAt: number | null = null;
  private breakOffAt: number | null = null;
  private readyBy: number | null = null;

  private lastSettings: SettingsEvent | null = null;
  private modem: ModemLines = { ...UNKNOWN_MODEM_LINES };
  private signature: string | null = null;
  private bytesReceived = 0;
  private bytesSent = 0;

  /** @param target a network target; @param options SessionOptions (times in ms, sizes in bytes). */
  constructor(target: Target, options: SessionOptions = {}) {
    super();
    if (target.kind === 'serial') throw new Error(`NetworkSession cannot open ${target.path}: use SerialSession`);
    this.kind = target.kind;
    this.target = target;
    this.where = hostPort(target.host, target.port);
    this.reconnectOn = options.reconnect ?? false;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.keepaliveIdleMs = options.keepaliveIdleMs ?? 15_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    this.breakMs = options.breakMs ?? 250;
    this.requested = { ...options.settings };
    this.dtr = options.dtr;
    this.rts = options.rts;
    this.pending = new PendingBytes(options.maxPendingBytes ?? 1024 * 1024);
    if (options.settings) checkSettings(options.settings, this.where);
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('session closed'));
    // a second open() after the first failed (reconnect off) dials again; otherwise it is the same open
    if (this.opening && !(this.opening.settled && this.state === 'disconnected' && !this.connectAbort)) return this.opening.promise;
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.opening = { promise, resolve, reject, settled: false };
    this.connect();
    return promise;
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      this.closing = this.shutDown();
    }
    return this.closing;
  }

  reconnect(): void {
    this.assertOpen();
    if (!this.opening) {
      void this.open().catch(() => undefined);
      return;
    }
    if (this.connectAbort) return; // an attempt is under way
    this.failures = 0;
    this.reconnectAt = null;
    const link = this.link;
    if (link) {
      // an explicit request on a live link: drop it and dial again
      this.link = null;
      this.dropLink(link);
      link.socket.destroy();
    }
    this.connect();
  }

  private connect(): void {
    this.setState('connecting');
    const abort = new AbortController();
    this.connectAbort = abort;
    connectTcp({
      host: this.target.host,
      port: this.target.port,
      connectTimeoutMs: this.connectTimeoutMs,
      keepaliveIdleMs: this.keepaliveIdleMs,
      signal: abort.signal,
    }).then(
      (socket) => {
        if (this.connectAbort !== abort) {
          socket.destroy();
          return;
        }
        this.connectAbort = null;
        this.onConnected(socket);
      },
      (err: unknown) => {
        if (this.connectAbort !== abort) return;
        this.connectAbort = null;
        this.onLost(err instanceof ConnectionError ? err : describeSocketError(err, this.target.host, this.target.port, 'connect'));
      },
    );
  }

  private onConnected(socket: Socket): void {
    const engine = this.kind === 'raw' ? null : new TelnetClientEngine({ comPort: this.kind === 'rfc2217', ackTimeoutMs: this.ackTimeoutMs, signature: SIGNATURE });
    const link: Link = { socket, engine, ready: false, comPortSettled: false, suspended: false, error: null };
    this.link = link;
    socket.on('data', (chunk: Buffer) => this.onSocketData(link, chunk));
    socket.on('error', (err) => {
      link.error ??= describeSocketError(err, this.target.host, this.target.port, 'established');
    });
    socket.on('close', () => {
      if (this.link !== link) return;
      this.link = null;
      this.dropLink(link);
      this.onLost(link.error ?? new ConnectionError('closed-by-peer', `connection closed by ${this.where}`));
    });
    socket.on('drain', () => this.maybeDrain());
    if (this.pausers.size > 0) socket.pause();

    if (!engine) {
      this.emitEvent(this.unsupportedSettings());
      this.markReady(link);
      return;
    }
    const now = clock();
    this.handle(link, engine.start(now));
    if (this.kind === 'rfc2217') {
      // Queued by the engine until the server accepts COM-PORT, then sent in RFC 2217 order.
      this.handle(link, engine.applySettings(this.requested, now));
      if (this.dtr !== undefined || this.rts !== undefined) {
        this.handle(link, engine.setControlLines(this.withDefined({ dtr: this.dtr, rts: this.rts }), now));
      }
      if (MODEMSTATE_MASK !== 0xff) this.handle(link, engine.setModemStateMask(MODEMSTATE_MASK, now));
      this.handle(link, engine.setLineStateMask(LINESTATE_MASK, now));
      // No SIGNATURE request: gensio 2.6.2's server segfaults on the empty one (interop-quirks.md), taking
      // the line down for every operator; a signature the server volunteers is still shown. The probe asks.
    } else {
      this.emitEvent(this.unsupportedSettings());
    }
    // Data waits for the negotiation (see Link.ready), at most ackTimeoutMs.
    if (this.link === link && !link.ready) this.readyBy = now + this.ackTimeoutMs;
    this.pump(link);
  }

  /** Mark `link` ready once its negotiation has got far enough (see Link.ready). */
  private checkReady(link: Link): void {
    if (link.ready || !link.engine) return;
    if (this.kind === 'rfc2217' && !link.comPortSettled) return;
    if (link.engine.optionEnabled('local', OPT_BINARY)) this.markReady(link);
  }

  /** Data may flow on `link`: announce 'connected', resolve open(), send what was kept. */
  private markReady(link: Link): void {
    if (link.ready || this.link !== link) return;
    link.ready = true;
    this.readyBy = null;
    this.failures = 0;
    this.setState('connected');
    if (this.opening && !this.opening.settled) {
      this.opening.settled = true;
      this.opening.resolve();
    }
    this.pump(link);
  }

  /** A connect attempt failed or an established link went away. */
  private onLost(err: ConnectionError): void {
    if (this.closed) return;
    if (this.reconnectOn) {
      const delay = backoffDelayMs(this.failures++);
      this.reconnectAt = clock() + delay;
      this.setState('reconnecting', { reason: err.message, code: err.code, retryInMs: delay });
      this.armTimer();
      return;
    }
    this.setState('disconnected', { reason: err.message, code: err.code });
    if (this.opening && !this.opening.settled) {
      this.opening.settled = true;
      this.opening.reject(err);
    }
  }

  /** Forget a link's per-connection state (its deadlines die with its engine). */
  private dropLink(link: Link): void {
    link.socket.removeAllListeners('data');
    this.breakOffAt = null;
    this.readyBy = null;
    this.armTimer();
  }

  private async shutDown(): Promise<void> {
    this.connectAbort?.abort(new Error('session closed'));
    this.connectAbort = null;
    this.reconnectAt = null;
    const link = this.link;
    if (link) {
      if (link.ready) this.flushPending(link);
      if (this.pending.size > 0) this.reportUnsent();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => link.socket.destroy(), CLOSE_GRACE_MS);
        link.socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        link.socket.end();
      });
      this.link = null;
      this.dropLink(link);
    } else if (this.pending.size > 0) {
      this.reportUnsent();
    }
    this.clearTimer();
    this.setState('closed');
    if (this.opening && !this.opening.settled) {
      this.opening.settled = true;
      this.opening.reject(new Error('session closed'));
    }
  }

  private reportUnsent(): void {
    const n = this.pending.clear();
    this.emitEvent({ type: 'error', code: 'not-sent', message: `${n} bytes written for ${this.where} were never sent (closed before the link could take them)` });
  }

  // ---------------------------------------------------------------- bytes

  write(bytes: Uint8Array): boolean {
    this.assertOpen();
    if (bytes.length === 0) return !this.needDrain;
    const link = this.link;
    if (link && this.canSend(link) && this.pending.size === 0) {
      this.send(link, bytes);
      if (link.socket.writableNeedDrain) this.needDrain = true;
      return !this.needDrain;
    }
    if (!this.pending.push(bytes)) {
      this.needDrain = true;
      this.emitEvent({
        type: 'error',
        code: 'pending-overflow',
        message: `${bytes.length} bytes for ${this.where} not accepted: ${this.pending.size} bytes already wait for the link (limit ${this.pending.limit}); write again after 'drain'`,
      });
      return false;
    }
    if (this.pending.size >= PENDING_HIGH_WATER) this.needDrain = true;
    return !this.needDrain;
  }

  private canSend(link: Link): boolean {
    return link.ready && (link.engine === null || link.engine.canSendData);
  }

  /** Put operator bytes on the wire now (escaped by the engine unless raw). */
  private send(link: Link, bytes: Uint8Array): void {
    if (link.engine) {
      link.engine.sendData(bytes);
      this.flushOutput(link);
    } else {
      link.socket.write(bytes);
    }
    this.bytesSent += bytes.length;
    this.emit('sent', bytes);
  }

  private flushPending(link: Link): void {
    while (this.pending.size > 0 && this.link === link && this.canSend(link)) {
      this.send(link, this.pending.shift()!);
    }
  }

  /** Emit 'drain' once a refused or backpressured writer may write again. */
  private maybeDrain(): void {
    const link = this.link;
    if (!this.needDrain || this.pending.size >= PENDING_HIGH_WATER) return;
    if (link && link.socket.writableNeedDrain) return;
    this.needDrain = false;
    this.emit('drain');
  }

  private onSocketData(link: Link, chunk: Buffer): void {
    if (!link.engine) {
      this.bytesReceived += chunk.length;
      this.emit('data', chunk);
      return;
    }
    this.handle(link, link.engine.receive(chunk, clock()));
    this.pump(link);
  }

  /** Write the engine's queued output (one chunk = one write). */
  private flushOutput(link: Link): void {
    if (!link.engine) return;
    for (let out = link.engine.takeOutput(); out; out = link.engine.takeOutput()) link.socket.write(out);
  }

  /** After any engine call: send its output, move kept data if it can go, re-arm the timer. */
  private pump(link: Link): void {
    if (this.link !== link) return;
    this.flushOutput(link);
    this.flushPending(link);
    this.maybeDrain();
    this.armTimer();
  }

  // ---------------------------------------------------------------- engine events

  private handle(link: Link, events: EngineEvent[]): void {
    for (const ev of events) {
      switch (ev.type) {
        case 'data':
          this.bytesReceived += ev.bytes.length;
          this.emit('data', ev.bytes);
          break;
        case 'comPortReady':
        case 'comPortRefused':
          link.comPortSettled = true;
          this.checkReady(link);
          break;
        case 'option':
          this.checkReady(link);
          break;
        case 'negotiated':
          // every answer is in (BINARY agreed or refused, COM-PORT settled): no reason to wait longer
          this.markReady(link);
          break;
        case 'settings':
          this.emitEvent(toSettingsEvent(ev.settings));
          break;
        case 'modem':
          this.onModem(ev.state);
          break;
        case 'line':
          this.emitEvent({ type: 'line', ...ev.state });
          break;
        case 'signature':
          this.signature = ev.text;
          this.emitEvent({ type: 'signature', text: ev.text });
          break;
        case 'warning':
          this.emitEvent({ type: 'warning', code: ev.code, message: `${this.where}: ${ev.message}` });
          break;
        case 'suspend':
          break; // canSendData is now false: write() keeps bytes in PendingBytes
        case 'resume':
          break; // pump() after this batch sends what was kept
        case 'reply':
          break; // raw replies: the probe looks at these, a session needs the settings they produce
      }
    }
  }

  private onModem(state: ModemLines & { deltaCts: boolean; deltaDsr: boolean; trailingEdgeRi: boolean; deltaDcd: boolean }): void {
    const next: ModemLines = { cts: state.cts, dsr: state.dsr, ri: state.ri, dcd: state.dcd };
    const delta = { cts: state.deltaCts, dsr: state.deltaDsr, ri: state.trailingEdgeRi, dcd: state.deltaDcd };
    const changed = MODEM_LINES.filter((k) => next[k] !== this.modem[k] || delta[k]);
    // a report that repeats the lamps and flags no delta (pollers re-sending) says nothing new
    if (changed.length === 0 && this.lastModemSeen) return;
    this.lastModemSeen = true;
    this.modem = next;
    const ev: ModemEvent = { type: 'modem', ...next, changed };
    this.emitEvent(ev);
  }
  private lastModemSeen = false;

  // ---------------------------------------------------------------- line control

  /** @throws RangeError for a value LineSettings does not allow (nothing is applied or kept). */
  applySettings(patch: Partial<LineSettings>): void {
    this.assertOpen();
    checkSettings(patch, this.where);
    this.requested = { ...this.requested, ...patch };
    const link = this.link;
    if (this.kind !== 'rfc2217') {
      this.unsupported(`line settings`);
      this.emitEvent(this.unsupportedSettings());
      return;
    }
    if (link?.engine) {
      this.handle(link, link.engine.applySettings(patch, clock()));
      this.pump(link);
    }
  }

  setControlLines(lines: { dtr?: boolean; rts?: boolean }): void {
    this.assertOpen();
    if (this.kind !== 'rfc2217') {
      this.unsupported(lines.dtr !== undefined ? 'DTR' : 'RTS');
      return;
    }
    if (lines.dtr !== undefined) this.dtr = lines.dtr;
    if (lines.rts !== undefined) this.rts = lines.rts;
    const link = this.link;
    if (link?.engine) {
      this.handle(link, link.engine.setControlLines(this.withDefined(lines), clock()));
      this.pump(link);
    }
    if (lines.dtr !== undefined) this.emitEvent({ type: 'control', action: 'dtr', value: lines.dtr });
    if (lines.rts !== undefined) this.emitEvent({ type: 'control', action: 'rts', value: lines.rts });
  }

  setBreak(on: boolean): void {
    this.assertOpen();
    this.breakOffAt = null;
    this.doBreak(on);
    this.emitEvent({ type: 'control', action: 'break', value: on });
  }

  sendBreak(ms: number = this.breakMs): void {
    this.assertOpen();
    if (!this.doBreak(true)) return;
    this.emitEvent({ type: 'control', action: 'break-pulse', value: ms });
    this.breakOffAt = clock() + ms;
    this.armTimer();
  }

  /** SET-CONTROL BREAK ON/OFF on the live link; false when this kind cannot carry it. */
  private doBreak(on: boolean): boolean {
    if (this.kind !== 'rfc2217') {
      this.unsupported('BREAK');
      return false;
    }
    const link = this.link;
    if (link?.engine) {
      this.handle(link, link.engine.setBreak(on, clock()));
      this.pump(link);
    } else if (on) {
      this.emitEvent({ type: 'warning', code: 'not-connected', message: `BREAK not sent: not connected to ${this.where}` });
    }
    return true;
  }

  purge(which: PurgeTarget): void {
    this.assertOpen();
    if (this.kind !== 'rfc2217') {
      this.unsupported('PURGE-DATA');
      return;
    }
    const link = this.link;
    if (link?.engine) {
      this.handle(link, link.engine.purge(which, clock()));
      this.pump(link);
    }
    this.emitEvent({ type: 'control', action: 'purge', value: which });
  }

  setPaused(owner: string, paused: boolean): void {
    const before = this.pausers.size > 0;
    if (paused) this.pausers.add(owner);
    else this.pausers.delete(owner);
    const after = this.pausers.size > 0;
    const link = this.link;
    if (before === after || !link) return;
    if (after) link.socket.pause();
    else link.socket.resume();
    const engine = link.engine;
    if (this.kind !== 'rfc2217' || !engine) return;
    if (after && engine.comPortActive && !link.suspended) {
      link.suspended = true;
      this.handle(link, engine.suspendInbound(clock()));
      this.pump(link);
    } else if (!after && link.suspended) {
      link.suspended = false;
      this.handle(link, engine.resumeInbound(clock()));
      this.pump(link);
    }
  }

  snapshot(): SessionSnapshot {
    return {
      kind: this.kind,
      target: this.target,
      state: this.state,
      settings: this.lastSettings,
      modem: { ...this.modem },
      signature: this.signature,
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
    };
  }

  // ---------------------------------------------------------------- the one timer

  private armTimer(): void {
    const engineAt = this.link?.engine?.nextDeadlineMs() ?? null;
    let at = Infinity;
    for (const t of [engineAt, this.reconnectAt, this.breakOffAt, this.readyBy]) if (t !== null && t < at) at = t;
    if (at === this.timerAt) return;
    this.clearTimer();
    if (at === Infinity) return;
    this.timerAt = at;
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, Math.ceil(at - clock())));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  private onTimer(): void {
    this.timer = null;
    this.timerAt = Infinity;
    if (this.closed) return;
    const now = clock();
    if (this.reconnectAt !== null && now >= this.reconnectAt) {
      this.reconnectAt = null;
      this.connect();
    }
    const link = this.link;
    if (link?.engine) {
      if (this.breakOffAt !== null && now >= this.breakOffAt) {
        this.breakOffAt = null;
        this.handle(link, link.engine.setBreak(false, now));
      }
      // the engine warns 'no-ack' for the unanswered WILL COM-PORT itself; data need not wait longer
      this.handle(link, link.engine.tick(now));
      if (this.readyBy !== null && now >= this.readyBy && !link.ready) this.markReady(link);
      this.pump(link);
    }
    this.armTimer();
  }

  // ---------------------------------------------------------------- helpers

  private setState(state: SessionState, extra: { reason?: string; code?: ConnectionError['code']; retryInMs?: number } = {}): void {
    this.state = state;
    this.emitEvent({ type: 'status', state, ...extra });
  }

  private emitEvent(ev: SessionEvent): void {
    if (ev.type === 'settings') this.lastSettings = ev;
    this.emit('event', ev);
  }

  /** Settings as shown for a kind that carries none (raw TCP, plain telnet): requested values, all 'unsupported'. */
  private unsupportedSettings(): SettingsEvent {
    const state: Record<string, 'unsupported'> = {};
    for (const k of SETTING_KEYS) state[k] = 'unsupported';
    return { type: 'settings', ...DEFAULT_LINE_SETTINGS, ...this.requested, dtr: null, rts: null, break: false, state };
  }

  private unsupported(what: string): void {
    const kind = this.kind === 'raw' ? 'raw TCP (tcp://)' : 'telnet without COM-PORT (telnet://)';
    this.emitEvent({ type: 'warning', code: 'setting-unsupported', message: `${what}: ${kind} carries bytes only; use rfc2217:// to control the line` });
  }

  private withDefined(lines: { dtr?: boolean | undefined; rts?: boolean | undefined }): { dtr?: boolean; rts?: boolean } {
    const out: { dtr?: boolean; rts?: boolean } = {};
    if (lines.dtr !== undefined) out.dtr = lines.dtr;
    if (lines.rts !== undefined) out.rts = lines.rts;
    return out;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('session closed');
  }
}

/** @throws RangeError naming each field LineSettings does not allow (e.g. "baud: Too small"). */
function checkSettings(patch: Partial<LineSettings>, where: string): void {
  const checked = lineSettingsPatchSchema.safeParse(patch);
  if (checked.success) return;
  throw new RangeError(`line settings for ${where} rejected: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

/** The 'settings' SessionEvent for what the engine believes is in effect. */
export function toSettingsEvent(view: SettingsView): SettingsEvent {
  const state: Record<string, SettingsEvent['state'][string]> = {};
  for (const [k, v] of Object.entries(view.state)) if (v !== undefined) state[k] = v;
  return { type: 'settings', ...view.values, state };
}
