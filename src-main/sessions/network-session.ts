/**
 * NetworkSession: a Session over TCP for the three network kinds.
 *   - rfc2217: telnet with COM-PORT-OPTION (RFC 2217) through the sans-I/O TelnetClientEngine;
 *   - telnet:  the same engine without COM-PORT (settings and control lines 'unsupported');
 *   - raw:     bytes only, as Cisco's 4000+N ports and ser2net's raw accepters (no engine, no lamps).
 *
 * The status machine, open/close, the reconnect policy and the clock are the SessionCore's; this module is
 * the link: one TCP connection and its engine.
 *   - One fresh engine per TCP connection. On every connection what the operator ASKED for is sent again
 *     (line settings, DTR, RTS, and BREAK OFF if BREAK was held when the link went), then every value
 *     nobody asked for is queried (RFC 2217 section 3) so the line model shows what the server has in
 *     effect, never a guess; then the SET-LINESTATE mask. An access server resets the port geometry when a
 *     telnet session ends (RFC 2217 section 6), so a reconnect that re-sends nothing would lie.
 *   - The engine decides when data may flow ('dataReady': BINARY and COM-PORT settled, or its fallback
 *     timeout); until then written data waits here in a bounded PendingBytes. The session is 'connected'
 *     at 'dataReady' or at the far end's first data byte, whichever comes first (a server that never
 *     answers BINARY, as BusyBox telnetd, shows its prompt long before the fallback timeout). While the server has
 *     suspended us (FLOWCONTROL-SUSPEND) the engine holds it. Together they are bounded by
 *     maxPendingBytes: beyond it write() refuses the bytes with a 'queue-overflow' error (never a silent
 *     drop). write() returns false above the high water mark or while the socket needs draining, and
 *     'drain' follows when it is low again.
 *   - No SIGNATURE request: gensio 2.6.2's RFC 2217 server segfaults on the empty one (interop-quirks.md),
 *     taking the line down for every operator of it. A signature the server volunteers is still shown.
 *   - setPaused(owner, ...) pauses socket reads while any owner holds a pause (TCP pushes back to the
 *     access server), and on rfc2217 with COM-PORT active sends FLOWCONTROL-SUSPEND, then RESUME when the
 *     last pause is released (RFC 2217 section 3).
 *   - Reads share a per-turn budget (TURN_READ_BYTES over all sessions): past it a session stops reading
 *     until a later turn (a socket pause only), so many busy sessions cannot hold the event loop.
 *   - When the link goes, the modem lines become unknown (null) and the line model shows nothing in effect:
 *     no lamp and no value stays lit for a line that is not there.
 *   - Liveness with data in flight (telnet kinds): TCP keepalive does not run while sent data is
 *     unacknowledged, so a cut path with a byte in flight would stay "connected" for the 15 minutes TCP
 *     retransmits. Once connected, one RFC 860 TIMING-MARK probe learns whether the server answers it;
 *     if it does, data we send is followed (at most once a second) by a probe, and data not covered by an
 *     answer keepaliveIdleMs after it was sent ends the link as 'timeout' and the session reconnects.
 *   - Liveness on links that cannot be probed (raw TCP; a server that ignores TIMING-MARK, as BusyBox
 *     telnetd; any telnet link until its first probe is answered): while sent data is in flight the kernel's send queue is read (kernel-send-queue.ts, Linux);
 *     retransmissions unanswered for keepaliveIdleMs end the link as 'timeout' in the same way. Elsewhere
 *     TCP keepalive is all there is.
 *   - One timer per session (on the core's clock), armed at the earliest of the engine's nextDeadlineMs()
 *     (ack and readiness timeouts), the end of a BREAK pulse and the liveness probe's times.
 * Attach 'data' and 'event' listeners before open(): line bytes can arrive in the same read as the
 * negotiation that completes the open, before open()'s promise resolves.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { lineSettingsPatchSchema, type LineSettings } from '../../src-shared/line/settings.js';
import { offlineLineModel, type LineAsk, type LineModel } from '../../src-shared/line/line-model.js';
import { LINESTATE_BITS, UNKNOWN_MODEM_LINES, type ModemLines } from '../../src-shared/line/modem.js';
import type { EngineEvent } from '../../src-shared/protocol/index.js';
import { TelnetClientEngine } from '../../src-shared/protocol/index.js';
import type { ModemEvent, SessionEvent } from '../../src-shared/session/events.js';
import type { NetworkKind, Target } from '../../src-shared/session/target.js';
import { readKernelSendState } from '../transports/kernel-send-queue.js';
import { ConnectionError, connectTcp, describeSocketError, hostPort, type CertificateSeen } from '../transports/tcp.js';
import { startTls, type TlsInfo, type TlsOptions } from '../transports/tls.js';
import { PendingBytes } from './pending-bytes.js';
import { SessionCore } from './session-core.js';
import { WarningCoalescer } from './warnings.js';
import type { PurgeTarget, Session, SessionEventMap, SessionOptions, SessionSnapshot } from './session.js';
import { checkBreakMs, checkLineSettings, describeAsk } from './session.js';

/** A network target (rfc2217://, telnet://, tcp://). */
export type NetworkTarget = Extract<Target, { kind: NetworkKind }>;

