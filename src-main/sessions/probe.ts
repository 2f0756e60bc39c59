/**
 * The RFC 2217 conformance probe behind `dialtone probe`: connect to an access server, negotiate, then send
 * each COM-PORT command one at a time and record the reply, its delay, or "no reply"; finally name the
 * deviations from RFC 2217 it saw (the quirks of interop-quirks.md: ser2net, sredird, PortManager, Cisco).
 *
 * What it sends (in this order, each waiting up to `timeoutMs` for its reply):
 *   SIGNATURE request; queries of SET-BAUDRATE, -DATASIZE, -PARITY, -STOPSIZE (value 0) and SET-CONTROL
 *   0 (flow), 4 (BREAK), 7 (DTR), 10 (RTS), 13 (inbound flow); SET-CONTROL 8 DTR ON and 11 RTS ON (what
 *   opening a port does); 6 BREAK OFF; SET-MODEMSTATE-MASK 0xF0 then 0xFF (restored); SET-LINESTATE-MASK
 *   0x1E then 0 (restored); PURGE-DATA 3 (both); last, IAC DO COM-PORT to see how the server treats it.
 * Line settings are queried, never changed. (sredird mis-parses the doubled 0xFF of the mask restore and
 * puts a stray 0xF0 on its serial line: probe such a server when the device can take it.)
 *
 * It drives the same TelnetClientEngine as a session (so it sees what a session sees) over its own socket,
 * and reads the server's option negotiation from the raw bytes for the transcript.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { OPT_COM_PORT, optionName } from '../../src-shared/protocol/constants.js';
import { TelnetClientEngine, type ComPortCommandName, type EngineEvent } from '../../src-shared/protocol/index.js';
import { connectTcp, hostPort } from '../transports/tcp.js';
import { startTls, type TlsInfo, type TlsOptions } from '../transports/tls.js';

/** One probe step: a command sent and what came back. Times in ms. */
export interface ProbeStep {
  /** What was sent, e.g. "SET-CONTROL 7 (DTR query)". */
  command: string;
  /** The reply, decoded ("SET-CONTROL 8 (DTR ON)"), or null for no reply within the timeout. */
  reply: string | null;
  /** The reply's value octets in hex (without the command code), or null. */
  replyHex: string | null;
  /** ms from sending to the reply, or null. */
  replyMs: number | null;
  /** Other COM-PORT messages that arrived while waiting (e.g. a NOTIFY-MODEMSTATE instead of a mask reply). */
  other: string[];
}

/** Everything `dialtone probe` reports. */
export interface ProbeReport {
  target: string;
  /** The TLS link's protocol, cipher, certificate and how it was trusted (rfc2217s:// only). */
  tls?: TlsInfo;
  /** ms for the TCP connection. */
  connectMs: number;
  /** The server's option negotiation as received, e.g. ["WILL SGA", "DO COM-PORT-OPTION"]. */
  negotiation: string[];
  /** How the server answered our WILL COM-PORT (DO = accepted) and our DO COM-PORT (WILL = accepted). */
  comPort: { ourWill: 'accepted' | 'refused' | 'no answer'; ourDo: 'accepted' | 'refused' | 'no answer' };
  signature: string | null;
  steps: ProbeStep[];
  /** Deviations from RFC 2217, each one sentence. */
  deviations: string[];
  /** The engine's warnings during the probe (quirks recognised, malformed frames). */
  warnings: string[];
}

/** Probe options. */
export interface ProbeOptions {
  host: string;
  port: number;
  /** How long to wait for each reply (and for the negotiation), ms; default 1000. */
  timeoutMs?: number;
  /** TCP connect timeout, ms; default 10000. */
  connectTimeoutMs?: number;
  /** Inside TLS (rfc2217s://), trusted as these options say; the report then carries the TLS details. */
  tls?: TlsOptions;
}

const SET_CONTROL_NAMES: Record<number, string> = {
  0: 'flow query', 1: 'flow NONE', 2: 'flow XON/XOFF', 3: 'flow HARDWARE', 4: 'BREAK query', 5: 'BREAK ON', 6: 'BREAK OFF',
  7: 'DTR query', 8: 'DTR ON', 9: 'DTR OFF', 10: 'RTS query', 11: 'RTS ON', 12: 'RTS OFF', 13: 'inbound flow query',
  14: 'inbound flow NONE', 15: 'inbound flow XON/XOFF', 16: 'inbound flow HARDWARE', 17: 'flow DCD', 18: 'inbound flow DTR', 19: 'flow DSR',
};
const PARITY_NAMES: Record<number, string> = { 1: 'NONE', 2: 'ODD', 3: 'EVEN', 4: 'MARK', 5: 'SPACE' };

type Reply = Extract<EngineEvent, { type: 'reply' }>;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)(?!$)/g, '$1 ');

