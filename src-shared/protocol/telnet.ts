/**
 * TelnetCore: the byte layer shared by the client and server engines. It parses telnet (RFC 854/855)
 * from any split of the input, negotiates options by RFC 1143 (qmethod.ts), escapes outgoing data, and
 * hands complete subnegotiations to the subclass. Sans-I/O: bytes in, events + an outbox out.
 *
 * Receiving:
 * - Data is found with indexOf(IAC) (and indexOf(CR) when NVT rules apply) and emitted as subarrays of
 *   the input chunk when the chunk has one run of data; otherwise the runs are gathered into one new
 *   buffer per chunk. Adjacent data events may therefore come split differently for different chunkings;
 *   concatenated they are always the same bytes.
 * - NVT (the peer's BINARY not in effect): CR NUL reads as CR; CR LF and CR x are kept as they are.
 * - IAC IAC is one 0xFF byte, also inside SB. IAC NOP/GA/AYT/AO/IP/BRK/EC/EL/DM are ignored.
 * - Malformed input never stops the parser: IAC SE without SB, IAC + a byte that is no command (kept as
 *   the data 0xFF + byte: most likely a peer that does not escape 0xFF), IAC + a non-command inside SB
 *   (the SB is dropped, the command is processed), an SB longer than maxSubnegotiationBytes (its bytes
 *   are discarded up to its IAC SE, or an IAC command that ends it: SB content is never line data, however
 *   long) -> each a 'malformed-frame' warning, one per frame.
 *
 * Sending (sendData):
 * - 0xFF is doubled (IAC IAC) always. Under NVT rules (our BINARY not in effect, RFC 856) a CR goes out
 *   as CR LF when the next byte written is LF and as CR NUL otherwise (RFC 854); LF and NUL alone are
 *   sent as they are. With BINARY in effect CR is a byte like any other.
 * - Split-independence: a CR is encoded by the byte AFTER it, which may come in the next write. So that
 *   the same text leaves as the same bytes however it is cut into writes (typed byte by byte, or pasted
 *   and split anywhere), a CR that ends a write is held back when the caller passes `nowMs`: the next
 *   write decides it (CR LF or CR NUL + byte; both bytes leave in one chunk, which matters to servers
 *   such as BusyBox telnetd that drop the LF or NUL after a CR only within one read). If no write comes
 *   within CR_HOLD_MS the CR is released by releaseHeldCr(nowMs) (the owner's tick) as CR NUL, so Enter
 *   alone is never kept; an LF written after that is a line feed of its own (CR NUL LF), as two keys
 *   pressed apart would be. A held CR also leaves before any subnegotiation we queue (a COM-PORT command
 *   never overtakes data written before it); option negotiations, which carry no data, may pass it.
 *   Without `nowMs` nothing is held: a CR ending the write goes at once as CR NUL (callers that have no
 *   timer to release a held CR; their output depends on how the data was split).
 */
import {
  AO, AYT, BRK, CR, DM, DO, DONT, EC, EL, GA, IAC, IP, LF, NOP, NUL, OPT_BINARY, SB, SE, WILL, WONT, optionName,
} from './constants.js';
import { OptionTable, type NegotiationPolicy, type NegotiationResult } from './qmethod.js';
import { OutputBuffer } from './output.js';
import type { TelnetEvent } from './types.js';

const S_DATA = 0;
const S_IAC = 1;
const S_NEG = 2;
const S_SB_OPT = 3;
const S_SB = 4;
const S_SB_IAC = 5;

/** Default largest subnegotiation body, in bytes. */
export const DEFAULT_MAX_SB = 1024;

/**
 * How long a CR that ends a write waits for the next write, in ms (sendData with `nowMs`), before it
 * leaves as CR NUL. Long enough for the pieces of one paste or one piped chunk that arrive in separate
 * event-loop turns, even on a busy machine; short enough (well under 100 ms) that Enter alone, which
 * under NVT rules always waits this long, is not felt to lag.
 */
