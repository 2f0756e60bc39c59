import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MacroStatus } from '../../src-shared/ipc/contract.js';
import { macroSchema, type Macro, type MacroInput } from '../../src-shared/macro/macro.js';
import type { Session } from '../sessions/session.js';
import { MacroService, RUNNING_GAP_MS } from './service.js';

/** A session that records what the macro does and receives what the test says. */
class FakeSession extends EventEmitter {
  written: string[] = [];
  state = 'connected';
  snapshot(): { state: string } {
    return { state: this.state };
  }
  write(b: Uint8Array): boolean {
    this.written.push(Buffer.from(b).toString('latin1'));
    return true;
  }
  setControlLines(): void {}
  sendBreak(): void {}
  applySettings(): void {}
  receive(text: string): void {
    this.emit('data', new Uint8Array(Buffer.from(text, 'latin1')));
  }
}

function setup(macros: Record<string, MacroInput>, external?: () => Promise<string | null>) {
  const session = new FakeSession();
  const statuses: MacroStatus[] = [];
  const parsed: Record<string, Macro> = Object.fromEntries(Object.entries(macros).map(([id, m]) => [id, macroSchema.parse({ ...m, id })]));
  const service = new MacroService({
    session: (id) => (id === 's1' ? (session as unknown as Session) : undefined),
    macro: (id) => parsed[id],
    emit: (s) => statuses.push(s),
    ...(external ? { external } : {}),
  });
  const until = (state: MacroStatus['state']) => vi.waitFor(() => expect(statuses.at(-1)?.state).toBe(state), { timeout: 3000, interval: 5 });
  return { session, statuses, service, until };
}

const at: MacroInput = { name: 'AT', steps: [{ kind: 'send', data: 'AT', lineEnd: 'cr' }, { kind: 'wait', text: 'OK', timeoutMs: 2000 }] };

afterEach(() => vi.useRealTimers());

describe('MacroService', () => {
  it('runs a macro: running at each step, then done; the session sees the bytes', async () => {
    const { session, statuses, service, until } = setup({ at });
    expect(service.run('s1', 'at')).toEqual({});
    expect(service.running('s1')).toEqual({ macroId: 'at', name: 'AT' });
    session.receive('AT\r\r\nO');
    session.receive('K\r\n');
    await until('done');
    expect(session.written).toEqual(['AT\r']);
    expect(statuses.at(-1)).toEqual({ sessionId: 's1', macroId: 'at', name: 'AT', state: 'done', step: 2, steps: 2 });
    expect(statuses[0]).toMatchObject({ state: 'running', step: 0, steps: 2 });
    expect(service.running('s1')).toBeUndefined();
  });

  it('refuses a second run on the same session, an unknown session and an unknown macro', async () => {
    const { service, until } = setup({ at });
    service.run('s1', 'at');
    expect(() => service.run('s1', 'at')).toThrow(/"AT" is still running on this session: stop it first/);
    expect(() => service.run('s2', 'at')).toThrow(expect.objectContaining({ code: 'unknown-session' }));
    await service.stop('s1');
    await until('stopped');
    expect(() => service.run('s1', 'nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('a failed wait says which step and what was received last', async () => {
    const { session, statuses, service, until } = setup({ f: { name: 'F', steps: [{ kind: 'send', data: 'AT', lineEnd: 'cr' }, { kind: 'wait', text: 'NEVER', timeoutMs: 100 }] } });
    service.run('s1', 'f');
    session.receive('AT\r\r\nOK\r\n');
    await until('failed');
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', step: 2, message: 'step 2 (wait): no "NEVER" within the timeout', lastReceived: 'AT\r\r\nOK\r\n' });
  });

  it('stop ends a long delay at once and reports the step it was at', async () => {
    const { statuses, service } = setup({ d: { name: 'D', steps: [{ kind: 'send', data: 'x' }, { kind: 'delay', ms: 60_000 }] } });
    service.run('s1', 'd');
    await service.stop('s1');
    expect(statuses.at(-1)).toMatchObject({ state: 'stopped', step: 2, steps: 2 });
    await service.stop('s1'); // nothing running: fine
  });

  it('sends at most one running status per gap on a fast poll, the latest at the end of the gap', async () => {
    const { statuses, service } = setup({ p: { name: 'P', repeatEveryMs: 1, steps: [{ kind: 'send', data: 'x' }, { kind: 'delay', ms: 1 }] } });
    service.run('s1', 'p');
    await new Promise((r) => setTimeout(r, RUNNING_GAP_MS * 6));
    await service.stop('s1');
    const running = statuses.filter((s) => s.state === 'running');
    expect(running.length).toBeGreaterThan(1);
    expect(running.length).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s.state !== 'running')).toHaveLength(1);
  });

  it('log and transfer steps go to the external hook; its failure fails the run', async () => {
    const external = vi.fn(async () => 'file transfer from a macro is not available yet');
    const { statuses, service, until } = setup({ t: { name: 'T', steps: [{ kind: 'transfer', direction: 'send', protocol: 'ymodem' }] } }, external);
    service.run('s1', 't');
    await until('failed');
    expect(external).toHaveBeenCalledWith('s1', { type: 'transfer', direction: 'send', protocol: 'ymodem' });
    expect(statuses.at(-1)?.message).toBe('step 1 (transfer): file transfer from a macro is not available yet');
  });
});
