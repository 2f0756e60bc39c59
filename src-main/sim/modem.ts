/**
 * A simulated Hayes modem: the DTE side (what a serial port would see) of a modem on a simulated phone
 * line. Pure logic: time comes from an injected Clock, bytes go in by `write()` and come out through
 * `onOutput`, modem lines (CTS, DSR, RI, DCD) through `onLines`. The RFC 2217 server (server.ts) puts it
 * behind a telnet socket; unit tests drive it with a manual clock.
 *
 * Follows the Hayes AT command set as modems of the 1990s implemented it (Hayes Smartmodem / V.34 era):
 *   Z (reset), E0/1 (command echo), V0/1 (numeric/verbose result codes), Q0/1 (quiet), X0-4 (result
 *   detail), H (hang up), A (answer), O (back online), D (dial: T tone, P pulse, W wait, `,` pause S8,
 *   `;` stay in command mode, `@` `!` accepted), I (identification), L/M (speaker, accepted), &F
 *   (factory), &W (accepted), &C0/1 (DCD always on / follows carrier), &D0/1/2 (DTR ignored / drop ->
 *   command mode / drop -> hang up), Sn? and Sn=v, A/ (repeat the last command line).
 * Result codes, verbose / numeric: OK 0, CONNECT 1 (CONNECT <rate> with X1+; numeric 5 1200, 10 2400,
 *   11 4800, 12 9600, 13 14400, 14 19200, otherwise 1), RING 2, NO CARRIER 3, ERROR 4, NO DIALTONE 6
 *   (X2, X4; else NO CARRIER), BUSY 7 (X3, X4; else NO CARRIER), NO ANSWER 8 (X3, X4; else NO CARRIER).
 * Escape: `+++` (S2) with S12 fiftieths of a second of silence before and after -> OK in online command
 *   mode; ATO returns online, ATH hangs up. The `+` bytes are passed on as data, as on a real modem.
 * Lines: DSR on while powered; CTS follows RTS; RI on/off with the ring cadence of an incoming call;
 *   DCD on while the carrier is up (&C1, the default here) or always (&C0).
 * Pacing: every byte to the DTE (echo, result codes, data) leaves at the DTE baud rate in command mode
 *   and at the connection rate online, 10 bits per character at 8N1 (start + data + parity + stop bits
 *   otherwise), so 2400 bit/s feels like 2400 bit/s.
 *   With RTS/CTS flow control on, RTS off holds the output.
 * Cost: the output is a queue of chunks (output-queue.ts), drained in chunks per timer tick (at most
 *   100 ms of line time per tick, one onOutput call and at most one timer per tick); data typed online
 *   reaches the far end as one chunk per write(), the escape sequence found with indexOf. Command mode
 *   parses byte by byte (its echo is appended to the queue's open chunk), but nothing shifts an array,
 *   sets a timer or delivers per byte, so a paste of megabytes costs time linear in its size, spread over
 *   the ticks, and never blocks the event loop of the process hosting the modem.
 *
 * Departures from a real modem, on purpose: factory defaults are &C1 &D2 (what a dialer wants) and S7=10
 * (not 50), so a demo's NO ANSWER comes in 10 s; `ATA` with no call ringing answers NO CARRIER at once;
 * S99=1 (not Hayes) unplugs the phone line, so every dial gives NO DIALTONE.
 */
import type { Clock } from '../clock.js';
import { OutputQueue } from './output-queue.js';

/** The four modem-status lines as the DTE sees them. */
export interface ModemLineState {
  cts: boolean;
  dsr: boolean;
  ri: boolean;
  dcd: boolean;
}

/** Lets a remote service (the far end of a call) talk to the line. */
export interface ServiceContext {
  /**
   * Send bytes (or Latin-1 text, one byte per character) to the caller over the carrier. The bytes are
   * copied: the service may reuse its buffer. Ignored once the call is over.
   */
  send(data: Uint8Array | string): void;
  /** Drop the carrier from the far end (the caller's modem reports NO CARRIER). */
  hangup(): void;
  /** Place a call to this modem after `delayMs` (asynchronous callback); rings until answered or given up. */
  callBack(delayMs: number, service: ServiceFactory): void;
  readonly clock: Clock;
}