/** A reply as text: command, value and its RFC 2217 meaning. */
function describeReply(r: Reply): string {
  const body = r.raw.subarray(1);
  if (r.command === 'SIGNATURE') return `SIGNATURE ${JSON.stringify(r.value ?? '')}`;
  if (r.command === 'SET-CONTROL') return `SET-CONTROL ${body[0] ?? '?'}${body[0] !== undefined && SET_CONTROL_NAMES[body[0]] ? ` (${SET_CONTROL_NAMES[body[0]]})` : ''}`;
  if (r.command === 'SET-BAUDRATE') return `SET-BAUDRATE ${r.value ?? '?'}${body.length !== 4 ? ` (${body.length} octets)` : ''}`;
  if (r.command === 'SET-PARITY') return `SET-PARITY ${body[0] ?? '?'}${PARITY_NAMES[body[0] ?? -1] ? ` (${PARITY_NAMES[body[0]!]})` : ''}`;
  if (r.command === 'SET-STOPSIZE') return `SET-STOPSIZE ${body[0] ?? '?'}${body[0] === 3 ? ' (1.5)' : ''}`;
  if (r.command.startsWith('NOTIFY') || r.command.endsWith('MASK')) return `${r.command} 0x${(body[0] ?? 0).toString(16).padStart(2, '0')}`;
  return `${r.command} ${r.value ?? ''}`.trim();
}

/** Drives one engine over one socket, with waits on what it reports. */
class ProbeLink {
  readonly engine = new TelnetClientEngine({ comPort: true, ackTimeoutMs: 3_600_000, signature: 'Dialtone probe', traceNegotiation: true });
  /** The server's WILL/WONT/DO/DONT in order, from the engine's trace. */
  readonly negotiations: { verb: 'WILL' | 'WONT' | 'DO' | 'DONT'; option: number }[] = [];
  readonly replies: Reply[] = [];
  readonly warnings: string[] = [];
  comPort: 'ready' | 'refused' | null = null;
  signature: string | null = null;
  private waiters = new Set<() => void>();

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.handle(this.engine.receive(chunk, performance.now()));
    });
    socket.on('error', () => undefined); // 'close' follows; the probe reports what it has
    socket.on('close', () => this.wake());
  }

  /** Feed the results of an engine call and write its output. */
  handle(events: EngineEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'reply') this.replies.push(ev);
      else if (ev.type === 'negotiation') this.negotiations.push({ verb: ev.verb, option: ev.option });
      else if (ev.type === 'comPortReady') this.comPort = 'ready';
      else if (ev.type === 'comPortRefused') this.comPort = 'refused';
      else if (ev.type === 'signature') this.signature = ev.text;
      else if (ev.type === 'warning') this.warnings.push(`${ev.code}: ${ev.message}`);
    }
    for (let out = this.engine.takeOutput(); out; out = this.engine.takeOutput()) this.socket.write(out);
    this.wake();
  }

  /** Resolve when `check()` holds (re-checked on every engine event) or after `ms`; returns check(). */
  until(check: () => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = () => {
        if (!check() && !this.socket.destroyed) return;
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(check());
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        resolve(check());
      }, ms);
      this.waiters.add(done);
      done();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

interface StepSpec {
  label: string;
  expect: ComPortCommandName;
  send(engine: TelnetClientEngine, now: number): EngineEvent[];
  /** For SET-CONTROL: the reply values that answer this command (others are 'other'). */
  accept?: (value: number) => boolean;
}

