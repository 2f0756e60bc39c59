/**
 * TelnetClientEngine: the client side of telnet (RFC 854/855, RFC 1143 Q-method) with RFC 2217
 * COM-PORT-OPTION, sans-I/O. Feed received bytes to receive(), drain takeOutput() to the socket after
 * every call, and call tick(now) at nextDeadlineMs().
 *
 * Negotiation policy: we accept BINARY and SGA both ways, ECHO from the server, COM-PORT on our side
 * (we WILL send COM-PORT commands; the server need not WILL it too: ser2net and Moxa answer DO with
 * WONT). Every other option is refused with WONT/DONT.
 *
 * COM-PORT commands (RFC 2217 sections 2-3) issued before the server accepted our WILL COM-PORT are
 * queued and sent once it does; if it refuses, their settings become 'unsupported' (one warning).
 * Each setting and control line is tracked in the line model (src-shared/line/line-model.ts): what was
 * asked, what the server reported in effect (unknown until it does), and the state. A command makes
 * the item 'requested' (its value in effect stays what it was: nothing is shown that nobody reported);
 * the reply makes it
 *   'confirmed'   the reply equals the request (or nothing was asked: the answer to a query);
 *   'differs'     the reply carries another value, which becomes the value in effect ('ack-differs');
 *   'unconfirmed' no reply within ackTimeoutMs ('no-ack' warning, once per setting: ser2net never acks
 *                 DTR/RTS, and a warning at every toggle would only be noise). Never an error.
 * A query (queryUnasked(), query()) that goes unanswered leaves the item 'unknown', without a warning:
 * the state says it, and PortManager never answers the SET-CONTROL queries.
 * Replies nobody asked for (ser2net sends acks to every client of a port) update the values in effect.
 * Unanswered SET-LINESTATE-MASK / SET-MODEMSTATE-MASK and SIGNATURE requests are not reported unless
 * warnUnansweredInfo is set (they have no visible state, and PortManager never answers them).
 *
 * Quirks tolerated (interop-quirks.md): sredird answers SET-CONTROL DTR/RTS with its flow-control
 * value (105 01) -> recognised when no flow command is outstanding: the DTR/RTS request is kept as
 * 'unconfirmed', flow control is left alone, one 'quirk-reply' warning. ser2net answers BREAK OFF with 5
 * -> BREAK OFF 'unconfirmed', in effect unknown, one 'quirk-reply' warning. 1-octet (Cisco index) and 8-octet
 * (sredird 64-bit) SET-BAUDRATE replies are read by readBaud(). Quirks taken silently (no warning: nothing
 * the operator sees is wrong): ser2net answers SET-MODEMSTATE-MASK with a NOTIFY-MODEMSTATE and
 * SET-LINESTATE-MASK with a NOTIFY-LINESTATE -> a NOTIFY while that mask is unanswered is its answer (and
 * still a 'modem' / 'line' event); ser2net answers the DTR and RTS queries (SET-CONTROL 7, 10) with the
 * query code itself -> the query is answered, the state is unknown, nothing changes.
 *
 * While the server has suspended us (FLOWCONTROL-SUSPEND), sendData() holds data in the engine and
 * releases it on FLOWCONTROL-RESUME; COM-PORT commands still go (a DTR drop must not wait).
 */
import { LINE_SETTING_NAMES, type LineSettings } from '../line/settings.js';
import { LINE_ITEM_NAMES, blankLineModel, cloneLineModel, type ItemState, type LineModel } from '../line/line-model.js';
import { decodeLineState, decodeModemState } from '../line/modem.js';
import {
  COMPORT_CODES, CONTROL, DO, IAC, OPT_BINARY, OPT_COM_PORT, OPT_ECHO, OPT_SGA, OPT_TIMING_MARK, SERVER_CODE_OFFSET, WILL, WONT,
  comPortCommandName,
} from './constants.js';
import {
  FLOW_CODES, PARITY_CODES, STOP_CODES, dataBitsFromCode, encodeBaud, flowFromCode, latin1, latin1Bytes, parityFromCode,
  readBaud, stopBitsFromCode,
} from './comport.js';
import { Q_WANTNO, Q_WANTYES, type NegotiationResult } from './qmethod.js';
import { DEFAULT_MAX_SB, TelnetCore } from './telnet.js';
import type { ClientEngineOptions, ComPortCommandName, EngineEvent, SettingKey, SettingsView, WarningCode } from './types.js';

/** Default ack timeout, in ms. */
export const DEFAULT_ACK_TIMEOUT_MS = 3000;

/** Everything a COM-PORT command can wait an answer for. */
type AckKey = SettingKey | 'inboundFlow' | 'purge' | 'lineStateMask' | 'modemStateMask' | 'signature';
type Value = NonNullable<LineModel[SettingKey]['inEffect']> | number;

