/**
 * `dialtone connect` on a terminal: the CLI runs in a real pty (Python's pty.spawn relays this test's
 * keys into it and its screen back), against PortManager (pyserial's RFC 2217 server on loop://, whose
 * DSR follows DTR). Keys reach the line in raw mode, Ctrl+C included; Ctrl+] d drives DTR and the DSR
 * lamp follows; Ctrl+] s shows the line state; Ctrl+] q quits with status 0 and the terminal is back in
 * its cooked mode (stty, run in the same pty after the CLI). Raw mode keeps output processing (OPOST):
 * a message's LF reaches the screen as CR LF.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, startPortManager, type Peer } from '../harness/peers.js';
import { until } from './helpers.js';
import { BIN } from './cli.js';

let pm: Peer & { port: number };
beforeAll(async () => {
  pm = await startPortManager();
});
afterAll(async () => {
  await pm.stop();
});

describe('dialtone connect on a terminal', () => {
  it('raw keys to the line, escape commands drive DTR and show the state, q quits and restores the terminal', async () => {
    // --events lines (stderr) and the line's bytes (stdout) both come back through the pty
    const script = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} connect rfc2217://127.0.0.1:${pm.port} --events; echo "exit=$?"; stty -a`;
    const child = spawn(PYTHON, ['-c', 'import pty, sys; pty.spawn(sys.argv[1:])', 'sh', '-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let screen = '';
    child.stdout!.on('data', (d: Buffer) => (screen += d.toString('latin1')));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const eventsText = () => screen;
    try {
      await until(child.stdout!, 'data', () => screen.includes('Ctrl+] then ? for commands') && eventsText().includes('"state":"connected"'), 15_000, 'connected');
      // loop:// echoes: typed keys come back, Ctrl+C (0x03) among them rather than stopping the CLI
      child.stdin!.write('hello\x03\r');
      await until(child.stdout!, 'data', () => screen.includes('hello\x03\r'), 10_000, 'the echo of the typed keys');
      child.stdin!.write('\x1dd'); // DTR on: loop:// raises DSR
      await until(child.stdout!, 'data', () => /"type":"modem"[^\n]*"dsr":true/.test(eventsText()), 10_000, 'DSR on after Ctrl+] d');
      child.stdin!.write('\x1ds');
      await until(child.stdout!, 'data', () => /DTR on.*DSR on/.test(screen), 10_000, 'the line state');
      child.stdin!.write('\x1dq');
      await until(child.stdout!, 'data', () => /(^|\s)-?icanon(\s|$)/m.test(screen.slice(screen.indexOf('exit='))), 15_000, 'exit and stty -a');
      expect(screen).toContain('exit=0');
      expect(screen).toContain('[DTR on asked]\r\n'); // raw mode keeps OPOST: LF -> CR LF, not CR CR LF
      const stty = screen.slice(screen.indexOf('exit=0'));
      expect(stty).toMatch(/(^|\s)icanon(\s|$)/m); // cooked again
      expect(stty).toMatch(/(^|\s)echo(\s|$)/m);
      expect(eventsText()).toMatch(/"type":"control","action":"dtr","value":true/);
    } finally {
      child.kill();
      await exited;
    }
  });
});