const anyControl = () => true;
const STEPS: StepSpec[] = [
  { label: 'SIGNATURE (request)', expect: 'SIGNATURE', send: (e, t) => e.requestSignature(t) },
  { label: 'SET-BAUDRATE 0 (query)', expect: 'SET-BAUDRATE', send: (e, t) => e.query('baud', t) },
  { label: 'SET-DATASIZE 0 (query)', expect: 'SET-DATASIZE', send: (e, t) => e.query('dataBits', t) },
  { label: 'SET-PARITY 0 (query)', expect: 'SET-PARITY', send: (e, t) => e.query('parity', t) },
  { label: 'SET-STOPSIZE 0 (query)', expect: 'SET-STOPSIZE', send: (e, t) => e.query('stopBits', t) },
  { label: 'SET-CONTROL 0 (flow query)', expect: 'SET-CONTROL', send: (e, t) => e.query('flow', t), accept: anyControl },
  { label: 'SET-CONTROL 4 (BREAK query)', expect: 'SET-CONTROL', send: (e, t) => e.query('break', t), accept: anyControl },
  { label: 'SET-CONTROL 7 (DTR query)', expect: 'SET-CONTROL', send: (e, t) => e.query('dtr', t), accept: anyControl },
  { label: 'SET-CONTROL 10 (RTS query)', expect: 'SET-CONTROL', send: (e, t) => e.query('rts', t), accept: anyControl },
  { label: 'SET-CONTROL 13 (inbound flow query)', expect: 'SET-CONTROL', send: (e, t) => e.query('inboundFlow', t), accept: anyControl },
  { label: 'SET-CONTROL 8 (DTR ON)', expect: 'SET-CONTROL', send: (e, t) => e.setControlLines({ dtr: true }, t), accept: anyControl },
  { label: 'SET-CONTROL 11 (RTS ON)', expect: 'SET-CONTROL', send: (e, t) => e.setControlLines({ rts: true }, t), accept: anyControl },
  { label: 'SET-CONTROL 6 (BREAK OFF)', expect: 'SET-CONTROL', send: (e, t) => e.setBreak(false, t), accept: anyControl },
  { label: 'SET-MODEMSTATE-MASK 0xf0', expect: 'SET-MODEMSTATE-MASK', send: (e, t) => e.setModemStateMask(0xf0, t) },
  { label: 'SET-MODEMSTATE-MASK 0xff (restore)', expect: 'SET-MODEMSTATE-MASK', send: (e, t) => e.setModemStateMask(0xff, t) },
  { label: 'SET-LINESTATE-MASK 0x1e', expect: 'SET-LINESTATE-MASK', send: (e, t) => e.setLineStateMask(0x1e, t) },
  { label: 'SET-LINESTATE-MASK 0x00 (restore)', expect: 'SET-LINESTATE-MASK', send: (e, t) => e.setLineStateMask(0, t) },
  { label: 'PURGE-DATA 3 (both)', expect: 'PURGE-DATA', send: (e, t) => e.purge('both', t) },
];

/**
 * Probe an RFC 2217 server. Resolves with the report (a server that stops answering or closes mid-way
 * gives "no reply" for the rest). Rejects only when the TCP connection cannot be made (ConnectionError).
 */
export async function probeAccessServer(options: ProbeOptions): Promise<ProbeReport> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const started = performance.now();
  const tcp = await connectTcp({ host: options.host, port: options.port, connectTimeoutMs: options.connectTimeoutMs ?? 10_000, keepaliveIdleMs: 0 });
  const secured = options.tls ? await startTls(tcp, options.host, options.port, options.tls) : null;
  const socket: Socket = secured?.socket ?? tcp;
  const connectMs = performance.now() - started;
  const link = new ProbeLink(socket);
  try {
    link.handle(link.engine.start(performance.now()));
    await link.until(() => link.comPort !== null, timeoutMs);

    const steps: ProbeStep[] = [];
    for (const spec of STEPS) steps.push(await runStep(link, spec, timeoutMs));

    // Last: our DO COM-PORT (the server WILL COM-PORT?), read from the engine's negotiation trace.
    const before = link.negotiations.length;
    link.engine.requestOption('remote', OPT_COM_PORT, true);
    link.handle([]);
    const answer = () => link.negotiations.slice(before).find((n) => n.option === OPT_COM_PORT && (n.verb === 'WILL' || n.verb === 'WONT'));
    await link.until(() => answer() !== undefined, timeoutMs);
    const doAnswer = answer();
    const comPort: ProbeReport['comPort'] = {
      ourWill: link.comPort === 'ready' ? 'accepted' : link.comPort === 'refused' ? 'refused' : 'no answer',
      ourDo: doAnswer === undefined ? 'no answer' : doAnswer.verb === 'WILL' ? 'accepted' : 'refused',
    };
    const negotiation = link.negotiations.slice(0, before).map((n) => `${n.verb} ${optionName(n.option)}`);
    return {
      target: `${secured ? 'rfc2217s' : 'rfc2217'}://${hostPort(options.host, options.port)}`,
      ...(secured ? { tls: secured.info } : {}),
      connectMs: round(connectMs),
      negotiation,
      comPort,
      signature: link.signature,
      steps,
      deviations: deviations(steps, comPort),
      warnings: link.warnings,
    };
  } finally {
    socket.destroy();
  }
}