interface Pending {
  /** The value asked for; undefined for a query. */
  value: Value | undefined;
  deadlineMs: number;
  /** Commands for this key sent and not yet answered (an earlier request's ack is not the final word). */
  outstanding: number;
  /** Order of sending, to pick the oldest for a quirk reply. */
  seq: number;
  /** An ack equal to `value` arrived while later acks were still due: already confirmed. */
  matched: boolean;
}

interface Queued {
  key: AckKey | null;
  value: Value | undefined;
  code: number;
  body: number[];
}

const isSettingKey = (k: AckKey): k is SettingKey => (LINE_ITEM_NAMES as readonly string[]).includes(k);

const ACK_LABEL: Record<AckKey, string> = {
  baud: 'SET-BAUDRATE', dataBits: 'SET-DATASIZE', parity: 'SET-PARITY', stopBits: 'SET-STOPSIZE',
  flow: 'SET-CONTROL (flow control)', dtr: 'SET-CONTROL (DTR)', rts: 'SET-CONTROL (RTS)',
  break: 'SET-CONTROL (BREAK)', inboundFlow: 'SET-CONTROL (inbound flow control)', purge: 'PURGE-DATA',
  lineStateMask: 'SET-LINESTATE-MASK', modemStateMask: 'SET-MODEMSTATE-MASK', signature: 'SIGNATURE',
};

export class TelnetClientEngine extends TelnetCore<EngineEvent> {
  private readonly comPortWanted: boolean;
  private readonly ackTimeoutMs: number;
  private readonly warnUnansweredInfo: boolean;
  private readonly signatureText: string;
  /** What was asked, what is in effect, and the state, per setting and control line. */
  private readonly model: LineModel = blankLineModel('unknown');
  private readonly pending = new Map<AckKey, Pending>();
  private queue: Queued[] = [];
  private seq = 0;
  private refused = false;
  private comPortDeadlineMs: number | null = null;
  /** start() was called / the 'negotiated' event was emitted. */
  private started = false;
  private negotiatedSent = false;
  /** A TIMING-MARK probe is out and unanswered. */
  private timingMarkOut = false;
  /** 'dataReady' was emitted; until then, the fallback deadline for it (start + ackTimeoutMs). */
  private dataReadySent = false;
  private dataReadyDeadlineMs: number | null = null;
  private readonly warned = new Set<string>();
  private now = 0;
  private dirty = false;

  /** @param options see ClientEngineOptions. */
  constructor(options: ClientEngineOptions) {
    const comPort = options.comPort;
    super(
      {
        acceptLocal: (o) => o === OPT_BINARY || o === OPT_SGA || (comPort && o === OPT_COM_PORT),
        acceptRemote: (o) => o === OPT_BINARY || o === OPT_SGA || o === OPT_ECHO,
      },
      options.maxSubnegotiationBytes ?? DEFAULT_MAX_SB,
    );
    this.comPortWanted = comPort;
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.warnUnansweredInfo = options.warnUnansweredInfo ?? false;
    this.signatureText = options.signature ?? 'Dialtone';
    this.traceNegotiation = options.traceNegotiation ?? false;
  }

  /**
   * Queue the opening negotiation: WILL BINARY, DO BINARY, DO SGA, and WILL COM-PORT when comPort.
   * Returns [] or, when the server's negotiation already settled everything, the 'negotiated' event.
   */
  start(nowMs: number): EngineEvent[] {
    this.now = nowMs;
    this.options.request('local', OPT_BINARY, true);
    this.options.request('remote', OPT_BINARY, true);
    this.options.request('remote', OPT_SGA, true);
    if (this.comPortWanted) {
      this.options.request('local', OPT_COM_PORT, true);
      if (!this.comPortActive) this.comPortDeadlineMs = nowMs + this.ackTimeoutMs;
    }
    this.started = true;
    this.dataReadyDeadlineMs = nowMs + this.ackTimeoutMs;
    const events: EngineEvent[] = [];
    this.checkNegotiated(events);
    this.checkDataReady(events);
    return events;
  }

  /**
   * May line data flow? After start(), once our BINARY is agreed (else NVT rules would turn CR into CR NUL)
   * and, with comPort, the server answered our WILL COM-PORT (so no byte leaves at the old baud); or once
   * every answer is in ('negotiated': e.g. BINARY refused, NVT rules then); or when ackTimeoutMs passed
   * without them (a server that never answers). Announced once by the 'dataReady' event. Data is still
   * held while the server has suspended us (canSendData).
   */
  get dataReady(): boolean {
    return this.dataReadySent;
  }

  private checkDataReady(events: EngineEvent[], timedOut = false): void {
    if (!this.started || this.dataReadySent) return;
    const comPortSettled = !this.comPortWanted || this.comPortActive || this.refused;
    if (!timedOut && !this.negotiatedSent && !(comPortSettled && this.options.enabled('local', OPT_BINARY))) return;
    this.dataReadySent = true;
    this.dataReadyDeadlineMs = null;
    events.push({ type: 'dataReady' });
  }

