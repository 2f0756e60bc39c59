/**
 * `dialtone probe` end to end against the three RFC 2217 servers on this machine; each report must name
 * that server's known deviations (interop-quirks.md) and nothing it does right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src-main/sessions/probe.js';
import { freePort, startPortManager, startPtyPair, startSer2net, startSredird, tempDir, type Peer, type PtyPair, type Ser2net } from '../harness/peers.js';
import { dialtone } from './cli.js';

let dir: ReturnType<typeof tempDir>;
let pair: PtyPair;
let pair2: PtyPair;
let ser2net: Ser2net;
let sredird: Peer & { port: number };
let pm: Peer & { port: number };

beforeAll(async () => {
  dir = tempDir();
  pair = await startPtyPair(dir.path, 'ttyA', 'ttyB');
  pair2 = await startPtyPair(dir.path, 'ttyC', 'ttyD');
  ser2net = await startSer2net(dir.path, pair.a);
  sredird = await startSredird(dir.path, pair2.a);
  pm = await startPortManager();
});
afterAll(async () => {
  await Promise.all([ser2net?.stop(), sredird?.stop(), pm?.stop()]);
  await Promise.all([pair?.stop(), pair2?.stop()]);
  dir?.remove();
});

async function probe(port: number, timeoutMs: number): Promise<ProbeReport> {
  const cli = dialtone(['probe', `rfc2217://127.0.0.1:${port}`, '--json', '--timeout', String(timeoutMs)]);
  expect(await cli.exited).toBe(0);
  return JSON.parse(cli.stdout().toString()) as ProbeReport;
}

const step = (r: ProbeReport, prefix: string) => r.steps.find((s) => s.command.startsWith(prefix))!;

describe('dialtone probe', () => {
  it('ser2net: WONT to DO COM-PORT, no DTR/RTS acks, BREAK OFF answered with 5, NOTIFY instead of mask replies', async () => {
    const r = await probe(ser2net.rfc2217Port, 1000);
    expect(r.signature).toBe('ser2net');
    expect(r.negotiation).toContain('DO COM-PORT-OPTION');
    expect(r.comPort).toEqual({ ourWill: 'accepted', ourDo: 'refused' });
    expect(step(r, 'SET-BAUDRATE')).toMatchObject({ reply: 'SET-BAUDRATE 115200', replyHex: '00 01 c2 00' });
    expect(step(r, 'SET-BAUDRATE').replyMs).toBeGreaterThanOrEqual(0);
    expect(step(r, 'SET-CONTROL 8 ').reply).toBeNull();
    expect(r.deviations).toEqual(
      expect.arrayContaining([
        'refuses DO COM-PORT but accepts WILL (the client must not require the server to WILL COM-PORT)',
        'does not answer SET-CONTROL DTR ON/OFF (8, 9)',
        'does not answer SET-CONTROL RTS ON/OFF (11, 12)',
        'answers BREAK OFF with BREAK ON (5)',
        'answers the SET-CONTROL 7 query with 7, the request code, not the state',
        'answers SET-MODEMSTATE-MASK with NOTIFY-MODEMSTATE instead of the mask',
      ]),
    );
    expect(r.deviations.join('\n')).not.toMatch(/baud replies|SIGNATURE/);
  }, 60_000);

  it('PortManager: no SIGNATURE, no SET-CONTROL query answers; DTR/RTS acked', async () => {
    const r = await probe(pm.port, 1000);
    expect(r.signature).toBeNull();
    expect(r.deviations).toEqual(expect.arrayContaining(['does not answer SIGNATURE', 'does not answer SET-CONTROL queries 4, 7, 10, 13']));
    expect(step(r, 'SET-CONTROL 8 ').reply).toBe('SET-CONTROL 8 (DTR ON)');
    expect(r.deviations.join('\n')).not.toMatch(/DTR ON\/OFF|flow-control value|BREAK OFF/);
  }, 60_000);

  it('sredird: 8-byte baud replies, DTR/RTS answered with the flow-control value', async () => {
    const r = await probe(sredird.port, 2000);
    expect(r.signature).toMatch(/^SRedird/);
    expect(step(r, 'SET-BAUDRATE').replyHex?.split(' ')).toHaveLength(8);
    expect(r.deviations).toEqual(
      expect.arrayContaining([
        'sends 8-byte baud replies (a 64-bit build writing a C long; the first 4 octets are the rate)',
        'answers DTR with the flow-control value (105 01)',
        'answers RTS with the flow-control value (105 01)',
      ]),
    );
  });

  it('prints a human table by default; exit 3 when refused, 2 for a target with no RFC 2217', async () => {
    const table = dialtone(['probe', `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`, '--timeout', '300']);
    expect(await table.exited).toBe(0);
    const text = table.stdout().toString();
    expect(text).toMatch(/^command\s+reply\s+value \(hex\)\s+ms/m);
    expect(text).toMatch(/SET-CONTROL 8 \(DTR ON\)\s+no reply/);
    expect(text).toContain('deviations from RFC 2217:\n  - ');

    const port = await freePort();
    const refused = dialtone(['probe', `rfc2217://127.0.0.1:${port}`]);
    expect(await refused.exited).toBe(3);
    expect(refused.stderr()).toContain(`connection refused by 127.0.0.1:${port}`);
    const raw = dialtone(['probe', `tcp://127.0.0.1:${port}`]);
    expect(await raw.exited).toBe(2);
  });
});