export const CR_HOLD_MS = 50;

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/** The negotiation verbs by code (RFC 854). */
const VERB_NAMES: Readonly<Record<number, 'WILL' | 'WONT' | 'DO' | 'DONT'>> = { [WILL]: 'WILL', [WONT]: 'WONT', [DO]: 'DO', [DONT]: 'DONT' };

export abstract class TelnetCore<E extends { type: string }> {
  protected readonly out = new OutputBuffer();
  protected readonly options: OptionTable;

  private state = S_DATA;
  private verb = 0;
  private lastWasCR = false;
  private sbOption = 0;
  private readonly sbBuf: Uint8Array;
  private sbLen = 0;
  private sbOverflow = false;

  // Per-receive data gathering (see module doc).
  private pend: Uint8Array | null = null;
  private acc: Uint8Array | null = null;
  private accStart = 0;
  private accLen = 0;

  /** The peer asked us to stop sending (FLOWCONTROL-SUSPEND); data waits in `held`. */
  private peerSuspended = false;
  private held: { bytes: Uint8Array; nowMs: number | undefined }[] = [];
  private heldTotal = 0;

  /**
   * Emit every received WILL/WONT/DO/DONT as a 'negotiation' trace event (as libtelnet does), for tools
   * such as the probe that show the peer's negotiation; off for sessions (the 'option' events suffice).
   */
  protected traceNegotiation = false;

  /** A CR ended the last write under NVT rules and waits for the next byte (see module doc). */
  private crHeld = false;
  /** When the held CR leaves as CR NUL if no write came (ms, the caller's clock). */
  private crDeadlineMs = 0;

  constructor(policy: NegotiationPolicy, maxSubnegotiationBytes: number) {
    this.options = new OptionTable(policy, (cmd, opt) => this.out.raw(IAC, cmd, opt));
    this.sbBuf = new Uint8Array(Math.max(1, maxSubnegotiationBytes));
  }

  /** A complete subnegotiation arrived (IAC SB option body IAC SE, body unescaped). */
  protected abstract onSubnegotiation(option: number, body: Uint8Array, events: E[]): void;
  /** A WILL/WONT/DO/DONT was processed (after the answer, if any, was queued). */
  protected abstract onNegotiation(option: number, result: NegotiationResult, events: E[]): void;

  /**
   * A chance to take a WILL/WONT/DO/DONT before the RFC 1143 option table does (TIMING-MARK, RFC 860,
   * is a one-shot probe, not a state). Returns true when it was taken.
   */
  protected interceptNegotiation(_verb: number, _option: number, _events: E[]): boolean {
    return false;
  }

  /** Push a shared event into the subclass's event list (E includes TelnetEvent by construction). */
  protected emit(events: E[], ev: TelnetEvent): void {
    events.push(ev as unknown as E);
  }

  /**
   * Ask for an option on our side ('local': WILL/WONT) or the peer's ('remote': DO/DONT), by RFC 1143:
   * a request already under way is absorbed, never re-sent. Our policy still decides what we accept.
   */
  requestOption(side: 'local' | 'remote', option: number, enabled: boolean): void {
    this.options.request(side, option & 0xff, enabled);
  }

  /** true when the option is in effect on that side. */
  optionEnabled(side: 'local' | 'remote', option: number): boolean {
    return this.options.enabled(side, option & 0xff);
  }

  /**
   * Take an option as agreed without a WILL/DO from the peer (OptionTable.assume: nothing is sent).
   * Reports it like a received negotiation: an 'option' event when it changed, then onNegotiation().
   * @returns true when the option is now in effect on that side.
   */
  protected assumeOption(side: 'local' | 'remote', option: number, events: E[]): boolean {
    const result = this.options.assume(side, option);
    if (result !== null) {
      if (result.changed) this.emit(events, { type: 'option', option, side, enabled: true });
      this.onNegotiation(option, result, events);
    }
    return this.options.enabled(side, option);
  }

  /** true while we may send data (the peer has not suspended us). */
  get canSendData(): boolean {
    return !this.peerSuspended;
  }