  /** Parse bytes from the server; any split of the input yields the same events (data merged). */
  receive(bytes: Uint8Array, nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    this.parse(bytes, events);
    this.flushSettings(events);
    return events;
  }

  /** Ack timeouts: settings not answered within ackTimeoutMs become 'unconfirmed' (+ 'no-ack' warning). */
  tick(nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    if (this.comPortDeadlineMs !== null && nowMs >= this.comPortDeadlineMs) {
      this.comPortDeadlineMs = null;
      this.warnOnce(events, 'no-ack', 'comport', `no answer to WILL COM-PORT-OPTION within ${this.ackTimeoutMs} ms; commands wait for it`);
      // what was asked is unconfirmed; a query nobody answered leaves its item as it was
      for (const q of this.queue) if (q.key !== null && q.value !== undefined && isSettingKey(q.key)) this.setState(q.key, 'unconfirmed');
    }
    for (const [key, p] of [...this.pending]) {
      if (p.deadlineMs > nowMs) continue;
      this.pending.delete(key);
      if (p.matched) continue; // confirmed by an ack already; a later one never came
      if (p.value === undefined && !this.warnUnansweredInfo) continue; // an unanswered query: the item stays 'unknown'
      if (isInfoKey(key) && !this.warnUnansweredInfo) continue; // no visible state (see warnUnansweredInfo)
      const what = p.value === undefined ? `query ${ACK_LABEL[key]}` : ACK_LABEL[key];
      this.warnOnce(events, 'no-ack', `no-ack:${key}`, `${what}: no reply within ${this.ackTimeoutMs} ms`);
      if (p.value !== undefined && isSettingKey(key)) this.setState(key, 'unconfirmed');
    }
    if (this.dataReadyDeadlineMs !== null && nowMs >= this.dataReadyDeadlineMs) this.checkDataReady(events, true);
    this.releaseHeldCr(nowMs); // a CR that ended a write and waited CR_HOLD_MS for its LF (telnet.ts)
    this.flushSettings(events);
    return events;
  }

  /** When tick() next has work (ms, same clock as nowMs), or null: arm one timer for it. */
  nextDeadlineMs(): number | null {
    let next = this.comPortDeadlineMs;
    const cr = this.heldCrDeadlineMs;
    if (cr !== null && (next === null || cr < next)) next = cr;
    if (this.dataReadyDeadlineMs !== null && (next === null || this.dataReadyDeadlineMs < next)) next = this.dataReadyDeadlineMs;
    for (const p of this.pending.values()) if (next === null || p.deadlineMs < next) next = p.deadlineMs;
    return next;
  }

  /**
   * TRANSMIT-BINARY (RFC 856) as the server answered it, each way: `local` we send binary, `remote` it
   * does; null until both of our requests are answered (after start()), whatever COM-PORT does. Follows
   * later changes (a server may switch BINARY off).
   */
  get binary(): { local: boolean; remote: boolean } | null {
    if (!this.started) return null;
    for (const side of ['local', 'remote'] as const) {
      const st = this.options.state(side, OPT_BINARY);
      if (st === Q_WANTYES || st === Q_WANTNO) return null;
    }
    return { local: this.options.enabled('local', OPT_BINARY), remote: this.options.enabled('remote', OPT_BINARY) };
  }

  /** true once the server accepted our WILL COM-PORT (DO COM-PORT). */
  get comPortActive(): boolean {
    return this.options.enabled('local', OPT_COM_PORT);
  }

  /**
   * Request line settings, sent in RFC 2217 order: SET-BAUDRATE, SET-DATASIZE, SET-PARITY,
   * SET-STOPSIZE, then SET-CONTROL outbound flow (1-3) and the matching inbound value (14-16).
   * Returns the events caused at once (a 'settings' event with the new values 'requested').
   * @throws RangeError on a value LineSettings does not allow (the engine state is left unchanged).
   */
  applySettings(patch: Partial<LineSettings>, nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    checkPatch(patch);
    for (const name of LINE_SETTING_NAMES) {
      const v = patch[name];
      if (v === undefined) continue;
      switch (name) {
        case 'baud':
          this.command(events, 'baud', v, COMPORT_CODES['SET-BAUDRATE'], encodeBaud(v as number));
          break;
        case 'dataBits':
          this.command(events, 'dataBits', v, COMPORT_CODES['SET-DATASIZE'], [v as number]);
          break;
        case 'parity':
          this.command(events, 'parity', v, COMPORT_CODES['SET-PARITY'], [PARITY_CODES[v as LineSettings['parity']]]);
          break;
        case 'stopBits':
          this.command(events, 'stopBits', v, COMPORT_CODES['SET-STOPSIZE'], [STOP_CODES[String(v)] ?? 1]);
          break;
        case 'flow': {
          const codes = FLOW_CODES[v as LineSettings['flow']];
          this.command(events, 'flow', v, COMPORT_CODES['SET-CONTROL'], [codes.outbound]);
          this.command(events, 'inboundFlow', codes.inbound, COMPORT_CODES['SET-CONTROL'], [codes.inbound]);
          break;
        }
      }
    }
    this.flushSettings(events);
    return events;
  }

