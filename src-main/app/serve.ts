/**
 * The browser host (`dialtone serve`): HTTP serving the built renderer (dist/renderer) plus one WebSocket
 * at /ws carrying the IPC contract in binary frames (src-shared/ipc/wire.ts), adapted onto the same
 * AppCore/router as Electron. The renderer cannot tell the hosts apart except through app.info.
 *
 * Security:
 * - Binds to 127.0.0.1 unless told otherwise (the CLI warns for any other address).
 * - The WebSocket needs the random token printed in the URL (32 bytes from crypto.randomBytes, compared
 *   in constant time) and an Origin of this server itself (http://HOST:PORT); anything else is refused
 *   before the upgrade (401 / 403). The Host header of every request must name this server too, which
 *   defeats DNS rebinding.
 * - Every response carries a strict Content-Security-Policy (no inline or remote script, no framing),
 *   nosniff, no referrer. Static files are served only from inside the renderer folder.
 * - Malformed frames close the connection (1007); malformed payloads get a failed reply from the router.
 * - Each tab is its own flow-control consumer (acks count per socket): a slow tab holds the source, a
 *   fast one cannot let bytes pile up for it. Session data goes to a tab within a byte budget over all its
 *   sessions, round-robin (client-outbox.ts), so a quiet session's echo does not wait behind every other
 *   session's backlog. A client that still queues more than 64 MiB is disconnected rather than buffered
 *   forever.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { homedir, networkInterfaces } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeMessage, encodeMessage, WireError } from '../../src-shared/ipc/wire.js';
import { IpcFailure } from '../ipc/router.js';
import { folderTransferFiles } from '../transfer/service.js';
import { ClientOutbox } from './client-outbox.js';
import { AppCore, packageVersion, type AppCoreOptions, type EventSink } from './core.js';
import { contentSecurityPolicy } from './csp.js';

/** Longest run of request handling for one client before the event loop gets a turn, ms. */
const SLICE_MS = 2;
/** Frames a client may have waiting before its socket is paused. */
const MAX_WAITING_FRAMES = 256;

export interface ServeOptions {
  /** Address to bind, default 127.0.0.1. */
  host?: string;
  /** TCP port, default 0 (the OS picks a free one). */
  port?: number;
  /** Profiles folder (default: defaultConfigDir()). */
  configDir: string;
  /** Log folder (default: defaultLogDir()). */
  logDir?: string;
  /** Transfer folder: files to send are named in it, received files are written to it (default: beside the log folder). */
  transferDir?: string;
  /** Run the demo modem, default true. */
  demo?: boolean;
  /** The built renderer, default <package>/dist/renderer. */
  rendererDir?: string;
  /** Fixed token (tests); default 32 random bytes, hex. */
  token?: string;
  /** Passed through to the core (tests). */
  core?: Partial<Pick<AppCoreOptions, 'createSession' | 'pump' | 'portPollMs'>>;
}

export interface ServeHandle {
  /** The URL to open, with the token. */
  url: string;
  /** The origin the renderer is served from, http://HOST:PORT. */
  origin: string;
  host: string;
  port: number;
  token: string;
  core: AppCore;
  /** Close every client and session, stop the demo modem and the HTTP server. */
  close(): Promise<void>;
}

/** The default log folder of the browser host: $XDG_DATA_HOME/dialtone/logs, else ~/.local/share/dialtone/logs. */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'dialtone', 'logs');
}

/** The browser host's default transfer folder: $XDG_DATA_HOME/dialtone/transfers (beside the logs). */
export function defaultTransferDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'dialtone', 'transfers');
}

/** `name` in `dir`, or name-1, name-2, ... before its extension when a file of that name exists. */
function freeName(dir: string, name: string): string {
  const dot = name.indexOf('.') > 0 ? name.indexOf('.') : name.length;
  for (let i = 0; ; i++) {
    const candidate = join(dir, i === 0 ? name : `${name.slice(0, dot)}-${i}${name.slice(dot)}`);
    if (!existsSync(candidate)) return candidate;
  }
}

