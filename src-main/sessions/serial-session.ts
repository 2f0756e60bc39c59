/**
 * A local serial port as a Session: the same controls, lamps, logging and dialer as an RFC 2217 session.
 *
 * - Line settings: baud changes in place (serialport `update`); data bits, parity, stop bits and flow
 *   control need a transparent reopen: hold writes, wait for the write in flight, tcdrain, stop reading,
 *   close, open with the new settings, set DTR/RTS/BREAK again from the shadow, resume. Writes made
 *   meanwhile are queued. Caveats of the OS, not of this code: serialport's update() and open() call
 *   tcflush(TCIOFLUSH), so input the OS held but we had not read yet is discarded at a settings change;
 *   while the port is closed for a reopen nothing can receive; and on a pty tcdrain returns before the
 *   program on the other side has read the output, so that flush can drop bytes it had not read yet
 *   (on a UART tcdrain waits until the bytes are on the wire, so none are lost).
 * - A setting the binding refuses (an open/update that fails naming it, e.g. mark parity or 1.5 stop
 *   bits on Linux) keeps the value in effect, with warning 'setting-unsupported' and state
 *   'unsupported'. A Linux pty silently forces 8 data bits and no parity: state 'differs' + warning.
 * - DTR, RTS and BREAK are a shadow, because serialport's set() rewrites all of them each time.
 *   BREAK: hold on/off, or a timed pulse (default 250 ms) sent after pending bytes have gone out.
 * - CTS/DSR/DCD are polled (see serial-modem.ts); RI is always null. A pty has no modem lines: set()
 *   and get() fail with ENOTTY, which gives warnings and 'unsupported' states, never a crash.
 * - Safe open (`safeOpen`): no set() at open and HUPCL not requested. Note serialport only ever sets
 *   HUPCL and never clears it, so a tty that already has HUPCL (the kernel default) still drops DTR at
 *   the last close; `stty -F PORT -hupcl` once clears it until the device goes away.
 * - The status machine, open/close and the reconnect policy are the SessionCore's (session-core.ts);
 *   this module is the link: the port, its write queue and its modem-line poller.
 * - A vanished port (USB unplugged, pty master closed) ends in status 'disconnected' or 'reconnecting'
 *   with code 'port-vanished'; bytes still queued fail with a 'not-sent' error that counts them. With
 *   reconnect on, the port is reopened when the same device is back (by-id alias, USB serial number,
 *   else the path; a watcher retries at once, the core's back-off otherwise), re-applying the settings
 *   and the DTR/RTS shadow; a BREAK held when the port went is released.
 * - The line model: settings the OS accepted are 'confirmed' (asked or the defaults opened with); DTR,
 *   RTS and BREAK are 'confirmed' once a set() of them succeeded, 'unknown' before (Linux raises DTR and
 *   RTS at open, but nothing reads them back), 'unsupported' where set() fails (a pty).
 * - purge: serialport only has flush() = tcflush(TCIOFLUSH) (both directions). 'rx' waits until the
 *   output has been transmitted (tcdrain) and then flushes, so only input is lost; 'tx' and 'both'
 *   discard the session's queued bytes and flush both OS buffers (unread input goes too).
 */
import { EventEmitter } from 'node:events';
import { DEFAULT_LINE_SETTINGS, LINE_SETTING_NAMES } from '../../src-shared/line/settings.js';
import type { LineSettings, LineSettingName } from '../../src-shared/line/settings.js';
import { offlineLineModel, type ItemState, type LineAsk, type LineModel } from '../../src-shared/line/line-model.js';
import type { ModemLines } from '../../src-shared/line/modem.js';
import type { ErrorCode, SessionEvent, WarningCode } from '../../src-shared/session/events.js';
import type { Target } from '../../src-shared/session/target.js';
import type { PurgeTarget, Session, SessionEventMap, SessionOptions, SessionSnapshot } from './session.js';
import { checkBreakMs, checkLineSettings, describeAsk } from './session.js';
import { SessionCore } from './session-core.js';
import { WarningCoalescer } from './warnings.js';
import { SerialLink, openOptionsFor, platformBinding, type ControlFlags, type SerialBinding } from '../transports/serial.js';
import { classifyOpenError, settingFromError, type SerialFailure } from '../transports/serial-errors.js';
import { ModemPoller, type ModemReport } from '../transports/serial-modem.js';
import { identify, isPty, locate, watchForReturn, watchPresence, type PortIdentity } from '../ports/presence.js';
import { notASerialPort } from '../ports/serial-path.js';

