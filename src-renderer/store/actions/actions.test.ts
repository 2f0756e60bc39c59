// The store's wiring to the bridge, driven through an in-memory transport. A fake main is used here
// (and not `dialtone serve`) because what is under test is the renderer's bookkeeping of replies and
// events, including orders a real main produces only by chance (a reply overtaking 'sessions.changed');
// the e2e specs cover the real host end to end.
import { blankLineModel } from '../../../src-shared/line/line-model.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi, type BridgeTransport } from '../../bridge/index.js';
import type { ReplyEnvelope, SessionInfo } from '../../../src-shared/ipc/contract.js';
import type { WarningEvent } from '../../../src-shared/session/events.js';
import { noteHub } from '../../terminal/connection-notes.js';
import { dataHub } from '../../terminal/data-hub.js';
import { RX_PUBLISH_MS } from '../../terminal/receive.js';
import { rxCounters } from '../../terminal/rx-counters.js';
import { write } from '../../terminal/send.js';
import { live } from '../live.js';
import { useSessions } from '../sessions.js';
import { useUi } from '../ui.js';
import { closeTab, connect, disconnect, openTarget } from './sessions.js';
import { startBridge } from './start.js';

const target = { kind: 'rfc2217' as const, host: '127.0.0.1', port: 7001 };

/** A scripted main: answers requests from `handlers`, records them, and emits events on demand. */
class FakeMain implements BridgeTransport {
  readonly kind = 'memory' as const;
  calls: { name: string; payload: unknown }[] = [];
  private listeners = new Map<string, Set<(p: unknown) => void>>();
  private nextId = 1;
  /** Called before the open reply resolves (to emit events in a chosen order). */
  beforeOpenReply: ((info: SessionInfo) => void) | null = null;
  /** The warning the next open replies with (main's port-renamed), or null. */
  openWarning: WarningEvent | null = null;
  listed: SessionInfo[] = [];

  info(id: string): SessionInfo {
    return {
      sessionId: id,
      name: 'lab',
      snapshot: { kind: 'rfc2217', target, state: 'connected', line: blankLineModel(), modem: { cts: false, dsr: null, ri: null, dcd: true }, signature: null, bytesReceived: 0, bytesSent: 0 },
    };
  }

  async invoke(name: string, payload: unknown): Promise<ReplyEnvelope> {
    this.calls.push({ name, payload });
    switch (name) {
      case 'app.info':
        return { ok: true, value: { host: 'browser', version: '0', platform: 'linux', demoModem: false } };
      case 'session.list':
        return { ok: true, value: this.listed };
      case 'profiles.list':
      case 'phonebook.list':
        return { ok: true, value: [] };
      case 'ports.list':
        return { ok: false, error: 'no udev', code: 'not-available' };
      case 'session.open': {
        const info = this.info(`s${this.nextId++}`);
        this.beforeOpenReply?.(info);
        return { ok: true, value: this.openWarning ? { ...info, warning: this.openWarning } : info };
      }
      case 'session.close':
        this.listed = this.listed.filter((i) => i.sessionId !== (payload as { sessionId: string }).sessionId);
        this.emit('sessions.changed', { sessions: this.listed });
        return { ok: true, value: {} };
      case 'session.write':
        return { ok: true, value: {} };
      case 'session.disconnect':
      case 'session.connect': {
        const { sessionId } = payload as { sessionId: string };
        const event = name === 'session.disconnect' ? { type: 'status', state: 'disconnected', reason: 'disconnected by the operator' } : { type: 'status', state: 'connected' };
        this.emit('session.event', { sessionId, event });
        return { ok: true, value: {} };
      }
      default:
        return { ok: false, error: `unexpected ${name}`, code: 'unknown-channel' };
    }
  }

