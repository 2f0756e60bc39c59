/**
 * Runs a transfer engine (src-shared/transfer/) on an open Session with real timers:
 *   - the session's received bytes go to the engine while the transfer runs (the caller keeps them from
 *     the terminal: it does not print them); bytes that arrive after the engine finished are handed back
 *     in the outcome (`rest`), for the terminal;
 *   - the engine's bytes go to session.write() in order; when write() returns false the rest waits for
 *     the session's 'drain' (back-pressure), and the engine's time-outs keep running; a streaming
 *     engine (YMODEM-g: more()) is asked for its next slice each time everything given was written;
 *   - tick() at the engine's nextDeadlineMs(), on the Clock (default the process clock);
 *   - XON/XOFF flow control (asked or in effect) is switched off for the transfer (0x11 and 0x13 are
 *     data) and what was asked is asked again after, whatever the outcome; the transfer starts once the
 *     change is answered (or after `settingsWaitMs`: ser2net and pty ports answer at once);
 *   - the link going down (a 'status' other than connected) ends the transfer as 'failed' with the reason;
 *   - `signal` aborts: what was not yet written is dropped and the engine's cancel goes out (CAN CAN,
 *     then 'cancelled' once the line is quiet).
 * Escaping is the session's: telnet sessions double 0xFF and undo CR NUL themselves; raw TCP and serial
 * carry the bytes as they are. On a telnet kind the transfer needs BINARY (RFC 856) in effect both ways:
 * without it NVT rules turn CR into CR NUL and a server may strip the high bit or take CR NUL apart at
 * a read boundary (BusyBox telnetd does), so the transfer does not start when the server refused
 * BINARY or never answered it (failed, with the reason). An answer still on its way right after the
 * connection is waited for (at most `binaryWaitMs`).
 * The outcome never throws for line trouble: it says what happened.
 */
import type { Session, SessionSnapshot } from '../sessions/session.js';
import type { TransferEngine, TransferEvent, TransferStep } from '../../src-shared/transfer/index.js';
import { realClock, type Clock } from '../clock.js';

/** A streaming engine's bytes waiting in the session for the line, at most (then more() waits for 'sent'). */
const STREAM_AHEAD = 4096;

export interface RunTransferOptions {
  /** Every engine event as it happens (progress, file, data, retry, and the last one). */
  onEvent?: (ev: TransferEvent) => void;
  /** Abort to cancel the transfer (CAN CAN to the peer). */
  signal?: AbortSignal;
  clock?: Clock;
  /** Most time to wait for the far end to answer the flow-control change before starting, ms (default 3000). */
  settingsWaitMs?: number;
  /** Telnet kinds: most time to wait for the answer to BINARY right after connecting, ms (default 2000). */
  binaryWaitMs?: number;
}

/** How a transfer ended. */
export interface TransferOutcome {
  result: 'done' | 'failed' | 'cancelled';
  /** Why it failed, or who cancelled ('local' / 'peer'); absent when done. */
  reason?: string;
  /** Line bytes received after the engine finished: the terminal's again. */
  rest: Uint8Array;
}

/**
 * Run `engine` on `session` (open and connected) until it ends. Resolves once the engine reported its
 * last event and XON/XOFF (if it was on) is asked for again.
 */
export async function runTransfer(session: Session, engine: TransferEngine, options: RunTransferOptions = {}): Promise<TransferOutcome> {
  const clock = options.clock ?? realClock;
  let snap = session.snapshot();
  if (snap.state !== 'connected') return { result: 'failed', reason: `the session is ${snap.state}, not connected`, rest: new Uint8Array(0) };
  if (snap.binary === null) {
    await binaryAnswered(session, options.binaryWaitMs ?? 2000);
    snap = session.snapshot();
    if (snap.state !== 'connected') return { result: 'failed', reason: `the session is ${snap.state}, not connected`, rest: new Uint8Array(0) };
  }
  const refused = binaryRefused(snap.binary);
  if (refused) return { result: 'failed', reason: refused, rest: new Uint8Array(0) };
  const flow = snap.line.flow;
  const restoreFlow = flow.state !== 'unsupported' && (flow.asked === 'xonxoff' || flow.inEffect === 'xonxoff') ? (flow.asked ?? flow.inEffect) : null;
  if (restoreFlow !== null) {
    session.applySettings({ flow: 'none' });
    await settled(session, options.settingsWaitMs ?? 3000);
  }
  try {
    return await drive(session, engine, clock, options);
  } finally {
    if (restoreFlow !== null && session.snapshot().state === 'connected') session.applySettings({ flow: restoreFlow });
  }
}

const BINARY_ADVICE = 'an 8-bit transfer would be changed on the way (CR NUL, the high bit); use the server\'s raw TCP port, or enable binary mode on it';

/**
 * Why a transfer cannot run on this connection: the server refused BINARY (RFC 856) one way or both, or
 * never answered (null); or null when it may run (agreed both ways, or no telnet layer: undefined).
 */
export function binaryRefused(binary: SessionSnapshot['binary']): string | null {
  if (binary === undefined || (binary && binary.local && binary.remote)) return null;
  if (binary === null) return `the server never agreed to BINARY (RFC 856): ${BINARY_ADVICE}`;
  const ways = [!binary.local && 'from us to it', !binary.remote && 'from it to us'].filter(Boolean).join(' and ');
  return `the server refused BINARY (RFC 856) ${ways}: ${BINARY_ADVICE}`;
}

