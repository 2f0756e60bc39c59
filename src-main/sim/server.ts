/**
 * The demo access server: an RFC 2217 server (TelnetServerEngine from src-shared/protocol) in front of
 * a simulated Hayes modem (modem.ts), one modem per client connection, on the demo phone network
 * (directory.ts). Used by `dialtone sim` and by the app's built-in "Demo modem" profile.
 *
 * RFC 2217 behaviour (section numbers of RFC 2217):
 * - Negotiation as a server: WILL/DO BINARY and SGA, WILL ECHO (the modem echoes commands itself),
 *   DO COM-PORT (the engine's policy).
 * - Every client command is acknowledged with the value in effect (section 2): SET-BAUDRATE (0 asks;
 *   any 1..16000000 is accepted), SET-DATASIZE 5-8, SET-PARITY 1-5, SET-STOPSIZE 1-3, SET-CONTROL
 *   (flow 1-3 and inbound 14-16 with their queries 0/13; BREAK 5/6, query 4; DTR 8/9, query 7; RTS
 *   11/12, query 10; DCD/DTR/DSR flow 17-19 are not supported and are answered with the flow in
 *   effect), SET-LINESTATE-MASK, SET-MODEMSTATE-MASK, PURGE-DATA (1: the modem's undelivered output;
 *   2: nothing is buffered toward the modem). An out-of-range value is answered with the value in
 *   effect, unchanged.
 * - NOTIFY-MODEMSTATE (section 4) on every change of CTS, DSR, RI, DCD with the delta bits of what
 *   changed since the previous report (RI: trailing edge), ANDed with the client's mask; one report of
 *   the current state (no delta bits) when the client's COM-PORT is accepted.
 * - FLOWCONTROL-SUSPEND / RESUME (section 5): the modem's output is held meanwhile, nothing lost.
 * - SET-CONTROL DTR/RTS drive the modem: RTS -> CTS; DTR on->off hangs up with &D2. The baud rate and
 *   the character frame (data, parity, stop bits) set the modem's output pacing.
 * - When the connection ends the modem is powered off (section 6: hang up, geometry back to defaults,
 *   since the next client gets a fresh modem).
 * - The modem's output queue is bounded: a client that writes faster than the modem's line rate echoes
 *   (a paste in command mode) is no longer read once READ_PAUSE_AT bytes wait for it, so TCP pushes back,
 *   and is read again below READ_RESUME_AT. Not while the client itself holds the output
 *   (FLOWCONTROL-SUSPEND, or RTS off with RTS/CTS flow): only its next commands can release it, so it is
 *   read on; if it still sends until HELD_OUTPUT_LIMIT bytes wait, it is disconnected rather than
 *   buffered without end.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { TelnetServerEngine } from '../../src-shared/protocol/index.js';
import type { ComPortCommandName, ServerEngineEvent } from '../../src-shared/protocol/index.js';
import { MAX_BAUD } from '../../src-shared/line/settings.js';
import { MODEMSTATE_BITS } from '../../src-shared/line/modem.js';
import { realClock, type Clock } from '../clock.js';
import { lookUp } from './directory.js';
import { HayesModem, type ModemLineState, type ModemTiming } from './modem.js';

/** Options of the demo access server. */
export interface SimServerOptions {
  /** Interface to listen on, default 127.0.0.1. */
  host?: string;
  /** TCP port, default 0 (the OS picks a free one; read it from the result). */
  port?: number;
  /** Modem timing overrides (tests shorten the phone network's delays). */
  timing?: Partial<ModemTiming>;
  /** The clock (default the real one). */
  clock?: Clock;
  /**
   * Fastest carrier of each modem, bits/s (default 33600, V.34): CONNECT reports min(DTE baud, this)
   * and online data is paced at that rate. Tests raise it (up to MAX_BAUD, with SET-BAUDRATE) to push
   * megabytes through the modem in seconds.
   */
  maxLineRate?: number;
}

/** A running demo server. */
export interface SimServer {
  host: string;
  port: number;
  /** Stop listening, drop every client (their modems hang up), resolve when closed. */
  close(): Promise<void>;
}