  /** SET-CONTROL DTR 8/9 and RTS 11/12, queued together so they leave in one TCP write. */
  setControlLines(lines: { dtr?: boolean; rts?: boolean }, nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    const set = COMPORT_CODES['SET-CONTROL'];
    if (lines.dtr !== undefined) this.command(events, 'dtr', lines.dtr, set, [lines.dtr ? CONTROL.DTR_ON : CONTROL.DTR_OFF]);
    if (lines.rts !== undefined) this.command(events, 'rts', lines.rts, set, [lines.rts ? CONTROL.RTS_ON : CONTROL.RTS_OFF]);
    this.flushSettings(events);
    return events;
  }

  /** SET-CONTROL BREAK ON 5 / OFF 6 (not IAC BRK: sredird stops parsing SBs after it). */
  setBreak(on: boolean, nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    this.command(events, 'break', on, COMPORT_CODES['SET-CONTROL'], [on ? CONTROL.BREAK_ON : CONTROL.BREAK_OFF]);
    this.flushSettings(events);
    return events;
  }

  /** PURGE-DATA 1 (rx: the access server's receive buffer), 2 (tx), 3 (both). */
  purge(which: 'rx' | 'tx' | 'both', nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    const v = which === 'rx' ? 1 : which === 'tx' ? 2 : 3;
    this.command(events, 'purge', v, COMPORT_CODES['PURGE-DATA'], [v]);
    return events;
  }

  /** Send an empty SIGNATURE: asks the server for its signature (answer: a 'signature' event). */
  requestSignature(nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    this.command(events, 'signature', undefined, COMPORT_CODES.SIGNATURE, []);
    return events;
  }