  on(name: string, listener: (p: unknown) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(name: string, payload: unknown): void {
    for (const l of this.listeners.get(name) ?? []) l(payload);
  }
}

const main = new FakeMain();

beforeAll(async () => {
  await startBridge(createApi(main));
});

describe('store actions over the bridge', () => {
  it('offers network kinds only when the host cannot list ports', async () => {
    const { useHost } = await import('../host.js');
    expect(useHost.getState().ports).toBeNull();
    expect(useHost.getState().bridgeError).toBeNull();
  });

  it('opens one tab even when sessions.changed comes before the reply, and never shows it closed', async () => {
    const states: string[] = [];
    const unsub = useSessions.subscribe((s) => states.push(...s.views.map((v) => v.state)));
    main.beforeOpenReply = (info) => {
      main.listed = [info];
      main.emit('sessions.changed', { sessions: main.listed });
    };
    const tabId = await openTarget(target, { reconnect: true });
    main.beforeOpenReply = null;
    unsub();
    expect(tabId).toBe('s1');
    expect(useSessions.getState().views.map((v) => v.tabId)).toEqual(['s1']);
    expect(states).not.toContain('closed');
  });

  it("a new tab shows 'connecting' until main says 'connected', never 'idle' from main's list made before the open started", async () => {
    // real main's order: 'sessions.changed' as the session is registered (its state still 'idle'), then
    // open() starts ('connecting', an event for a session no tab shows yet), then the reply ('connecting')
    const states: string[] = [];
    let id = '';
    const unsub = useSessions.subscribe((s) => {
      const v = s.views.find((x) => x.sessionId === id);
      if (v && states.at(-1) !== v.state) states.push(v.state);
    });
    main.beforeOpenReply = (info) => {
      id = info.sessionId;
      main.listed = [...main.listed, { ...info, snapshot: { ...info.snapshot, state: 'idle' } }];
      main.emit('sessions.changed', { sessions: main.listed });
      main.emit('session.event', { sessionId: info.sessionId, event: { type: 'status', state: 'connecting' } });
      info.snapshot.state = 'connecting';
    };
    let tabId: string | undefined;
    try {
      tabId = await openTarget({ kind: 'telnet', host: '127.0.0.1', port: 2323 }, {});
      expect(useSessions.getState().views.find((v) => v.tabId === tabId)!.state).toBe('connecting');
      main.emit('session.event', { sessionId: id, event: { type: 'status', state: 'connected' } });
      expect(states).toEqual(['connecting', 'connected']);
    } finally {
      unsub();
      main.beforeOpenReply = null;
      main.listed = main.listed.filter((i) => i.sessionId !== id);
      if (tabId) await closeTab(tabId);
    }
  });

  it("the open's own warning (port-renamed) reaches the new tab's status, though main's event for it came before the tab", async () => {
    const warning: WarningEvent = { type: 'warning', code: 'port-renamed', message: '/dev/tty.X is macOS\u2019s dial-in device: opened /dev/cu.X' };
    // as main does: the session event goes out before the reply, while no tab shows the session
    main.beforeOpenReply = (info) => main.emit('session.event', { sessionId: info.sessionId, event: warning });
    main.openWarning = warning;
    let tabId: string | undefined;
    try {
      tabId = await openTarget(target, {});
      expect(useSessions.getState().views.find((v) => v.tabId === tabId)).toMatchObject({ warnings: 1, lastWarning: warning.message });
    } finally {
      main.beforeOpenReply = null;
      main.openWarning = null;
      if (tabId) await closeTab(tabId);
    }
  });

  it('a log that fails is a warning: a [dialtone] pane line, the status bar\'s count and last warning, a notice; said once', async () => {
    const tabId = (await openTarget(target, {}))!;
    const sessionId = useSessions.getState().views.find((v) => v.tabId === tabId)!.sessionId!;
    const notes: string[] = [];
    const detach = noteHub.attach(sessionId, (t) => notes.push(t));
    const noticesBefore = useUi.getState().notices.length;
    try {
      const error = 'disk full writing lab.log: 2 097 152 bytes written before the failure (ENOSPC)';
      main.emit('log.status', { sessionId, active: true, format: 'raw', fileName: 'lab.log', bytesWritten: 100 });
      main.emit('log.status', { sessionId, active: false, format: 'raw', fileName: 'lab.log', bytesWritten: 2097152, error });
      // the same failed status again (main's tick, another window's start) is not a second warning
      main.emit('log.status', { sessionId, active: false, format: 'raw', fileName: 'lab.log', bytesWritten: 2097152, error });
      const view = useSessions.getState().views.find((v) => v.tabId === tabId)!;
      expect(view).toMatchObject({ warnings: 1, lastWarning: `log stopped: ${error}`, log: { active: false, error } });
      expect(notes).toEqual([`log stopped: ${error}`]);
      const notices = useUi.getState().notices.slice(noticesBefore);
      expect(notices.map((n) => n.text)).toEqual([expect.stringContaining(`log stopped: ${error}`)]);
      // a log stopped by the operator is no warning
      main.emit('log.status', { sessionId, active: true, format: 'raw', fileName: 'lab-2.log', bytesWritten: 0 });
      main.emit('log.status', { sessionId, active: false, format: 'raw', fileName: 'lab-2.log', bytesWritten: 10 });
      expect(useSessions.getState().views.find((v) => v.tabId === tabId)!.warnings).toBe(1);
      expect(notes).toHaveLength(1);
    } finally {
      detach();
      await closeTab(tabId);
    }
  });

  it('does not mark a tab closed when its reply overtakes sessions.changed', async () => {
    const tabId = (await openTarget(target, {}))!;
    // main's list does not have s2 yet; an unrelated list update arrives
    main.emit('sessions.changed', { sessions: main.listed });
    expect(useSessions.getState().views.find((v) => v.tabId === tabId)!.state).toBe('connected');
    main.listed = [...main.listed, main.info(tabId)];
    main.emit('sessions.changed', { sessions: main.listed });
    expect(useSessions.getState().views).toHaveLength(2);
  });

  it('routes bytes to the pane and counts them; events reach the view and the lamps', () => {
    vi.useFakeTimers();
    const got: number[] = [];
    const detach = dataHub.attach('s1', (b) => got.push(...b));
    main.emit('session.data', { sessionId: 's1', bytes: Uint8Array.of(0x41, 0x42) });
    main.emit('session.event', { sessionId: 's1', event: { type: 'modem', cts: true, dsr: true, ri: false, dcd: null } });
    main.emit('session.event', { sessionId: 's1', event: { type: 'signature', text: 'ser2net' } });
    detach();
    expect(got).toEqual([0x41, 0x42]);
    expect(rxCounters.bytes('s1')).toBe(2);
    expect(live.get('s1').bytesIn).toBe(0); // the live store is told once per RX_PUBLISH_MS, not per batch
    vi.advanceTimersByTime(RX_PUBLISH_MS);
    vi.useRealTimers();
    expect(live.get('s1').bytesIn).toBe(2);
    expect(live.get('s1').modem).toEqual({ cts: true, dsr: true, ri: false, dcd: null });
    expect(useSessions.getState().views.find((v) => v.tabId === 's1')!.signature).toBe('ser2net');
  });

  it('refuses session.data that is not bytes with one notice, and shows nothing', () => {
    const before = useUi.getState().notices.length;
    const got: unknown[] = [];
    const detach = dataHub.attach('s1', (b) => got.push(b));
    main.emit('session.data', { sessionId: 's1', bytes: { type: 'Buffer', data: [65] } });
    main.emit('session.data', { sessionId: 's1', bytes: { type: 'Buffer', data: [66] } });
    detach();
    expect(got).toEqual([]);
    expect(useUi.getState().notices.length).toBe(before + 1);
    expect(useUi.getState().notices.at(-1)!.text).toMatch(/not a Uint8Array/);
  });

  it('sends a copy of what is typed and counts it', async () => {
    const buf = Uint8Array.of(0x61, 0x0d);
    const sent = write('s1', buf);
    buf[0] = 0; // the caller reuses its buffer: what went out must not change
    await sent;
    const call = main.calls.filter((c) => c.name === 'session.write').at(-1)!;
    expect(Array.from((call.payload as { bytes: Uint8Array }).bytes)).toEqual([0x61, 0x0d]);
    expect(live.get('s1').bytesOut).toBe(2);
  });

  it('disconnect keeps the tab and its session; connect brings the same session back (main re-applies what was asked)', async () => {
    const opens = main.calls.filter((c) => c.name === 'session.open').length;
    await disconnect('s1');
    let view = useSessions.getState().views.find((v) => v.tabId === 's1')!;
    expect(view.state).toBe('disconnected');
    await connect('s1');
    view = useSessions.getState().views.find((v) => v.tabId === 's1')!;
    expect(view.state).toBe('connected');
    expect(view.sessionId).toBe('s1');
    expect(useSessions.getState().views.filter((v) => v.tabId === 's1')).toHaveLength(1);
    expect(main.calls.filter((c) => c.name === 'session.open')).toHaveLength(opens);
    expect(main.calls.at(-1)).toEqual({ name: 'session.connect', payload: { sessionId: 's1' } });
  });

  it('sends nothing from a closed tab and says so once', async () => {
    await disconnect('s1');
    const writes = main.calls.filter((c) => c.name === 'session.write').length;
    const notices = useUi.getState().notices.length;
    await write('s1', Uint8Array.of(0x61));
    await write('s1', Uint8Array.of(0x62));
    expect(main.calls.filter((c) => c.name === 'session.write')).toHaveLength(writes);
    expect(useUi.getState().notices.length).toBe(notices + 1);
    expect(useUi.getState().notices.at(-1)!.text).toMatch(/not connected/);
  });
});