/** The far end of a connected call. */
export interface RemoteService {
  /**
   * Bytes the caller typed, as they arrive: everything one write() to the modem carried, in one call
   * (a view, valid only during the call: copy what you keep).
   */
  receive(bytes: Uint8Array): void;
  /** The caller hung up (or the modem dropped the line); release timers. */
  hangup(): void;
}
export type ServiceFactory = (ctx: ServiceContext) => RemoteService;

/** What happens when a number is dialed. */
export type CallOutcome =
  | { kind: 'answer'; service: ServiceFactory; rings?: number }
  | { kind: 'busy' }
  | { kind: 'no-answer' }
  | { kind: 'no-dialtone' }
  /** A person (or a fax) answers: no carrier. */
  | { kind: 'voice' };

/** Durations of the phone line's events, in ms (defaults in DEFAULT_TIMING). */
export interface ModemTiming {
  /** Off hook to dial tone. */
  dialToneMs: number;
  /** One DTMF digit (tone dialing). */
  toneDigitMs: number;
  /** One pulse (pulse dialing, 10 pulses/s) and the gap between digits. */
  pulseMs: number;
  interDigitMs: number;
  /** Ring cadence: RI on, RI off (US: 2 s on, 4 s off). */
  ringOnMs: number;
  ringOffMs: number;
  /** Carrier negotiation after the far end answers. */
  handshakeMs: number;
  /** Busy tone heard before BUSY is reported. */
  busyMs: number;
  /** How many rings an incoming call (callback) lasts before the caller gives up. */
  incomingMaxRings: number;
}

export const DEFAULT_TIMING: Readonly<ModemTiming> = Object.freeze({
  dialToneMs: 300,
  toneDigitMs: 80,
  pulseMs: 100,
  interDigitMs: 300,
  ringOnMs: 2000,
  ringOffMs: 4000,
  handshakeMs: 1500,
  busyMs: 1500,
  incomingMaxRings: 10,
});

export interface ModemOptions {
  clock: Clock;
  /** Maps a dialed number (as typed after ATD, modifiers included) to what happens. */
  directory: (number: string) => CallOutcome;
  timing?: Partial<ModemTiming>;
  /** Fastest carrier, bits/s (default 33600, V.34); CONNECT reports min(DTE baud, this). */
  maxLineRate?: number;
  /** DTE baud rate at power-on, bits/s (default 115200); the RFC 2217 server sets it from SET-BAUDRATE. */
  baud?: number;
}

type Mode = 'command' | 'originating' | 'answering' | 'online' | 'online-command';

/** Result codes: verbose text and numeric code (Hayes). */
const RESULT = {
  OK: 0,
  CONNECT: 1,
  RING: 2,
  'NO CARRIER': 3,
  ERROR: 4,
  'NO DIALTONE': 6,
  BUSY: 7,
  'NO ANSWER': 8,
} as const;
type ResultName = keyof typeof RESULT;

const CONNECT_CODES: Record<number, number> = { 1200: 5, 2400: 10, 4800: 11, 9600: 12, 14400: 13, 19200: 14 };

/** S-register factory values (index -> value). S7 is 10 here, not 50 (see the module doc). */
const FACTORY_S: Record<number, number> = {
  0: 0, 1: 0, 2: 43, 3: 13, 4: 10, 5: 8, 6: 2, 7: 10, 8: 2, 9: 6, 10: 14, 11: 95, 12: 50, 99: 0,
};

interface Config {
  echo: boolean;
  verbose: boolean;
  quiet: boolean;
  x: number;
  dcdMode: 0 | 1;
  dtrMode: 0 | 1 | 2;
  s: number[];
}

function factoryConfig(): Config {
  const s = new Array<number>(100).fill(0);
  for (const [k, v] of Object.entries(FACTORY_S)) s[Number(k)] = v;
  return { echo: true, verbose: true, quiet: false, x: 4, dcdMode: 1, dtrMode: 2, s };
}

/** Characters of a command line kept (a longer line keeps its last ones). */
const MAX_LINE = 255;

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/**
 * The simulated modem. Create one per DTE (one per RFC 2217 client connection).
 *
 * Callbacks: `onOutput(bytes)` delivers paced bytes to the DTE; `onLines(state)` fires whenever CTS,
 * DSR, RI or DCD changes (with the full new state). Call `dispose()` when the DTE goes away.
 */
export class HayesModem {
  onOutput: (bytes: Uint8Array) => void = () => {};
  onLines: (state: ModemLineState) => void = () => {};

