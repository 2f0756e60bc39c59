import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZMODEM_ABORT } from '../../../src-shared/transfer/index.js';
import { setBridge, type DialtoneApi } from '../../bridge/index.js';
import { noteSentElsewhere, zmodemGate } from './transfer.js';
import { useTransfers } from '../transfers.js';
import { useUi } from '../ui.js';
import { dataHub } from '../../terminal/data-hub.js';

const realAskConfirm = useUi.getState().askConfirm;

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);
/** lrzsz's sz start: "rz\r" and a ZRQINIT hex header; rz's ZRINIT. */
const ZRQINIT = 'rz\r**\x18B00000000000000\r\x8a\x11';
const ZRINIT = '**\x18B0100000023be50\r\x8a\x11';

function run(sessionId: string, chunks: string[]) {
  let acked = 0;
  const api = { session: { ack: (p: { bytes: number }) => ((acked += p.bytes), Promise.resolve({})) } };
  const shown = chunks.map((c) => text(zmodemGate(sessionId, bytes(c), api))).join('');
  return { shown, acked: () => acked };
}

describe('zmodemGate: the ZMODEM auto-start in the byte path', () => {
  afterEach(() => vi.useRealTimers());

  it('prints text, hides the offer (rz and ZRQINIT) at every split, and asks once', () => {
    const all = `hello\r\n${ZRQINIT}`;
    for (let cut = 0; cut <= all.length; cut++) {
      const ask = vi.fn(() => new Promise<boolean>(() => undefined));
      useUi.setState({ askConfirm: ask });
      const r = run(`s-offer-${cut}`, [all.slice(0, cut), all.slice(cut), ZRQINIT]);
      // a lone 'r' ending a chunk is printed at once (typed echo is not held back): then "rz\r" shows
      const shown = cut === 'hello\r\nr'.length ? 'hello\r\nrz\r' : 'hello\r\n';
      expect(r.shown, `cut ${cut}`).toBe(shown);
      expect(r.acked(), `cut ${cut}`).toBe(all.length - shown.length + ZRQINIT.length);
      expect(ask).toHaveBeenCalledTimes(1);
    }
  });

  it("hides rz's ZRINIT and prints what follows it", () => {
    for (let cut = 0; cut <= ZRINIT.length; cut++) {
      const all = `Ready.\r\n${ZRINIT}`;
      const at = 'Ready.\r\n'.length + cut;
      const r = run(`s-zrinit-${cut}`, [all.slice(0, at), all.slice(at), 'x']);
      expect(r.shown, `cut ${cut}`).toBe('Ready.\r\nx');
      expect(r.acked()).toBe(ZRINIT.length);
    }
  });

  it('a held "**" that is no header is printed with the next chunk, or after a moment on its own', () => {
    vi.useFakeTimers();
    const pushed: string[] = [];
    const detach = dataHub.attach('s-star', (b) => pushed.push(text(b)));
    const r = run('s-star', ['a**', 'b']);
    expect(r.shown).toBe('a**b');
    const r2 = run('s-star', ['c*']);
    expect(r2.shown).toBe('c');
    vi.advanceTimersByTime(200);
    expect(pushed).toEqual(['*']);
    detach();
  });
});

describe('the ZMODEM offer when another window is on the same core', () => {
  function offer(sessionId: string) {
    useUi.setState({ askConfirm: realAskConfirm, confirm: null });
    const write = vi.fn(() => Promise.resolve({}));
    const receive = vi.fn(() => Promise.resolve({ started: true }));
    setBridge({ session: { write, ack: () => Promise.resolve({}) }, transfer: { receive } } as unknown as DialtoneApi);
    const r = run(sessionId, [ZRQINIT]);
    expect(r.shown).toBe('');
    expect(useUi.getState().confirm?.accept).toBe('Receive');
    return { write, receive };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it("closes unanswered, writing nothing, once a transfer on the session reports (another window's Receive)", async () => {
    const { write, receive } = offer('s-other-receive');
    useTransfers.getState().applyStatus({ sessionId: 's-other-receive', state: 'running', protocol: 'zmodem', direction: 'receive', bytes: 0, total: null, rate: 0, retries: 0 });
    expect(useUi.getState().confirm).toBeNull();
    await settle();
    expect(write).not.toHaveBeenCalled();
    expect(receive).not.toHaveBeenCalled();
    // the pane prints again
    expect(run('s-other-receive', ['> ']).shown).toBe('> ');
  });

  it("closes unanswered when another window declined (its abort, told as 'session.sent')", async () => {
    const { write, receive } = offer('s-other-decline');
    noteSentElsewhere('s-other-decline', Uint8Array.of(0x41));
    expect(useUi.getState().confirm).not.toBeNull();
    noteSentElsewhere('s-other-decline', ZMODEM_ABORT);
    expect(useUi.getState().confirm).toBeNull();
    await settle();
    expect(write).not.toHaveBeenCalled();
    expect(receive).not.toHaveBeenCalled();
  });

  it('declined here: the abort is written and announced to the other windows', async () => {
    const { write } = offer('s-decline');
    useUi.getState().answerConfirm(false);
    await settle();
    expect(write).toHaveBeenCalledWith({ sessionId: 's-decline', bytes: ZMODEM_ABORT, announce: true });
  });
});
