/**
 * XMODEM and YMODEM against lrzsz behind ser2net: its RFC 2217 port (telnet: 0xFF doubled by our engine,
 * BINARY both ways) and its raw TCP port (no escaping at all), each protocol both ways with the
 * matrix's files up to 1025 bytes (test/transfer/matrix.ts): ser2net reads the pty in 64-byte pieces
 * about 45 ms apart (about 3 KB/s here), so 1 MiB would take minutes per transfer; the 1 MiB files run
 * on the pty pair (lrzsz-pty.test.ts). The two accepters share the device and
 * a client arriving while ser2net still closes it for the previous one is dropped: a fresh ser2net per kind.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { startPtyPair, startSer2net, tempDir, type PtyPair, type Ser2net } from '../harness/peers.js';
import { holdOpen, SIZES, type TestFile } from './lrzsz.js';
import { caseDir, matrixFiles, PROTOCOLS, weReceive, weSend, type ProtocolName } from './matrix.js';

let dir: ReturnType<typeof tempDir>;
let pair: PtyPair;
let ser2net: Ser2net;
let files: TestFile[];
let release = () => undefined as void;

beforeAll(async () => {
  dir = tempDir('dialtone-xfer-ser2net-');
  pair = await startPtyPair(dir.path);
  release = holdOpen(pair.b);
  files = matrixFiles(caseDir(dir.path, 'src'), SIZES.filter((n) => n <= 1025));
});

afterAll(async () => {
  release();
  await pair?.stop();
  dir?.remove();
});

for (const kind of ['rfc2217', 'raw'] as const) {
  describe(`against lrzsz behind ser2net (${kind})`, () => {
    let session: NetworkSession;
    beforeAll(async () => {
      ser2net = await startSer2net(dir.path, pair.a, '115200n81');
      session = new NetworkSession({ kind, host: '127.0.0.1', port: kind === 'raw' ? ser2net.rawPort : ser2net.rfc2217Port }, kind === 'rfc2217' ? { settings: { baud: 115200 } } : {});
      await session.open();
    });
    afterAll(async () => {
      await session?.close();
      await ser2net?.stop();
    });
    for (const protocol of Object.keys(PROTOCOLS) as ProtocolName[]) {
      it(`${protocol}: we send, lrzsz receives`, async () => {
        await weSend(session, pair.b, protocol, files, caseDir(dir.path, `send-${kind}-${protocol}`));
      }, 300_000);
      it(`${protocol}: lrzsz sends, we receive`, async () => {
        await weReceive(session, pair.b, protocol, files, caseDir(dir.path, 'src'));
      }, 300_000);
    }
  });
}
