import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransferStatus } from '../../src-shared/ipc/contract.js';
import { XmodemReceiver, ZmodemSender, type TransferEngine, type TransferStep } from '../../src-shared/transfer/index.js';
import type { Session } from '../sessions/session.js';
import { folderTransferFiles, freeFileName, sendPlain, TransferService } from './service.js';

/**
 * A connected session whose far end is a transfer engine (run with real timers, 1 ms each way), or a
 * plain echo of text once the engine finished. `seen` is what a pump or a log listening on the session
 * got ('data' and 'sent').
 */
class PeerSession extends EventEmitter {
  readonly seen = { data: [] as Uint8Array[], sent: [] as Uint8Array[] };
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly peer: TransferEngine, private readonly after: Uint8Array = new Uint8Array(0)) {
    super();
    this.on('data', (b: Uint8Array) => this.seen.data.push(b));
    this.on('sent', (b: Uint8Array) => this.seen.sent.push(b));
  }
  snapshot() {
    return { state: 'connected', line: { flow: { state: 'unsupported', asked: null, inEffect: null } } } as unknown as ReturnType<Session['snapshot']>;
  }
  applySettings() {}
  write(bytes: Uint8Array): boolean {
    const copy = bytes.slice();
    this.emit('sent', copy);
    setTimeout(() => this.take(this.peer.receive(copy, performance.now())), 1);
    return true;
  }
  start() {
    this.take(this.peer.start(performance.now()));
  }
  private take(step: TransferStep) {
    for (const out of step.out) {
      const copy = out.slice();
      setTimeout(() => this.emit('data', copy), 1);
    }
    if (this.peer.finished && this.after.length > 0 && step.events.some((e) => e.type === 'done')) {
      const after = this.after;
      setTimeout(() => this.emit('data', after), 2);
    }
    if (this.timer) clearTimeout(this.timer);
    const at = this.peer.nextDeadlineMs();
    if (at !== null) this.timer = setTimeout(() => this.take(this.peer.tick(performance.now())), Math.max(0, at - performance.now()));
  }
  stop() {
    if (this.timer) clearTimeout(this.timer);
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'dialtone-transfer-test-'));
  dirs.push(d);
  return d;
}