/** SET-LINESTATE-MASK sent on every connection: the errors an operator wants to see (server default 0).
 * SET-MODEMSTATE-MASK is never sent: the server's initial 255 is what we want, and sredird mis-parses the
 * doubled 0xFF inside that subnegotiation and leaks a 0xF0 onto the serial line. */
export const LINESTATE_MASK =
  LINESTATE_BITS.BREAK_DETECT | LINESTATE_BITS.FRAMING_ERROR | LINESTATE_BITS.PARITY_ERROR | LINESTATE_BITS.OVERRUN_ERROR;
/** While bytes wait in PendingBytes beyond this many, write() returns false (the caller waits for 'drain'). */
const PENDING_HIGH_WATER = 64 * 1024;
/** Least time between two TIMING-MARK probes while data is sent, ms (typing must not double the traffic). */
const PROBE_SPACING_MS = 1000;
/** Longest time between two reads of the kernel's send queue while data is in flight, ms. */
const KERNEL_CHECK_MS = 1000;
/** How long close() waits for the far end to finish the TCP close before destroying the socket, ms. */
const CLOSE_GRACE_MS = 2000;
/**
 * Received bytes handled per event-loop turn over every network session of the process (bytes). When a
 * paused pump lets many sessions go at once, each socket would be read to its limit in one turn (64
 * sessions: 9-20 MiB, 150-250 ms of telnet parsing and batching in bench/load.bench.ts) while a
 * keystroke waits; past this budget a session that reads stops reading until a later turn.
 */
export const TURN_READ_BYTES = 256 * 1024;
/** Sessions let read again per turn while the budget holds others back (about one socket read each). */
const TURN_RESUMES = 4;
/** A read below this (bytes) found the socket nearly empty: it never stops reading (an echo is not held). */
const SMALL_READ_BYTES = 4096;

/**
 * The per-turn read budget shared by every NetworkSession: spend() counts what a 'data' handler took;
 * once the turn's budget is spent, the caller pauses its socket and waits (wait()); waiting sessions are
 * let go TURN_RESUMES per turn, first come first served, so all get their turn and the loop turns over.
 */
const turnReads = {
  used: 0,
  waiting: [] as Array<() => void>,
  scheduled: false,
  /** Count `n` bytes handled now; false when this turn's budget is spent. */
  spend(n: number): boolean {
    this.used += n;
    this.schedule();
    return this.used <= TURN_READ_BYTES;
  },
  /** Call `resume` on a later turn. */
  wait(resume: () => void): void {
    this.waiting.push(resume);
    this.schedule();
  },
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after this turn's I/O: the next turn starts with a fresh budget
    setImmediate(() => {
      this.scheduled = false;
      this.used = 0;
      for (const resume of this.waiting.splice(0, TURN_RESUMES)) resume();
      if (this.waiting.length > 0) this.schedule();
    });
  },
};

const MODEM_LINES = ['cts', 'dsr', 'ri', 'dcd'] as const;

