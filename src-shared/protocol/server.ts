/**
 * TelnetServerEngine: the access-server side of telnet + RFC 2217, for the built-in demo modem
 * (`dialtone sim`) and the engine's property tests. Sans-I/O like the client (see telnet.ts).
 *
 * Negotiation policy: we offer WILL SGA, WILL BINARY, DO BINARY, DO SGA, WILL ECHO (only with
 * `echo`), DO COM-PORT (with `comPort`); we accept BINARY and SGA both ways, ECHO on our side with
 * `echo`, COM-PORT on the client's side with `comPort`; we refuse DO COM-PORT as ser2net does (the
 * client sends commands, we send replies), and every other option.
 *
 * The caller answers each client request with reply(command, valueInEffect). The engine itself records
 * SET-LINESTATE-MASK / SET-MODEMSTATE-MASK (initially 0 / 255, RFC 2217 section 3) and applies them in
 * notifyLineState / notifyModemState, and answers SIGNATURE requests with its own signature.
 *
 * A COM-PORT command from a client that never said WILL COM-PORT counts as its WILL (with `comPort`):
 * pyserial 3.5 races its own negotiation. It means to send WILL COM-PORT, but when our DO COM-PORT
 * arrives first it takes our DO as the answer to that WILL and never sends it, and then sends COM-PORT
 * commands all the same. Without the implied WILL, comPortActive stays false and notifyModemState()
 * sends nothing to a client that uses COM-PORT. The option becomes active silently (no DO or anything
 * else is sent: the client thinks the negotiation is over, and a new request could start a loop);
 * 'option' and 'comPortReady' are reported before the command's 'request' event.
 */
import { COMPORT_CODES, OPT_BINARY, OPT_COM_PORT, OPT_ECHO, OPT_SGA, SERVER_CODE_OFFSET, comPortCommandName } from './constants.js';
import { encodeBaud, latin1, latin1Bytes } from './comport.js';
import type { NegotiationResult } from './qmethod.js';
import { DEFAULT_MAX_SB, TelnetCore } from './telnet.js';
import type { ComPortCommandName, ServerEngineEvent, ServerEngineOptions } from './types.js';

export class TelnetServerEngine extends TelnetCore<ServerEngineEvent> {
  private readonly comPort: boolean;
  private readonly echo: boolean;
  private readonly signatureText: string;
  private lineMask = 0;
  private modemMask = 255;

  constructor(options: ServerEngineOptions) {
    const comPort = options.comPort;
    const echo = options.echo ?? false;
    super(
      {
        acceptLocal: (o) => o === OPT_BINARY || o === OPT_SGA || (echo && o === OPT_ECHO),
        acceptRemote: (o) => o === OPT_BINARY || o === OPT_SGA || (comPort && o === OPT_COM_PORT),
      },
      options.maxSubnegotiationBytes ?? DEFAULT_MAX_SB,
    );
    this.comPort = comPort;
    this.echo = echo;
    this.signatureText = options.signature ?? 'Dialtone sim';
  }

  /** Queue the opening negotiation: WILL SGA, WILL BINARY, DO BINARY, DO SGA, WILL ECHO (echo), DO COM-PORT (comPort). */
  start(nowMs?: number): ServerEngineEvent[] {
    void nowMs;
    this.options.request('local', OPT_SGA, true);
    this.options.request('local', OPT_BINARY, true);
    this.options.request('remote', OPT_BINARY, true);
    this.options.request('remote', OPT_SGA, true);
    if (this.echo) this.options.request('local', OPT_ECHO, true);
    if (this.comPort) this.options.request('remote', OPT_COM_PORT, true);
    return [];
  }

  /** Parse bytes from the client; any split of the input yields the same events (data merged). */
  receive(bytes: Uint8Array, nowMs?: number): ServerEngineEvent[] {
    void nowMs;
    const events: ServerEngineEvent[] = [];
    this.parse(bytes, events);
    return events;
  }

  /**
   * Answer a client command with the value in effect, as IAC SB 44 <code+100> <value> IAC SE.
   * value: a number (SET-BAUDRATE: 4 octets; others: one octet), a string (SIGNATURE), or null (no
   * value). Allowed whenever COM-PORT is in effect; replies sent unasked are allowed too (RFC 2217 lets
   * acks reach every client).
   * @throws RangeError for a number out of range (baud > 2^32-1, or an octet > 255).
   */
  reply(command: ComPortCommandName, value: number | string | null): void {
    const code = COMPORT_CODES[command] + SERVER_CODE_OFFSET;
    let body: number[] = [];
    if (typeof value === 'string') body = latin1Bytes(value);
    else if (typeof value === 'number') {
      if (command === 'SET-BAUDRATE') {
        if (!(Number.isInteger(value) && value >= 0 && value <= 0xffffffff)) throw new RangeError(`baud ${value} is not a 32-bit value`);
        body = encodeBaud(value);
      } else {
        if (!(Number.isInteger(value) && value >= 0 && value <= 255)) throw new RangeError(`${command} value ${value} is not an octet`);
        body = [value];
      }
    }
    this.sendSubnegotiation(OPT_COM_PORT, [code, ...body]);
  }