  private readonly clock: Clock;
  private readonly directory: (number: string) => CallOutcome;
  private readonly timing: ModemTiming;
  private readonly maxLineRate: number;
  private cfg: Config = factoryConfig();
  private mode: Mode = 'command';
  private baud: number;
  private bitsPerChar = 10;
  private connectRate = 0;
  private dtr = true;
  private rts = true;
  private rtsCtsFlow = false;
  private riOn = false;
  private lastLines: ModemLineState;
  private lineBuf = '';
  private lastCommand = '';
  private remote: RemoteService | null = null;
  /** Data from the far end held while in online command mode, delivered on ATO. */
  private held: Uint8Array[] = [];
  /** Cancels every timer of the call in progress (dialing, ringing, handshake). */
  private callTimers: Array<() => void> = [];
  private incoming: { service: ServiceFactory; rings: number } | null = null;
  private pendingCallbacks: Array<() => void> = [];
  // escape (+++) detection
  private lastRxAt = -Infinity;
  private plusCount = 0;
  private lastPlusAt = 0;
  private cancelGuard: (() => void) | null = null;
  // output pacing
  private readonly queue = new OutputQueue();
  /** Characters the line may send now (fractional; refilled at the line rate, capped at 100 ms of it). */
  private budget = 0;
  private lastPumpAt = -1e9;
  private cancelPump: (() => void) | null = null;
  /** True while pump() runs: output queued meanwhile is picked up by the same pass. */
  private pumping = false;
  private readonly oneByte = new Uint8Array(1);
  private disposed = false;
  private readonly holds = new Set<string>();

  constructor(options: ModemOptions) {
    this.clock = options.clock;
    this.directory = options.directory;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.maxLineRate = options.maxLineRate ?? 33600;
    this.baud = options.baud ?? 115200;
    this.lastLines = this.lines();
  }

  /** The modem-status lines now. */
  lines(): ModemLineState {
    const carrier = this.mode === 'online' || this.mode === 'online-command';
    return { cts: this.rts, dsr: true, ri: this.riOn, dcd: this.cfg.dcdMode === 0 || carrier };
  }

  /** True while a carrier is up. */
  get connected(): boolean {
    return this.mode === 'online' || this.mode === 'online-command';
  }

  /** The current state, for tests and status displays. */
  get state(): Mode {
    return this.mode;
  }

  /** The DTE baud rate in bits/s (pacing in command mode; CONNECT reports min(this, max line rate)). */
  setBaud(baud: number): void {
    if (Number.isFinite(baud) && baud > 0) this.baud = baud;
  }

  /**
   * The DTE character frame: 1 start bit + data bits (5-8) + 1 parity bit unless none + stop bits
   * (1, 1.5, 2); pacing uses it (default 10, i.e. 8N1).
   */
  setFrame(dataBits: number, parity: boolean, stopBits: number): void {
    const bits = 1 + dataBits + (parity ? 1 : 0) + stopBits;
    if (Number.isFinite(bits) && bits >= 7 && bits <= 12) this.bitsPerChar = bits;
  }

  /** RTS/CTS hardware flow control: while on, RTS off holds the output to the DTE. */
  setHardwareFlow(on: boolean): void {
    this.rtsCtsFlow = on;
    this.pump();
  }

  /** DTR from the DTE; on->off acts per &D (0 ignore, 1 online command mode, 2 hang up). */
  setDtr(on: boolean): void {
    if (on === this.dtr) return;
    this.dtr = on;
    if (on || this.cfg.dtrMode === 0) return;
    if (this.cfg.dtrMode === 1 && this.mode === 'online') {
      this.mode = 'online-command';
      this.result('OK');
      return;
    }
    if (this.cfg.dtrMode === 2) {
      if (this.mode === 'originating' || this.mode === 'answering' || this.connected) this.hangUp('NO CARRIER');
      this.stopIncoming();
    }
  }

  /** RTS from the DTE; CTS follows it. */
  setRts(on: boolean): void {
    if (on === this.rts) return;
    this.rts = on;
    this.emitLines();
    this.pump();
  }

  /**
   * Hold (or release) output to the DTE for `owner` ('suspend' for RFC 2217 FLOWCONTROL-SUSPEND,
   * 'socket' for TCP backpressure): nothing is delivered while any owner holds; nothing is lost.
   */
  hold(owner: string, on: boolean): void {
    if (on) this.holds.add(owner);
    else this.holds.delete(owner);
    this.pump();
  }

