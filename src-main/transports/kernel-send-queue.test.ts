import { connect, createServer, type Socket } from 'node:net';
import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseProcNetTcp, procEndpoint, readKernelSendState } from './kernel-send-queue.js';

const LE = endianness() === 'LE';

describe('procEndpoint', () => {
  it('writes addresses as /proc/net/tcp does (each 32-bit word in host order, port in hex)', () => {
    expect(procEndpoint('127.0.0.1', 8080)).toBe(LE ? '0100007F:1F90' : '7F000001:1F90');
    expect(procEndpoint('::1', 7)).toBe(LE ? '00000000000000000000000001000000:0007' : '00000000000000000000000000000001:0007');
    expect(procEndpoint('::ffff:10.1.2.3', 23)).toBe(LE ? '0000000000000000FFFF00000302010A:0017' : '00000000000000000000FFFF0A010203:0017');
  });
});

describe('parseProcNetTcp', () => {
  const text = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1062 1',
    '   1: 0100007F:B05D 0100007F:1F90 01 00000019:00000000 01:0000004B 00000003     0        0 0 3',
  ].join('\n');
  it('finds the connection by its two ends and reads tx_queue and retrnsmt', () => {
    expect(parseProcNetTcp(text, { local: '0100007F:B05D', remote: '0100007F:1F90' })).toEqual({ unackedBytes: 25, retransmits: 3 });
  });
  it('is null for a connection it does not list', () => {
    expect(parseProcNetTcp(text, { local: '0100007F:B05E', remote: '0100007F:1F90' })).toBeNull();
  });
});

describe.skipIf(process.platform !== 'linux')('readKernelSendState on a real loopback connection (Linux)', () => {
  it('is 0 unacknowledged when the far end reads, more than 0 once its receive buffer is full', async () => {
    let far!: Socket;
    const server = createServer((s) => (far = s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const near = connect((server.address() as { port: number }).port, '127.0.0.1');
    try {
      await new Promise((r) => near.once('connect', r));
      expect(await readKernelSendState(near)).toEqual({ unackedBytes: 0, retransmits: 0 });
      far.pause(); // the far end stops reading: its window closes and our sent data waits
      const chunk = Buffer.alloc(1 << 20);
      while (near.write(chunk)) {
        /* fill Node's buffer too */
      }
      let state = await readKernelSendState(near);
      for (let i = 0; i < 100 && state!.unackedBytes === 0; i++) state = await readKernelSendState(near);
      expect(state!.unackedBytes).toBeGreaterThan(0);
      expect(state!.retransmits).toBe(0); // a closed window is not a cut path
    } finally {
      near.destroy();
      far?.destroy();
      server.close();
    }
  });
});
