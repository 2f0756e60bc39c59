/**
 * Public types of the sans-I/O telnet / RFC 2217 engine (see index.ts for the overview).
 * Pure data: no sockets, no timers, no clocks; time comes in as `nowMs` arguments (milliseconds, any
 * monotonic origin the caller likes).
 */
import type { LineItemName, LineModel } from '../line/line-model.js';
import type { WarningCode as SessionWarningCode } from '../session/events.js';
import type { LineState, ModemState } from '../line/modem.js';

/** Options of the client engine. */
export interface ClientEngineOptions {
  /** true: RFC 2217 (send WILL COM-PORT-OPTION 44 at start); false: plain telnet. */
  comPort: boolean;
  /** Milliseconds a COM-PORT command may go unanswered before it is 'unconfirmed' (warning). Default 3000. */
  ackTimeoutMs?: number;
  /** Our SIGNATURE text, sent when the server asks for it. Default 'Dialtone'. */
  signature?: string;
  /** Emit every received WILL/WONT/DO/DONT as a 'negotiation' event (the probe's transcript). Default false. */
  traceNegotiation?: boolean;
  /** Largest subnegotiation body kept, in bytes (default 1024); longer SB -> discarded + 'malformed-frame'. */
  maxSubnegotiationBytes?: number;
  /**
   * true: an unanswered SET-LINESTATE-MASK / SET-MODEMSTATE-MASK or SIGNATURE request gives a 'no-ack'
   * warning like any command. Default false: nothing is reported, because neither has a setting an
   * operator sees (no SettingsView state to mark 'unconfirmed') and PortManager never answers them, so
   * the warning came with every connection. Who wants to know (`dialtone probe`) watches the 'reply' events.
   */
  warnUnansweredInfo?: boolean;
}

/** The items of the line model: the five line settings and DTR, RTS, BREAK. */
export type SettingKey = LineItemName;

/** What the engine knows of the line: per setting asked / in effect / state (see line-model.ts). */
export type SettingsView = LineModel;

/** RFC 2217 command names; server->client codes (100+) map to the same names. */
export type ComPortCommandName =
  | 'SIGNATURE'
  | 'SET-BAUDRATE'
  | 'SET-DATASIZE'
  | 'SET-PARITY'
  | 'SET-STOPSIZE'
  | 'SET-CONTROL'
  | 'NOTIFY-LINESTATE'
  | 'NOTIFY-MODEMSTATE'
  | 'FLOWCONTROL-SUSPEND'
  | 'FLOWCONTROL-RESUME'
  | 'SET-LINESTATE-MASK'
  | 'SET-MODEMSTATE-MASK'
  | 'PURGE-DATA';

/** The engine's warnings use the session's warning codes (src-shared/session/events.ts), a subset of them. */
export type WarningCode = Extract<
  SessionWarningCode,
  'no-ack' | 'ack-differs' | 'malformed-frame' | 'unexpected-reply' | 'option-refused' | 'quirk-reply' | 'unsupported'
>;

/** Events shared by both engines. `data` bytes may be views into the chunk given to receive(). */
export type TelnetEvent =
  | { type: 'data'; bytes: Uint8Array }
  | { type: 'option'; option: number; side: 'local' | 'remote'; enabled: boolean }
  /** A WILL/WONT/DO/DONT as received (only with traceNegotiation): the peer's side of the negotiation. */
  | { type: 'negotiation'; verb: 'WILL' | 'WONT' | 'DO' | 'DONT'; option: number }
  | { type: 'warning'; code: WarningCode; message: string };

/** Everything TelnetClientEngine reports. */
export type EngineEvent =
  | TelnetEvent
  /** The server accepted our WILL COM-PORT: commands may flow (queued ones were just sent). */
  | { type: 'comPortReady' }
  /** The server said DONT COM-PORT: settings become 'unsupported'. */
  | { type: 'comPortRefused' }
  /**
   * The data path is settled, so data may flow without waiting for a timeout: after start(), the server
   * has answered our WILL BINARY and DO BINARY (agreed or refused) and, with comPort, our WILL COM-PORT
   * (DO or DONT; queued commands were sent just before). Once per engine, after any 'comPortReady' /
   * 'comPortRefused' of the same answer. binary.local: we send binary (false: NVT rules, CR -> CR NUL);
   * binary.remote: the server sends binary; comPort: COM-PORT in effect, null for plain telnet. A server
   * that never answers one of them gives no 'negotiated' (the caller's timeout decides); later changes
   * come as 'option' events.
   */
  | { type: 'negotiated'; binary: { local: boolean; remote: boolean }; comPort: boolean | null }
  /** Line data may flow from now on (see TelnetClientEngine.dataReady). Once per engine. */
  | { type: 'dataReady' }
  /** The server answered our TIMING-MARK probe (probeTimingMark): everything sent before it arrived. */
  | { type: 'timingMark' }
  /**
   * Every COM-PORT SB from the server, named by command (server codes 100+ map to the client names).
   * value: the baud rate for SET-BAUDRATE (null when unreadable), the text for SIGNATURE, the first value
   * octet otherwise, null when there is none. raw: the SB body after the option byte (code + value
   * octets, unescaped). atMs: the nowMs of the receive() call.
   */
  | { type: 'reply'; command: ComPortCommandName; value: number | string | null; raw: Uint8Array; atMs: number }
  /** Whenever a value in effect or a state changes. */
  | { type: 'settings'; settings: SettingsView }
  | { type: 'modem'; state: ModemState; raw: number }
  | { type: 'line'; state: LineState; raw: number }
  | { type: 'signature'; text: string }
  /** Server FLOWCONTROL-SUSPEND / RESUME: stop / restart OUR sending (data is held by the engine meanwhile). */
  | { type: 'suspend' }
  | { type: 'resume' };

/** Options of the server engine (used by `dialtone sim` and by tests). */
export interface ServerEngineOptions {
  /** true: accept the client's WILL COM-PORT (answer DO) and send DO COM-PORT at start. */
  comPort: boolean;
  /** Offer WILL ECHO (the server echoes what it receives; the engine itself does not echo). Default false. */
  echo?: boolean;
  /** Our SIGNATURE, answered automatically when the client asks. Default 'Dialtone sim'. */
  signature?: string;
  /** Largest subnegotiation body kept, in bytes (default 1024). */
  maxSubnegotiationBytes?: number;
}

/** Everything TelnetServerEngine reports. */
export type ServerEngineEvent =
  | TelnetEvent
  /** The client's WILL COM-PORT was accepted: it will send COM-PORT commands. */
  | { type: 'comPortReady' }
  /**
   * A client COM-PORT command (codes 0..12). value: number (baud as a 32-bit number, other commands one
   * octet), string for SIGNATURE with text, null when the command carries no value (SIGNATURE request,
   * FLOWCONTROL-*). Answer set/query commands with reply(command, valueInEffect). Masks are recorded by
   * the engine before this event; SIGNATURE requests are answered by the engine itself.
   */
  | { type: 'request'; command: ComPortCommandName; value: number | string | null; raw: Uint8Array }
  /** The client's FLOWCONTROL-SUSPEND / RESUME: stop / restart our data (held by the engine meanwhile). */
  | { type: 'suspend' }
  | { type: 'resume' };