  /**
   * Queue line data (drain with takeOutput()). 0xFF is doubled (RFC 854). Unless our BINARY is in effect
   * (RFC 856), NVT rules apply: CR LF stays CR LF, any other CR becomes CR NUL (RFC 854).
   * @param bytes the operator's bytes, any length (empty: nothing happens); copied when kept.
   * @param nowMs the caller's clock in ms. Given, a CR that ends `bytes` under NVT rules is held until
   *   the next sendData() shows whether LF follows, or until releaseHeldCr(nowMs) at heldCrDeadlineMs
   *   (nowMs + CR_HOLD_MS) sends it as CR NUL: the bytes that leave are then the same however the data is
   *   split into writes. Omitted, a trailing CR goes at once as CR NUL (the owner has no timer).
   * While the peer has suspended us (FLOWCONTROL-SUSPEND) the data waits in the engine, in order.
   */
  sendData(bytes: Uint8Array, nowMs?: number): void {
    if (bytes.length === 0) return;
    if (this.peerSuspended) {
      this.held.push({ bytes: bytes.slice(), nowMs });
      this.heldTotal += bytes.length;
      return;
    }
    const nvt = !this.options.enabled('local', OPT_BINARY);
    let src = bytes;
    if (this.crHeld) {
      // The byte after the held CR is known now: CR LF, or CR NUL before anything else (RFC 854).
      this.crHeld = false;
      if (nvt && src[0] === LF) {
        this.out.raw(CR, LF);
        src = src.subarray(1);
      } else {
        this.putReleasedCr(nvt);
      }
    }
    const n = src.length;
    if (nowMs !== undefined && nvt && n > 0 && src[n - 1] === CR) {
      this.out.escaped(src.subarray(0, n - 1), true);
      this.crHeld = true;
      this.crDeadlineMs = nowMs + CR_HOLD_MS;
    } else {
      this.out.escaped(src, nvt);
    }
  }

  /**
   * When a held CR is due to leave (ms, the clock given to sendData), or null when none is held or while
   * the peer has suspended us. The owner arms its timer for it and then calls releaseHeldCr(nowMs).
   */
  get heldCrDeadlineMs(): number | null {
    return this.crHeld && !this.peerSuspended ? this.crDeadlineMs : null;
  }

  /**
   * Send a held CR now as CR NUL (RFC 854; a plain CR if our BINARY came into effect meanwhile), when it
   * is due (nowMs >= heldCrDeadlineMs) or, without `nowMs`, at once (before closing the connection).
   * Nothing happens while the peer has suspended us: the CR then waits like any data.
   * @returns true when a CR was queued (drain takeOutput()).
   */
  releaseHeldCr(nowMs?: number): boolean {
    if (!this.crHeld || this.peerSuspended) return false;
    if (nowMs !== undefined && nowMs < this.crDeadlineMs) return false;
    this.crHeld = false;
    this.putReleasedCr(!this.options.enabled('local', OPT_BINARY));
    return true;
  }

  /** A held CR whose next byte is not LF: CR NUL under NVT rules, CR alone in BINARY. */
  private putReleasedCr(nvt: boolean): void {
    if (nvt) this.out.raw(CR, NUL);
    else this.out.raw(CR);
  }

  /** Everything queued, as ONE chunk (a fresh copy), or null when nothing is queued. */
  takeOutput(): Uint8Array | null {
    return this.out.take();
  }

  /** Stop sending data (the peer's FLOWCONTROL-SUSPEND). */
  protected suspendOutput(): void {
    this.peerSuspended = true;
  }

  /** Restart sending data; data held meanwhile is queued now, in order. */
  protected resumeOutput(): void {
    this.peerSuspended = false;
    const held = this.held;
    this.held = [];
    this.heldTotal = 0;
    for (const h of held) this.sendData(h.bytes, h.nowMs);
  }

  /** Line data held while the peer has suspended us (FLOWCONTROL-SUSPEND), in bytes. */
  get heldBytes(): number {
    return this.heldTotal;
  }

  /** Forget the held data (the link is closing and it can never go); returns how many bytes that was. */
  discardHeld(): number {
    const n = this.heldTotal;
    this.held = [];
    this.heldTotal = 0;
    return n;
  }