async function runStep(link: ProbeLink, spec: StepSpec, timeoutMs: number): Promise<ProbeStep> {
  const from = link.replies.length;
  const sentAt = performance.now();
  link.handle(spec.send(link.engine, sentAt));
  const match = () => link.replies.slice(from).find((r) => r.command === spec.expect && (!spec.accept || spec.accept(r.raw[1] ?? -1)));
  await link.until(() => match() !== undefined, timeoutMs);
  const reply = match();
  return {
    command: spec.label,
    reply: reply ? describeReply(reply) : null,
    replyHex: reply ? hex(reply.raw.subarray(1)) : null,
    replyMs: reply ? round(reply.atMs - sentAt) : null,
    other: link.replies.slice(from).filter((r) => r !== reply).map(describeReply),
  };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** The deviations from RFC 2217 that the steps show, in the words of interop-quirks.md. */
function deviations(steps: ProbeStep[], comPort: ProbeReport['comPort']): string[] {
  const out: string[] = [];
  const step = (label: string) => steps.find((s) => s.command.startsWith(label));
  const controlValue = (s: ProbeStep | undefined) => (s?.replyHex ? parseInt(s.replyHex.slice(0, 2), 16) : null);

  if (comPort.ourWill === 'refused') out.push('refuses WILL COM-PORT: no RFC 2217 control on this port');
  if (comPort.ourWill === 'no answer') out.push('does not answer WILL COM-PORT');
  if (comPort.ourWill === 'accepted' && comPort.ourDo === 'refused') out.push('refuses DO COM-PORT but accepts WILL (the client must not require the server to WILL COM-PORT)');
  if (comPort.ourWill !== 'accepted') return out;

  if (!step('SIGNATURE')?.reply) out.push('does not answer SIGNATURE');
  const baud = step('SET-BAUDRATE');
  if (baud?.replyHex) {
    const octets = baud.replyHex.split(' ').length;
    if (octets === 8) out.push('sends 8-byte baud replies (a 64-bit build writing a C long; the first 4 octets are the rate)');
    else if (octets === 1) out.push('sends 1-byte baud replies (an index, as older Cisco IOS does)');
    else if (octets !== 4) out.push(`sends ${octets}-byte baud replies`);
  }
  const unanswered = steps.filter((s) => s.reply === null).map((s) => s.command);
  const queries: [string, number, number[]][] = [
    ['SET-CONTROL 0 ', 0, [1, 2, 3, 17, 19]],
    ['SET-CONTROL 4 ', 4, [5, 6]],
    ['SET-CONTROL 7 ', 7, [8, 9]],
    ['SET-CONTROL 10 ', 10, [11, 12]],
    ['SET-CONTROL 13 ', 13, [14, 15, 16, 18]],
  ];
  const silentQueries = queries.filter(([label]) => !step(label)?.reply).map(([, code]) => code);
  if (silentQueries.length === queries.length) out.push('does not answer SET-CONTROL queries (0, 4, 7, 10, 13)');
  else if (silentQueries.length > 0) out.push(`does not answer SET-CONTROL queries ${silentQueries.join(', ')}`);
  for (const [label, code, valid] of queries) {
    const v = controlValue(step(label));
    if (v === null || valid.includes(v)) continue;
    out.push(v === code ? `answers the SET-CONTROL ${code} query with ${v}, the request code, not the state` : `answers the SET-CONTROL ${code} query with ${v}, not a state of that group`);
  }
  for (const [label, name, valid] of [['SET-CONTROL 8 ', 'DTR', [8, 9]], ['SET-CONTROL 11 ', 'RTS', [11, 12]]] as const) {
    const s = step(label);
    const v = controlValue(s);
    if (v === null) out.push(`does not answer SET-CONTROL ${name} ON/OFF (${name === 'DTR' ? '8, 9' : '11, 12'})`);
    else if (v >= 1 && v <= 3) out.push(`answers ${name} with the flow-control value (105 ${String(v).padStart(2, '0')})`);
    else if (!(valid as readonly number[]).includes(v)) out.push(`answers ${name} ON with ${v}`);
  }
  const brk = controlValue(step('SET-CONTROL 6 '));
  if (brk === 5) out.push('answers BREAK OFF with BREAK ON (5)');
  else if (brk === null) out.push('does not answer SET-CONTROL BREAK OFF (6)');
  for (const mask of ['SET-MODEMSTATE-MASK', 'SET-LINESTATE-MASK'] as const) {
    const set = steps.filter((s) => s.command.startsWith(mask));
    if (set.every((s) => s.reply === null)) {
      const notify = set.flatMap((s) => s.other).find((o) => o.startsWith('NOTIFY'));
      out.push(notify ? `answers ${mask} with ${notify.split(' ')[0]} instead of the mask` : `does not answer ${mask}`);
    } else {
      for (const s of set) {
        const sent = s.command.match(/0x([0-9a-f]{2})/)?.[1];
        if (s.replyHex && sent && s.replyHex !== sent) out.push(`answers ${mask} 0x${sent} with 0x${s.replyHex}`);
      }
    }
  }
  if (unanswered.includes('PURGE-DATA 3 (both)')) out.push('does not answer PURGE-DATA');
  const notifies = steps.flatMap((s) => s.other).filter((o) => o.startsWith('NOTIFY-MODEMSTATE')).length;
  if (notifies > steps.length) {
    out.push(`sends NOTIFY-MODEMSTATE in bursts (${notifies} during ${steps.length} commands, lines idle): its modem-line poller reports noise`);
  }
  return out;
}
