/**
 * The demo BBS's file area (issue 13): two files of deterministic bytes offered for download by YMODEM
 * or ZMODEM, and an upload by YMODEM, ZMODEM or XMODEM whose size and SHA-256 the BBS says. The engines
 * are the app's own (src-shared/transfer/), run on the call with the simulator's clock.
 */
import { createHash } from 'node:crypto';
import { XmodemReceiver, XmodemSender, ZmodemReceiver, ZmodemSender, type TransferEngine, type TransferStep } from '../../src-shared/transfer/index.js';
import type { ServiceContext } from './modem.js';

export interface BbsFile {
  name: string;
  bytes: Uint8Array;
}

/** README.TXT: 8 KiB of numbered text lines. */
function readme(): Uint8Array {
  let text = '';
  for (let i = 1; text.length < 8192; i++) text += `${String(i).padStart(4, '0')} Dialtone demo BBS: this file came to you by XMODEM's heirs.\r\n`;
  return Uint8Array.from(text.slice(0, 8192), (c) => c.charCodeAt(0));
}

/** DIALTONE.ZIP: 64 KiB of pseudo-random bytes (every value, control characters and 0xFF included). */
function binary(): Uint8Array {
  const out = new Uint8Array(65536);
  let x = 0x2545f491;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const BBS_FILES: readonly BbsFile[] = [
  { name: 'README.TXT', bytes: readme() },
  { name: 'DIALTONE.ZIP', bytes: binary() },
];

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The `files` listing: name, size, SHA-256. */
export function bbsFileList(): string {
  return BBS_FILES.map((f) => `${f.name.padEnd(13)}${String(f.bytes.length).padStart(6)}  sha256 ${sha256Hex(f.bytes)}\r\n`).join('');
}

/** A transfer on the call: the caller's bytes go to receive() while it runs. */
export interface BbsTransfer {
  receive(bytes: Uint8Array): void;
  hangup(): void;
}

type Ended = (text: string, rest: Uint8Array) => void;

/** Send `file` by `protocol`; `ended` says how it went (and hands back the caller's bytes after the end). */
export function startBbsDownload(ctx: ServiceContext, protocol: 'ymodem' | 'zmodem', file: BbsFile, ended: Ended): BbsTransfer {
  const engine: TransferEngine =
    protocol === 'ymodem'
      ? new XmodemSender({ protocol: 'ymodem', files: [{ name: file.name, data: file.bytes }] })
      : new ZmodemSender({
          files: [{ name: file.name, size: file.bytes.length, bytes: file.bytes }],
          // little in flight (about 0.6 s at the demo's 33600 bps): after a cancel the caller's drain
          // (quiet 100 ms, at most 1 s) takes what the modem still had queued, not the terminal
          subpacketSize: 512,
          windowBytes: 2048,
        });
  return drive(ctx, engine, (result) => (result === 'done' ? `${file.name} sent.` : `Download ${result}.`), ended);
}

/** Receive one file by `protocol`; at the end say its name, size and SHA-256. */
export function startBbsUpload(ctx: ServiceContext, protocol: 'xmodem' | 'ymodem' | 'zmodem', ended: Ended): BbsTransfer {
  const engine: TransferEngine = protocol === 'zmodem' ? new ZmodemReceiver({}) : new XmodemReceiver({ protocol });
  const chunks: Uint8Array[] = [];
  let size = 0;
  let name = 'upload.bin';
  const MAX = 16 * 1024 * 1024;
  return drive(
    ctx,
    engine,
    (result) => {
      if (result !== 'done') return `Upload ${result}.`;
      const all = new Uint8Array(size);
      let o = 0;
      for (const c of chunks) {
        all.set(c, o);
        o += c.length;
      }
      return `Received ${name}: ${size} bytes, sha256 ${sha256Hex(all)}`;
    },
    ended,
    (ev) => {
      if (ev.type === 'file') name = ev.name;
      if (ev.type === 'data' && size + ev.bytes.length <= MAX) {
        chunks.push(ev.bytes.slice());
        size += ev.bytes.length;
      }
    },
  );
}

/** Run `engine` on the call with the simulator's clock until its last event. */
function drive(
  ctx: ServiceContext,
  engine: TransferEngine,
  say: (result: 'done' | 'failed' | 'cancelled') => string,
  ended: Ended,
  onEvent?: (ev: TransferStep['events'][number]) => void,
): BbsTransfer {
  let cancelTimer: () => void = () => undefined;
  let over = false;
  const take = (step: TransferStep) => {
    if (over) return;
    for (const out of step.out) ctx.send(out);
    for (const ev of step.events) {
      onEvent?.(ev);
      if (ev.type === 'done' || ev.type === 'failed' || ev.type === 'cancelled') {
        over = true;
        cancelTimer();
        const why = ev.type === 'failed' ? ` (${ev.reason})` : ev.type === 'cancelled' ? ` (by ${ev.by === 'peer' ? 'you' : 'the BBS'})` : '';
        ended(say(ev.type) + why, step.rest);
        return;
      }
    }
    cancelTimer();
    const at = engine.nextDeadlineMs();
    if (at !== null) cancelTimer = ctx.clock.setTimer(at - ctx.clock.now(), () => take(engine.tick(ctx.clock.now())));
  };
  take(engine.start(ctx.clock.now()));
  return {
    receive: (bytes) => take(engine.receive(bytes, ctx.clock.now())),
    hangup: () => {
      over = true;
      cancelTimer();
    },
  };
}