  /**
   * Queue IAC SB option <body, 0xFF doubled> IAC SE. A held CR leaves first (unless we are suspended):
   * a command must not overtake data written before it.
   */
  protected sendSubnegotiation(option: number, body: ArrayLike<number>): void {
    this.releaseHeldCr();
    this.out.raw(IAC, SB, option);
    for (let i = 0; i < body.length; i++) {
      const b = body[i] ?? 0;
      if (b === IAC) this.out.raw(IAC, IAC);
      else this.out.raw(b);
    }
    this.out.raw(IAC, SE);
  }

  // ---- data gathering ----

  private appendRun(chunk: Uint8Array, a: number, b: number): void {
    if (b <= a) return;
    if (this.pend === null && this.accLen === this.accStart) {
      this.pend = chunk.subarray(a, b);
      return;
    }
    const acc = this.ensureAcc(chunk.length);
    acc.set(chunk.subarray(a, b), this.accLen);
    this.accLen += b - a;
  }

  private appendByte(byte: number, chunkLength: number): void {
    const acc = this.ensureAcc(chunkLength);
    acc[this.accLen++] = byte;
  }

  /** The gathering buffer; moves a pending zero-copy run into it first. Output never exceeds input. */
  private ensureAcc(chunkLength: number): Uint8Array {
    let acc = this.acc;
    if (acc === null) {
      // +2: an unescaped 0xFF re-emitted after a chunk boundary can add one byte of output.
      acc = this.acc = new Uint8Array(chunkLength + 2);
      this.accStart = this.accLen = 0;
    }
    if (this.pend !== null) {
      acc.set(this.pend, this.accLen);
      this.accLen += this.pend.length;
      this.pend = null;
    }
    return acc;
  }

  private flushData(events: E[]): void {
    if (this.pend !== null) {
      this.emit(events, { type: 'data', bytes: this.pend });
      this.pend = null;
    } else if (this.acc !== null && this.accLen > this.accStart) {
      this.emit(events, { type: 'data', bytes: this.acc.subarray(this.accStart, this.accLen) });
      this.accStart = this.accLen;
    }
  }

  /** The SB outgrew maxSubnegotiationBytes: warn once; its bytes are skipped up to the end of the frame. */
  private overflowSb(events: E[]): void {
    this.sbOverflow = true;
    this.warnMalformed(events, `subnegotiation for ${optionName(this.sbOption)} longer than ${this.sbBuf.length} bytes: discarded up to its IAC SE`);
  }

  private warnMalformed(events: E[], message: string): void {
    this.flushData(events);
    this.emit(events, { type: 'warning', code: 'malformed-frame', message });
  }