  /**
   * Query a value: SET-BAUDRATE/DATASIZE/PARITY/STOPSIZE with value 0, or SET-CONTROL 0 (flow),
   * 4 (BREAK), 7 (DTR), 10 (RTS), 13 (inbound flow). The reply updates the values in effect.
   */
  query(
    what: 'baud' | 'dataBits' | 'parity' | 'stopBits' | 'flow' | 'break' | 'dtr' | 'rts' | 'inboundFlow',
    nowMs: number,
  ): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    const set = COMPORT_CODES['SET-CONTROL'];
    const [code, body]: [number, number[]] =
      what === 'baud' ? [COMPORT_CODES['SET-BAUDRATE'], [0, 0, 0, 0]]
      : what === 'dataBits' ? [COMPORT_CODES['SET-DATASIZE'], [0]]
      : what === 'parity' ? [COMPORT_CODES['SET-PARITY'], [0]]
      : what === 'stopBits' ? [COMPORT_CODES['SET-STOPSIZE'], [0]]
      : what === 'flow' ? [set, [CONTROL.FLOW_REQUEST]]
      : what === 'break' ? [set, [CONTROL.BREAK_REQUEST]]
      : what === 'dtr' ? [set, [CONTROL.DTR_REQUEST]]
      : what === 'rts' ? [set, [CONTROL.RTS_REQUEST]]
      : [set, [CONTROL.INBOUND_FLOW_REQUEST]];
    this.command(events, what, undefined, code, body);
    this.flushSettings(events);
    return events;
  }

  /**
   * Ask the server for every value nobody asked for yet (RFC 2217 section 3: SET-BAUDRATE, -DATASIZE,
   * -PARITY, -STOPSIZE with 0, SET-CONTROL 0, 7, 10, 4 are requests for the current value), so the line
   * model shows what is in effect instead of a guess. An unanswered query leaves the item 'unknown'.
   */
  queryUnasked(nowMs: number): EngineEvent[] {
    const events: EngineEvent[] = [];
    for (const key of QUERY_ORDER) if (this.model[key].asked === null) events.push(...this.query(key, nowMs));
    return events;
  }

  /**
   * Liveness with data in flight (RFC 860 TIMING-MARK): send IAC DO TIMING-MARK after everything queued;
   * the server answers WILL or WONT once it has processed what came before, and the answer comes as a
   * 'timingMark' event. Either answer proves the path carries our data; TCP cannot tell (keepalive does
   * not run while data is unacknowledged). The probe bypasses the option table: TIMING-MARK is a one-shot
   * mark, not a state. Returns false (nothing sent) while a probe is already out.
   */
  probeTimingMark(): boolean {
    if (this.timingMarkOut) return false;
    this.timingMarkOut = true;
    this.out.raw(IAC, DO, OPT_TIMING_MARK);
    return true;
  }

  /** true while a TIMING-MARK probe is out and unanswered. */
  get timingMarkOutstanding(): boolean {
    return this.timingMarkOut;
  }

  protected override interceptNegotiation(verb: number, option: number, events: EngineEvent[]): boolean {
    if (option !== OPT_TIMING_MARK || !this.timingMarkOut || (verb !== WILL && verb !== WONT)) return false;
    this.timingMarkOut = false;
    events.push({ type: 'timingMark' });
    return true;
  }

  /** SET-LINESTATE-MASK (RFC 2217 section 3; the server starts at 0). */
  setLineStateMask(mask: number, nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    this.command(events, 'lineStateMask', mask & 0xff, COMPORT_CODES['SET-LINESTATE-MASK'], [mask & 0xff]);
    return events;
  }

  /** SET-MODEMSTATE-MASK (RFC 2217 section 3; the server starts at 255). */
  setModemStateMask(mask: number, nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    this.command(events, 'modemStateMask', mask & 0xff, COMPORT_CODES['SET-MODEMSTATE-MASK'], [mask & 0xff]);
    return events;
  }

  /** Send FLOWCONTROL-SUSPEND: ask the server to stop sending to us (no ack in RFC 2217). */
  suspendInbound(nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    this.command(events, null, undefined, COMPORT_CODES['FLOWCONTROL-SUSPEND'], []);
    return events;
  }

  /** Send FLOWCONTROL-RESUME. */
  resumeInbound(nowMs: number): EngineEvent[] {
    this.now = nowMs;
    const events: EngineEvent[] = [];
    this.command(events, null, undefined, COMPORT_CODES['FLOWCONTROL-RESUME'], []);
    return events;
  }

  /** A copy of what the engine believes is in effect, with each setting's state. */
  settings(): SettingsView {
    return cloneLineModel(this.model);
  }

  // ---- commands ----

  /** Send (or queue, or refuse) one COM-PORT command; key null = no ack expected. */
  private command(events: EngineEvent[], key: AckKey | null, value: Value | undefined, code: number, body: number[]): void {
    if (key !== null && value !== undefined && isSettingKey(key)) {
      this.setAsked(key, value);
      this.setState(key, 'requested');
    }
    if (!this.comPortWanted || this.refused) {
      if (key !== null && value !== undefined && isSettingKey(key)) this.setState(key, 'unsupported');
      const why = this.comPortWanted ? 'the server refused COM-PORT-OPTION' : 'this is a plain telnet session';
      this.warnOnce(events, 'unsupported', 'unsupported', `COM-PORT commands cannot be sent: ${why}`);
      return;
    }
    const q: Queued = { key, value, code, body };
    if (this.comPortActive) this.transmit(q);
    else this.queue.push(q);
  }

  private transmit(q: Queued): void {
    this.sendSubnegotiation(OPT_COM_PORT, [q.code, ...q.body]);
    if (q.key === null) return;
    const p = this.pending.get(q.key);
    const deadlineMs = this.now + this.ackTimeoutMs;
    if (p === undefined) this.pending.set(q.key, { value: q.value, deadlineMs, outstanding: 1, seq: this.seq++, matched: false });
    else {
      // A query does not replace a value still being set.
      if (q.value !== undefined && q.value !== p.value) {
        p.value = q.value;
        p.matched = false;
      }
      p.deadlineMs = deadlineMs;
      p.outstanding++;
    }
  }

  // ---- negotiation ----

  protected override onNegotiation(option: number, result: NegotiationResult, events: EngineEvent[]): void {
    if (option === OPT_COM_PORT && result.side === 'local') this.comPortNegotiated(result, events);
    this.checkNegotiated(events);
    this.checkDataReady(events);
  }

  /** Emit 'negotiated' once BINARY both ways and (comPort) our COM-PORT are answered, after start(). */
  private checkNegotiated(events: EngineEvent[]): void {
    if (!this.started || this.negotiatedSent) return;
    const settled = (side: 'local' | 'remote', option: number): boolean => {
      const st = this.options.state(side, option);
      return st !== Q_WANTYES && st !== Q_WANTNO;
    };
    if (!settled('local', OPT_BINARY) || !settled('remote', OPT_BINARY)) return;
    if (this.comPortWanted && !settled('local', OPT_COM_PORT)) return;
    this.negotiatedSent = true;
    events.push({
      type: 'negotiated',
      binary: { local: this.options.enabled('local', OPT_BINARY), remote: this.options.enabled('remote', OPT_BINARY) },
      comPort: this.comPortWanted ? this.comPortActive : null,
    });
  }

  /** The server answered (or changed) our side of COM-PORT: send the queue, or refuse everything. */
  private comPortNegotiated(result: NegotiationResult, events: EngineEvent[]): void {
    if (result.changed && result.enabled) {
      this.comPortDeadlineMs = null;
      if (this.refused) for (const key of LINE_ITEM_NAMES) this.setState(key, 'unknown'); // refused before, agreed now
      this.refused = false;
      events.push({ type: 'comPortReady' });
      const queue = this.queue;
      this.queue = [];
      for (const q of queue) this.transmit(q);
      this.flushSettings(events);
    } else if (this.comPortWanted && (result.refused || (result.changed && !result.enabled))) {
      this.comPortDeadlineMs = null;
      this.refused = true;
      events.push({ type: 'comPortRefused' });
      events.push({
        type: 'warning',
        code: 'option-refused',
        message: 'the server refused COM-PORT-OPTION (DONT 44): line settings, DTR/RTS and BREAK are unsupported',
      });
      // no COM-PORT: none of the line can be controlled, asked or not
      for (const key of LINE_ITEM_NAMES) this.setState(key, 'unsupported');
      this.queue = [];
      this.pending.clear();
      this.flushSettings(events);
    }
  }

  // ---- replies ----

  protected override onSubnegotiation(option: number, body: Uint8Array, events: EngineEvent[]): void {
    this.handleReply(option, body, events);
    // Settings changes are reported right after the reply that caused them (same place for any split).
    this.flushSettings(events);
  }

  private handleReply(option: number, body: Uint8Array, events: EngineEvent[]): void {
    if (option !== OPT_COM_PORT) {
      events.push({ type: 'warning', code: 'unexpected-reply', message: `subnegotiation for option ${option} ignored` });
      return;
    }
    const code = body[0];
    const command = code === undefined ? undefined : comPortCommandName(code);
    if (code === undefined || command === undefined) {
      events.push({ type: 'warning', code: 'malformed-frame', message: `COM-PORT subnegotiation with unknown command ${code ?? '(none)'}` });
      return;
    }
    const value = body.subarray(1);
    if (code < SERVER_CODE_OFFSET && code !== COMPORT_CODES.SIGNATURE) {
      this.warnOnce(events, 'unexpected-reply', 'client-code', `server sent client command code ${code} (${command}); read as ${code + SERVER_CODE_OFFSET}`);
    }
    const octet = value[0];
    let shown: number | string | null = value.length === 0 ? null : (octet ?? null);
    if (command === 'SIGNATURE') shown = value.length === 0 ? null : latin1(value);
    const baud = command === 'SET-BAUDRATE' ? readBaud(value) : undefined;
    if (baud !== undefined) shown = baud.ok ? baud.baud : null;
    if (command === 'FLOWCONTROL-SUSPEND' || command === 'FLOWCONTROL-RESUME') shown = null;
    events.push({ type: 'reply', command, value: shown, raw: body, atMs: this.now });

    if (octet === undefined && needsValue(command)) {
      events.push({ type: 'warning', code: 'malformed-frame', message: `${command} reply without a value` });
      return;
    }
    const v = octet ?? 0;
    switch (command) {
      case 'SIGNATURE':
        if (value.length === 0) {
          // The server asks for ours.
          this.sendSubnegotiation(OPT_COM_PORT, [COMPORT_CODES.SIGNATURE, ...latin1Bytes(this.signatureText)]);
        } else {
          this.resolve('signature');
          events.push({ type: 'signature', text: latin1(value) });
        }
        break;
      case 'SET-BAUDRATE':
        if (baud !== undefined && baud.ok) this.settle(events, 'baud', baud.baud);
        else events.push({ type: 'warning', code: 'malformed-frame', message: `SET-BAUDRATE reply unreadable: ${baud?.ok === false ? baud.reason : ''}` });
        break;
      case 'SET-DATASIZE':
        this.settleCoded(events, 'dataBits', dataBitsFromCode(v), command, v);
        break;
      case 'SET-PARITY':
        this.settleCoded(events, 'parity', parityFromCode(v), command, v);
        break;
      case 'SET-STOPSIZE':
        this.settleCoded(events, 'stopBits', stopBitsFromCode(v), command, v);
        break;
      case 'SET-CONTROL':
        this.controlReply(events, v);
        break;
      case 'NOTIFY-LINESTATE':
        // ser2net answers SET-LINESTATE-MASK with a NOTIFY-LINESTATE (a quirk, taken silently)
        this.resolve('lineStateMask');
        events.push({ type: 'line', state: decodeLineState(v), raw: v });
        break;
      case 'NOTIFY-MODEMSTATE':
        // ...and SET-MODEMSTATE-MASK with a NOTIFY-MODEMSTATE
        this.resolve('modemStateMask');
        events.push({ type: 'modem', state: decodeModemState(v), raw: v });
        break;
      case 'FLOWCONTROL-SUSPEND':
        this.suspendOutput();
        events.push({ type: 'suspend' });
        break;
      case 'FLOWCONTROL-RESUME':
        this.resumeOutput();
        events.push({ type: 'resume' });
        break;
      case 'SET-LINESTATE-MASK':
        this.resolveNumber(events, 'lineStateMask', v);
        break;
      case 'SET-MODEMSTATE-MASK':
        this.resolveNumber(events, 'modemStateMask', v);
        break;
      case 'PURGE-DATA':
        this.resolveNumber(events, 'purge', v);
        break;
    }
  }

  /** A SET-CONTROL reply (105 v): which request it answers depends on v's group. */
  private controlReply(events: EngineEvent[], v: number): void {
    if (v === CONTROL.BREAK_ON || v === CONTROL.BREAK_OFF) {
      const p = this.pending.get('break');
      if (p !== undefined && p.value === false && v === CONTROL.BREAK_ON) {
        this.quirk(events, 'break', 'ser2net', 'answered BREAK OFF (6) with 5 (a ser2net quirk): BREAK OFF unconfirmed');
        return;
      }
      this.settle(events, 'break', v === CONTROL.BREAK_ON);
    } else if (v === CONTROL.DTR_ON || v === CONTROL.DTR_OFF) {
      this.settle(events, 'dtr', v === CONTROL.DTR_ON);
    } else if (v === CONTROL.RTS_ON || v === CONTROL.RTS_OFF) {
      this.settle(events, 'rts', v === CONTROL.RTS_ON);
    } else if (v >= CONTROL.INBOUND_FLOW_NONE && v <= CONTROL.INBOUND_FLOW_HARDWARE || v === CONTROL.INBOUND_FLOW_DTR) {
      this.resolve('inboundFlow');
    } else if (v === CONTROL.FLOW_NONE || v === CONTROL.FLOW_XONXOFF || v === CONTROL.FLOW_HARDWARE || v === CONTROL.FLOW_DCD || v === CONTROL.FLOW_DSR) {
      if (!this.pending.has('flow')) {
        if (this.pending.has('inboundFlow')) {
          // A server that cannot set inbound flow separately reports the outbound value.
          this.resolve('inboundFlow');
        } else {
          const dtr = this.pending.get('dtr');
          const rts = this.pending.get('rts');
          const oldest = dtr === undefined ? (rts === undefined ? undefined : 'rts') : rts === undefined || dtr.seq < rts.seq ? 'dtr' : 'rts';
          if (oldest !== undefined) {
            this.quirk(events, oldest, 'sredird', `answered SET-CONTROL ${oldest.toUpperCase()} with its flow-control value (105 ${v}), a sredird quirk: ${oldest.toUpperCase()} unconfirmed, flow control unchanged`);
            return;
          }
        }
      }
      const flow = flowFromCode(v);
      if (flow === undefined) {
        events.push({ type: 'warning', code: 'unexpected-reply', message: `SET-CONTROL reply ${v} (${v === CONTROL.FLOW_DCD ? 'DCD' : 'DSR'} flow control) has no Dialtone name; flow left as it is` });
        this.resolve('flow');
        return;
      }
      this.settle(events, 'flow', flow);
    } else if (v === CONTROL.FLOW_REQUEST && this.pending.has('inboundFlow')) {
      // Cisco IOS 11.3 (and sredird -i) answers the inbound flow-control SET-CONTROL (14-16) with 0:
      // its reply, not a new request. It says nothing we can show.
      this.resolve('inboundFlow');
    } else if (REQUEST_CODE_KEY.has(v)) {
      // ser2net answers the DTR/RTS (and BREAK) queries with the query code: an answer that says nothing
      // about the state. No warning (the operator can do nothing about it), no state change (the value
      // stays unknown). It answers a query only: an ON/OFF still waiting keeps waiting for its own ack.
      const key = REQUEST_CODE_KEY.get(v)!;
      const p = this.pending.get(key);
      if (p !== undefined && (p.value === undefined || p.outstanding > 1)) this.resolve(key);
    } else {
      events.push({ type: 'warning', code: 'unexpected-reply', message: `SET-CONTROL reply with value ${v}, which is a request code, not a state` });
    }
  }

  /** A known quirk answered `key`: keep the requested value, state 'unconfirmed', warn once. */
  private quirk(events: EngineEvent[], key: SettingKey, server: string, message: string): void {
    const p = this.pending.get(key);
    if (p !== undefined && p.value === undefined) {
      this.resolve(key); // the answer to a query: the value stays unknown, nothing was asked
      return;
    }
    if (p !== undefined) {
      p.outstanding--;
      if (p.outstanding <= 0) {
        this.pending.delete(key);
        if (p.value !== undefined) this.setState(key, 'unconfirmed');
      }
    }
    this.setInEffect(key, null); // the reply is known to be wrong: what is in effect is unknown
    this.warnOnce(events, 'quirk-reply', `quirk:${server}:${key}`, message);
  }

  private settleCoded(events: EngineEvent[], key: SettingKey, value: Value | undefined, command: ComPortCommandName, raw: number): void {
    if (value === undefined) {
      events.push({ type: 'warning', code: 'unexpected-reply', message: `${command} reply with value ${raw}, which RFC 2217 does not define` });
      return;
    }
    this.settle(events, key, value);
  }

  /** A reply says `value` is in effect for `key`: confirm, note a difference, or take it unasked. */
  private settle(events: EngineEvent[], key: SettingKey, value: Value): void {
    const p = this.pending.get(key);
    if (p !== undefined) {
      p.outstanding--;
      if (p.outstanding > 0) {
        // More acks are due (quick successive requests): an equal one confirms now, others are the
        // acks of earlier requests and decide nothing; the last ack has the final word.
        if (p.value !== undefined && p.value === value) {
          p.matched = true;
          this.setInEffect(key, value);
          this.setState(key, 'confirmed');
        }
        return;
      }
      this.pending.delete(key);
    }
    const wanted = this.model[key].asked;
    this.setInEffect(key, value);
    if (wanted === null || wanted === value) this.setState(key, 'confirmed');
    else {
      this.setState(key, 'differs');
      events.push({ type: 'warning', code: 'ack-differs', message: `${ACK_LABEL[key]}: asked for ${String(wanted)}, the server has ${String(value)}` });
    }
  }

  /** A reply to a command that is no setting (mask, purge): note a different value. */
  private resolveNumber(events: EngineEvent[], key: AckKey, value: number): void {
    const p = this.pending.get(key);
    this.resolve(key);
    if (p !== undefined && p.value !== undefined && p.value !== value) {
      events.push({ type: 'warning', code: 'ack-differs', message: `${ACK_LABEL[key]}: sent ${String(p.value)}, the server answered ${value}` });
    }
  }

  private resolve(key: AckKey): void {
    const p = this.pending.get(key);
    if (p === undefined) return;
    p.outstanding--;
    if (p.outstanding <= 0) this.pending.delete(key);
  }

  // ---- settings bookkeeping ----

  private setAsked(key: SettingKey, value: Value): void {
    const item = this.model[key] as { asked: Value | null };
    if (item.asked !== value) {
      item.asked = value;
      this.dirty = true;
    }
  }

  private setInEffect(key: SettingKey, value: Value | null): void {
    const item = this.model[key] as { inEffect: Value | null };
    if (item.inEffect !== value) {
      item.inEffect = value;
      this.dirty = true;
    }
  }

  private setState(key: SettingKey, state: ItemState): void {
    if (this.model[key].state !== state) {
      this.model[key].state = state;
      this.dirty = true;
    }
  }

  private flushSettings(events: EngineEvent[]): void {
    if (!this.dirty) return;
    this.dirty = false;
    events.push({ type: 'settings', settings: this.settings() });
  }

  private warnOnce(events: EngineEvent[], code: WarningCode, id: string, message: string): void {
    if (this.warned.has(id)) return;
    this.warned.add(id);
    events.push({ type: 'warning', code, message });
  }
}

