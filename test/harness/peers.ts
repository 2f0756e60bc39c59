/**
 * Real peers for tests, started on free loopback ports in a temporary folder and stopped by PID:
 * socat pty pairs, ser2net (RFC 2217 and raw), pyserial's PortManager on loop://, sredird, gensiot,
 * BusyBox telnetd and GNU inetutils telnetd (plain telnet servers running a test program).
 * A missing program fails the test with the Debian package that provides it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The Debian interpreter that has python3-serial (a python3 earlier on PATH may not). */
export const PYTHON = '/usr/bin/python3';
/** GNU inetutils' telnet server (Debian inetutils-telnetd). */
export const INETUTILS_TELNETD = '/usr/sbin/telnetd';

const PACKAGES: Record<string, string> = {
  socat: 'socat',
  ser2net: 'ser2net',
  sredird: 'sredird',
  gensiot: 'gensio-bin',
  stty: 'coreutils',
  [PYTHON]: 'python3-serial',
  busybox: 'busybox-static',
  [INETUTILS_TELNETD]: 'inetutils-telnetd',
};

/** @throws Error naming the Debian package when `command` is not installed. */
export function requireCommand(command: string): string {
  const found = command.startsWith('/')
    ? existsSync(command)
    : spawnSync('sh', ['-c', `command -v ${command}`]).status === 0 || existsSync(`/usr/sbin/${command}`);
  if (!found) {
    throw new Error(`${command} is not installed: apt-get install ${PACKAGES[command] ?? command}`);
  }
  if (command === PYTHON && spawnSync(PYTHON, ['-c', 'import serial']).status !== 0) {
    throw new Error(`${PYTHON} has no pyserial: apt-get install python3-serial`);
  }
  return command.startsWith('/') || spawnSync('sh', ['-c', `command -v ${command}`]).status === 0
    ? command
    : `/usr/sbin/${command}`;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resolve once something accepts TCP connections on 127.0.0.1:port (retries refused connects). */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Resolve once a TCP socket LISTENs on 127.0.0.1:port, read from /proc/net/tcp without connecting: a probe
 * connection has side effects on some servers (ser2net opens the device for it and then, while closing
 * it, drops the next real client). Polls every 25 ms, bounded by `timeoutMs`.
 */
export async function waitForListener(port: number, timeoutMs = 10_000): Promise<void> {
  const wanted = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = readFileSync('/proc/net/tcp', 'utf8');
    if (table.split('\n').some((line) => line.trim().split(/\s+/)[1] === wanted && line.trim().split(/\s+/)[3] === '0A')) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A started peer process. `stop()` kills it (and its process group) and waits for it to exit. */
export interface Peer {
  readonly pid: number;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Start `command` in its own process group, collecting its output; stop() ends the group. */
export function startProcess(command: string, args: string[], opts: { cwd?: string } = {}): { child: ChildProcess; peer: Peer } {
  const child = spawn(command, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const peer: Peer = {
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const killTimer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 3000);
      await exited;
      clearTimeout(killTimer);
    },
  };
  return { child, peer };
}

/** Resolve when `child`'s stderr/stdout has printed text matching `pattern`; reject if it exits first. */
function waitForOutput(child: ChildProcess, peer: Peer, pattern: RegExp, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(peer.output())) {
        cleanup();
        resolve();
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`${what} exited before it was ready:\n${peer.output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} not ready after ${timeoutMs} ms:\n${peer.output()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** A temporary folder, removed by `remove()`. */
export function tempDir(prefix = 'dialtone-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A socat pty pair: `a` and `b` are symlinks to two ptys joined like a null-modem cable. */
export interface PtyPair extends Peer {
  readonly a: string;
  readonly b: string;
}

/** Start a socat pty pair (raw, no echo) with links `dir/nameA` and `dir/nameB`. */
export async function startPtyPair(dir: string, nameA = 'ttyA', nameB = 'ttyB'): Promise<PtyPair> {
  const socat = requireCommand('socat');
  const a = join(dir, nameA);
  const b = join(dir, nameB);
  const { child, peer } = startProcess(socat, ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`]);
  await waitForOutput(child, peer, /starting data transfer loop/, 'socat pty pair');
  return { ...peer, a, b };
}

/** ser2net 4.x on a device: an RFC 2217 accepter and/or a raw TCP accepter on free loopback ports. */
export interface Ser2net extends Peer {
  readonly rfc2217Port: number;
  readonly rawPort: number;
}