/** Output bytes waiting for the client beyond which it is no longer read (TCP pushes back), bytes. */
export const READ_PAUSE_AT = 1024 * 1024;
/** Output bytes waiting below which a paused client is read again, bytes. */
const READ_RESUME_AT = 256 * 1024;
/** Output bytes waiting while the client holds the output itself beyond which it is disconnected. */
const HELD_OUTPUT_LIMIT = 16 * 1024 * 1024;

/** The signature the server answers SIGNATURE requests with. */
export const SIM_SIGNATURE = 'Dialtone demo modem';

/** Serial geometry of one connection, as the client set it (defaults per RFC 2217 section 6). */
interface PortState {
  baud: number;
  dataSize: number;
  parity: number;
  stopSize: number;
  /** SET-CONTROL outbound flow value 1/2/3 and inbound 14/15/16. */
  flow: number;
  inboundFlow: number;
  brk: boolean;
  dtr: boolean;
  rts: boolean;
}

function modemOctet(l: ModemLineState): number {
  const b = MODEMSTATE_BITS;
  return (l.dcd ? b.DCD : 0) | (l.ri ? b.RI : 0) | (l.dsr ? b.DSR : 0) | (l.cts ? b.CTS : 0);
}

function deltaBits(prev: ModemLineState, now: ModemLineState): number {
  const b = MODEMSTATE_BITS;
  return (
    (prev.dcd !== now.dcd ? b.DELTA_DCD : 0) |
    (prev.ri && !now.ri ? b.TRAILING_EDGE_RI : 0) |
    (prev.dsr !== now.dsr ? b.DELTA_DSR : 0) |
    (prev.cts !== now.cts ? b.DELTA_CTS : 0)
  );
}