/** The order queryUnasked() asks in: RFC 2217's order for the settings, then DTR, RTS, BREAK. */
/**
 * What queryUnasked() asks, in order. Not BREAK: ser2net answers the BREAK query (SET-CONTROL 4) with 5,
 * BREAK ON, whatever the line does (as it answers BREAK OFF with 5), so a window would show BREAK held on
 * every ser2net port; BREAK stays unknown until the operator sets it.
 */
const QUERY_ORDER = ['baud', 'dataBits', 'parity', 'stopBits', 'flow', 'dtr', 'rts'] as const;

/** SET-CONTROL request codes (queries) and what each asks about: a reply equal to one answers nothing. */
const REQUEST_CODE_KEY: ReadonlyMap<number, AckKey> = new Map<number, AckKey>([
  [CONTROL.FLOW_REQUEST, 'flow'],
  [CONTROL.BREAK_REQUEST, 'break'],
  [CONTROL.DTR_REQUEST, 'dtr'],
  [CONTROL.RTS_REQUEST, 'rts'],
  [CONTROL.INBOUND_FLOW_REQUEST, 'inboundFlow'],
]);

/** Requests with no state an operator sees: the masks and SIGNATURE. */
function isInfoKey(key: AckKey): boolean {
  return key === 'lineStateMask' || key === 'modemStateMask' || key === 'signature';
}

function needsValue(command: ComPortCommandName): boolean {
  return command !== 'SIGNATURE' && command !== 'FLOWCONTROL-SUSPEND' && command !== 'FLOWCONTROL-RESUME';
}

function checkPatch(patch: Partial<LineSettings>): void {
  const { baud, dataBits, parity, stopBits, flow } = patch;
  if (baud !== undefined && !(Number.isInteger(baud) && baud >= 1 && baud <= 0xffffffff)) throw new RangeError(`baud rate ${baud} is not a positive 32-bit integer`);
  if (dataBits !== undefined && dataBitsFromCode(dataBits) === undefined) throw new RangeError(`data bits ${dataBits} not in 5..8`);
  if (parity !== undefined && !(parity in PARITY_CODES)) throw new RangeError(`parity ${String(parity)} unknown`);
  if (stopBits !== undefined && STOP_CODES[String(stopBits)] === undefined) throw new RangeError(`stop bits ${stopBits} not 1, 1.5 or 2`);
  if (flow !== undefined && !(flow in FLOW_CODES)) throw new RangeError(`flow control ${String(flow)} unknown`);
}
