/**
 * Telnet option negotiation by RFC 1143 "The Q Method of Implementing TELNET Option Negotiation":
 * a separate state for our side (`us`) and the peer's side (`him`) of every option, each NO / YES /
 * WANTNO / WANTYES with a one-bit queue (EMPTY / OPPOSITE). Following the RFC's tables makes option
 * loops impossible: an acknowledgement is never answered with a new request.
 */
import { DO, DONT, WILL, WONT } from './constants.js';

export const Q_NO = 0;
export const Q_YES = 1;
export const Q_WANTNO = 2;
export const Q_WANTYES = 3;
export type QState = typeof Q_NO | typeof Q_YES | typeof Q_WANTNO | typeof Q_WANTYES;

const EMPTY = 0;
const OPPOSITE = 1;

/** Which options we agree to: `local` = we perform it (answer DO with WILL), `remote` = the peer does. */
export interface NegotiationPolicy {
  acceptLocal(option: number): boolean;
  acceptRemote(option: number): boolean;
}

/** What one received WILL/WONT/DO/DONT did. */
export interface NegotiationResult {
  side: 'local' | 'remote';
  /** The option's enabled flag changed (state entered or left YES). */
  changed: boolean;
  enabled: boolean;
  /** We asked for the option (WANTYES) and the peer refused it. */
  refused: boolean;
  /** A protocol error the RFC names (e.g. "DONT answered by WILL"), for a warning. */
  error?: string;
}

/** The RFC 1143 state of all 256 options; `send(cmd, option)` queues WILL/WONT/DO/DONT. */
export class OptionTable {
  private readonly us = new Uint8Array(256);
  private readonly usq = new Uint8Array(256);
  private readonly him = new Uint8Array(256);
  private readonly himq = new Uint8Array(256);
  /** The enabled flag last reported per side (1 = on), so a disable we asked for reports on its ack. */
  private readonly usReported = new Uint8Array(256);
  private readonly himReported = new Uint8Array(256);

  constructor(
    private readonly policy: NegotiationPolicy,
    private readonly send: (command: number, option: number) => void,
  ) {}

  /** true when the option is in effect on that side. */
  enabled(side: 'local' | 'remote', option: number): boolean {
    return (side === 'local' ? this.us[option] : this.him[option]) === Q_YES;
  }

  /** Current RFC 1143 state of one side of an option. */
  state(side: 'local' | 'remote', option: number): QState {
    return ((side === 'local' ? this.us[option] : this.him[option]) ?? Q_NO) as QState;
  }

  /**
   * Ask to enable/disable an option on a side (RFC 1143 section 7, "asking"). Requests that are
   * already satisfied or under way are absorbed by the queue bit, never re-sent.
   */
  request(side: 'local' | 'remote', option: number, enable: boolean): void {
    const st = side === 'local' ? this.us : this.him;
    const q = side === 'local' ? this.usq : this.himq;
    const yes = side === 'local' ? WILL : DO;
    const no = side === 'local' ? WONT : DONT;
    const s = st[option];
    if (enable) {
      if (s === Q_NO) {
        st[option] = Q_WANTYES;
        this.send(yes, option);
      } else if (s === Q_WANTNO && q[option] === EMPTY) q[option] = OPPOSITE;
      else if (s === Q_WANTYES && q[option] === OPPOSITE) q[option] = EMPTY;
    } else {
      if (s === Q_YES) {
        st[option] = Q_WANTNO;
        this.send(no, option);
      } else if (s === Q_WANTYES && q[option] === EMPTY) q[option] = OPPOSITE;
      else if (s === Q_WANTNO && q[option] === OPPOSITE) q[option] = EMPTY;
    }
  }

  /**
   * Take an option as agreed on `side` although the peer never said WILL/DO, because it acts as if it
   * were (it sends the option's subnegotiations). RFC 1143 has no such input; it exists for pyserial's
   * negotiation race (see TelnetServerEngine). Only NO and WANTYES with an empty queue become YES, and
   * only when the policy accepts the option; NOTHING is sent: the peer believes the option is on already,
   * and any WILL/DO/WONT/DONT from us now could restart a negotiation it considers finished. A WILL/DO
   * that arrives later finds YES and is ignored, as RFC 1143 prescribes.
   * @returns the result as received() reports it, or null when the state was left alone.
   */
  assume(side: 'local' | 'remote', option: number): NegotiationResult | null {
    const local = side === 'local';
    const st = local ? this.us : this.him;
    const q = local ? this.usq : this.himq;
    const s = st[option];
    const accept = local ? this.policy.acceptLocal(option) : this.policy.acceptRemote(option);
    if (!accept || !(s === Q_NO || (s === Q_WANTYES && q[option] === EMPTY))) return null;
    st[option] = Q_YES;
    const reported = local ? this.usReported : this.himReported;
    const changed = reported[option] !== 1;
    reported[option] = 1;
    return { side, changed, enabled: true, refused: false };
  }

  /** Handle a received WILL/WONT/DO/DONT (RFC 1143 section 7, "receiving"). */
  received(command: number, option: number): NegotiationResult {
    const local = command === DO || command === DONT;
    const side = local ? 'local' : 'remote';
    const st = local ? this.us : this.him;
    const q = local ? this.usq : this.himq;
    const yes = local ? WILL : DO;
    const no = local ? WONT : DONT;
    const before = st[option];
    let refused = false;
    let error: string | undefined;
    const positive = command === WILL || command === DO;
    if (positive) {
      const accept = local ? this.policy.acceptLocal(option) : this.policy.acceptRemote(option);
      switch (before) {
        case Q_NO:
          if (accept) {
            st[option] = Q_YES;
            this.send(yes, option);
          } else this.send(no, option);
          break;
        case Q_YES:
          break;
        case Q_WANTNO:
          error = `${local ? 'WONT' : 'DONT'} answered by ${local ? 'DO' : 'WILL'}`;
          if (q[option] === EMPTY) st[option] = Q_NO;
          else {
            st[option] = Q_YES;
            q[option] = EMPTY;
          }
          break;
        case Q_WANTYES:
          if (q[option] === EMPTY) st[option] = Q_YES;
          else {
            st[option] = Q_WANTNO;
            q[option] = EMPTY;
            this.send(no, option);
          }
          break;
      }
    } else {
      switch (before) {
        case Q_NO:
          break;
        case Q_YES:
          st[option] = Q_NO;
          this.send(no, option);
          break;
        case Q_WANTNO:
          if (q[option] === EMPTY) st[option] = Q_NO;
          else {
            st[option] = Q_WANTYES;
            q[option] = EMPTY;
            this.send(yes, option);
          }
          break;
        case Q_WANTYES:
          refused = q[option] === EMPTY;
          st[option] = Q_NO;
          q[option] = EMPTY;
          break;
      }
    }
    const reported = local ? this.usReported : this.himReported;
    const wasOn = reported[option] === 1;
    const isOn = st[option] === Q_YES;
    reported[option] = isOn ? 1 : 0;
    const result: NegotiationResult = { side, changed: wasOn !== isOn, enabled: isOn, refused };
    if (error !== undefined) result.error = error;
    return result;
  }
}