function service(session: PeerSession, dir: string) {
  const statuses: TransferStatus[] = [];
  const notes: string[] = [];
  const svc = new TransferService({
    session: (id) => (id === 's1' ? (session as unknown as Session) : undefined),
    emit: (s) => statuses.push(s),
    note: (_id, text) => notes.push(text),
    files: folderTransferFiles(dir),
  });
  const ended = () =>
    new Promise<TransferStatus>((resolve) => {
      const check = setInterval(() => {
        const last = statuses.at(-1);
        if (last && last.state !== 'running' && last.state !== 'ending') {
          clearInterval(check);
          resolve(last);
        }
      }, 5);
    });
  return { svc, statuses, notes, ended };
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('TransferService', () => {
  it('sends a file of the transfer folder by YMODEM: the pump and the log see none of it, bytes after the end come back', async () => {
    const dir = folder();
    const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    writeFileSync(join(dir, 'fw.bin'), data);
    const receiver = new XmodemReceiver({ protocol: 'ymodem' });
    const session = new PeerSession(receiver, ascii('\r\nU-Boot> '));
    const { svc, statuses, notes, ended } = service(session, dir);
    expect(await svc.send({ sessionId: 's1', protocol: 'ymodem', fileName: 'fw.bin' })).toEqual({ started: true });
    session.start(); // the receiver's first 'C' goes to the engine
    expect(svc.running('s1')).toBe(true);
    await expect(svc.send({ sessionId: 's1', protocol: 'ymodem', fileName: 'fw.bin' })).rejects.toThrow(/already runs/);
    const last = await ended();
    expect(last).toMatchObject({ state: 'done', protocol: 'ymodem', direction: 'send', file: 'fw.bin', bytes: 3000, total: 3000 });
    expect(statuses[0]!.state).toBe('running');
    // the session's own listeners (pump, log) saw no transfer byte, only what came after its end
    await new Promise((r) => setTimeout(r, 20));
    expect(session.seen.sent).toEqual([]);
    expect(Buffer.concat(session.seen.data).toString('latin1')).toBe('\r\nU-Boot> ');
    expect(notes).toEqual(['transfer started: send ymodem fw.bin (3000 bytes)', 'transfer done: send ymodem fw.bin (3000 bytes)']);
    expect(svc.running('s1')).toBe(false);
    session.stop();
  });

  it('receives by ZMODEM into the folder, never over an existing file', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'log.txt'), 'mine');
    const data = ascii('x'.repeat(5000));
    const sender = new ZmodemSender({ files: [{ name: '../../log.txt', size: data.length, bytes: data }] });
    const session = new PeerSession(sender);
    const { svc, ended } = service(session, dir);
    expect(await svc.receive({ sessionId: 's1', protocol: 'zmodem' })).toEqual({ started: true });
    session.start();
    const last = await ended();
    expect(last).toMatchObject({ state: 'done', direction: 'receive', file: 'log.txt', bytes: 5000, total: 5000, message: 'saved log-2.txt' });
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'log-2.txt'))).toEqual(Buffer.from(data));
    session.stop();
  });

  it('cancels: CAN to the far end, state cancelled', async () => {
    const dir = folder();
    const data = new Uint8Array(200_000);
    const receiver = new XmodemReceiver({ protocol: 'ymodem' });
    const session = new PeerSession(receiver);
    const { svc, statuses, ended } = service(session, dir);
    session.start();
    await svc.send({ sessionId: 's1', protocol: 'zmodem', drop: { name: 'big.bin', bytes: data } }).catch(() => undefined);
    // ZMODEM to a YMODEM receiver never starts: cancel while it waits
    svc.cancel('s1');
    const last = await ended();
    expect(last.state).toBe('cancelled');
    expect(last.message).toBe('cancelled here');
    // while the line drains the bar says so, and Cancel stays (it stops the wait)
    expect([...new Set(statuses.filter((s) => s.state === 'ending').map((s) => s.message))]).toEqual(['cancelled here; waiting for the far end to stop sending (Cancel stops waiting)']);
    expect(statuses.filter((s) => s.state !== 'running' && s.state !== 'ending')).toHaveLength(1);
    session.stop();
  });

  it('sends raw bytes paced by the back-pressure, the echo still reaching the pane', async () => {
    const dir = folder();
    const data = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    const written: Uint8Array[] = [];
    const session = new PeerSession(new XmodemReceiver({ protocol: 'xmodem' }));
    session.write = (bytes: Uint8Array) => {
      written.push(bytes.slice());
      setTimeout(() => {
        session.emit('data', Uint8Array.of(bytes[0]!)); // an echo: not diverted for raw
        session.emit('drain');
      }, 1);
      return false;
    };
    const { svc, statuses, ended } = service(session, dir);
    await svc.send({ sessionId: 's1', protocol: 'raw', drop: { name: 'cfg.txt', bytes: data } });
    const last = await ended();
    expect(last).toMatchObject({ state: 'done', protocol: 'raw', bytes: 5000, total: 5000 });
    expect(Buffer.concat(written)).toEqual(Buffer.from(data));
    expect(written.every((w) => w.length <= 1024)).toBe(true);
    expect(session.seen.data.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s.state === 'running').length).toBeGreaterThan(0);
  });

  it('sends a text file with no settings given as CR line ends and no delays', async () => {
    const dir = folder();
    const written: Uint8Array[] = [];
    const session = new PeerSession(new XmodemReceiver({ protocol: 'xmodem' }));
    session.write = (bytes: Uint8Array) => {
      written.push(bytes.slice());
      return true;
    };
    const { svc, ended } = service(session, dir);
    await svc.send({ sessionId: 's1', protocol: 'text', drop: { name: 'cfg.txt', bytes: ascii('hostname r1\nend\r\n') } });
    expect(await ended()).toMatchObject({ state: 'done', protocol: 'text' });
    expect(Buffer.concat(written).toString('latin1')).toBe('hostname r1\rend\r');
  });

  it('a plain send whose write reports the line lost ends failed at once, never waiting for a drain', async () => {
    const session = new PeerSession(new XmodemReceiver({ protocol: 'xmodem' }));
    session.write = () => {
      session.emit('event', { type: 'status', state: 'failed', reason: 'port vanished' });
      return false; // and no 'drain' will ever come
    };
    const end = await sendPlain(session as unknown as Session, new Uint8Array(4096), { signal: new AbortController().signal });
    expect(end).toEqual({ result: 'failed', reason: 'the line was lost (failed: port vanished)' });
  });

  it('the browser folder takes plain names only, and free names go name-2, name-3', () => {
    const dir = folder();
    const files = folderTransferFiles(dir);
    return Promise.all([
      expect(files.pickSendFile('../etc/passwd')).rejects.toThrow(/not a plain file name/),
      expect(files.pickSendFile('/etc/passwd')).rejects.toThrow(/not a plain file name/),
      expect(files.pickSendFile('missing.bin')).rejects.toThrow(/no file/),
      expect(files.pickSendFile()).rejects.toThrow(/name a file/),
    ]).then(() => {
      writeFileSync(join(dir, 'a.tar.gz'), '');
      writeFileSync(join(dir, 'a.tar-2.gz'), '');
      expect(freeFileName(dir, 'a.tar.gz')).toBe(join(dir, 'a.tar-3.gz'));
      expect(freeFileName(dir, '..')).toBe(join(dir, '_'));
    });
  });

  it('refuses when the host offers no files, or the session is unknown', async () => {
    const svc = new TransferService({ session: () => undefined, emit: () => undefined, note: () => undefined, files: undefined });
    await expect(svc.receive({ sessionId: 'x', protocol: 'ymodem' })).rejects.toThrow(/offers no file transfers/);
    const svc2 = new TransferService({ session: () => undefined, emit: () => undefined, note: () => undefined, files: folderTransferFiles(folder()) });
    await expect(svc2.receive({ sessionId: 'x', protocol: 'ymodem' })).rejects.toThrow(/no open session/);
  });
});