/** One TCP connection and its engine. */
interface Link {
  socket: Socket;
  /** null for raw TCP. */
  engine: TelnetClientEngine | null;
  /** Data may flow (the engine's 'dataReady'; at once for raw TCP). */
  ready: boolean;
  /** The session was told the link is up ('connected'): at 'dataReady' or the far end's first data byte,
   * whichever comes first. Written data still waits for `ready`. */
  up: boolean;
  /** We sent FLOWCONTROL-SUSPEND and no RESUME since. */
  suspended: boolean;
  /** Reading stopped for this turn by the shared read budget (TURN_READ_BYTES); resumed on a later turn. */
  overBudget: boolean;
  /** The first socket error, which names the loss when 'close' follows. */
  error: ConnectionError | null;
  /** What this connection re-applied, said in the 'connected' status (null: nothing was asked). */
  reapplied: string | null;
  /** Does the server answer TIMING-MARK (learned by the first probe)? */
  timingMark: 'unknown' | 'yes' | 'no';
  /** The first probe (does the server answer?) must be answered by this time (ms), or null. */
  probeDeadline: number | null;
  /** When the next probe goes out (data was sent since the last answer), or null. */
  probeAt: number | null;
  /** When the last probe was answered (ms): probes are spaced by PROBE_SPACING_MS. */
  answeredAt: number;
  /** Since when data sent waits for an answer that covers it (ms), or null. */
  unackedSince: number | null;
  /** The first data sent after the probe now out (its answer will not cover it), or null. */
  sentAfterProbe: number | null;
  /** Links without TIMING-MARK answers: since when sent data has shown no sign of being acknowledged
   * (ms), and when the kernel's send queue is read next; null while nothing is in flight. */
  kernelWatch: { since: number; checkAt: number; reading: boolean } | null;
}

/**
 * A Session over TCP (rfc2217, telnet or raw). See the module doc for the behaviour; Session's doc for
 * the contract. Construct with createSession() (factory.ts), then open().
 */
export class NetworkSession extends EventEmitter<SessionEventMap> implements Session {
  readonly kind: NetworkKind;
  readonly target: NetworkTarget;
  private readonly where: string;
  private readonly core: SessionCore;
  private readonly warnings: WarningCoalescer;
  private readonly connectTimeoutMs: number;
  private readonly keepaliveIdleMs: number;
  private readonly ackTimeoutMs: number;
  private readonly breakMs: number;

  /** What the operator asked for (re-sent on every connection). */
  private readonly ask: LineAsk;
  private line: LineModel;

  private readonly pending: PendingBytes;
  private readonly pausers = new Set<string>();
  private link: Link | null = null;
  private connectAbort: AbortController | null = null;
  /** Connections made so far (the first says nothing of re-applying). */
  private connections = 0;
  private needDrain = false;

  private cancelTimer: (() => void) | null = null;
  private timerAt = Infinity;
  private breakOffAt: number | null = null;

  private modem: ModemLines = { ...UNKNOWN_MODEM_LINES };
  private modemSeen = false;
  private signature: string | null = null;
  /**
   * The certificate of the last attempt that failed because nobody trusted it ('tls-unknown-certificate'
   * or 'tls-certificate-changed'), or null: what the window asks about, and exactly what main records
   * when the operator trusts it.
   */
  untrustedCertificate: CertificateSeen | null = null;
  /** The TLS details of the current (or last) link; shown only while a link is up. */
  private tls: TlsInfo | null = null;
  private readonly tlsOptions: TlsOptions;
  private bytesReceived = 0;
  private bytesSent = 0;

  /**
   * @param target a network target; @param options SessionOptions (times in ms, sizes in bytes).
   * @throws RangeError for line settings LineSettings does not allow; Error for a serial target.
   */
  constructor(target: Target, options: SessionOptions = {}) {
    super();
    if (target.kind === 'serial') throw new Error(`NetworkSession cannot open ${target.path}: use SerialSession`);
    this.kind = target.kind;
    this.target = target;
    this.where = hostPort(target.host, target.port);
    if (options.settings) checkLineSettings(options.settings, this.where);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.keepaliveIdleMs = options.keepaliveIdleMs ?? 15_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    this.breakMs = options.breakMs ?? 250;
    this.tlsOptions = options.tls ?? {};
    this.ask = {
      settings: { ...options.settings },
      ...(options.dtr !== undefined ? { dtr: options.dtr } : {}),
      ...(options.rts !== undefined ? { rts: options.rts } : {}),
    };
    this.line = this.offlineModel();
    this.pending = new PendingBytes(options.maxPendingBytes ?? 1024 * 1024);
    this.core = new SessionCore({
      reconnect: options.reconnect ?? false,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      emit: (ev) => this.emitEvent(ev),
      attempt: () => this.connect(),
      dropLink: () => this.dropLink(),
    });
    this.warnings = new WarningCoalescer(this.core.clock, (ev) => this.emit('event', ev));
    this.core.onClose(() => {
      this.clearTimer();
      this.warnings.flush();
    });
  }

  // ---------------------------------------------------------------- lifecycle

  open(): Promise<void> {
    return this.core.open();
  }

  close(): Promise<void> {
    return this.core.close(() => this.shutDown());
  }

  reconnect(): void {
    this.core.reconnect();
  }

