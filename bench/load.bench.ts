/**
 * `npm run bench -- load` (issue 11, "Nothing lost, nothing frozen"): 64 sessions through the browser
 * host (`dialtone serve`), plus a 65th interactive one, read by one WebSocket client as the renderer reads
 * them. Three processes, all traffic on 127.0.0.1:
 *   - serve:  `node bin/dialtone.mjs serve` as a child (temp config and log folders, no profile, so no
 *             automatic log; the demo modem runs, as it does by default). Its CPU is read from
 *             /proc/<pid>/stat (utime + stime, every thread), its RSS from /proc/<pid>/status; a tiny
 *             preload (written to the temp folder, `--import`) turns perf_hooks.monitorEventLoopDelay
 *             (1 ms resolution) on and off on SIGUSR2, so serve's event-loop delay is sampled during the
 *             flood only (its 1 ms timer would otherwise count against the idle figure).
 *   - far ends: bench/load-peer.ts as a child: one RFC 2217 server per session on a port of its own; the
 *             65th (the echo) in a second such child, so the flood's generating and hashing never delays it.
 *             RFC 2217 rather than raw tcp:// because an access server is what 64 sessions mean in practice,
 *             and it takes the whole receive path: telnet parsing (IAC undoubling) and pausing by
 *             FLOWCONTROL-SUSPEND as well as by TCP backpressure (the feeder honours both).
 *   - client: this process, one WebSocket to /ws (token, Origin) speaking src-shared/ipc/wire.ts: one
 *             browser tab with 65 session tabs. One socket, not 64: serve sends every session's data to
 *             every socket (each socket is one flow-control consumer of every session), so 64 sockets
 *             would be 64 tabs each showing all 64 sessions. It acks session.data like
 *             src-renderer/bridge/flow.ts (ACK_CHUNK_BYTES owed -> one ack at the end of the task), at
 *             once after hashing (no xterm here: the bench measures the host, not the pane).
 *
 * Phases:
 *   1. idle: 65 sessions open and connected, nothing sent, IDLE_S seconds: serve's CPU in % of one core
 *      (target < 1 %), its own (utime + stime) and, apart, its reaped children's (cutime + cstime: the port
 *      watcher runs `udevadm info -e` every 2 s while a tab is attached). Then 40 keystrokes on the 65th
 *      session give the quiet echo latency.
 *   2. flood: each of 64 far ends sends DIALTONE_LOAD_MIB MiB (default 4) of pseudo-random bytes at
 *      once, SHA-256 computed at the sender; the client hashes what each session receives. A session whose
 *      digest or count differs is lossy or starved. Per session MiB/s = bytes / (its last byte - the flood's
 *      start): min / median / max and fairness = min / median; the longest gap between two data frames of
 *      one session. Meanwhile a keystroke every 50 ms goes to the 65th session (session.write) and its
 *      far end echoes it: keystroke -> echo in a session.data frame at the client, p50 / p95 / max (target
 *      p95 < 50 ms), split in two legs by the time the far end saw the byte (performance.timeOrigin +
 *      now() in both processes: the quiet keystrokes show the clocks agree to well under 1 ms): keystroke
 *      -> far end (the WebSocket in, serve's request queue and event loop) and far end -> client (serve's
 *      pump and the WebSocket out, behind the other sessions' frames: the flood bytes the client took
 *      between a keystroke and its echo say how much was ahead). Also: session.ack and session.write
 *      request -> reply times; serve's event-loop delay; the client's own (part of every latency here).
 *   3. close: session.close for all 65, then IDLE_S seconds idle again (the tab attached, no session).
 *      serve RSS at start, with 65 idle sessions, peak (VmHWM, reset through /proc/<pid>/clear_refs
 *      before the flood), 3 s and IDLE_S + 3 s after closing.
 *   Ceiling: the same flood (same bytes, same far-end process) read by 64 plain Node sockets, no serve.
 * The machine's load average is printed with the figures: on a shared 2-core machine they move with it.
 *
 * DIALTONE_LOAD_MIB (MiB per session, default 4), DIALTONE_LOAD_SESSIONS (default 64), DIALTONE_LOAD_IDLE_S
 * (default 10). DIALTONE_LOAD_KIND=raw uses tcp:// far ends instead of rfc2217 (telnet's cost, by
 * difference). DIALTONE_LOAD_SERVE_FLAGS: Node flags for the serve child, e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/p" or "--trace-gc" (its output is kept; DIALTONE_LOAD_SHOW_SERVE=1 prints it).
 * Bounded: every wait has a limit, and a global timer (GLOBAL_MS) kills the children and exits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { ACK_CHUNK_BYTES, type ReplyEnvelope } from '../src-shared/ipc/contract.js';
import { decodeMessage, encodeMessage } from '../src-shared/ipc/wire.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MIB = 1024 * 1024;
const FLOOD_MIB = Number(process.env.DIALTONE_LOAD_MIB ?? 4);
const SESSIONS = Number(process.env.DIALTONE_LOAD_SESSIONS ?? 64);
const IDLE_S = Number(process.env.DIALTONE_LOAD_IDLE_S ?? 10);
/** rfc2217 (default) or raw (tcp:// far ends: no telnet parsing, paused by TCP alone). */
const KIND = process.env.DIALTONE_LOAD_KIND === 'raw' ? 'raw' : 'rfc2217';
const KEY_MS = 50;
const QUIET_KEYS = 40;
/** The flood must end within this (else: what arrived is reported as a shortfall). */
const FLOOD_LIMIT_MS = 60_000 + FLOOD_MIB * SESSIONS * 1_000;
const GLOBAL_MS = FLOOD_LIMIT_MS * 2 + IDLE_S * 1000 + 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! : NaN);
const median = (xs: number[]) => pct(xs, 50);
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