/** SessionOptions plus what only a local port takes. */
export interface SerialSessionOptions extends SessionOptions {
  /** The serialport binding; default the platform's. Tests inject @serialport/binding-mock. */
  binding?: SerialBinding;
}

/** write() returns false once this many bytes wait (bytes). */
const HIGH_WATER = 64 * 1024;
/** 'drain' is emitted when the queue falls to this (bytes). */
const LOW_WATER = 16 * 1024;
/** Most bytes handed to the OS in one write (bytes). */
const WRITE_CHUNK = 64 * 1024;
/** Reconnect retry delays: 250 ms doubling to 5 s (fs.watch usually triggers a retry sooner). */
const RETRY_BACKOFF = { initialMs: 250, maxMs: 5000 };
/** How long close() waits for queued bytes to go out before reporting them unsent (ms). */
const CLOSE_DRAIN_MS = 5000;
/**
 * How long a settings change, BREAK or purge waits for output that does not move (flow control held
 * by the device, CTS low) before going ahead anyway (ms). Without a bound, switching flow control off
 * to get a stuck port going again would itself wait forever.
 */
const STUCK_MS = 2000;

/** `p` settled within `ms`: true if it resolved, false if it rejected or time ran out. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    p.then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(false)),
    );
  });
}

type ControlName = 'dtr' | 'rts' | 'break';

export class SerialSession extends EventEmitter<SessionEventMap> implements Session {
  readonly kind = 'serial' as const;
  readonly target: Target & { kind: 'serial' };

  private readonly binding: SerialBinding;
  private readonly maxPending: number;
  private readonly breakMs: number;
  private readonly modemPollMs: number;
  private readonly safeOpen: boolean;
  private readonly core: SessionCore;
  private readonly warnings: WarningCoalescer;

  private link: SerialLink | null = null;
  /** The device path the link has open (the by-id alias or the path after a reconnect). */
  private openPath: string;

  /** What the operator asked for. */
  private readonly ask: LineAsk;
  /** What the port is opened with: the defaults, then what was asked (a refused value falls back). */
  private requested: LineSettings;
  private effective: LineSettings;
  /** Per setting, a state that sticks until the operator changes that setting: unsupported / differs. */
  private readonly notes = new Map<string, ItemState>();
  private readonly controlState = new Map<ControlName, ItemState>();
  private shadow: ControlFlags;
  /** Whether the shadow must be written at open (the operator or the options set a line). */
  private shadowSet: boolean;

  private modem: ModemLines = { cts: null, dsr: null, ri: null, dcd: null };
  private modemUnavailable = false;
  private poller: ModemPoller | null = null;
  private stopPresence: (() => void) | null = null;

  private queue: Buffer[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  private inflightBytes = 0;
  private writing = false;
  private hold = 0;
  private wantDrain = false;
  private readonly txWaiters: (() => void)[] = [];

  private readonly pausedBy = new Set<string>();
  private ops: Promise<void> = Promise.resolve();
  private breakTimer: NodeJS.Timeout | null = null;
  private breakDone: (() => void) | null = null;

  private identity: PortIdentity | null = null;
  private stopWatching: (() => void) | null = null;
  private attempting = false;
  private chanceWhileAttempting = false;
  /** Links opened so far (the first says nothing of re-applying). */
  private connections = 0;

  private bytesReceived = 0;
  private bytesSent = 0;
  private line: LineModel;

  /**
   * @param target a serial target (from parseTarget: serial:/dev/ttyUSB0 or a bare path)
   * @param options see SessionOptions; `settings` default 115200 8N1 no flow control; `dtr`/`rts` are
   *   set at open when given (unless safeOpen).
   */
  constructor(target: { kind: 'serial'; path: string }, options: SerialSessionOptions = {}) {
    super();
    this.target = target;
    this.openPath = target.path;
    this.binding = options.binding ?? platformBinding();
    this.maxPending = options.maxPendingBytes ?? 1024 * 1024;
    this.breakMs = options.breakMs ?? 250;
    this.modemPollMs = options.modemPollMs ?? 100;
    this.safeOpen = options.safeOpen ?? false;
    if (options.settings) checkLineSettings(options.settings, target.path);
    this.ask = {
      settings: { ...options.settings },
      ...(options.dtr !== undefined && !this.safeOpen ? { dtr: options.dtr } : {}),
      ...(options.rts !== undefined && !this.safeOpen ? { rts: options.rts } : {}),
    };
    this.requested = { ...DEFAULT_LINE_SETTINGS, ...(options.settings ?? {}) };
    this.effective = { ...this.requested };
    // Linux raises DTR and RTS when a tty is opened; that is the shadow until someone sets them
    this.shadow = { dtr: options.dtr ?? true, rts: options.rts ?? true, brk: false };
    this.shadowSet = !this.safeOpen && (options.dtr !== undefined || options.rts !== undefined);
    this.line = offlineLineModel(this.ask);
    this.core = new SessionCore({
      reconnect: options.reconnect ?? false,
      backoff: options.backoff ?? RETRY_BACKOFF,
      ...(options.clock ? { clock: options.clock } : {}),
      emit: (ev) => this.emitEvent(ev),
      attempt: () => this.attempt(),
      dropLink: () => this.dropLink(),
    });
    this.warnings = new WarningCoalescer(this.core.clock, (ev) => this.emitEvent(ev));
    this.core.onClose(() => {
      this.stopWatchingForReturn();
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
    this.stopWatchingForReturn();
    const unsent = this.dropQueue();
    if (unsent > 0) this.error('not-sent', `${unsent} bytes not sent: ${this.target.path} disconnected by the operator`);
  }

  /** Send what is queued (bounded by CLOSE_DRAIN_MS), release BREAK, close the port. */
  private async shutDown(): Promise<void> {
    await this.ops.catch(() => undefined);
    if (this.link) {
      const deadline = Date.now() + CLOSE_DRAIN_MS;
      await this.waitTxEmpty(CLOSE_DRAIN_MS);
      const link = this.link;
      if (link) {
        if (this.breakTimer || this.shadow.brk) {
          this.clearBreakTimer();
          this.shadow.brk = false;
          await link.set(this.shadow).catch(() => undefined);
        }
        await within(link.drain(), Math.max(1, deadline - Date.now()));
        this.detach();
        await link.close();
      }
    }
    const unsent = this.dropQueue();
    if (unsent > 0) this.error('not-sent', `${unsent} bytes not sent: ${this.target.path} closed before they went out`);
  }

  /** The operator's Disconnect or Reconnect: close the port (in order with the next open attempt). */
  private dropLink(): void {
    const link = this.link;
    if (!link) return;
    this.detach();
    this.showOffline();
    this.enqueue(() => link.close());
  }

  /** One open attempt (in the ops chain, so settings changes made meanwhile are applied in order). */
  private attempt(): void {
    this.attempting = true;
    this.enqueue(async () => {
      try {
        if (this.core.closed || this.link) return;
        const path = this.identity ? ((await locate(this.identity, this.binding)) ?? this.target.path) : this.target.path;
        // a FIFO, a regular file or a watchdog is never opened: opening is not harmless
        const notAPort = await notASerialPort(path);
        if (notAPort) {
          this.onOpenFailed({ code: 'not-a-serial-port', message: notAPort });
          return;
        }
        try {
          await this.connectAt(path);
        } catch (err) {
          this.onOpenFailed(classifyOpenError(err, path));
        }
      } finally {
        this.attempting = false;
        if (this.chanceWhileAttempting && !this.link) {
          this.chanceWhileAttempting = false;
          this.core.retryNow();
        }
      }
    });
  }

  private onOpenFailed(failure: SerialFailure): void {
    this.core.failed(failure);
    if (this.core.state === 'reconnecting') this.watchForReturn();
    else this.stopWatchingForReturn();
  }

  /** Open `path` with the requested settings, falling back per refused setting; then go connected. */
  private async connectAt(path: string): Promise<void> {
    const { link, settings } = await this.openLink(path);
    const wanted = this.core.state === 'connecting' || this.core.state === 'reconnecting';
    if (this.core.closed || !wanted) {
      // closed or disconnected by the operator while the port was opening
      await link.close();
      return;
    }
    this.openPath = path;
    this.effective = settings;
    this.checkPty(path);
    this.attach(link);
    this.connections++;
    if (this.shadow.brk) {
      // BREAK was held when the port went: released on the new link
      this.shadow.brk = false;
      this.ask.break = false;
    }
    if (this.shadowSet) await this.writeShadow(['dtr', 'rts', 'break']);
    if (this.link !== link) return; // vanished at once: onLost has reported it
    this.stopWatchingForReturn();
    const again = this.connections > 1 ? describeAsk(this.ask) : null;
    this.core.linked(again ? `re-applied: ${again}` : undefined);
    this.emitSettings();
    this.pump();
    // for finding the device again after a loss; off the ops chain (it may run udevadm)
    if (!this.identity) void identify(this.target.path, this.binding).then((id) => (this.identity ??= id));
  }

  /**
   * Open with the requested settings. When the binding refuses a setting (its error names it), warn,
   * fall back to the value in effect (or the default) and try again; other errors are thrown.
   */
  private async openLink(path: string): Promise<{ link: SerialLink; settings: LineSettings }> {
    let settings = { ...this.requested };
    for (let tries = 0; ; tries++) {
      try {
        const link = await SerialLink.open(this.binding, openOptionsFor(path, settings, !this.safeOpen));
        return { link, settings };
      } catch (err) {
        const name = settingFromError(err);
        const fallback = name ? (this.effective[name] !== settings[name] ? this.effective[name] : DEFAULT_LINE_SETTINGS[name]) : undefined;
        if (!name || fallback === undefined || fallback === settings[name] || tries >= LINE_SETTING_NAMES.length) throw err;
        this.refuse(name, settings[name], fallback, err);
        settings = { ...settings, [name]: fallback };
      }
    }
  }

  /** Record a refused setting: warning, sticky 'unsupported', and the value in effect as requested. */
  private refuse(name: LineSettingName, wanted: unknown, inEffect: unknown, err: unknown): void {
    this.notes.set(name, 'unsupported');
    // what the port opens with from now on; what was asked stays shown beside it
    this.requested = { ...this.requested, [name]: inEffect };
    const why = err instanceof Error ? err.message.replace(/^Error:\s*/, '') : String(err);
    this.warn('setting-unsupported', `${this.target.path}: ${name} ${String(wanted)} is not supported (${why}); in effect: ${String(inEffect)}`);
  }

  /** A Linux pty keeps 8 data bits and no parity whatever tcsetattr asks (tcsetattr still succeeds). */
  private checkPty(path: string): void {
    if (!isPty(path)) return;
    const forced: Partial<LineSettings> = {};
    if (this.effective.dataBits !== 8) forced.dataBits = 8;
    if (this.effective.parity !== 'none') forced.parity = 'none';
    const names = Object.keys(forced) as LineSettingName[];
    if (names.length === 0) return;
    const asked = names.map((n) => `${n} ${String(this.effective[n])}`).join(', ');
    for (const n of names) this.notes.set(n, 'differs');
    this.effective = { ...this.effective, ...forced };
    this.requested = { ...this.requested, ...forced }; // what was asked stays shown beside it
    this.warn('setting-unsupported', `${this.target.path} is a pty, which forces 8 data bits and no parity: ${asked} not in effect`);
  }

  private attach(link: SerialLink): void {
    this.link = link;
    link.on('data', (bytes) => {
      this.bytesReceived += bytes.length;
      this.emit('data', bytes);
    });
    link.on('lost', (err) => this.onLost(link, err));
    this.stopPresence = watchPresence(this.openPath, () => {
      if (this.link !== link) return;
      void link.close(); // also ends a read that serialport would retry forever on a hung-up tty
      this.onLost(link, new Error('device removed'));
    });
    link.setReading(this.pausedBy.size === 0);
    if (!this.modemUnavailable) {
      this.poller = new ModemPoller(() => link.get(), this.modemPollMs, (r) => this.onModem(r), this.modem);
      this.poller.start();
    }
  }

  /** Stop using the link (it is closed by the caller or already gone). */
  private detach(): void {
    this.stopPresence?.();
    this.stopPresence = null;
    this.poller?.stop();
    this.poller = null;
    this.clearBreakTimer();
    const link = this.link;
    this.link = null;
    link?.removeAllListeners();
    link?.setReading(false);
    this.notifyTx();
  }

  private onLost(link: SerialLink, err: Error): void {
    if (this.link !== link) return;
    this.detach();
    this.showOffline();
    const unsent = this.dropQueue();
    const reason = `port ${this.openPath} vanished (${err.message.replace(/^Error:\s*/, '')})`;
    if (unsent > 0) this.error('not-sent', `${reason}: ${unsent} bytes not sent`);
    this.onOpenFailed({ code: 'port-vanished', message: reason });
  }

  /** Nothing the lost port reported stays shown as live: lamps and line values unknown. */
  private showOffline(): void {
    this.controlState.clear();
    this.setLine(offlineLineModel(this.ask));
    if (this.modemUnavailable || Object.values(this.modem).every((v) => v === null)) return;
    this.modem = { cts: null, dsr: null, ri: null, dcd: null };
    this.emitEvent({ type: 'modem', ...this.modem, changed: ['cts', 'dsr', 'dcd'] });
  }

  // ---------------------------------------------------------------- reconnecting

  /** While reconnecting: fs.watch / the list() watcher try at once when the device is back. */
  private watchForReturn(): void {
    if (this.stopWatching) return;
    const id: PortIdentity = this.identity ?? { path: this.target.path, byId: null, serialNumber: null, pty: false };
    this.stopWatching = watchForReturn(id, () => this.tryNow(), this.binding);
  }

  private stopWatchingForReturn(): void {
    this.stopWatching?.();
    this.stopWatching = null;
  }

  /** Something changed where the device lives: try at once (once at a time). */
  private tryNow(): void {
    if (this.core.closed || this.link) return;
    if (this.attempting) {
      this.chanceWhileAttempting = true;
      return;
    }
    this.core.retryNow();
  }

  // ---------------------------------------------------------------- writing

  write(bytes: Uint8Array): boolean {
    this.core.assertOpen();
    if (bytes.length === 0) return this.queuedBytes + this.inflightBytes < HIGH_WATER;
    if (this.core.state === 'disconnected') {
      const why = this.core.lastFailure?.message ?? 'disconnected';
      this.error('not-sent', `${this.target.path} is not connected (${why}): ${bytes.length} bytes not sent`);
      return false;
    }
    const waiting = this.queuedBytes + this.inflightBytes;
    if (waiting + bytes.length > this.maxPending) {
      this.wantDrain = true;
      this.error('queue-overflow', `${bytes.length} bytes not queued for ${this.target.path}: ${waiting} bytes already wait (limit ${this.maxPending}); wait for 'drain'`);
      return false;
    }
    this.queue.push(Buffer.from(bytes));
    this.queuedBytes += bytes.length;
    this.pump();
    const ok = this.queuedBytes + this.inflightBytes < HIGH_WATER;
    if (!ok) this.wantDrain = true;
    return ok;
  }

  /** Take up to WRITE_CHUNK queued bytes as one buffer. */
  private takeChunk(): Buffer {
    const parts: Buffer[] = [];
    let n = 0;
    while (this.queueHead < this.queue.length && n < WRITE_CHUNK) {
      const head = this.queue[this.queueHead]!;
      const room = WRITE_CHUNK - n;
      if (head.length <= room) {
        parts.push(head);
        n += head.length;
        this.queueHead++;
      } else {
        parts.push(head.subarray(0, room));
        this.queue[this.queueHead] = head.subarray(room);
        n += room;
      }
    }
    if (this.queueHead > 1024 || this.queueHead === this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    this.queuedBytes -= n;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  /** Keep one write in flight while connected and not held. */
  private pump(): void {
    if (this.writing || !this.link || this.hold > 0 || this.queuedBytes === 0) return;
    this.writing = true;
    const link = this.link;
    void (async () => {
      try {
        while (this.link === link && this.hold === 0 && this.queuedBytes > 0) {
          const chunk = this.takeChunk();
          this.inflightBytes = chunk.length;
          await link.write(chunk);
          this.inflightBytes = 0;
          this.bytesSent += chunk.length;
          this.emit('sent', chunk);
          this.notifyTx();
        }
      } catch {
        // the link reported 'lost'; onLost counted the bytes in flight as not sent
      } finally {
        this.writing = false;
        this.notifyTx();
        // a write canceled by a reopen ends after the new link is up: carry on with the queue there
        if (this.link !== link) this.pump();
      }
    })();
  }

  /** Wake whoever waits for the queue, and emit 'drain' when it has fallen low. */
  private notifyTx(): void {
    for (const w of this.txWaiters.splice(0)) w();
    if (this.wantDrain && this.queuedBytes + this.inflightBytes <= LOW_WATER) {
      this.wantDrain = false;
      this.emit('drain');
    }
  }

  private nextTx(): Promise<void> {
    return new Promise((resolve) => this.txWaiters.push(resolve));
  }

  /** Resolve true when no write is in flight (or the link is gone), false if one is still after `ms`. */
  private async writeIdle(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.writing && this.link) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const timer = new Promise<void>((r) => setTimeout(r, left).unref());
      await Promise.race([this.nextTx(), timer]);
    }
    return true;
  }

  /** Resolve when everything queued has gone to the OS, the link is gone, or `ms` passed. */
  private async waitTxEmpty(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.link && (this.queuedBytes > 0 || this.writing) && Date.now() < deadline) {
      const timer = new Promise<void>((r) => setTimeout(r, Math.max(1, deadline - Date.now())).unref());
      await Promise.race([this.nextTx(), timer]);
    }
  }

  /** Drop everything queued (and in flight); returns the count so the caller reports it. */
  private dropQueue(): number {
    const n = this.queuedBytes + this.inflightBytes;
    this.queue = [];
    this.queueHead = 0;
    this.queuedBytes = 0;
    this.inflightBytes = 0;
    this.notifyTx();
    return n;
  }

  /** Run `fn` with writes held and none in flight (or one stuck for STUCK_MS, see there). */
  private async withWritesHeld(fn: () => Promise<void>): Promise<void> {
    this.hold++;
    try {
      await this.writeIdle(STUCK_MS);
      await fn();
    } finally {
      this.hold--;
      this.pump();
    }
  }

  // ---------------------------------------------------------------- settings

  /** @throws RangeError for a value LineSettings does not allow (nothing is applied or kept). */
  applySettings(patch: Partial<LineSettings>): void {
    this.core.assertOpen();
    checkLineSettings(patch, this.target.path);
    const p = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<LineSettings>;
    for (const name of Object.keys(p)) this.notes.delete(name);
    this.ask.settings = { ...this.ask.settings, ...p };
    this.requested = { ...this.requested, ...p };
    if (!this.link) {
      this.emitSettings();
      return;
    }
    this.enqueue(() => this.applyLive());
  }

  /** Bring the open port to `requested`: update() for baud alone, a transparent reopen otherwise. */
  private async applyLive(): Promise<void> {
    const link = this.link;
    if (!link) return;
    const changed = LINE_SETTING_NAMES.filter((n) => this.requested[n] !== this.effective[n]);
    if (changed.length === 0) {
      this.emitSettings();
      return;
    }
    if (changed.length === 1 && changed[0] === 'baud') {
      const baud = this.requested.baud;
      await this.withWritesHeld(async () => {
        try {
          await within(link.drain(), STUCK_MS);
          await link.update(baud);
          this.effective = { ...this.effective, baud };
        } catch (err) {
          if (this.link === link) this.refuse('baud', baud, this.effective.baud, err);
        }
      });
      this.emitSettings();
      return;
    }
    await this.reopen(link);
  }

  /** Close and open again with `requested`, keeping DTR/RTS/BREAK and the queued writes. */
  private async reopen(link: SerialLink): Promise<void> {
    await this.withWritesHeld(async () => {
      await within(link.drain(), STUCK_MS);
      if (this.link !== link) return;
      if (this.writing && this.inflightBytes > 0) {
        // output blocked for STUCK_MS (flow control held?): closing cancels that write
        const n = this.inflightBytes;
        this.inflightBytes = 0;
        this.error('not-sent', `${n} bytes could not be written to ${this.openPath} (output blocked, flow control held?) and were discarded by the reopen`);
      }
      this.detach();
      await link.close();
      let opened: { link: SerialLink; settings: LineSettings };
      try {
        opened = await this.openLink(this.openPath);
      } catch (err) {
        // the port went away between close and open: treat it like a loss
        const failure = classifyOpenError(err, this.openPath);
        this.showOffline();
        const unsent = this.dropQueue();
        if (unsent > 0) this.error('not-sent', `${failure.message}: ${unsent} bytes not sent`);
        this.onOpenFailed(failure);
        return;
      }
      if (this.core.closed) {
        await opened.link.close();
        return;
      }
      this.effective = opened.settings;
      this.checkPty(this.openPath);
      this.attach(opened.link);
      if (this.shadowSet) await this.writeShadow(['dtr', 'rts', 'break']);
    });
    this.emitSettings();
  }

  // ---------------------------------------------------------------- DTR / RTS / BREAK

  setControlLines(lines: { dtr?: boolean; rts?: boolean }): void {
    this.core.assertOpen();
    const names: ControlName[] = [];
    if (lines.dtr !== undefined) {
      this.shadow.dtr = this.ask.dtr = lines.dtr;
      names.push('dtr');
      this.emitEvent({ type: 'control', action: 'dtr', value: lines.dtr });
    }
    if (lines.rts !== undefined) {
      this.shadow.rts = this.ask.rts = lines.rts;
      names.push('rts');
      this.emitEvent({ type: 'control', action: 'rts', value: lines.rts });
    }
    if (names.length === 0) return;
    this.shadowSet = true;
    this.applyControl(names);
  }

  setBreak(on: boolean): void {
    this.core.assertOpen();
    this.clearBreakTimer();
    this.shadow.brk = this.ask.break = on;
    this.shadowSet = true;
    this.emitEvent({ type: 'control', action: 'break', value: on });
    this.applyControl(['break']);
  }

  /** @throws RangeError for a length outside 1..MAX_BREAK_MS ms. */
  sendBreak(ms?: number): void {
    this.core.assertOpen();
    const length = ms ?? this.breakMs;
    checkBreakMs(length);
    this.emitEvent({ type: 'control', action: 'break-pulse', value: length });
    if (!this.link) {
      this.warn('not-connected', `BREAK not sent: ${this.target.path} is not open`);
      return;
    }
    // after the bytes already written, and nothing written during it (the line is held at space)
    this.enqueue(() =>
      this.withWritesHeld(async () => {
        const link = this.link;
        if (!link) return;
        await within(link.drain(), STUCK_MS);
        this.shadow.brk = true;
        if (!(await this.writeShadow(['break']))) {
          this.shadow.brk = false;
          return;
        }
        this.emitSettings();
        await new Promise<void>((resolve) => {
          this.breakDone = resolve;
          this.breakTimer = setTimeout(() => this.clearBreakTimer(), length);
        });
        this.shadow.brk = false;
        if (this.link === link) await this.writeShadow(['break']);
        this.emitSettings();
      }),
    );
  }

  /** End a BREAK pulse's wait now (its timer fired, or the link is going away). */
  private clearBreakTimer(): void {
    if (this.breakTimer) clearTimeout(this.breakTimer);
    this.breakTimer = null;
    const done = this.breakDone;
    this.breakDone = null;
    done?.();
  }

  private applyControl(names: ControlName[]): void {
    if (!this.link) {
      for (const n of names) this.controlState.set(n, 'requested');
      this.emitSettings();
      return;
    }
    this.enqueue(async () => {
      await this.writeShadow(names);
      this.emitSettings();
    });
  }

  /** set() DTR, RTS and BREAK from the shadow; on failure warn and mark `names` unsupported. */
  private async writeShadow(names: readonly ControlName[]): Promise<boolean> {
    const link = this.link;
    if (!link) return false;
    try {
      await link.set(this.shadow);
      for (const n of names) this.controlState.set(n, 'confirmed');
      return true;
    } catch (err) {
      if (this.link !== link) return false;
      const known = names.every((n) => this.controlState.get(n) === 'unsupported');
      for (const n of names) this.controlState.set(n, 'unsupported');
      if (known) return false; // said already (e.g. re-applying the shadow after a reopen)
      const why = err instanceof Error ? err.message.replace(/^Error:\s*/, '') : String(err);
      const what = names.map((n) => n.toUpperCase()).join('/');
      const pty = isPty(this.openPath) ? ' (a pty has no modem lines)' : '';
      this.warn('control-unsupported', `${what} cannot be set on ${this.openPath}: ${why}${pty}`);
      return false;
    }
  }

  // ---------------------------------------------------------------- purge, pause

  purge(which: PurgeTarget): void {
    this.core.assertOpen();
    this.emitEvent({ type: 'control', action: 'purge', value: which });
    if (which !== 'rx') {
      const n = this.queuedBytes;
      this.queue = [];
      this.queueHead = 0;
      this.queuedBytes = 0;
      this.notifyTx();
      if (n > 0) this.warn('purge-discarded', `purge ${which}: ${n} queued bytes discarded, not sent`);
    }
    this.enqueue(() =>
      this.withWritesHeld(async () => {
        const link = this.link;
        if (!link) return;
        try {
          if (which === 'rx') await within(link.drain(), STUCK_MS); // so the flush below loses no output
          await link.flush();
        } catch (err) {
          if (this.link === link) this.warn('purge-failed', `purge ${which} on ${this.openPath}: ${String((err as Error).message ?? err)}`);
        }
      }),
    );
  }

  setPaused(owner: string, paused: boolean): void {
    if (paused) this.pausedBy.add(owner);
    else this.pausedBy.delete(owner);
    this.link?.setReading(this.pausedBy.size === 0);
  }

  // ---------------------------------------------------------------- modem lines

  private onModem(r: ModemReport): void {
    if (r.kind === 'unavailable') {
      this.modemUnavailable = true;
      this.poller = null;
      this.modem = { cts: null, dsr: null, ri: null, dcd: null };
      this.emitEvent({ type: 'modem', ...this.modem, changed: [] });
      const why = r.error.message.replace(/^Error:\s*/, '');
      const pty = isPty(this.openPath) ? ' (a pty has no modem lines)' : '';
      this.warn('modem-lines-unavailable', `CTS/DSR/DCD cannot be read on ${this.openPath}: ${why}${pty}; lamps show unknown`);
      return;
    }
    this.modem = r.lines;
    this.emitEvent({ type: 'modem', ...r.lines, changed: r.changed });
  }

  // ---------------------------------------------------------------- events, snapshot

  snapshot(): SessionSnapshot {
    return {
      kind: 'serial',
      target: this.target,
      state: this.core.state,
      line: this.line,
      modem: { ...this.modem },
      signature: null,
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
    };
  }

  /** The line model of the open port (see the module doc). */
  private lineModel(): LineModel {
    if (!this.link) return offlineLineModel(this.ask);
    const m = offlineLineModel(this.ask) as Record<string, { asked: unknown; inEffect: unknown; state: ItemState }>;
    for (const n of LINE_SETTING_NAMES) {
      const item = m[n]!;
      item.inEffect = this.effective[n];
      item.state = this.notes.get(n) ?? (this.requested[n] !== this.effective[n] ? 'requested' : 'confirmed');
    }
    const flags: Record<ControlName, boolean> = { dtr: this.shadow.dtr, rts: this.shadow.rts, break: this.shadow.brk };
    for (const n of ['dtr', 'rts', 'break'] as const) {
      const item = m[n]!;
      item.state = this.controlState.get(n) ?? 'unknown';
      item.inEffect = item.state === 'confirmed' ? flags[n] : null;
    }
    return m as LineModel;
  }

  private emitSettings(): void {
    this.setLine(this.lineModel());
  }

  private setLine(line: LineModel): void {
    this.line = line;
    this.emitEvent({ type: 'settings', line });
  }

  private warn(code: WarningCode, message: string): void {
    this.warnings.warn({ type: 'warning', code, message });
  }

  private error(code: ErrorCode, message: string): void {
    this.emitEvent({ type: 'error', code, message });
  }

  private emitEvent(ev: SessionEvent): void {
    this.emit('event', ev);
  }

  /** Serialize port operations (open, settings, control, purge) so they never interleave. */
  private enqueue(fn: () => Promise<void>): void {
    this.ops = this.ops.then(fn).catch((err: unknown) => {
      this.warn('io-error', `${this.target.path}: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
}