/** Resolve once the session knows BINARY's answer both ways (its snapshot's `binary` is set), or after `ms`. */
function binaryAnswered(session: Session, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      session.off('event', check);
      session.off('data', check);
      cancel();
      resolve();
    };
    // the answer comes with the server's bytes: look after every event and every chunk of data
    const check = () => {
      if (session.snapshot().binary !== null) done();
    };
    const cancel = realClock.setTimer(ms, done);
    session.on('event', check);
    session.on('data', check);
    check();
  });
}

/** Resolve once flow control is no longer 'requested' (answered, or unconfirmed), or after `ms`. */
function settled(session: Session, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      session.off('event', check);
      cancel();
      resolve();
    };
    const check = () => {
      if (session.snapshot().line.flow.state !== 'requested') done();
    };
    const cancel = realClock.setTimer(ms, done);
    session.on('event', check);
    check();
  });
}

function drive(session: Session, engine: TransferEngine, clock: Clock, options: RunTransferOptions): Promise<TransferOutcome> {
  return new Promise((resolve) => {
    const queue: Uint8Array[] = [];
    const rest: Uint8Array[] = [];
    let blocked = false;
    let ended = false;
    /** Bytes written to the session and not yet reported 'sent' (on their way to the line). */
    let ahead = 0;
    let cancelTimer = () => undefined as void;

    const finish = (outcome: Omit<TransferOutcome, 'rest'>) => {
      if (ended) return;
      ended = true;
      cancelTimer();
      session.off('data', onData);
      session.off('event', onSessionEvent);
      session.off('drain', onDrain);
      session.off('sent', onSent);
      options.signal?.removeEventListener('abort', onAbort);
      // the last bytes (an ACK, CAN CAN) go even past the water mark: the session queues them
      for (const chunk of queue.splice(0)) session.write(chunk);
      const n = rest.reduce((k, c) => k + c.length, 0);
      const all = new Uint8Array(n);
      let o = 0;
      for (const c of rest) {
        all.set(c, o);
        o += c.length;
      }
      resolve({ ...outcome, rest: all });
    };

    /**
     * Write what waits until the session pushes back. A streaming engine (more()) is asked for more
     * while less than STREAM_AHEAD bytes wait in the session for the line (its 'sent' events count them
     * out), so a stream follows the line's pace and nothing much is left to go after a cancel. Not
     * re-entered: a session that reports 'sent' inside write() (a network session hands its bytes to the
     * socket at once) only lowers `ahead`, and this loop goes on (one call per block would overflow the
     * stack on a large file).
     */
    let flushing = false;
    const flush = () => {
      if (flushing) return;
      flushing = true;
      try {
        for (;;) {
          while (!blocked && queue.length > 0) {
            const chunk = queue.shift()!;
            ahead += chunk.length;
            if (!session.write(chunk)) blocked = true;
          }
          if (blocked || ended || !engine.more || ahead >= STREAM_AHEAD) return;
          const step = engine.more(clock.now());
          if (step.out.length === 0 && step.events.length === 0) return;
          absorb(step);
        }
      } finally {
        flushing = false;
      }
    };
    const onSent = (bytes: Uint8Array) => {
      ahead = Math.max(0, ahead - bytes.length);
      if (!ended && engine.more && ahead < STREAM_AHEAD) flush();
    };

    const take = (step: TransferStep) => {
      absorb(step);
      flush();
    };

    /** Queue a step's bytes (after dropping what waits, when the step ended the transfer badly), keep its rest, act on its events. */
    const absorb = (step: TransferStep) => {
      if (step.discardQueued) queue.length = 0;
      queue.push(...step.out);
      if (step.rest.length > 0) rest.push(step.rest.slice());
      for (const ev of step.events) {
        options.onEvent?.(ev);
        if (ev.type === 'done') finish({ result: 'done' });
        else if (ev.type === 'failed') finish({ result: 'failed', reason: ev.reason });
        else if (ev.type === 'cancelled') finish({ result: 'cancelled', reason: ev.by });
      }
      if (!ended) arm();
    };

    const arm = () => {
      cancelTimer();
      const at = engine.nextDeadlineMs();
      if (at === null) return;
      cancelTimer = clock.setTimer(at - clock.now(), () => take(engine.tick(clock.now())));
    };

    const onData = (bytes: Uint8Array) => {
      if (ended) return;
      take(engine.receive(bytes, clock.now()));
    };
    const onDrain = () => {
      blocked = false;
      flush();
    };
    const onSessionEvent = (ev: { type: string; state?: string; reason?: string }) => {
      if (ev.type !== 'status' || ev.state === 'connected' || ev.state === 'connecting') return;
      const why = `the line was lost (${ev.state}${ev.reason ? `: ${ev.reason}` : ''})`;
      options.onEvent?.({ type: 'failed', reason: why });
      finish({ result: 'failed', reason: why });
    };
    const onAbort = () => {
      if (ended) return;
      queue.length = 0; // what was not written yet never goes: the peer hears CAN CAN now, not after the rest of a stream
      take(engine.cancel(clock.now()));
    };

    session.on('data', onData);
    session.on('drain', onDrain);
    session.on('sent', onSent);
    session.on('event', onSessionEvent);
    options.signal?.addEventListener('abort', onAbort);
    take(engine.start(clock.now()));
    if (options.signal?.aborted) onAbort();
  });
}