/** The built renderer folder of this package. */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../dist/renderer', import.meta.url));
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Host:port names this server answers to (for Host and Origin checks). */
function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set<string>();
  const add = (h: string) => names.add(`${h.includes(':') ? `[${h}]` : h}:${port}`);
  if (host === '0.0.0.0' || host === '::') {
    for (const addrs of Object.values(networkInterfaces())) for (const a of addrs ?? []) add(a.address);
    add('localhost');
  } else {
    add(host);
    if (isLoopback(host)) {
      add('localhost');
      add('127.0.0.1');
    }
  }
  return names;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Start the browser host. @throws when the port is taken or the renderer is not built. */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const host = options.host ?? '127.0.0.1';
  const rendererDir = resolve(options.rendererDir ?? defaultRendererDir());
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${join(rendererDir, 'index.html')} is missing): run npm run build`);
  }
  const logDir = options.logDir ?? defaultLogDir();
  const transferDir = options.transferDir ?? defaultTransferDir();
  const token = options.token ?? randomBytes(32).toString('hex');

  const core = await AppCore.start({
    platform: process.platform,
    configDir: options.configDir,
    demo: options.demo ?? true,
    ...options.core,
    services: {
      kind: 'browser',
      version: packageVersion(),
      logDir,
      autoLogDir: logDir,
      async chooseLogFile(suggestedName) {
        await mkdir(logDir, { recursive: true });
        return freeName(logDir, suggestedName);
      },
      async showInFolder(file) {
        throw new IpcFailure(`the browser host cannot open a file manager; the log is ${file}`, 'not-available');
      },
      transferFiles: folderTransferFiles(transferDir),
      transferDir,
    },
  });

  let hosts = new Set<string>();
  let csp = '';
  const server = createServer((req, res) => void serveFile(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024, perMessageDeflate: false });
  const clients = new Set<WebSocket>();

  const securityHeaders = (res: ServerResponse) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  };

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    if (!hosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('wrong Host\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(rendererDir, path));
    if (!file.startsWith(rendererDir + sep) || path.includes('\0')) {
      res.writeHead(404).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    }
  }

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    if (!hosts.has(req.headers.host ?? '')) return refuse(socket, 403, 'Forbidden');
    const origin = req.headers.origin;
    if (!origin || !hosts.has(origin.replace(/^http:\/\//, '')) || !origin.startsWith('http://')) return refuse(socket, 403, 'Forbidden');
    if (!sameToken(url.searchParams.get('token') ?? '', token)) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    clients.add(ws);
    const send = (bytes: Uint8Array) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > 64 * 1024 * 1024) {
        ws.close(1013, 'client too slow');
        return;
      }
      ws.send(bytes, { binary: true });
    };
    // events go through the outbox: session data within the client's byte budget, round-robin
    const outbox = new ClientOutbox(send);
    const sink: EventSink = (name, payload) => outbox.event(name, payload);
    const { client, detach } = core.addSink(sink);
    // Requests are handled in slices of at most SLICE_MS, then the loop gets a turn: a client that sends
    // a burst of frames (one socket read can hold hundreds) must not hold every session's event loop.
    // Above MAX_WAITING_FRAMES the socket is paused: the pressure goes back to the client.
    const inbox: Array<{ data: RawData; isBinary: boolean }> = [];
    let head = 0;
    let draining = false;
    const handleFrame = (data: RawData, isBinary: boolean): void => {
      if (!isBinary) return ws.close(1003, 'binary frames only');
      const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      let msg;
      try {
        msg = decodeMessage(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength));
      } catch (err) {
        return ws.close(1007, err instanceof WireError ? err.message.slice(0, 100) : 'bad frame');
      }
      if (msg.t !== 'req') return ws.close(1007, 'clients send requests only');
      const { id, name, payload } = msg;
      void core.router.handle(name, payload, { client }).then((reply) => {
        if (name === 'session.ack' && reply.ok) {
          const ack = payload as { sessionId: string; bytes: number };
          outbox.acked(ack.sessionId, ack.bytes);
        }
        send(encodeMessage({ t: 'res', id, reply }));
      });
    };
    const drain = (): void => {
      const until = performance.now() + SLICE_MS;
      while (head < inbox.length && ws.readyState === ws.OPEN && performance.now() < until) {
        const { data, isBinary } = inbox[head]!;
        inbox[head++] = undefined as never;
        handleFrame(data, isBinary);
      }
      if (head < inbox.length && ws.readyState === ws.OPEN) {
        setImmediate(drain);
        return;
      }
      inbox.length = head = 0;
      draining = false;
      if (ws.isPaused) ws.resume();
    };
    ws.on('message', (data, isBinary) => {
      inbox.push({ data, isBinary });
      if (inbox.length - head > MAX_WAITING_FRAMES && !ws.isPaused) ws.pause();
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
    });
    ws.on('close', () => {
      clients.delete(ws);
      detach();
      outbox.dispose();
    });
    ws.on('error', () => ws.terminate());
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const port = (server.address() as { port: number }).port;
  hosts = allowedHosts(host, port);
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;
  csp = contentSecurityPolicy([...hosts].map((h) => `ws://${h}`));

  return {
    url: `${origin}/?token=${token}`,
    origin,
    host,
    port,
    token,
    core,
    async close() {
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await core.dispose();
    },
  };
}