/** Serve one client: its own engine and modem. */
function serveClient(socket: Socket, opts: SimServerOptions): void {
  const clock = opts.clock ?? realClock;
  const engine = new TelnetServerEngine({ comPort: true, echo: true, signature: SIM_SIGNATURE });
  const modem = new HayesModem({ clock, directory: lookUp, timing: opts.timing, baud: 115200, maxLineRate: opts.maxLineRate });
  const port: PortState = { baud: 115200, dataSize: 8, parity: 1, stopSize: 1, flow: 1, inboundFlow: 14, brk: false, dtr: true, rts: true };
  let reported = modem.lines();
  let closed = false;

  socket.setNoDelay(true);
  let draining = false;
  const flush = () => {
    const out = engine.takeOutput();
    if (out && !closed && !socket.write(out) && !draining) {
      // TCP backpressure: hold the modem's output (bounded in its queue) until the socket drains
      draining = true;
      modem.hold('socket', true);
      socket.once('drain', () => {
        draining = false;
        modem.hold('socket', false);
      });
    }
  };

  // Reading the client, bounded by the output waiting for it (see the module doc).
  let suspended = false;
  let readPaused = false;
  const pace = () => {
    if (closed) return;
    const queued = modem.pendingOutput;
    const heldByClient = suspended || (port.flow === 3 && !port.rts);
    if (heldByClient && queued > HELD_OUTPUT_LIMIT) return end();
    const pause = !heldByClient && (readPaused ? queued > READ_RESUME_AT : queued >= READ_PAUSE_AT);
    if (pause === readPaused) return;
    readPaused = pause;
    if (pause) socket.pause();
    else socket.resume();
  };

  modem.onOutput = (bytes) => {
    engine.sendData(bytes);
    flush();
    pace();
  };
  modem.onLines = (lines) => {
    const octet = modemOctet(lines) | deltaBits(reported, lines);
    reported = lines;
    // pyserial 3.5 may never send WILL COM-PORT (a race in its negotiation): the engine takes its first
    // COM-PORT command as the WILL and reports 'comPortReady', so this reaches pyserial too
    engine.notifyModemState(octet);
    flush();
  };

  const reply = (command: ComPortCommandName, value: number) => engine.reply(command, value);

  const control = (v: number) => {
    if (v === 0) return reply('SET-CONTROL', port.flow);
    if (v >= 1 && v <= 3) {
      port.flow = v;
      port.inboundFlow = v + 13;
      modem.setHardwareFlow(v === 3);
      return reply('SET-CONTROL', v);
    }
    if (v === 4) return reply('SET-CONTROL', port.brk ? 5 : 6);
    if (v === 5 || v === 6) {
      port.brk = v === 5;
      return reply('SET-CONTROL', v);
    }
    if (v === 7) return reply('SET-CONTROL', port.dtr ? 8 : 9);
    if (v === 8 || v === 9) {
      port.dtr = v === 8;
      modem.setDtr(port.dtr);
      return reply('SET-CONTROL', v);
    }
    if (v === 10) return reply('SET-CONTROL', port.rts ? 11 : 12);
    if (v === 11 || v === 12) {
      port.rts = v === 11;
      modem.setRts(port.rts);
      return reply('SET-CONTROL', v);
    }
    if (v === 13) return reply('SET-CONTROL', port.inboundFlow);
    if (v >= 14 && v <= 16) {
      port.inboundFlow = v;
      return reply('SET-CONTROL', v);
    }
    // 17-19 (DCD/DTR/DSR flow) and unknown values: not supported, answer the flow in effect
    return reply('SET-CONTROL', port.flow);
  };

  const STOP_BITS: Record<number, number> = { 1: 1, 2: 2, 3: 1.5 };
  const applyFrame = () => modem.setFrame(port.dataSize, port.parity !== 1, STOP_BITS[port.stopSize] ?? 1);

  const request = (command: ComPortCommandName, value: number | string | null) => {
    const v = typeof value === 'number' ? value : 0;
    switch (command) {
      case 'SET-BAUDRATE':
        if (v >= 1 && v <= MAX_BAUD) {
          port.baud = v;
          modem.setBaud(v);
        }
        return reply(command, port.baud);
      case 'SET-DATASIZE':
        if (v >= 5 && v <= 8) port.dataSize = v;
        applyFrame();
        return reply(command, port.dataSize);
      case 'SET-PARITY':
        if (v >= 1 && v <= 5) port.parity = v;
        applyFrame();
        return reply(command, port.parity);
      case 'SET-STOPSIZE':
        if (v >= 1 && v <= 3) port.stopSize = v;
        applyFrame();
        return reply(command, port.stopSize);
      case 'SET-CONTROL':
        return control(v);
      case 'SET-LINESTATE-MASK':
        return reply(command, engine.lineStateMask);
      case 'SET-MODEMSTATE-MASK':
        return reply(command, engine.modemStateMask);
      case 'PURGE-DATA':
        if (v === 1 || v === 3) modem.purgeOutput();
        return reply(command, v);
      default:
        // SIGNATURE (answered by the engine), FLOWCONTROL-* (no reply, see 'suspend'), NOTIFY-* (not from clients)
        return;
    }
  };

  const handle = (ev: ServerEngineEvent) => {
    switch (ev.type) {
      case 'data':
        modem.write(ev.bytes);
        break;
      case 'request':
        request(ev.command, ev.value);
        break;
      case 'comPortReady':
        // the client's WILL COM-PORT, or its first COM-PORT command (implied WILL, pyserial's race)
        reported = modem.lines();
        engine.notifyModemState(modemOctet(reported));
        break;
      case 'suspend':
        suspended = true;
        modem.hold('suspend', true);
        break;
      case 'resume':
        suspended = false;
        modem.hold('suspend', false);
        break;
      default:
        // option changes and warnings (malformed frames) need no action from a modem
        break;
    }
  };

  socket.on('data', (chunk: Buffer) => {
    for (const ev of engine.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))) handle(ev);
    flush();
    pace();
  });
  const end = () => {
    if (closed) return;
    closed = true;
    modem.dispose();
    socket.destroy();
  };
  socket.on('error', end);
  socket.on('close', end);
  socket.on('end', end);
  engine.start();
  flush();
}

/**
 * Start the demo access server: an RFC 2217 server with a simulated Hayes modem per connection.
 * Resolves once listening with the actual address (port 0 -> the port the OS picked).
 * @throws Error (EADDRINUSE, EACCES...) when it cannot listen.
 */
export function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveClient(socket, options);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : (options.port ?? 0);
      resolve({
        host,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
