import { describe, expect, it } from 'vitest';
import { XmodemReceiver, XmodemSender, ZmodemReceiver, ZmodemSender, type TransferEngine, type TransferEvent, type TransferStep } from '../../src-shared/transfer/index.js';
import type { Clock } from '../clock.js';
import { BBS_FILES, bbsFileList, sha256Hex, startBbsDownload, startBbsUpload, type BbsTransfer } from './bbs-files.js';
import type { ServiceContext } from './modem.js';

/** A manual clock: timers run in order of their time as `run` advances. */
function manualClock(): Clock & { runNext(): boolean } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  return {
    now: () => now,
    setTimer(ms, fn) {
      const id = ids++;
      timers.push({ at: now + Math.max(0, ms), fn, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    runNext() {
      if (timers.length === 0) return false;
      timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = timers.shift()!;
      now = Math.max(now, t.at);
      t.fn();
      return true;
    },
  };
}

/** Run the BBS side (`start`) against a local engine, 1 ms each way; resolve the BBS's final text and the local events. */
function session(start: (ctx: ServiceContext, ended: (text: string) => void) => BbsTransfer, local: TransferEngine) {
  const clock = manualClock();
  const events: TransferEvent[] = [];
  let text: string | null = null;
  let bbs: BbsTransfer | null = null;
  const toLocal = (bytes: Uint8Array) => clock.setTimer(1, () => takeLocal(local.receive(bytes, clock.now())));
  let localTimer = () => undefined as void;
  const takeLocal = (step: TransferStep) => {
    for (const out of step.out) {
      const copy = out.slice();
      clock.setTimer(1, () => bbs?.receive(copy));
    }
    events.push(...step.events);
    localTimer();
    const at = local.nextDeadlineMs();
    if (at !== null) localTimer = clock.setTimer(at - clock.now(), () => takeLocal(local.tick(clock.now())));
  };
  const ctx: ServiceContext = {
    send: (d) => toLocal(typeof d === 'string' ? Uint8Array.from(d, (c) => c.charCodeAt(0)) : d.slice()),
    hangup: () => undefined,
    callBack: () => undefined,
    clock,
  };
  bbs = start(ctx, (t) => {
    text = t;
  });
  takeLocal(local.start(clock.now()));
  for (let i = 0; i < 1_000_000 && clock.runNext(); i++) if (text !== null && local.finished) break;
  const data = events.flatMap((e) => (e.type === 'data' ? [e.bytes] : []));
  const received = new Uint8Array(data.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of data) {
    received.set(c, o);
    o += c.length;
  }
  return { text, events, received };
}

describe('the demo BBS file area', () => {
  it('lists its files with size and SHA-256', () => {
    expect(bbsFileList()).toContain(`README.TXT`);
    expect(bbsFileList()).toContain(sha256Hex(BBS_FILES[0]!.bytes));
    expect(BBS_FILES[0]!.bytes.length).toBe(8192);
  });

  for (const protocol of ['ymodem', 'zmodem'] as const) {
    for (const file of BBS_FILES) {
      it(`sends ${file.name} by ${protocol}`, () => {
        const local = protocol === 'zmodem' ? new ZmodemReceiver({}) : new XmodemReceiver({ protocol: 'ymodem' });
        const r = session((ctx, ended) => startBbsDownload(ctx, protocol, file, ended), local);
        expect(r.text).toBe(`${file.name} sent.`);
        expect(r.events.at(-1)?.type).toBe('done');
        expect(sha256Hex(r.received)).toBe(sha256Hex(file.bytes));
      });
    }
  }

  it('receives an upload by YMODEM and ZMODEM and says its SHA-256', () => {
    const data = BBS_FILES[1]!.bytes.subarray(0, 5000);
    const y = session((ctx, ended) => startBbsUpload(ctx, 'ymodem', ended), new XmodemSender({ protocol: 'ymodem', files: [{ name: 'up.bin', data }] }));
    expect(y.text).toBe(`Received up.bin: 5000 bytes, sha256 ${sha256Hex(data)}`);
    const z = session((ctx, ended) => startBbsUpload(ctx, 'zmodem', ended), new ZmodemSender({ files: [{ name: 'up.bin', size: data.length, bytes: data }] }));
    expect(z.text).toBe(`Received up.bin: 5000 bytes, sha256 ${sha256Hex(data)}`);
  });

  it('ends a download the caller cancels and says so', () => {
    const local = new XmodemReceiver({ protocol: 'ymodem' });
    let cancelled = false;
    const r = session((ctx, ended) => {
      const t = startBbsDownload(ctx, 'ymodem', BBS_FILES[1]!, ended);
      return {
        receive(bytes) {
          t.receive(bytes);
          if (!cancelled && local.finished === false) {
            cancelled = true;
            // the caller cancels after its first answer: CAN CAN
            t.receive(Uint8Array.of(0x18, 0x18, 0x18, 0x18));
          }
        },
        hangup: () => t.hangup(),
      };
    }, local);
    expect(r.text).toMatch(/^Download cancelled/);
  });
});
