/**
 * The demo access server against real RFC 2217 clients nobody here wrote: pyserial's rfc2217 client
 * (without ?ign_set_control: our server acks everything) and gensio's gensiot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, requireCommand } from '../harness/peers.js';
import { runProgram } from '../harness/program.js';
import { startSimServer, type SimServer } from '../../src-main/sim/server.js';

const HERE = dirname(fileURLToPath(import.meta.url));
// a quicker phone network than the demo's (the behaviour is the same, the waits shorter)
const timing = { dialToneMs: 50, toneDigitMs: 10, ringOnMs: 300, ringOffMs: 300, handshakeMs: 200, busyMs: 200 };

let server: SimServer;
beforeAll(async () => {
  server = await startSimServer({ host: '127.0.0.1', port: 0, timing });
});
afterAll(async () => {
  await server.close();
});

/** Resolve when `get()` contains `text` (checked on each chunk of output; bounded by the caller's timeout). */
async function outputContains(get: () => string, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // polled every 20 ms: the output arrives on another process's pipe, read by runProgram
  while (!get().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in ${JSON.stringify(get())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('pyserial rfc2217 client', { timeout: 90_000 }, () => {
  it('opens (every setting acknowledged), sees CTS follow RTS, gets OK, dials the echo number, hangs up by DTR', async () => {
    requireCommand(PYTHON);
    const r = await runProgram(PYTHON, [join(HERE, 'pyserial-client.py'), String(server.port)], (_w, end) => end());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.settings).toEqual({ baudrate: true, datasize: true, parity: true, stopsize: true });
    expect(out.settings_after_change).toEqual({ baudrate: true, datasize: true, parity: true, stopsize: true });
    expect(out.initial).toEqual({ cts: true, dsr: true, cd: false, ri: false });
    expect(out.rts_off_cts_off).toBe(true);
    expect(out.rts_on_cts_on).toBe(true);
    expect(out.dsr_stays_on).toBe(true);
    expect(out.at).toBe('AT\r\r\nOK\r\n');
    expect(out.dial).toContain('CONNECT 9600\r\n');
    expect(out.cd_after_connect).toBe(true);
    expect(out.echo).toBe('hello, modem');
    expect(out.hangup).toMatch(/^\r\nNO CARRIER/);
    expect(out.cd_after_hangup).toBe(false);
  });
});

describe('gensiot (gensio telnet(rfc2217))', { timeout: 90_000 }, () => {
  it('AT gets OK', async () => {
    const gensiot = requireCommand('gensiot');
    const r = await runProgram(gensiot, [`telnet(rfc2217),tcp,127.0.0.1,${server.port}`], (write, end, out) => {
      write('AT\r');
      outputContains(out, 'OK\r\n').then(end, end);
    });
    expect(r.stdout).toBe('AT\r\r\nOK\r\n');
  });

  it('sets the baud rate with its escape (s 2400): the modem connects at 2400', async () => {
    const gensiot = requireCommand('gensiot');
    const r = await runProgram(gensiot, ['-e', '^]', `telnet(rfc2217),tcp,127.0.0.1,${server.port}`], (write, end, out) => {
      void (async () => {
        try {
          write('AT\r');
          await outputContains(out, 'OK\r\n');
          write('\x1ds2400\n'); // escape, s: set the serial speed of io2 (sent as SET-BAUDRATE)
          write('\x1dd'); // escape, d: dump the serial settings gensiot believes (from the server's acks)
          await outputContains(out, 'Speed: 2400');
          write('ATDT5550100\r');
          await outputContains(out, 'CONNECT 2400\r\n');
        } finally {
          end();
        }
      })();
    });
    expect(r.stdout).toContain('Signature: Dialtone demo modem');
    expect(r.stdout).toContain('Speed: 2400N81');
    expect(r.stdout).toContain('ATDT5550100\r\r\nCONNECT 2400\r\n');
  });
});