  disconnect(): void {
    this.core.disconnect();
    if (this.pending.size > 0) this.reportUnsent('disconnected by the operator');
  }

  private connect(): void {
    this.connectAbort?.abort();
    const abort = new AbortController();
    this.connectAbort = abort;
    connectTcp({
      host: this.target.host,
      port: this.target.port,
      connectTimeoutMs: this.connectTimeoutMs,
      keepaliveIdleMs: this.keepaliveIdleMs,
      signal: abort.signal,
    })
      .then(async (tcp): Promise<Socket> => {
        if (!this.target.tls) return tcp;
        const { socket, info } = await startTls(tcp, this.target.host, this.target.port, this.tlsOptions);
        if (this.connectAbort === abort && !this.core.closed) {
          this.tls = info;
          this.emitEvent({ type: 'tls', ...info });
        }
        return socket;
      })
      .then(
        (socket) => {
          if (this.connectAbort !== abort || this.core.closed) {
            socket.destroy();
            return;
          }
          this.connectAbort = null;
          this.onConnected(socket);
        },
        (err: unknown) => {
          if (this.connectAbort !== abort) return;
          this.connectAbort = null;
          this.untrustedCertificate = err instanceof ConnectionError ? (err.certificate ?? null) : null;
          this.core.failed(err instanceof ConnectionError ? err : describeSocketError(err, this.target.host, this.target.port, 'connect'));
        },
      );
  }

  private onConnected(socket: Socket): void {
    const engine = this.kind === 'raw' ? null : new TelnetClientEngine({ comPort: this.kind === 'rfc2217', ackTimeoutMs: this.ackTimeoutMs });
    const link: Link = { socket, engine, ready: false, up: false, suspended: false, overBudget: false, error: null, reapplied: null, timingMark: 'unknown', probeDeadline: null, probeAt: null, answeredAt: -Infinity, unackedSince: null, sentAfterProbe: null, kernelWatch: null };
    this.link = link;
    this.connections++;
    socket.on('data', (chunk: Buffer) => this.onSocketData(link, chunk));
    socket.on('error', (err) => {
      link.error ??= describeSocketError(err, this.target.host, this.target.port, 'established');
    });
    socket.on('close', () => {
      if (this.link !== link) return;
      this.forgetLink(link);
      this.core.failed(link.error ?? new ConnectionError('closed-by-peer', `connection closed by ${this.where}`));
    });
    socket.on('drain', () => this.maybeDrain());
    if (this.pausers.size > 0) socket.pause();

    if (this.kind !== 'rfc2217') this.setLine(this.offlineModel()); // every item 'unsupported'
    if (!engine) {
      this.markReady(link);
      return;
    }
    const now = this.core.clock.now();
    this.handle(link, engine.start(now));
    if (this.kind === 'rfc2217') {
      // Queued by the engine until the server accepts COM-PORT, then sent in RFC 2217 order.
      const { settings, dtr, rts } = this.ask;
      this.handle(link, engine.applySettings(settings, now));
      const lines = { ...(dtr !== undefined ? { dtr } : {}), ...(rts !== undefined ? { rts } : {}) };
      if (lines.dtr !== undefined || lines.rts !== undefined) this.handle(link, engine.setControlLines(lines, now));
      if (this.ask.break === true) {
        // BREAK was held when the link went: released on the new one
        this.ask.break = false;
        this.handle(link, engine.setBreak(false, now));
      }
      this.handle(link, engine.queryUnasked(now));
      this.handle(link, engine.setLineStateMask(LINESTATE_MASK, now));
      if (this.connections > 1) link.reapplied = describeAsk(this.ask);
    }
    this.pump(link);
  }

  /** Data may flow on `link`: connected (if the far end's data did not say so already); send what was kept. */
  private markReady(link: Link): void {
    if (link.ready || this.link !== link) return;
    link.ready = true;
    this.markUp(link);
    if (link.engine && this.keepaliveIdleMs > 0) this.probe(link); // does this server answer TIMING-MARK?
    this.pump(link);
  }

  /**
   * The link is up: 'connected'. At 'dataReady', or earlier at the far end's first data byte: bytes on the
   * operator's screen mean the link is up, whatever the negotiation still waits for (BusyBox telnetd never
   * answers our BINARY requests, so 'dataReady' comes only at the engine's ackTimeoutMs fallback). What we
   * write still waits for 'dataReady' (PendingBytes), so that wait keeps its purpose: nothing leaves under
   * NVT rules a moment before BINARY is agreed, nor at the old baud before COM-PORT is answered.
   */
  private markUp(link: Link): void {
    if (link.up || this.link !== link) return;
    link.up = true;
    this.core.linked(link.reapplied ? `re-applied: ${link.reapplied}` : undefined);
  }

