/**
 * An in-memory Session stand-in for the log writer's unit tests.
 *
 * Why a fake: these tests drive exact records (a CR LF split across chunks, events between bytes, a
 * clock crossing midnight) at exact injected times, which no real peer can produce deterministically.
 * The end-to-end proof against real peers (socat pty pair + ser2net + NetworkSession) is in
 * session-log.interop.test.ts. The fake records every setPaused call so tests can check that the log's
 * pause is taken and always released.
 */
import { blankLineModel } from '../../src-shared/line/line-model.js';
import { EventEmitter } from 'node:events';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { Target } from '../../src-shared/session/target.js';
import type { PurgeTarget, Session, SessionEventMap, SessionSnapshot } from '../../src-main/sessions/session.js';

export class FakeSession extends EventEmitter<SessionEventMap> implements Session {
  readonly kind = 'rfc2217' as const;
  readonly target: Target = { kind: 'rfc2217', host: '127.0.0.1', port: 7001 };
  /** Every setPaused call, in order. */
  readonly pauseCalls: Array<{ owner: string; paused: boolean }> = [];
  private readonly held = new Set<string>();

  /** Owners holding a pause now. */
  get pausedBy(): string[] {
    return [...this.held];
  }

  feed(bytes: Uint8Array | string): void {
    this.emit('data', typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }
  sendBytes(bytes: Uint8Array | string): void {
    this.emit('sent', typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }
  event(ev: SessionEvent): void {
    this.emit('event', ev);
  }

  async open(): Promise<void> {}
  async close(): Promise<void> {
    this.event({ type: 'status', state: 'closed' });
  }
  write(bytes: Uint8Array): boolean {
    this.emit('sent', bytes);
    return true;
  }
  applySettings(): void {}
  setControlLines(): void {}
  setBreak(): void {}
  sendBreak(): void {}
  purge(_which: PurgeTarget): void {}
  setPaused(owner: string, paused: boolean): void {
    this.pauseCalls.push({ owner, paused });
    if (paused) this.held.add(owner);
    else this.held.delete(owner);
  }
  reconnect(): void {}
  disconnect(): void {}
  snapshot(): SessionSnapshot {
    return {
      kind: this.kind,
      target: this.target,
      state: 'connected',
      line: blankLineModel(),
      modem: { cts: null, dsr: null, ri: null, dcd: null },
      signature: null,
      bytesReceived: 0,
      bytesSent: 0,
    };
  }
}

/** A clock for tests: returns `t`, which the test moves. */
export class TestClock {
  constructor(public t: number) {}
  readonly now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}