/** Resolves when `pred` holds (checked every 20 ms), rejects after `ms`. */
async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!pred()) {
    if (performance.now() > end) throw new Error(`load: ${what}: not within ${ms} ms`);
    await sleep(20);
  }
}

// ---- /proc figures of a child

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
/** CPU seconds (user + system, all threads) of `pid`, or of the children it has waited for (cutime + cstime). */
function cpuSeconds(pid: number, children = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (children ? Number(f[13]) + Number(f[14]) : Number(f[11]) + Number(f[12])) / CLK_TCK;
}
/** VmRSS and VmHWM of `pid`, MiB. */
function memory(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

// ---- children

/** The preload of the serve child: SIGUSR2 starts the event-loop delay histogram, the next prints and stops it. */
const ELD_PROBE = `import { monitorEventLoopDelay } from 'node:perf_hooks';
let h = null;
process.on('SIGUSR2', () => {
  if (!h) { h = monitorEventLoopDelay({ resolution: 1 }); h.enable(); return; }
  h.disable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.stderr.write('load-eld ' + JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) }) + '\\n');
  h = null;
});
`;

interface Child {
  proc: ChildProcess;
  out: string;
  stop(): Promise<void>;
}

function child(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Child {
  const proc = spawn(cmd, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env });
  const c: Child = {
    proc,
    out: '',
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
  proc.stdout!.on('data', (d: Buffer) => (c.out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (c.out += d.toString()));
  return c;
}

// ---- the WebSocket client (one browser tab)

interface Rx {
  index: number;
  hash: Hash;
  bytes: number;
  first: number;
  last: number;
  maxGap: number;
  owed: number;
  ackQueued: boolean;
}

class TabClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: ReplyEnvelope) => void>();
  readonly rx = new Map<string, Rx>();
  readonly states = new Map<string, string>();
  framesReceived = 0;
  /** session.data bytes of every session. */
  dataBytes = 0;
  ackFailures = 0;
  closedWith: string | null = null;
  /** session.data of the interactive session. */
  onEcho: ((bytes: Uint8Array, at: number) => void) | null = null;
  echoSession = '';

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.message(data));
    ws.on('close', (code, reason) => (this.closedWith = `${code} ${reason.toString()}`));
  }

  static open(url: string, origin: string): Promise<TabClient> {
    const ws = new WebSocket(url, { origin, perMessageDeflate: false, maxPayload: 64 * MIB });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TabClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Request -> reply times, ms, by channel (while `timing` is on). */
  replyMs = new Map<string, number[]>();
  timing = false;
  /** Requests sent, by channel. */
  sentCount = new Map<string, number>();
  dataFrames = 0;

  request(name: string, payload: unknown): Promise<ReplyEnvelope> {
    const id = this.nextId++;
    this.sentCount.set(name, (this.sentCount.get(name) ?? 0) + 1);
    const t = performance.now();
    const reply = new Promise<ReplyEnvelope>((resolve) =>
      this.pending.set(id, (r) => {
        if (this.timing) {
          const list = this.replyMs.get(name) ?? [];
          list.push(performance.now() - t);
          this.replyMs.set(name, list);
        }
        resolve(r);
      }),
    );
    this.ws.send(encodeMessage({ t: 'req', id, name, payload }));
    return reply;
  }

  async call<T>(name: string, payload: unknown): Promise<T> {
    const r = await this.request(name, payload);
    if (!r.ok) throw new Error(`${name}: ${r.error}`);
    return r.value as T;
  }

  close(): void {
    this.ws.close();
  }

  private message(data: Buffer): void {
    const at = performance.now();
    this.framesReceived++;
    const msg = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (msg.t === 'res') {
      this.pending.get(msg.id)?.(msg.reply);
      this.pending.delete(msg.id);
      return;
    }
    if (msg.t !== 'evt') return;
    if (msg.name === 'session.event') {
      const { sessionId, event } = msg.payload as { sessionId: string; event: { type: string; state?: string } };
      if (event.type === 'status' && event.state) this.states.set(sessionId, event.state);
      return;
    }
    if (msg.name !== 'session.data') return;
    const { sessionId, bytes } = msg.payload as { sessionId: string; bytes: Uint8Array };
    this.dataBytes += bytes.byteLength;
    this.dataFrames++;
    if (sessionId === this.echoSession) this.onEcho?.(bytes, at);
    const r = this.rx.get(sessionId);
    if (!r) return;
    if (r.bytes === 0) r.first = at;
    else r.maxGap = Math.max(r.maxGap, at - r.last);
    r.last = at;
    r.bytes += bytes.byteLength;
    if (r.index >= 0) r.hash.update(bytes);
    // acked as src-renderer/bridge/flow.ts does: once ACK_CHUNK_BYTES are owed, one ack when the task ends
    r.owed += bytes.byteLength;
    if (r.owed >= ACK_CHUNK_BYTES && !r.ackQueued) {
      r.ackQueued = true;
      queueMicrotask(() => {
        r.ackQueued = false;
        if (r.owed < ACK_CHUNK_BYTES) return;
        const n = r.owed;
        r.owed = 0;
        void this.request('session.ack', { sessionId, bytes: n }).then((rep) => !rep.ok && this.ackFailures++);
      });
    }
  }
}