  /** Clear output not yet delivered to the DTE (RFC 2217 PURGE-DATA, receive buffer); pending actions stay. */
  purgeOutput(): void {
    this.queue.dropAllBytes();
    this.pump();
  }

  /** Bytes of output queued for the DTE, not yet delivered (paced, held, or both). */
  get pendingOutput(): number {
    return this.queue.byteLength;
  }

  /**
   * Bytes from the DTE (any length; the modem does not keep `bytes`). In command mode they are parsed
   * one by one; online, everything from the first online byte on goes to the far end in one piece,
   * after the escape sequence (S2, default `+`) has been looked for with indexOf.
   */
  write(bytes: Uint8Array): void {
    if (this.disposed) return;
    const now = this.clock.now();
    for (let i = 0; i < bytes.length && !this.disposed; i++) {
      if (this.mode === 'online') {
        this.onlineData(i === 0 ? bytes : bytes.subarray(i), now);
        return;
      }
      this.rxByte(bytes[i]!, now);
    }
  }

  /** Power off: cancel every timer and the call. */
  dispose(): void {
    if (this.disposed) return;
    this.clearCall();
    this.stopIncoming();
    for (const cancel of this.pendingCallbacks) cancel();
    this.pendingCallbacks = [];
    this.cancelGuard?.();
    this.cancelPump?.();
    this.cancelPump = null;
    this.queue.clear();
    this.disposed = true;
  }

  // ---- input ----

  /** One byte from the DTE outside online mode. */
  private rxByte(b: number, now: number): void {
    this.lastRxAt = now;
    if (this.mode === 'originating' || this.mode === 'answering') {
      // any key aborts a call being set up (LF and NUL, which follow a CR from some terminals, do not)
      if (b !== 0x0a && b !== 0x00) this.hangUp('NO CARRIER');
      return;
    }
    this.commandByte(b);
  }

