/**
 * The demo access server on the wire, byte by byte from a raw socket (no client library between): every
 * COM-PORT command acknowledged with the value in effect, NOTIFY-MODEMSTATE with delta bits and the
 * client's mask, PURGE-DATA, FLOWCONTROL-SUSPEND/RESUME, DTR drop hanging up.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { startSimServer, type SimServer } from '../../src-main/sim/server.js';

const IAC = 255;
const SB = 250;
const SE = 240;
const WILL = 251;
const COM = 44;
const timing = { dialToneMs: 20, toneDigitMs: 5, ringOnMs: 200, ringOffMs: 200, handshakeMs: 100, busyMs: 100 };

let server: SimServer;
beforeAll(async () => {
  server = await startSimServer({ port: 0, timing });
});
afterAll(async () => {
  await server.close();
});

/** A raw telnet client: collects COM-PORT replies (code, value bytes) and data bytes. */
class RawClient {
  readonly frames: Array<{ code: number; value: number[] }> = [];
  data = '';
  private buf: number[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf.push(...d);
      this.parse();
      for (const w of this.waiters.splice(0)) w();
    });
  }
  private parse() {
    let i = 0;
    const b = this.buf;
    while (i < b.length) {
      if (b[i] !== IAC) {
        this.data += String.fromCharCode(b[i++]!);
        continue;
      }
      if (i + 1 >= b.length) break;
      const cmd = b[i + 1]!;
      if (cmd === IAC) {
        this.data += '\xff';
        i += 2;
      } else if (cmd === SB) {
        let j = i + 2;
        const body: number[] = [];
        let done = false;
        while (j + 1 < b.length) {
          if (b[j] === IAC && b[j + 1] === SE) {
            done = true;
            break;
          }
          if (b[j] === IAC && b[j + 1] === IAC) j++;
          body.push(b[j++]!);
        }
        if (!done) break;
        if (body[0] === COM) this.frames.push({ code: body[1]!, value: body.slice(2) });
        i = j + 2;
      } else if (cmd >= 251 && cmd <= 254) {
        if (i + 2 >= b.length) break;
        i += 3;
      } else i += 2;
    }
    this.buf = b.slice(i);
  }
  send(bytes: number[] | string) {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }
  command(code: number, ...value: number[]) {
    const body = [code, ...value].flatMap((v) => (v === IAC ? [IAC, IAC] : [v]));
    this.send([IAC, SB, COM, ...body, IAC, SE]);
  }
  /** Resolve when `pred` holds over what was received (re-checked on each chunk; bounded). */
  until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; frames ${JSON.stringify(this.frames)} data ${JSON.stringify(this.data)}`)), ms);
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }
  /** Send a command and wait for its reply (code + 100); returns the reply's value bytes. */
  async ask(code: number, ...value: number[]): Promise<number[]> {
    const before = this.frames.length;
    this.command(code, ...value);
    let found: number[] | undefined;
    await this.until(() => {
      found = this.frames.slice(before).find((f) => f.code === code + 100)?.value;
      return found !== undefined;
    }, `reply to ${code}`);
    return found!;
  }
  modemStates(): number[] {
    return this.frames.filter((f) => f.code === 107).map((f) => f.value[0]!);
  }
}

const clients: RawClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.socket.destroy();
});

async function open(): Promise<RawClient> {
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const c = new RawClient(socket);
  clients.push(c);
  c.send([IAC, WILL, COM, IAC, WILL, 0, IAC, 253, 0]);
  await c.until(() => c.modemStates().length > 0, 'the first NOTIFY-MODEMSTATE');
  return c;
}

describe('demo access server (RFC 2217 on the wire)', { timeout: 90_000 }, () => {
  it('reports the modem state once COM-PORT is accepted: DSR and CTS on, no delta bits', async () => {
    const c = await open();
    expect(c.modemStates()[0]).toBe(0x30);
  });

  it('acknowledges every setting with the value in effect', async () => {
    const c = await open();
    expect(await c.ask(1, 0, 0, 0x25, 0x80)).toEqual([0, 0, 0x25, 0x80]); // 9600
    expect(await c.ask(1, 0, 0, 0, 0)).toEqual([0, 0, 0x25, 0x80]); // query
    expect(await c.ask(2, 7)).toEqual([7]);
    expect(await c.ask(2, 9)).toEqual([7]); // refused: the value in effect
    expect(await c.ask(2, 0)).toEqual([7]);
    expect(await c.ask(3, 3)).toEqual([3]);
    expect(await c.ask(3, 0)).toEqual([3]);
    expect(await c.ask(4, 2)).toEqual([2]);
    expect(await c.ask(4, 0)).toEqual([2]);
    expect(await c.ask(5, 3)).toEqual([3]); // hardware flow
    expect(await c.ask(5, 0)).toEqual([3]);
    expect(await c.ask(5, 13)).toEqual([16]); // inbound follows outbound
    expect(await c.ask(5, 14)).toEqual([14]);
    expect(await c.ask(5, 1)).toEqual([1]);
    expect(await c.ask(5, 17)).toEqual([1]); // DCD flow unsupported: the flow in effect
    expect(await c.ask(5, 5)).toEqual([5]); // BREAK on
    expect(await c.ask(5, 4)).toEqual([5]);
    expect(await c.ask(5, 6)).toEqual([6]);
    expect(await c.ask(5, 9)).toEqual([9]); // DTR off
    expect(await c.ask(5, 7)).toEqual([9]);
    expect(await c.ask(5, 8)).toEqual([8]);
    expect(await c.ask(5, 12)).toEqual([12]); // RTS off
    expect(await c.ask(5, 10)).toEqual([12]);
    expect(await c.ask(5, 11)).toEqual([11]);
    expect(await c.ask(10, 0)).toEqual([0]);
    expect(await c.ask(11, 0xff)).toEqual([0xff]);
    expect(await c.ask(12, 1)).toEqual([1]);
    expect(await c.ask(12, 3)).toEqual([3]);
    const before = c.frames.length;
    c.command(0); // SIGNATURE request
    await c.until(() => c.frames.slice(before).some((f) => f.code === 100), 'SIGNATURE');
    expect(String.fromCharCode(...c.frames.slice(before).find((f) => f.code === 100)!.value)).toBe('Dialtone demo modem');
  });

  it('NOTIFY-MODEMSTATE: CTS follows RTS with the delta bit; the mask filters', async () => {
    const c = await open();
    await c.ask(5, 12);
    await c.until(() => c.modemStates().includes(0x21), 'CTS off + delta CTS');
    await c.ask(5, 11);
    await c.until(() => c.modemStates().includes(0x31), 'CTS on + delta CTS');
    await c.ask(11, 0x80); // only DCD
    const n = c.modemStates().length;
    await c.ask(5, 12);
    await c.ask(5, 11);
    expect(c.modemStates().length).toBe(n);
  });

  it('dial: DCD on with the delta bit after CONNECT; DTR drop hangs up: NO CARRIER, DCD off with delta', async () => {
    const c = await open();
    c.send('ATE0\r');
    await c.until(() => c.data.includes('OK\r\n'), 'OK');
    c.send('ATDT5550100\r');
    await c.until(() => c.modemStates().includes(0xb8), 'DCD on + delta DCD');
    expect(c.data).toContain('CONNECT 33600\r\n');
    c.send('echo \xff me');
    await c.until(() => c.data.includes('echo \xff me'), 'the echo (0xFF doubled both ways)');
    await c.ask(5, 9);
    await c.until(() => c.data.includes('NO CARRIER'), 'NO CARRIER');
    await c.until(() => c.modemStates().includes(0x38), 'DCD off + delta DCD');
  });

  it('RI rings on the callback with the trailing-edge bit when it goes off', async () => {
    const c = await open();
    c.send('ATE0\r');
    c.send('ATDT5550104\r');
    await c.until(() => c.data.includes('Username: '), 'the callback login');
    c.send('demo\rdialtone\r');
    await c.until(() => c.data.includes('Hang up now'), 'the callback promise');
    await c.ask(5, 9);
    await c.ask(5, 8);
    await c.until(() => c.data.includes('RING'), 'RING', 15_000);
    await c.until(() => c.modemStates().includes(0x70), 'RI on');
    await c.until(() => c.modemStates().includes(0x34), 'RI off + trailing edge');
    c.send('ATA\r');
    await c.until(() => c.data.includes('Callback connected'), 'the callback shell');
  });

  it('FLOWCONTROL-SUSPEND holds the modem output until RESUME; PURGE-DATA 1 drops undelivered output', async () => {
    const c = await open();
    await c.ask(1, 0, 0, 0x01, 0x2c); // 300 bit/s: 30 characters a second
    c.send('ATE0\r');
    await c.until(() => c.data.includes('OK\r\n'), 'OK');
    c.command(8); // suspend
    c.send('ATI3\r');
    // the suspend is in effect once a later command is answered (the server handles frames in order)
    await c.ask(5, 0);
    const held = c.data;
    await c.ask(2, 0);
    expect(c.data).toBe(held);
    c.command(9); // resume
    await c.until(() => c.data.length > held.length, 'output after RESUME');
    expect(await c.ask(12, 1)).toEqual([1]);
    const cut = c.data.length;
    // output is delivered in order: had the rest of ATI3 not been purged, it would come before this OK
    c.send('AT\r');
    await c.until(() => c.data.slice(cut).includes('OK\r\n'), 'OK after the purge');
    expect(c.data.slice(cut)).not.toContain('33600)');
    expect(c.data.slice(cut).endsWith('\r\nOK\r\n')).toBe(true);
  });
});