  /** Parse one chunk; events are appended to `events` in stream order. */
  protected parse(chunk: Uint8Array, events: E[]): void {
    const n = chunk.length;
    let i = 0;
    let iac = -1; // cached position of the next IAC at or after i (n = none)
    let cr = -1; // same for CR; n when NVT rules are off
    let nvt = !this.options.enabled('remote', OPT_BINARY);
    if (!nvt) cr = n;
    while (i < n) {
      switch (this.state) {
        case S_DATA: {
          if (this.lastWasCR) {
            this.lastWasCR = false;
            if (chunk[i] === NUL) {
              // CR NUL means CR (RFC 854): drop the NUL.
              i++;
              continue;
            }
          }
          if (iac < i) {
            iac = chunk.indexOf(IAC, i);
            if (iac < 0) iac = n;
          }
          // The next CR that matters: one followed by NUL, or the chunk's last byte (its NUL may come
          // next). CR LF and CR x are plain data, so text lines do not break the run.
          while (cr < i || (cr < iac && cr + 1 < n && chunk[cr + 1] !== NUL)) {
            cr = chunk.indexOf(CR, cr < i ? i : cr + 1);
            if (cr < 0) cr = n;
          }
          if (cr < iac) {
            this.appendRun(chunk, i, cr + 1);
            i = cr + 1;
            this.lastWasCR = true;
          } else {
            this.appendRun(chunk, i, iac);
            i = iac;
            if (i < n) {
              i++;
              this.state = S_IAC;
            }
          }
          break;
        }
        case S_IAC: {
          const b = chunk[i] as number;
          if (b === IAC) {
            // IAC IAC -> 0xFF; runs of escaped 0xFF in one tight loop.
            this.appendByte(IAC, n);
            i++;
            const acc = this.acc as Uint8Array;
            while (i + 1 < n && chunk[i] === IAC && chunk[i + 1] === IAC) {
              acc[this.accLen++] = IAC;
              i += 2;
            }
            this.state = S_DATA;
            break;
          }
          i++;
          this.state = S_DATA;
          switch (b) {
            case WILL:
            case WONT:
            case DO:
            case DONT:
              this.verb = b;
              this.state = S_NEG;
              break;
            case SB:
              this.state = S_SB_OPT;
              break;
            case SE:
              this.warnMalformed(events, 'IAC SE without IAC SB');
              break;
            case NOP:
            case GA:
            case AYT:
            case AO:
            case IP:
            case BRK:
            case EC:
            case EL:
            case DM:
              break; // commands without meaning for a serial line: ignored
            default:
              // Not a telnet command: keep both bytes as data (a peer that does not escape 0xFF).
              this.warnMalformed(events, `IAC followed by ${hex(b)} (not a telnet command): kept as data`);
              this.appendByte(IAC, n);
              i--; // re-read b as data
              break;
          }
          break;
        }
        case S_NEG: {
          const option = chunk[i++] as number;
          this.state = S_DATA;
          this.flushData(events);
          if (this.traceNegotiation) this.emit(events, { type: 'negotiation', verb: VERB_NAMES[this.verb]!, option });
          if (this.interceptNegotiation(this.verb, option, events)) break;
          const result = this.options.received(this.verb, option);
          if (result.changed) {
            this.emit(events, { type: 'option', option, side: result.side, enabled: result.enabled });
          }
          if (result.error !== undefined) {
            this.emit(events, {
              type: 'warning',
              code: 'unexpected-reply',
              message: `${optionName(option)}: ${result.error} (RFC 1143)`,
            });
          }
          this.onNegotiation(option, result, events);
          // BINARY may have changed: re-evaluate NVT rules for the rest of the chunk.
          const nowNvt = !this.options.enabled('remote', OPT_BINARY);
          if (nowNvt !== nvt) {
            nvt = nowNvt;
            cr = nvt ? -1 : n;
          }
          break;
        }
        case S_SB_OPT: {
          this.sbOption = chunk[i++] as number;
          this.sbLen = 0;
          this.sbOverflow = false;
          this.state = S_SB;
          break;
        }
        case S_SB: {
          let end = chunk.indexOf(IAC, i);
          if (end < 0) end = n;
          const len = end - i;
          if (!this.sbOverflow && len > 0) {
            if (len > this.sbBuf.length - this.sbLen) this.overflowSb(events);
            else {
              this.sbBuf.set(chunk.subarray(i, end), this.sbLen);
              this.sbLen += len;
            }
          }
          i = end;
          if (i < n) {
            i++;
            this.state = S_SB_IAC;
          }
          break;
        }
        case S_SB_IAC: {
          const b = chunk[i] as number;
          if (b === IAC) {
            i++;
            this.state = S_SB;
            if (this.sbOverflow) break;
            if (this.sbLen < this.sbBuf.length) this.sbBuf[this.sbLen++] = IAC;
            else this.overflowSb(events);
          } else if (b === SE) {
            i++;
            this.state = S_DATA;
            this.flushData(events);
            if (!this.sbOverflow) this.onSubnegotiation(this.sbOption, this.sbBuf.slice(0, this.sbLen), events);
          } else {
            // IAC <command> inside SB: the SE went missing. Drop the SB, process the command.
            this.warnMalformed(
              events,
              `IAC ${hex(b)} inside subnegotiation for ${optionName(this.sbOption)}: subnegotiation discarded`,
            );
            this.state = S_IAC;
          }
          break;
        }
      }
    }
    this.flushData(events);
    this.acc = null;
    this.accStart = this.accLen = 0;
  }
}