  /**
   * Data typed online, all arriving at `now`: watch for the escape sequence (three S2 characters with
   * S12 of silence before and after), then hand the bytes to the far end in one piece (the escape
   * characters included: they are data too). Runs between escape characters are skipped with indexOf.
   */
  private onlineData(bytes: Uint8Array, now: number): void {
    const esc = this.cfg.s[2]!;
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      const at = esc <= 127 ? bytes.indexOf(esc, i) : -1;
      const runEnd = at < 0 ? n : at;
      if (runEnd > i) {
        // other data: no escape sequence in progress, and the silence before the next one starts now
        this.stopGuard();
        this.plusCount = 0;
        this.lastRxAt = now;
      }
      if (at < 0) break;
      this.escapeChar(now);
      i = at + 1;
    }
    this.remote?.receive(bytes);
  }

  /** One escape character (S2) typed online at `now`. */
  private escapeChar(now: number): void {
    const guard = this.cfg.s[12]! * 20;
    this.stopGuard();
    const quietBefore = this.plusCount === 0 ? now - this.lastRxAt >= guard : now - this.lastPlusAt < guard;
    this.plusCount = quietBefore ? this.plusCount + 1 : 0;
    this.lastPlusAt = now;
    this.lastRxAt = now;
    if (this.plusCount === 3) {
      this.cancelGuard = this.clock.setTimer(guard, () => {
        this.cancelGuard = null;
        this.plusCount = 0;
        if (this.mode !== 'online') return;
        this.mode = 'online-command';
        this.result('OK');
      });
    }
  }

  private stopGuard(): void {
    if (!this.cancelGuard) return;
    this.cancelGuard();
    this.cancelGuard = null;
  }

  private commandByte(b: number): void {
    const cr = this.cfg.s[3]!;
    const bs = this.cfg.s[5]!;
    if (this.cfg.echo) this.emitByte(b);
    if (b === cr) {
      const line = this.commandLine().replace(/^[\s\0]+/, '');
      this.lineBuf = '';
      if (/^at/i.test(line)) this.executeLine(line.slice(2));
      return;
    }
    if (b === bs || b === 0x7f) {
      this.lineBuf = this.commandLine().slice(0, -1);
      return;
    }
    this.lineBuf += String.fromCharCode(b);
    // the line keeps its last 255 characters; trimmed in batches, so a long paste costs O(1) per byte
    if (this.lineBuf.length >= 2 * MAX_LINE) this.lineBuf = this.commandLine();
    // A/ repeats the last command line at once (no CR needed)
    if (b === 0x2f && /^[\s\0]*a\/$/i.test(this.commandLine())) {
      this.lineBuf = '';
      if (this.cfg.echo) this.emit(latin1('\r'));
      this.executeLine(this.lastCommand);
    }
  }

  /** The command line typed so far: its last MAX_LINE characters. */
  private commandLine(): string {
    return this.lineBuf.length > MAX_LINE ? this.lineBuf.slice(-MAX_LINE) : this.lineBuf;
  }

  // ---- commands ----

  private executeLine(body: string): void {
    this.lastCommand = body;
    const cmd = body.replace(/[ \t]/g, '');
    let i = 0;
    const info: string[] = [];
    const num = (): number | null => {
      const m = /^\d+/.exec(cmd.slice(i));
      if (!m) return null;
      i += m[0].length;
      return Number(m[0]);
    };
    const fail = () => {
      this.flushInfo(info);
      this.result('ERROR');
    };
    while (i < cmd.length) {
      const c = cmd[i++]!.toUpperCase();
      switch (c) {
        case 'Z': {
          num();
          this.reset();
          break;
        }
        case 'E':
        case 'V':
        case 'Q': {
          const n = num() ?? 0;
          if (n > 1) return fail();
          if (c === 'E') this.cfg.echo = n === 1;
          else if (c === 'V') this.cfg.verbose = n === 1;
          else this.cfg.quiet = n === 1;
          break;
        }
        case 'X': {
          const n = num() ?? 0;
          if (n > 4) return fail();
          this.cfg.x = n;
          break;
        }
        case 'L':
        case 'M': {
          const n = num() ?? 0;
          if (n > 3) return fail();
          break;
        }
        case 'H': {
          const n = num() ?? 0;
          if (n > 1) return fail();
          if (n === 0 && this.mode !== 'command') {
            this.clearCall();
            this.stopRemote();
            this.mode = 'command';
            this.emitLines();
          }
          break;
        }
        case 'I': {
          const n = num() ?? 0;
          const text = this.identify(n);
          if (text === null) return fail();
          info.push(text);
          break;
        }
        case 'S': {
          const reg = num();
          if (reg === null || reg > 99) return fail();
          if (cmd[i] === '?') {
            i++;
            info.push(String(this.cfg.s[reg]!).padStart(3, '0'));
          } else if (cmd[i] === '=') {
            i++;
            const v = num() ?? 0;
            if (v > 255) return fail();
            this.cfg.s[reg] = v;
          } else return fail();
          break;
        }
        case '&': {
          const sub = (cmd[i++] ?? '').toUpperCase();
          const n = num() ?? 0;
          if (sub === 'C' && n <= 1) this.cfg.dcdMode = n as 0 | 1;
          else if (sub === 'D' && n <= 2) this.cfg.dtrMode = n as 0 | 1 | 2;
          else if (sub === 'F' && n === 0) this.cfg = factoryConfig();
          else if (sub === 'W' && n <= 1) {
            /* no non-volatile memory: accepted */
          } else if (sub === 'K' && n <= 6) {
            /* flow control is the RFC 2217 setting: accepted */
          } else return fail();
          this.emitLines();
          break;
        }
        case 'O': {
          num();
          this.flushInfo(info);
          if (!this.connected) return this.result('NO CARRIER');
          this.goOnline();
          return;
        }
        case 'A': {
          this.flushInfo(info);
          this.answer();
          return;
        }
        case 'D': {
          this.flushInfo(info);
          this.dial(cmd.slice(i));
          return;
        }
        default:
          return fail();
      }
    }
    this.flushInfo(info);
    this.result('OK');
  }

  private identify(n: number): string | null {
    switch (n) {
      case 0:
        return `DIALTONE DEMO MODEM ${this.maxLineRate}`;
      case 1:
        return '255';
      case 3:
        return 'Dialtone demo modem (simulated Hayes, V.34 33600)';
      case 4:
        return `E${+this.cfg.echo} Q${+this.cfg.quiet} V${+this.cfg.verbose} X${this.cfg.x} &C${this.cfg.dcdMode} &D${this.cfg.dtrMode} S0=${this.cfg.s[0]} S7=${this.cfg.s[7]} S12=${this.cfg.s[12]}`;
      default:
        return n <= 9 ? '' : null; // I2 (ROM check) and the rest: just the final OK
    }
  }

  private reset(): void {
    this.clearCall();
    this.stopRemote();
    this.stopIncoming();
    this.mode = 'command';
    this.cfg = factoryConfig();
    this.emitLines();
  }

  // ---- calls ----

  private dial(rest: string): void {
    if (this.connected) return this.result('ERROR');
    const stay = rest.includes(';');
    const dialString = rest.replace(/;.*$/, '');
    let pulse = false;
    let dialMs = this.timing.dialToneMs;
    for (const ch of dialString.toUpperCase()) {
      if (ch === 'T') pulse = false;
      else if (ch === 'P') pulse = true;
      else if (ch === ',') dialMs += this.cfg.s[8]! * 1000;
      else if (ch === 'W') dialMs += this.timing.dialToneMs;
      else if (ch === '!') dialMs += 500;
      else if (/[0-9*#ABCD]/.test(ch)) {
        if (pulse) {
          const d = ch >= '0' && ch <= '9' ? Number(ch) || 10 : 0;
          dialMs += d * this.timing.pulseMs + this.timing.interDigitMs;
        } else dialMs += this.timing.toneDigitMs;
      }
    }
    this.stopIncoming();
    this.mode = 'originating';
    const outcome: CallOutcome = this.cfg.s[99] ? { kind: 'no-dialtone' } : this.directory(dialString);
    const s7Ms = this.cfg.s[7]! * 1000;
    if (outcome.kind === 'no-dialtone') {
      this.after(this.cfg.s[6]! * 1000, () => this.callFailed(this.cfg.x === 2 || this.cfg.x === 4 ? 'NO DIALTONE' : 'NO CARRIER'));
      return;
    }
    if (stay) {
      this.after(dialMs, () => {
        this.clearCall();
        this.mode = 'command';
        this.result('OK');
      });
      return;
    }
    // S7: seconds allowed from dialing to carrier
    this.after(s7Ms, () => this.callFailed(outcome.kind === 'no-answer' && this.cfg.x >= 3 ? 'NO ANSWER' : 'NO CARRIER'));
    const ringCycle = this.timing.ringOnMs + this.timing.ringOffMs;
    switch (outcome.kind) {
      case 'busy':
        this.after(dialMs + this.timing.busyMs, () => this.callFailed(this.cfg.x >= 3 ? 'BUSY' : 'NO CARRIER'));
        break;
      case 'voice':
        this.after(dialMs + ringCycle, () => this.callFailed('NO CARRIER'));
        break;
      case 'no-answer':
        break;
      case 'answer': {
        const rings = outcome.rings ?? 1;
        const answerAt = dialMs + (rings - 1) * ringCycle + this.timing.ringOnMs;
        this.after(answerAt + this.timing.handshakeMs, () => this.carrierUp(outcome.service));
        break;
      }
    }
  }

  private answer(): void {
    if (this.connected) return this.result('ERROR');
    const call = this.incoming;
    if (!call) return this.result('NO CARRIER');
    this.stopIncoming();
    this.mode = 'answering';
    this.after(this.cfg.s[7]! * 1000, () => this.callFailed('NO CARRIER'));
    this.after(this.timing.handshakeMs, () => this.carrierUp(call.service));
  }

  /** An incoming call: RI rings with the cadence; RING each ring; S0 > 0 answers after S0 rings. */
  private incomingCall(service: ServiceFactory): void {
    if (this.mode !== 'command' || this.incoming) return; // busy line: the caller gives up
    this.incoming = { service, rings: 0 };
    this.ring();
  }

  private ring(): void {
    const call = this.incoming;
    if (!call) return;
    if (call.rings >= this.timing.incomingMaxRings) {
      this.stopIncoming();
      return;
    }
    call.rings++;
    this.cfg.s[1] = Math.min(255, call.rings);
    this.riOn = true;
    this.emitLines();
    this.result('RING');
    const autoAnswer = this.cfg.s[0]! > 0 && call.rings >= this.cfg.s[0]! && (this.dtr || this.cfg.dtrMode !== 2);
    this.after(this.timing.ringOnMs, () => {
      this.riOn = false;
      this.emitLines();
      if (autoAnswer && this.incoming === call) {
        this.clearCall();
        this.answer();
        return;
      }
      this.after(this.timing.ringOffMs, () => this.ring());
    });
  }

  private stopIncoming(): void {
    if (!this.incoming) return;
    this.incoming = null;
    this.cfg.s[1] = 0;
    if (this.mode === 'command') this.clearCall();
    if (this.riOn) {
      this.riOn = false;
      this.emitLines();
    }
  }

  private carrierUp(factory: ServiceFactory): void {
    this.clearCall();
    this.connectRate = Math.min(this.baud, this.maxLineRate);
    this.mode = 'online';
    this.plusCount = 0;
    this.lastRxAt = this.clock.now();
    this.resultConnect();
    this.emitLinesAfterOutput();
    let live = true;
    // assigned once the service exists; its callbacks compare against it
    let wrapper: RemoteService | null = null;
    const ctx: ServiceContext = {
      clock: this.clock,
      send: (data) => {
        if (!live) return;
        const bytes = typeof data === 'string' ? latin1(data) : data;
        if (bytes.length === 0) return;
        if (this.mode === 'online-command') this.held.push(bytes.slice());
        else this.enqueueBytes(bytes, true);
      },
      hangup: () => {
        if (!live) return;
        live = false;
        if (this.remote === wrapper) this.remote = null;
        // the far end dropped the carrier: what it sent before still arrives, then NO CARRIER
        this.enqueueAction(() => {
          if (this.remote !== null || !this.connected) return;
          this.mode = 'command';
          this.held = [];
          this.emitLines();
          this.result('NO CARRIER');
        });
      },
      callBack: (delayMs, service) => {
        const cancel = this.clock.setTimer(delayMs, () => {
          this.pendingCallbacks = this.pendingCallbacks.filter((c) => c !== cancel);
          this.incomingCall(service);
        });
        this.pendingCallbacks.push(cancel);
      },
    };
    const service = factory(ctx);
    wrapper = {
      receive: (b) => service.receive(b),
      hangup: () => {
        live = false;
        service.hangup();
      },
    };
    if (live) this.remote = wrapper;
  }

  private goOnline(): void {
    this.mode = 'online';
    this.plusCount = 0;
    this.lastRxAt = this.clock.now();
    this.resultConnect();
    const held = this.held;
    this.held = [];
    for (const b of held) this.enqueueBytes(b, true);
  }

  private callFailed(result: ResultName): void {
    this.clearCall();
    this.mode = 'command';
    this.result(result);
  }

  /** Hang up from this side (ATH, DTR drop, a key during dialing): drops undelivered far-end data. */
  private hangUp(result: ResultName): void {
    const wasConnected = this.connected;
    this.clearCall();
    this.stopRemote();
    this.mode = 'command';
    if (wasConnected) this.queue.dropRemote();
    this.emitLines();
    this.result(result);
  }

  private stopRemote(): void {
    const remote = this.remote;
    this.remote = null;
    this.held = [];
    remote?.hangup();
  }

  /** A timer belonging to the call in progress (cancelled by clearCall). */
  private after(ms: number, fn: () => void): void {
    const cancel = this.clock.setTimer(ms, () => {
      this.callTimers = this.callTimers.filter((c) => c !== cancel);
      fn();
    });
    this.callTimers.push(cancel);
  }

  private clearCall(): void {
    for (const cancel of this.callTimers) cancel();
    this.callTimers = [];
  }

  // ---- output ----

  private resultConnect(): void {
    if (this.cfg.quiet) return;
    if (this.cfg.x === 0) return this.result('CONNECT');
    if (this.cfg.verbose) this.emit(latin1(`\r\nCONNECT ${this.connectRate}\r\n`));
    else this.emit(latin1(`${CONNECT_CODES[this.connectRate] ?? 1}\r`));
  }

  private result(name: ResultName): void {
    if (this.cfg.quiet) return;
    const cr = String.fromCharCode(this.cfg.s[3]!);
    const lf = String.fromCharCode(this.cfg.s[4]!);
    this.emit(latin1(this.cfg.verbose ? `${cr}${lf}${name}${cr}${lf}` : `${RESULT[name]}${cr}`));
  }

  private flushInfo(info: string[]): void {
    for (const text of info.splice(0)) {
      if (text === '') continue;
      if (this.cfg.verbose) this.emit(latin1(`\r\n${text}\r\n`));
      else this.emit(latin1(`${text}\r\n`));
    }
  }

  /** The modem's own output (echo, result codes, information text). */
  private emit(bytes: Uint8Array): void {
    this.enqueueBytes(bytes, false);
  }

  /** One echoed byte (the queue copies it out of the scratch buffer). */
  private emitByte(b: number): void {
    this.oneByte[0] = b;
    this.enqueueBytes(this.oneByte, false);
  }

  private enqueueBytes(bytes: Uint8Array, fromRemote: boolean): void {
    if (this.disposed || bytes.length === 0) return;
    this.beforeEnqueue();
    this.queue.pushBytes(bytes, fromRemote);
    this.kick();
  }

  /** Run `action` once everything queued before it has been delivered. */
  private enqueueAction(action: () => void): void {
    if (this.disposed) return;
    this.beforeEnqueue();
    this.queue.pushAction(action);
    this.kick();
  }

  private beforeEnqueue(): void {
    if (this.queue.length === 0 && !this.cancelPump) {
      // an idle line saves up at most one character: the next one leaves at once, the rest paced
      const now = this.clock.now();
      this.budget = Math.min(this.budget + (now - this.lastPumpAt) * this.bytesPerMs(), 1);
      this.lastPumpAt = now;
    }
  }

  /**
   * Deliver what the line allows now. Not while a pump pass runs (it picks the new output up) nor while
   * its timer is pending: then the front of the queue is waiting for line time, and output queued behind
   * it cannot leave earlier; the timer's tick sends it.
   */
  private kick(): void {
    if (!this.pumping && !this.cancelPump) this.pump();
  }

  /** Raise DCD only once the CONNECT line has gone out, as a real modem's DCD follows its result. */
  private emitLinesAfterOutput(): void {
    this.enqueueAction(() => this.emitLines());
  }

  private emitLines(): void {
    const now = this.lines();
    const last = this.lastLines;
    if (now.cts === last.cts && now.dsr === last.dsr && now.ri === last.ri && now.dcd === last.dcd) return;
    this.lastLines = now;
    this.onLines(now);
  }

  /** Bytes per ms at the current rate: bitsPerChar bits per character (10 at 8N1: start, 8 data, stop). */
  private bytesPerMs(): number {
    const rate = this.connected && this.mode === 'online' ? this.connectRate : this.baud;
    return rate / this.bitsPerChar / 1000;
  }

  /** Output is held: RTS off under RTS/CTS flow control, or a hold() owner. */
  private blocked(): boolean {
    return (this.rtsCtsFlow && !this.rts) || this.holds.size > 0;
  }

  /**
   * One pacing step: refill the budget for the time since the last step (at most 100 ms of line time),
   * deliver as many queued bytes as it allows in one onOutput call (actions in between run in order,
   * after the bytes before them have been delivered), and, with output left, set a timer for the next
   * step (when one more character is due, at least 10 ms away). Work per step is per chunk, not per byte.
   */
  private pump(): void {
    if (this.disposed || this.pumping) return;
    this.cancelPump?.();
    this.cancelPump = null;
    const now = this.clock.now();
    const perMs = this.bytesPerMs();
    // at most 100 ms of line time saved up, so a busy event loop catches up without an unpaced burst
    this.budget = Math.min(this.budget + (now - this.lastPumpAt) * perMs, Math.max(1, perMs * 100));
    this.lastPumpAt = now;
    if (this.blocked()) return;
    this.pumping = true;
    try {
      let pieces: Uint8Array[] = [];
      let total = 0;
      while (!this.disposed && !this.blocked()) {
        const front = this.queue.front();
        if (front === null) break;
        if (front.kind === 'action') {
          if (pieces.length > 0) {
            // the bytes before the action go out first (delivering may hold the output: checked again)
            this.deliver(pieces, total);
            pieces = [];
            total = 0;
            continue;
          }
          this.queue.takeAction()!();
          continue;
        }
        if (this.budget < 1) break;
        const bytes = this.queue.takeBytes(this.budget)!;
        this.budget -= bytes.length;
        pieces.push(bytes);
        total += bytes.length;
      }
      if (pieces.length > 0 && !this.disposed) this.deliver(pieces, total);
    } finally {
      this.pumping = false;
    }
    if (this.queue.length > 0 && !this.disposed && !this.blocked() && !this.cancelPump) {
      const wait = Math.max(10, Math.ceil((1 - this.budget) / this.bytesPerMs()));
      this.cancelPump = this.clock.setTimer(wait, () => {
        this.cancelPump = null;
        this.pump();
      });
    }
  }

  /** Hand `pieces` (`total` bytes in all) to the DTE in one onOutput call. */
  private deliver(pieces: Uint8Array[], total: number): void {
    if (pieces.length === 1) {
      this.onOutput(pieces[0]!);
      return;
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of pieces) {
      out.set(p, at);
      at += p.length;
    }
    this.onOutput(out);
  }
}