/**
 * Start ser2net for `device` (e.g. a pty pair's `a`). Its RFC 2217 and raw accepters exclude each other
 * on one device: connect to one at a time. `ports` reuses given ports (to restart a stopped ser2net where
 * clients reconnect); by default both are free ports.
 */
export async function startSer2net(
  dir: string,
  device: string,
  serial = '115200n81',
  ports?: { rfc2217Port: number; rawPort: number },
  /** kickolduser: a new client takes the port from the old one (default true); false: it is refused. */
  kickOldUser = true,
): Promise<Ser2net> {
  const ser2net = requireCommand('ser2net');
  const rfc2217Port = ports?.rfc2217Port ?? (await freePort());
  const rawPort = ports?.rawPort ?? (await freePort());
  const config = join(dir, `ser2net-${rfc2217Port}.yaml`);
  writeFileSync(
    config,
    [
      '%YAML 1.1',
      '---',
      'connection: &rfc2217',
      `    accepter: telnet(rfc2217),tcp,127.0.0.1,${rfc2217Port}`,
      '    enable: on',
      '    options:',
      `      kickolduser: ${kickOldUser}`,
      `    connector: serialdev,${device},${serial},local`,
      '',
      'connection: &raw',
      `    accepter: tcp,127.0.0.1,${rawPort}`,
      '    enable: on',
      '    options:',
      `      kickolduser: ${kickOldUser}`,
      `    connector: serialdev,${device},${serial},local`,
      '',
    ].join('\n'),
  );
  const { peer } = startProcess(ser2net, ['-n', '-d', '-c', config, '-P', join(dir, `ser2net-${rfc2217Port}.pid`)]);
  // not waitForPort: a probe connection makes ser2net open the device, and a client arriving while it
  // closes it again is dropped
  await waitForListener(rfc2217Port);
  await waitForListener(rawPort);
  return { ...peer, rfc2217Port, rawPort };
}

/**
 * pyserial's PortManager (a real RFC 2217 server) over `url` (default loop://: RTS drives CTS, DTR
 * drives DSR, CD on, data echoes). One client at a time. `fixedPort` reuses a port (to restart it where
 * clients reconnect); by default a free port.
 */
export async function startPortManager(url = 'loop://', pollSeconds = 0.05, fixedPort?: number): Promise<Peer & { port: number }> {
  requireCommand(PYTHON);
  const port = fixedPort ?? (await freePort());
  const { child, peer } = startProcess(PYTHON, [join(HERE, 'portmanager-server.py'), '--port', String(port), '--url', url, '--poll', String(pollSeconds)]);
  await waitForOutput(child, peer, /serving .* on 127\.0\.0\.1/, 'PortManager');
  return { ...peer, port };
}

/** sredird (RFC 2217 server) inetd-style under socat, for `device`. */
export async function startSredird(dir: string, device: string): Promise<Peer & { port: number }> {
  const socat = requireCommand('socat');
  const sredird = requireCommand('sredird');
  const port = await freePort();
  const lock = join(dir, `LCK..sredird-${port}`);
  // nofork: sredird's stdin/stdout are the socket itself; without it sredird can hang holding its lock
  const { child, peer } = startProcess(socat, ['-d', '-d', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `EXEC:${sredird} 5 ${device} ${lock},nofork`]);
  await waitForOutput(child, peer, /listening on/, 'sredird (socat listener)');
  return { ...peer, port };
}