  /** The operator's Disconnect or Reconnect: end the link without a failure. */
  private dropLink(): void {
    this.connectAbort?.abort();
    this.connectAbort = null;
    const link = this.link;
    if (!link) return;
    this.forgetLink(link);
    link.socket.destroy();
  }

  /** The link is gone: forget its per-connection state; nothing it reported stays shown as live. */
  private forgetLink(link: Link): void {
    if (this.link === link) this.link = null;
    link.socket.removeAllListeners('data');
    const held = link.engine?.discardHeld() ?? 0;
    if (held > 0) {
      this.emitEvent({ type: 'error', code: 'not-sent', message: `${held} bytes for ${this.where} were never sent: the server had suspended us (FLOWCONTROL-SUSPEND) when the link went` });
    }
    this.breakOffAt = null;
    this.armTimer();
    this.showOffline();
  }

  private showOffline(): void {
    if (this.kind === 'rfc2217') this.setLine(this.offlineModel());
    const was = this.modem;
    this.modem = { ...UNKNOWN_MODEM_LINES };
    this.modemSeen = false;
    const changed = MODEM_LINES.filter((k) => was[k] !== null);
    if (changed.length > 0) this.emitEvent({ type: 'modem', ...this.modem, changed });
  }

  private async shutDown(): Promise<void> {
    this.connectAbort?.abort();
    this.connectAbort = null;
    const link = this.link;
    if (link) {
      if (link.ready) this.flushPending(link);
      if (link.engine?.releaseHeldCr()) this.flushOutput(link); // a CR still waiting for its LF
      const suspended = link.engine?.discardHeld() ?? 0; // the server suspended us and never resumed
      if (this.pending.size + suspended > 0) this.reportUnsent('closed before the link could take them', suspended);
      await new Promise<void>((resolve) => {
        const cancel = this.core.clock.setTimer(CLOSE_GRACE_MS, () => link.socket.destroy());
        link.socket.once('close', () => {
          cancel();
          resolve();
        });
        link.socket.end();
      });
      this.forgetLink(link);
    } else if (this.pending.size > 0) {
      this.reportUnsent('closed before the link could take them');
    }
  }

  private reportUnsent(why: string, alsoHeld = 0): void {
    const n = this.pending.clear() + alsoHeld;
    this.emitEvent({ type: 'error', code: 'not-sent', message: `${n} bytes written for ${this.where} were never sent (${why})` });
    this.maybeDrain();
  }

  // ---------------------------------------------------------------- bytes

  write(bytes: Uint8Array): boolean {
    this.core.assertOpen();
    if (bytes.length === 0) return !this.needDrain;
    const state = this.core.state;
    if (state === 'disconnected') {
      const why = this.core.lastFailure?.message ?? 'disconnected';
      this.emitEvent({ type: 'error', code: 'not-sent', message: `${bytes.length} bytes for ${this.where} not sent: not connected (${why})` });
      return false;
    }
    const link = this.link;
    const held = link?.engine?.heldBytes ?? 0;
    if (link && link.ready && this.pending.size === 0 && held + bytes.length <= this.pending.limit) {
      this.send(link, bytes);
      if (link.socket.writableNeedDrain || (link.engine?.heldBytes ?? 0) >= PENDING_HIGH_WATER) this.needDrain = true;
      return !this.needDrain;
    }
    if (held + this.pending.size + bytes.length > this.pending.limit || !this.pending.push(bytes)) {
      this.needDrain = true;
      this.emitEvent({
        type: 'error',
        code: 'queue-overflow',
        message: `${bytes.length} bytes for ${this.where} not accepted: ${held + this.pending.size} bytes already wait for the link (limit ${this.pending.limit}); write again after 'drain'`,
      });
      return false;
    }
    if (this.pending.size >= PENDING_HIGH_WATER) this.needDrain = true;
    return !this.needDrain;
  }

  /** Put operator bytes on the wire now (escaped by the engine unless raw). */
  private send(link: Link, bytes: Uint8Array): void {
    if (link.engine) {
      link.engine.sendData(bytes, this.core.clock.now()); // NVT: a CR ending a write waits for its LF
      if (link.timingMark === 'yes') this.sentUnacked(link);
      else this.watchKernel(link); // not answered (yet): the kernel's send queue tells
      this.flushOutput(link);
    } else {
      link.socket.write(bytes);
      this.watchKernel(link);
    }
    this.armTimer();
    this.bytesSent += bytes.length;
    this.emit('sent', bytes);
  }