// ---- the plain-socket ceiling

async function ceilingRun(port: number, sessions: number, bytes: number, limitMs: number): Promise<{ rates: number[]; sha: string[]; seconds: number; short: number }> {
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: sessions }, (_, i) =>
      new Promise<{ rate: number; sha: string; got: number }>((resolve) => {
        const hash = createHash('sha256');
        let got = 0;
        const sock = connect(port, '127.0.0.1', () => sock.write(Buffer.from([i])));
        const done = () => {
          clearTimeout(timer);
          sock.destroy();
          resolve({ rate: got / MIB / ((performance.now() - t0) / 1000), sha: hash.digest('hex'), got });
        };
        const timer = setTimeout(done, limitMs);
        sock.on('data', (d: Buffer) => {
          hash.update(d);
          got += d.length;
          if (got >= bytes) done();
        });
        sock.on('error', done);
      }),
    ),
  );
  return { rates: results.map((r) => r.rate), sha: results.map((r) => r.sha), seconds: (performance.now() - t0) / 1000, short: results.filter((r) => r.got < bytes).length };
}

// ---- the run

export async function run(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) {
    console.log('load: building the renderer (serve needs dist/renderer)...');
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed:\n${b.stdout}${b.stderr}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-load-bench-'));
  const children: Child[] = [];
  let client: TabClient | null = null;
  const global = setTimeout(() => {
    console.error(`load: global limit of ${GLOBAL_MS / 1000} s reached, stopping`);
    for (const c of children) c.proc.kill('SIGKILL');
    process.exit(2);
  }, GLOBAL_MS);
  global.unref();
  try {
    const bytesEach = Math.round(FLOOD_MIB * MIB);
    const load0 = loadavg()[0]!;
    // the far ends
    // the far ends: the flood's, and the echo in a process of its own (the flood's generating and
    // hashing would otherwise delay the echo by that process's event loop)
    type PeerMsg = { type: string; i: number; bytes: number; sha256: string; ms: number; flood: number[]; echo: number; ceiling: number; at: number[]; eldP99: number; eldMax: number };
    const startPeer = async (count: number, onMessage: (m: PeerMsg) => void) => {
      const p = child(process.execPath, [...process.execArgv, join(ROOT, 'bench/load-peer.ts'), String(count), KIND]);
      children.push(p);
      let ready: PeerMsg | null = null;
      createInterface({ input: p.proc.stdout! }).on('line', (line) => {
        const m = JSON.parse(line) as PeerMsg;
        if (m.type === 'ready') ready = m;
        else onMessage(m);
      });
      await until(() => ready !== null || p.proc.exitCode !== null, 60_000, 'the far ends start');
      if (!ready) throw new Error(`bench/load-peer.ts did not start:\n${p.out}`);
      return { child: p, ports: ready as PeerMsg, tell: (cmd: object) => p.proc.stdin!.write(JSON.stringify(cmd) + '\n') };
    };
    const sent = new Map<number, { bytes: number; sha256: string; ms: number }>();
    const ceilingSent = new Map<number, { bytes: number; sha256: string }>();
    const flooder = await startPeer(SESSIONS, (m) => {
      if (m.type === 'sent') sent.set(m.i, m);
      else if (m.type === 'ceilingSent') ceilingSent.set(m.i, m);
    });
    let peerEcho: (m: PeerMsg) => void = () => undefined;
    const echoer = await startPeer(0, (m) => m.type === 'echoTimes' && peerEcho(m));
    const peer = flooder.child;
    const tell = flooder.tell;
    const { flood: floodPorts, ceiling: ceilingPort } = flooder.ports;
    const echoPort = echoer.ports.echo;

    // serve
    const probe = join(dir, 'eld-probe.mjs');
    writeFileSync(probe, ELD_PROBE);
    mkdirSync(join(dir, 'config'));
    const profile = (process.env.DIALTONE_LOAD_SERVE_FLAGS ?? '').split(' ').filter(Boolean);
    const serve = child(process.execPath, [...profile, '--import', pathToFileURL(probe).href, join(ROOT, 'bin/dialtone.mjs'), 'serve', '--config', join(dir, 'config'), '--log-dir', join(dir, 'logs')]);
    children.push(serve);
    await until(() => /open http:\/\/\S+/.test(serve.out) || serve.proc.exitCode !== null, 60_000, 'dialtone serve prints its URL');
    const m = /open (http:\/\/\S+)/.exec(serve.out);
    if (!m) throw new Error(`dialtone serve did not start:\n${serve.out}`);
    const url = new URL(m[1]!);
    const pid = serve.proc.pid!;
    await sleep(1000);
    const rssStart = memory(pid).rss;

    client = await TabClient.open(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, url.origin);
    const c = client;
    /** serve's CPU over IDLE_S seconds, % of one core: its own, and its children's (udevadm of the port watcher). */
    const idleCpu = async () => {
      const cpu0 = cpuSeconds(pid);
      const kids0 = cpuSeconds(pid, true);
      const t0 = performance.now();
      await sleep(IDLE_S * 1000);
      const s = (performance.now() - t0) / 1000;
      return { own: ((cpuSeconds(pid) - cpu0) / s) * 100, children: ((cpuSeconds(pid, true) - kids0) / s) * 100 };
    };
    const ids: string[] = [];
    for (let i = 0; i <= SESSIONS; i++) {
      const port = i < SESSIONS ? floodPorts[i]! : echoPort;
      const info = await c.call<{ sessionId: string }>('session.open', { target: { kind: KIND, host: '127.0.0.1', port }, name: i < SESSIONS ? `load-${i}` : 'interactive' });
      ids.push(info.sessionId);
      c.rx.set(info.sessionId, { index: i < SESSIONS ? i : -1, hash: createHash('sha256'), bytes: 0, first: 0, last: 0, maxGap: 0, owed: 0, ackQueued: false });
    }
    const echoId = ids[SESSIONS]!;
    c.echoSession = echoId;
    await until(() => ids.every((id) => c.states.get(id) === 'connected'), 30_000, `${SESSIONS + 1} sessions connected`);
    await sleep(2000); // negotiation and the first TIMING-MARK probes settle

    // phase 1: idle
    const rssIdleBefore = memory(pid).rss;
    const frames0 = c.framesReceived;
    const idleCpuPct = await idleCpu();
    const idleFrames = c.framesReceived - frames0;
    const rssIdle = memory(pid).rss;

    // keystrokes on the 65th session: each echo byte answers the oldest keystroke not yet answered
    const sentAt: number[] = [];
    /** The client's session.data byte count when each keystroke went. */
    const dataAtSend: number[] = [];
    let answered = 0;
    const latencies: Array<{ k: number; at: number; ms: number; ahead: number; arrived: number }> = [];
    c.onEcho = (bytes, at) => {
      for (let k = 0; k < bytes.byteLength && answered < sentAt.length; k++, answered++) {
        latencies.push({ k: answered, at: sentAt[answered]!, ms: at - sentAt[answered]!, ahead: c.dataBytes - dataAtSend[answered]!, arrived: at });
      }
    };
    let key = 0;
    const keystroke = () => {
      sentAt.push(performance.now());
      dataAtSend.push(c.dataBytes);
      void c.request('session.write', { sessionId: echoId, bytes: new Uint8Array([0x61 + (key++ % 26)]) });
    };
    for (let k = 0; k < QUIET_KEYS; k++) {
      keystroke();
      await sleep(KEY_MS);
    }
    await until(() => answered === sentAt.length, 5_000, 'quiet echoes').catch(() => undefined);
    const quiet = latencies.map((l) => l.ms);

    // phase 2: flood
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // reset VmHWM: the peak is the flood's
    } catch {
      // not allowed here: the peak then includes start-up
    }
    serve.proc.kill('SIGUSR2');
    const eld = monitorEventLoopDelay({ resolution: 1 });
    eld.enable();
    const cpuF0 = cpuSeconds(pid);
    const clientCpu0 = process.cpuUsage();
    const peerCpu0 = cpuSeconds(peer.proc.pid!);
    const floodIds = ids.slice(0, SESSIONS);
    const floodStart = performance.now();
    c.timing = true;
    const acks0 = c.sentCount.get('session.ack') ?? 0;
    const dataFrames0 = c.dataFrames;
    tell({ cmd: 'flood', bytes: bytesEach });
    echoer.tell({ cmd: 'watch' });
    const keys = setInterval(keystroke, KEY_MS);
    let rssPeakSampled = 0;
    const rssTimer = setInterval(() => (rssPeakSampled = Math.max(rssPeakSampled, memory(pid).rss)), 100);
    const allIn = () => floodIds.every((id) => c.rx.get(id)!.bytes >= bytesEach) || c.closedWith !== null;
    await until(allIn, FLOOD_LIMIT_MS, 'the flood').catch(() => undefined);
    const floodEnd = performance.now();
    c.timing = false;
    const acksSent = (c.sentCount.get('session.ack') ?? 0) - acks0;
    const dataFrames = c.dataFrames - dataFrames0;
    const ackMs = c.replyMs.get('session.ack') ?? [];
    const writeMs = c.replyMs.get('session.write') ?? [];
    clearInterval(keys);
    clearInterval(rssTimer);
    const floodSeconds = (floodEnd - floodStart) / 1000;
    const serveCpuFloodPct = ((cpuSeconds(pid) - cpuF0) / floodSeconds) * 100;
    const cu = process.cpuUsage(clientCpu0);
    const clientCpuPct = ((cu.user + cu.system) / 1e6 / floodSeconds) * 100;
    const peerCpuPct = ((cpuSeconds(peer.proc.pid!) - peerCpu0) / floodSeconds) * 100;
    await until(() => answered === sentAt.length, 5_000, 'the last echoes').catch(() => undefined);
    eld.disable();
    serve.proc.kill('SIGUSR2');
    await until(() => /load-eld \{/.test(serve.out), 5_000, "serve's event-loop delay").catch(() => undefined);
    const serveEld = JSON.parse(/load-eld (\{.*\})/.exec(serve.out)?.[1] ?? '{}') as { p50?: number; p99?: number; max?: number };
    const duringKeys = latencies.filter((l) => l.at >= floodStart && l.at <= floodEnd);
    const during = duringKeys.map((l) => l.ms);
    // the two legs of each echo, by the far end's clock (performance.timeOrigin-based, ms)
    let far: { at: number[]; eldP99: number; eldMax: number } | null = null;
    peerEcho = (m) => (far = m);
    echoer.tell({ cmd: 'echoTimes' });
    await until(() => far !== null, 5_000, 'the echo times').catch(() => undefined);
    const farEnd = far as { at: number[]; eldP99: number; eldMax: number } | null;
    const legs = (keys: typeof latencies) => ({
      in: keys.map((l) => (farEnd?.at[l.k] ?? NaN) - (performance.timeOrigin + l.at)).filter((x) => !Number.isNaN(x)),
      out: keys.map((l) => performance.timeOrigin + l.arrived - (farEnd?.at[l.k] ?? NaN)).filter((x) => !Number.isNaN(x)),
    });
    const { in: inLeg, out: outLeg } = legs(duringKeys);
    const quietLegs = legs(latencies.slice(0, QUIET_KEYS));
    const ahead = duringKeys.map((l) => l.ahead / MIB);
    const lost = sentAt.length - answered;
    const peak = memory(pid);

    // per-session verdict
    await until(() => sent.size === SESSIONS, 10_000, 'the far ends report').catch(() => undefined);
    const rates: number[] = [];
    const gaps: number[] = [];
    const bad: string[] = [];
    floodIds.forEach((id, i) => {
      const r = c.rx.get(id)!;
      const s = sent.get(i);
      const digest = r.hash.copy().digest('hex');
      rates.push(r.bytes ? r.bytes / MIB / ((r.last - floodStart) / 1000) : 0);
      gaps.push(r.maxGap);
      if (!s || r.bytes !== s.bytes || digest !== s.sha256 || s.bytes !== bytesEach) {
        bad.push(`${id} (far end ${i}): received ${r.bytes} of ${s?.bytes ?? '?'} sent / ${bytesEach} asked, sha256 ${digest === s?.sha256 ? 'equal' : 'DIFFERS'}`);
      }
    });
    const totalMiB = floodIds.reduce((n, id) => n + c.rx.get(id)!.bytes, 0) / MIB;

    // phase 3: close
    const tc = performance.now();
    await Promise.all(ids.map((id) => c.call('session.close', { sessionId: id })));
    const closeMs = performance.now() - tc;
    await sleep(3000);
    const rssAfter = memory(pid).rss;
    // idle again: the tab still attached, no session left (nothing a closed session started may still run)
    const afterCpuPct = await idleCpu();
    const rssLater = memory(pid).rss;
    const closedWith = c.closedWith;
    const ackFailures = c.ackFailures;
    c.close();
    client = null;
    await serve.stop();

    // the ceiling: the same bytes to plain sockets
    tell({ cmd: 'ceiling', bytes: bytesEach });
    await sleep(100);
    const ceil = await ceilingRun(ceilingPort, SESSIONS, bytesEach, FLOOD_LIMIT_MS);
    const ceilBad = ceil.sha.filter((d, i) => d !== sent.get(i)?.sha256).length;

    // figures
    const aggregate = totalMiB / floodSeconds;
    const ceilAggregate = (SESSIONS * bytesEach) / MIB / ceil.seconds;
    console.log(`load: ${SESSIONS} flooding sessions + 1 interactive through \`dialtone serve\` (${KIND} far ends, one WebSocket client), ${FLOOD_MIB} MiB each`);
    console.log(`  idle, ${IDLE_S} s each:  serve CPU ${f2(idleCpuPct.own)} % of one core with ${SESSIONS + 1} sessions open (target < 1 %), ${f2(afterCpuPct.own)} % after closing them all;`);
    console.log(`           its children (the port watcher's udevadm every 2 s) ${f2(idleCpuPct.children)} and ${f2(afterCpuPct.children)} % more; ${idleFrames} frames to the client while idle`);
    console.log(`  flood:   ${f1(totalMiB)} MiB in ${f2(floodSeconds)} s = ${f1(aggregate)} MiB/s aggregate${closedWith ? `; the socket CLOSED (${closedWith})` : ''}`);
    console.log(`           per session MiB/s min ${f2(Math.min(...rates))} / median ${f2(median(rates))} / max ${f2(Math.max(...rates))}; fairness min/median ${f2(Math.min(...rates) / median(rates))}`);
    console.log(`           longest gap between two data frames of one session: median ${f1(median(gaps))} ms, max ${f1(Math.max(...gaps))} ms`);
    console.log(`           sha256: ${SESSIONS - bad.length}/${SESSIONS} sessions intact${bad.length ? `; LOST OR STARVED:\n             ${bad.join('\n             ')}` : ' (none starved, none lossy)'}${ackFailures ? `; ${ackFailures} acks failed` : ''}`);
    console.log(`           CPU % of one core: serve ${f1(serveCpuFloodPct)}, far ends ${f1(peerCpuPct)}, client (this process) ${f1(clientCpuPct)}`);
    console.log(`  echo (65th session, a keystroke every ${KEY_MS} ms, keystroke -> echo in a frame at the client):`);
    console.log(`           quiet:       p50 ${f1(median(quiet))} ms, p95 ${f1(pct(quiet, 95))} ms (${quiet.length} keys)`);
    console.log(`           during flood: p50 ${f1(median(during))} ms, p95 ${f1(pct(during, 95))} ms, max ${f1(Math.max(...during))} ms (${during.length} keys; target p95 < 50 ms)${lost ? `; ${lost} keystrokes NOT echoed` : ''}`);
    console.log(`           the legs, by the far end's clock: keystroke -> far end p50 ${f1(median(inLeg))} / p95 ${f1(pct(inLeg, 95))} ms; far end -> client p50 ${f1(median(outLeg))} / p95 ${f1(pct(outLeg, 95))} ms`);
    console.log(`           (quiet: ${f1(median(quietLegs.in))} and ${f1(median(quietLegs.out))} ms p50; the echo far end's event-loop delay in the flood p99 ${f1(farEnd?.eldP99 ?? NaN)} / max ${f1(farEnd?.eldMax ?? NaN)} ms)`);
    console.log(`           flood bytes the client took between a keystroke and its echo: p50 ${f1(median(ahead))} / p95 ${f1(pct(ahead, 95))} MiB`);
    console.log(`  requests during the flood: ${acksSent} session.ack for ${dataFrames} session.data frames (mean ${f1((totalMiB * 1024) / Math.max(1, dataFrames))} KiB);`);
    console.log(`           request -> reply: session.ack p50 ${f1(median(ackMs))} / p95 ${f1(pct(ackMs, 95))} / max ${f1(Math.max(...ackMs))} ms; session.write p50 ${f1(median(writeMs))} / p95 ${f1(pct(writeMs, 95))} ms`);
    console.log(`  event-loop delay during the flood: serve p50 ${serveEld.p50 ?? '?'} / p99 ${serveEld.p99 ?? '?'} / max ${serveEld.max ?? '?'} ms; client p99 ${f1(eld.percentile(99) / 1e6)} / max ${f1(eld.max / 1e6)} ms`);
    console.log(`  serve RSS: ${f1(rssStart)} MiB at start, ${f1(rssIdleBefore)} with ${SESSIONS + 1} sessions (${f1(rssIdle)} after idle), peak ${f1(Math.max(peak.hwm, rssPeakSampled))} in the flood, ${f1(rssAfter)} 3 s after closing all (closed in ${f1(closeMs)} ms), ${f1(rssLater)} ${IDLE_S + 3} s after`);
    console.log(`  ceiling, ${SESSIONS} plain Node sockets from the same far ends: ${f1(ceilAggregate)} MiB/s aggregate; per socket min ${f2(Math.min(...ceil.rates))} / median ${f2(median(ceil.rates))} / max ${f2(Math.max(...ceil.rates))}${ceil.short || ceilBad ? `; ${ceil.short} short, ${ceilBad} sha256 differ` : ''}`);
    console.log(`  serve/ceiling aggregate ${f2(aggregate / ceilAggregate)}; machine load average (1 min) ${f2(load0)} at start, ${f2(loadavg()[0]!)} at the end (${cpus().length} cores)`);
    if (process.env.DIALTONE_LOAD_SHOW_SERVE) console.log(`serve's output:\n${serve.out}`);
    tell({ cmd: 'exit' });
    echoer.tell({ cmd: 'exit' });
  } finally {
    client?.close();
    for (const ch of children.reverse()) await ch.stop();
    clearTimeout(global);
    rmSync(dir, { recursive: true, force: true });
  }
}