  /** Queue raw SB bytes after IAC SB 44 (escaped): for tests of quirky servers (8-octet baud, ...). */
  replyRaw(body: ArrayLike<number>): void {
    this.sendSubnegotiation(OPT_COM_PORT, body);
  }

  /** NOTIFY-MODEMSTATE (octet AND the client's mask; nothing sent when that is 0). Returns whether sent. */
  notifyModemState(octet: number): boolean {
    const v = octet & this.modemMask & 0xff;
    if (v === 0 || !this.comPortActive) return false;
    this.sendSubnegotiation(OPT_COM_PORT, [COMPORT_CODES['NOTIFY-MODEMSTATE'] + SERVER_CODE_OFFSET, v]);
    return true;
  }

  /** NOTIFY-LINESTATE (octet AND the client's mask; nothing sent when that is 0). Returns whether sent. */
  notifyLineState(octet: number): boolean {
    const v = octet & this.lineMask & 0xff;
    if (v === 0 || !this.comPortActive) return false;
    this.sendSubnegotiation(OPT_COM_PORT, [COMPORT_CODES['NOTIFY-LINESTATE'] + SERVER_CODE_OFFSET, v]);
    return true;
  }

  /** Send FLOWCONTROL-SUSPEND to the client (ask it to stop sending). */
  suspend(): void {
    this.sendSubnegotiation(OPT_COM_PORT, [COMPORT_CODES['FLOWCONTROL-SUSPEND'] + SERVER_CODE_OFFSET]);
  }

  /** Send FLOWCONTROL-RESUME to the client. */
  resume(): void {
    this.sendSubnegotiation(OPT_COM_PORT, [COMPORT_CODES['FLOWCONTROL-RESUME'] + SERVER_CODE_OFFSET]);
  }

  /** true once the client's WILL COM-PORT was accepted, or it sent a COM-PORT command (implied WILL). */
  get comPortActive(): boolean {
    return this.options.enabled('remote', OPT_COM_PORT);
  }

  /** The client's SET-MODEMSTATE-MASK (255 until it sets one). */
  get modemStateMask(): number {
    return this.modemMask;
  }

  /** The client's SET-LINESTATE-MASK (0 until it sets one). */
  get lineStateMask(): number {
    return this.lineMask;
  }

  protected override onNegotiation(option: number, result: NegotiationResult, events: ServerEngineEvent[]): void {
    if (option === OPT_COM_PORT && result.side === 'remote' && result.changed && result.enabled) {
      events.push({ type: 'comPortReady' });
    }
  }

  protected override onSubnegotiation(option: number, body: Uint8Array, events: ServerEngineEvent[]): void {
    const code = body[0];
    const command = code === undefined || code >= SERVER_CODE_OFFSET ? undefined : comPortCommandName(code);
    if (option !== OPT_COM_PORT || command === undefined) {
      events.push({
        type: 'warning',
        code: 'malformed-frame',
        message: option !== OPT_COM_PORT ? `subnegotiation for option ${option} ignored` : `COM-PORT subnegotiation with unknown client command ${code ?? '(none)'}`,
      });
      return;
    }
    // A client that sends COM-PORT commands uses COM-PORT, WILL or not (pyserial's race, see above).
    if (this.comPort) this.assumeOption('remote', OPT_COM_PORT, events);
    const value = body.subarray(1);
    let v: number | string | null = value.length === 0 ? null : (value[0] ?? null);
    if (command === 'SIGNATURE') v = value.length === 0 ? null : latin1(value);
    if (command === 'SET-BAUDRATE') {
      if (value.length !== 4) {
        events.push({ type: 'warning', code: 'malformed-frame', message: `SET-BAUDRATE with ${value.length} octets (4 expected)` });
        return;
      }
      v = (((value[0] ?? 0) << 24) | ((value[1] ?? 0) << 16) | ((value[2] ?? 0) << 8) | (value[3] ?? 0)) >>> 0;
    }
    if (command === 'SET-LINESTATE-MASK' && typeof v === 'number') this.lineMask = v;
    if (command === 'SET-MODEMSTATE-MASK' && typeof v === 'number') this.modemMask = v;
    events.push({ type: 'request', command, value: v, raw: body });
    if (command === 'SIGNATURE' && v === null) this.reply('SIGNATURE', this.signatureText);
    if (command === 'FLOWCONTROL-SUSPEND') {
      this.suspendOutput();
      events.push({ type: 'suspend' });
    } else if (command === 'FLOWCONTROL-RESUME') {
      this.resumeOutput();
      events.push({ type: 'resume' });
    }
  }
}