  private flushPending(link: Link): void {
    while (this.pending.size > 0 && this.link === link && link.ready) {
      this.send(link, this.pending.shift()!);
    }
  }

  /** Emit 'drain' once a refused or backpressured writer may write again. */
  private maybeDrain(): void {
    const link = this.link;
    if (!this.needDrain || this.pending.size + (link?.engine?.heldBytes ?? 0) >= PENDING_HIGH_WATER) return;
    if (link && link.socket.writableNeedDrain) return;
    this.needDrain = false;
    this.emit('drain');
  }

  private onSocketData(link: Link, chunk: Buffer): void {
    if (!link.engine) {
      this.bytesReceived += chunk.length;
      this.emit('data', chunk);
    } else {
      this.handle(link, link.engine.receive(chunk, this.core.clock.now()));
      this.pump(link);
    }
    if (!turnReads.spend(chunk.length) && chunk.length >= SMALL_READ_BYTES && this.link === link && !link.overBudget) {
      // no FLOWCONTROL-SUSPEND: this is a pause of a turn or two, TCP holds the bytes meanwhile
      link.overBudget = true;
      link.socket.pause();
      turnReads.wait(() => {
        link.overBudget = false;
        if (this.link === link && this.pausers.size === 0) link.socket.resume();
      });
    }
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
          this.markUp(link); // 'connected' before the bytes it explains
          this.bytesReceived += ev.bytes.length;
          this.emit('data', ev.bytes);
          break;
        case 'dataReady':
          this.markReady(link);
          break;
        case 'timingMark':
          this.onTimingMark(link);
          break;
        case 'settings':
          if (this.kind === 'rfc2217') this.setLine(ev.settings);
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
        default:
          // negotiated/option (BINARY is read from the engine), comPortReady/Refused, suspend/resume (the engine holds and releases our data), reply (the probe's)
          break;
      }
    }
  }

  private onModem(state: ModemLines & { deltaCts: boolean; deltaDsr: boolean; trailingEdgeRi: boolean; deltaDcd: boolean }): void {
    const next: ModemLines = { cts: state.cts, dsr: state.dsr, ri: state.ri, dcd: state.dcd };
    const delta = { cts: state.deltaCts, dsr: state.deltaDsr, ri: state.trailingEdgeRi, dcd: state.deltaDcd };
    const changed = MODEM_LINES.filter((k) => next[k] !== this.modem[k] || delta[k]);
    // a report that repeats the lamps and flags no delta (pollers re-sending) says nothing new
    if (changed.length === 0 && this.modemSeen) return;
    this.modemSeen = true;
    this.modem = next;
    const ev: ModemEvent = { type: 'modem', ...next, changed };
    this.emitEvent(ev);
  }

  // ---------------------------------------------------------------- line control

  /** @throws RangeError for a value LineSettings does not allow (nothing is applied or kept). */
  applySettings(patch: Partial<LineSettings>): void {
    this.core.assertOpen();
    checkLineSettings(patch, this.where);
    this.ask.settings = { ...this.ask.settings, ...lineSettingsPatchSchema.parse(patch) };
    if (this.kind !== 'rfc2217') {
      this.unsupported('line settings');
      return;
    }
    const link = this.link;
    if (link?.engine) {
      this.handle(link, link.engine.applySettings(patch, this.core.clock.now()));
      this.pump(link);
    } else {
      this.setLine(this.offlineModel());
    }
  }

  setControlLines(lines: { dtr?: boolean; rts?: boolean }): void {
    this.core.assertOpen();
    if (this.kind !== 'rfc2217') {
      this.unsupported(lines.dtr !== undefined ? 'DTR' : 'RTS');
      return;
    }
    const set: { dtr?: boolean; rts?: boolean } = {};
    if (lines.dtr !== undefined) set.dtr = this.ask.dtr = lines.dtr;
    if (lines.rts !== undefined) set.rts = this.ask.rts = lines.rts;
    const link = this.link;
    if (link?.engine) {
      this.handle(link, link.engine.setControlLines(set, this.core.clock.now()));
      this.pump(link);
    } else {
      this.setLine(this.offlineModel());
    }
    if (set.dtr !== undefined) this.emitEvent({ type: 'control', action: 'dtr', value: set.dtr });
    if (set.rts !== undefined) this.emitEvent({ type: 'control', action: 'rts', value: set.rts });
  }

  setBreak(on: boolean): void {
    this.core.assertOpen();
    this.breakOffAt = null;
    if (this.doBreak(on)) this.emitEvent({ type: 'control', action: 'break', value: on });
  }

  /** @throws RangeError for a length outside 1..MAX_BREAK_MS ms. */
  sendBreak(ms: number = this.breakMs): void {
    this.core.assertOpen();
    checkBreakMs(ms);
    if (!this.doBreak(true)) return;
    this.emitEvent({ type: 'control', action: 'break-pulse', value: ms });
    this.breakOffAt = this.core.clock.now() + ms;
    this.armTimer();
  }

  /** SET-CONTROL BREAK ON/OFF on the live link; false when it cannot go (kind, or no link). */
  private doBreak(on: boolean): boolean {
    if (this.kind !== 'rfc2217') {
      this.unsupported('BREAK');
      return false;
    }
    const link = this.link;
    if (!link?.engine) {
      // a BREAK is a moment on the line: it is not kept for a later connection
      this.emitEvent({ type: 'warning', code: 'not-connected', message: `BREAK not sent: not connected to ${this.where}` });
      return false;
    }
    this.ask.break = on;
    this.handle(link, link.engine.setBreak(on, this.core.clock.now()));
    this.pump(link);
    return true;
  }

  purge(which: PurgeTarget): void {
    this.core.assertOpen();
    if (this.kind !== 'rfc2217') {
      this.unsupported('PURGE-DATA');
      return;
    }
    const link = this.link;
    if (link?.engine) {
      this.handle(link, link.engine.purge(which, this.core.clock.now()));
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
    else if (!link.overBudget) link.socket.resume(); // else the read budget resumes it
    const engine = link.engine;
    if (this.kind !== 'rfc2217' || !engine) return;
    const now = this.core.clock.now();
    if (after && engine.comPortActive && !link.suspended) {
      link.suspended = true;
      this.handle(link, engine.suspendInbound(now));
      this.pump(link);
    } else if (!after && link.suspended) {
      link.suspended = false;
      this.handle(link, engine.resumeInbound(now));
      this.pump(link);
    }
  }

  snapshot(): SessionSnapshot {
    return {
      kind: this.kind,
      target: this.target,
      state: this.core.state,
      line: this.line,
      modem: { ...this.modem },
      signature: this.signature,
      tls: this.link ? this.tls : null,
      ...(this.kind === 'raw' ? {} : { binary: this.link?.engine?.binary ?? null }),
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
    };
  }

  // ---------------------------------------------------------------- the one timer

  private armTimer(): void {
    const link = this.link;
    const engineAt = link?.engine?.nextDeadlineMs() ?? null;
    let at = Infinity;
    const lostAt = link?.unackedSince != null ? link.unackedSince + this.keepaliveIdleMs : null;
    const kernelAt = link?.kernelWatch && !link.kernelWatch.reading ? link.kernelWatch.checkAt : null;
    for (const t of [engineAt, this.breakOffAt, link?.probeAt ?? null, link?.probeDeadline ?? null, lostAt, kernelAt]) if (t !== null && t < at) at = t;
    if (at === this.timerAt) return;
    this.clearTimer();
    if (at === Infinity) return;
    this.timerAt = at;
    this.cancelTimer = this.core.clock.setTimer(Math.max(0, Math.ceil(at - this.core.clock.now())), () => this.onTimer());
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.timerAt = Infinity;
  }

  private onTimer(): void {
    this.cancelTimer = null;
    this.timerAt = Infinity;
    if (this.core.closed) return;
    const now = this.core.clock.now();
    const link = this.link;
    if (link?.engine) {
      if (this.breakOffAt !== null && now >= this.breakOffAt) {
        this.breakOffAt = null;
        this.ask.break = false;
        this.handle(link, link.engine.setBreak(false, now));
      }
      this.handle(link, link.engine.tick(now));
      if (this.checkLiveness(link, now)) this.pump(link);
    }
    if (link?.kernelWatch && !link.kernelWatch.reading && now >= link.kernelWatch.checkAt) this.checkKernel(link);
    this.armTimer();
  }

  /** Send a TIMING-MARK probe now (the first one learns whether the server answers it at all). */
  private probe(link: Link): void {
    if (!link.engine?.probeTimingMark()) return;
    link.probeAt = null;
    if (link.timingMark === 'unknown') link.probeDeadline = this.core.clock.now() + this.keepaliveIdleMs;
  }

  /** Data went out on a link whose server answers TIMING-MARK: a probe follows it, spaced. */
  private sentUnacked(link: Link): void {
    const now = this.core.clock.now();
    if (link.engine?.timingMarkOutstanding) {
      link.sentAfterProbe ??= now;
      return;
    }
    link.unackedSince ??= now;
    link.probeAt ??= Math.max(now, link.answeredAt + PROBE_SPACING_MS);
  }

  /** The server answered the probe: what was sent before it arrived; probe again for what came after. */
  private onTimingMark(link: Link): void {
    const now = this.core.clock.now();
    link.timingMark = 'yes';
    link.probeDeadline = null;
    link.answeredAt = now;
    link.unackedSince = link.sentAfterProbe;
    link.sentAfterProbe = null;
    if (link.unackedSince !== null) link.probeAt = now + PROBE_SPACING_MS;
  }

  /** The liveness probe's times; false when the link was declared lost. */
  private checkLiveness(link: Link, now: number): boolean {
    if (link.probeDeadline !== null && now >= link.probeDeadline) {
      link.probeDeadline = null;
      link.timingMark = 'no'; // the server ignores TIMING-MARK: TCP keepalive is all there is
    }
    if (link.unackedSince !== null && now >= link.unackedSince + this.keepaliveIdleMs) {
      link.error = new ConnectionError('timeout', `no answer from ${this.where} within ${this.keepaliveIdleMs} ms while data was in flight (the path may be cut)`);
      link.socket.destroy(); // 'close' reports the loss and the session reconnects
      return false;
    }
    if (link.probeAt !== null && now >= link.probeAt) this.probe(link);
    return true;
  }

  /** Data went out on a link that cannot be probed (raw TCP, or a server that ignores TIMING-MARK):
   * the kernel's send queue is read while it is in flight. */
  private watchKernel(link: Link): void {
    if (this.keepaliveIdleMs <= 0 || link.kernelWatch) return;
    const now = this.core.clock.now();
    link.kernelWatch = { since: now, checkAt: now + this.kernelCheckMs(), reading: false };
  }

  private kernelCheckMs(): number {
    return Math.min(KERNEL_CHECK_MS, Math.max(50, Math.floor(this.keepaliveIdleMs / 4)));
  }

  /**
   * Read the kernel's send queue: nothing unacknowledged ends the watch; ACKs arriving (no
   * retransmission pending) restart its time; unanswered retransmissions for keepaliveIdleMs since the
   * data was sent end the link as 'timeout'. Where the queue cannot be read the watch ends and TCP
   * keepalive is all there is.
   */
  private checkKernel(link: Link): void {
    const watch = link.kernelWatch!;
    watch.reading = true;
    void readKernelSendState(link.socket).then((state) => {
      watch.reading = false;
      if (this.link !== link || link.kernelWatch !== watch) return;
      const now = this.core.clock.now();
      if (!state || state.unackedBytes === 0) {
        link.kernelWatch = null;
      } else if (state.retransmits === 0) {
        watch.since = now;
        watch.checkAt = now + this.kernelCheckMs();
      } else if (now - watch.since >= this.keepaliveIdleMs) {
        link.error = new ConnectionError(
          'timeout',
          `no acknowledgement from ${this.where} within ${this.keepaliveIdleMs} ms while ${state.unackedBytes} bytes were in flight (the path may be cut)`,
        );
        link.socket.destroy(); // 'close' reports the loss and the session reconnects
        return;
      } else {
        watch.checkAt = now + this.kernelCheckMs();
      }
      this.armTimer();
    });
  }

  // ---------------------------------------------------------------- helpers

  private offlineModel(): LineModel {
    return offlineLineModel(this.ask, this.kind !== 'rfc2217');
  }

  private setLine(line: LineModel): void {
    this.line = line;
    this.emitEvent({ type: 'settings', line });
  }

  private emitEvent(ev: SessionEvent): void {
    if (ev.type === 'warning') this.warnings.warn(ev);
    else this.emit('event', ev);
  }

  /** A control this kind cannot carry: one warning, and the line model (all 'unsupported') again. */
  private unsupported(what: string): void {
    const kind = this.kind === 'raw' ? 'raw TCP (tcp://)' : 'telnet without COM-PORT (telnet://)';
    this.emitEvent({ type: 'warning', code: 'setting-unsupported', message: `${what}: ${kind} carries bytes only; use rfc2217:// to control the line` });
    this.setLine(this.offlineModel());
  }
}
