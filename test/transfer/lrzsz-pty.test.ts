/**
 * XMODEM and YMODEM against lrzsz over a local serial line: a socat pty pair at 115200, our
 * SerialSession on one end, lrzsz (sx sb rx rb) on the other; every protocol both ways with files of
 * 0..1025 bytes and 1 MiB of random bytes (test/transfer/matrix.ts); YMODEM-g (sb streaming to us).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import { startPtyPair, tempDir, type PtyPair } from '../harness/peers.js';
import { caseDir, matrixFiles, PROTOCOLS, weReceive, weSend, type ProtocolName } from './matrix.js';
import { holdOpen, type TestFile } from './lrzsz.js';

let dir: ReturnType<typeof tempDir>;
let pair: PtyPair;
let session: SerialSession;
let files: TestFile[];
let release = () => undefined as void;

beforeAll(async () => {
  dir = tempDir('dialtone-xfer-pty-');
  pair = await startPtyPair(dir.path);
  release = holdOpen(pair.b);
  session = new SerialSession({ kind: 'serial', path: pair.a }, { settings: { baud: 115200 } });
  await session.open();
  files = matrixFiles(caseDir(dir.path, 'src'));
});

afterAll(async () => {
  await session?.close();
  release();
  await pair?.stop();
  dir?.remove();
});

describe('against lrzsz on a pty pair (serial:)', () => {
  for (const protocol of Object.keys(PROTOCOLS) as ProtocolName[]) {
    it(`${protocol}: we send, lrzsz receives`, async () => {
      await weSend(session, pair.b, protocol, files, caseDir(dir.path, `send-${protocol}`));
    }, 300_000);
    it(`${protocol}: lrzsz sends, we receive`, async () => {
      await weReceive(session, pair.b, protocol, files, caseDir(dir.path, 'src'));
    }, 300_000);
  }
  it("ymodem-g: we ask with 'G', sb streams every size without ACKs, names and sizes kept", async () => {
    await weReceive(session, pair.b, 'ymodem', files, caseDir(dir.path, 'src'), true);
  }, 300_000);
});