/** Read a pty's settings with `stty -F` (e.g. to see a baud change arrive at the device). */
export function stty(device: string): string {
  const r = spawnSync(requireCommand('stty'), ['-F', device, '-a'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`stty -F ${device} failed: ${r.stderr}`);
  return r.stdout;
}

/** A peer whose exit the test can observe (a server expected to crash, or expected not to). */
export interface WatchedPeer extends Peer {
  /** null while it runs; then its exit code or the signal that ended it. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Resolve with the exit status once it has exited; reject after `timeoutMs` while it still runs. */
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function watched(child: ChildProcess, peer: Peer, what: string): WatchedPeer {
  const status = () => (child.exitCode !== null || child.signalCode !== null ? { code: child.exitCode, signal: child.signalCode } : null);
  return {
    ...peer,
    exitStatus: status,
    waitForExit: (timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const now = status();
        if (now !== null) {
          resolve(now);
          return;
        }
        const timer = setTimeout(() => {
          child.off('exit', onExit);
          reject(new Error(`${what} (pid ${peer.pid}) still runs after ${timeoutMs} ms`));
        }, timeoutMs);
        const onExit = () => {
          clearTimeout(timer);
          resolve(status()!);
        };
        child.once('exit', onExit);
      }),
  };
}

/**
 * gensio's RFC 2217 server (`gensiot -a --server`, Debian gensio-bin) for `device` on a free loopback
 * port, started the plain way: no `--signature`. gensiot aborts when its stdout is /dev/null; here it is a
 * pipe. Ready once the port LISTENs (read from /proc/net/tcp: a probe connection would be taken as a client).
 */
export async function startGensioServer(dir: string, device: string, serial = '9600n81'): Promise<WatchedPeer & { port: number }> {
  const gensiot = requireCommand('gensiot');
  const port = await freePort();
  const { child, peer } = startProcess(gensiot, ['-a', '--server', '-i', `serialdev,${device},${serial},local`, `telnet(rfc2217),tcp,127.0.0.1,${port}`], { cwd: dir });
  let onExit = () => undefined as void;
  const died = new Promise<never>((_, reject) => {
    onExit = () => reject(new Error(`gensiot exited before it listened (code ${child.exitCode}, signal ${child.signalCode}):\n${peer.output()}`));
    child.once('exit', onExit);
  });
  try {
    await Promise.race([waitForListener(port), died]);
  } catch (err) {
    await peer.stop();
    throw err;
  } finally {
    child.off('exit', onExit);
  }
  return { ...watched(child, peer, 'gensiot'), port };
}

/**
 * sredird inetd-style under socat like startSredird, with `-i` (its Cisco IOS compatibility mode: the
 * inbound flow-control SET-CONTROL 14-16 is answered with value 0, as Cisco IOS 11.3 does).
 */
export async function startSredirdCisco(dir: string, device: string): Promise<Peer & { port: number }> {
  const socat = requireCommand('socat');
  const sredird = requireCommand('sredird');
  const port = await freePort();
  const lock = join(dir, `LCK..sredird-${port}`);
  const { child, peer } = startProcess(socat, ['-d', '-d', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `EXEC:${sredird} -i 5 ${device} ${lock},nofork`]);
  await waitForOutput(child, peer, /listening on/, 'sredird -i (socat listener)');
  return { ...peer, port };
}

/** Reject when `child` exits before `ready` settles; stop the peer when anything fails. */
async function readyOrDied(child: ChildProcess, peer: Peer, ready: Promise<void>, what: string): Promise<void> {
  let onExit = () => undefined as void;
  const died = new Promise<never>((_, reject) => {
    onExit = () => reject(new Error(`${what} exited before it listened (code ${child.exitCode}, signal ${child.signalCode}):\n${peer.output()}`));
    child.once('exit', onExit);
  });
  try {
    await Promise.race([ready, died]);
  } catch (err) {
    await peer.stop();
    throw err;
  } finally {
    child.off('exit', onExit);
  }
}

/**
 * BusyBox telnetd (Debian busybox-static) in the foreground on a free loopback port, running `program`
 * (an executable path without spaces, e.g. a script in `dir`) on the pty of every connection instead of
 * login, with no issue file. BusyBox never agrees to BINARY, so a client stays under NVT rules (RFC 854);
 * it maps CR LF and CR NUL to CR only when both bytes come in one read. Ready once the port LISTENs.
 */
export async function startBusyboxTelnetd(dir: string, program: string): Promise<Peer & { port: number }> {
  const busybox = requireCommand('busybox');
  const port = await freePort();
  const { child, peer } = startProcess(
    busybox,
    ['telnetd', '-F', '-p', String(port), '-b', '127.0.0.1', '-l', program, '-f', '/dev/null'],
    { cwd: dir },
  );
  await readyOrDied(child, peer, waitForListener(port), 'busybox telnetd');
  return { ...peer, port };
}

/**
 * GNU inetutils telnetd (Debian inetutils-telnetd) inetd-style under socat on a free loopback port: one
 * telnetd per connection, without host info (`-h`), running `program` (an executable path without
 * spaces or commas) instead of login (`-E`). It opens with about 17 option requests and agrees to BINARY.
 * Ready once the port LISTENs.
 */
export async function startInetutilsTelnetd(dir: string, program: string): Promise<Peer & { port: number }> {
  const socat = requireCommand('socat');
  const telnetd = requireCommand(INETUTILS_TELNETD);
  const port = await freePort();
  const { child, peer } = startProcess(
    socat,
    ['-d', '-d', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `EXEC:${telnetd} -h -E ${program},nofork`],
    { cwd: dir },
  );
  await readyOrDied(child, peer, waitForListener(port), 'inetutils telnetd (socat listener)');
  return { ...peer, port };
}
