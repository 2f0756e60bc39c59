/**
 * The app core shared by both hosts (Electron and `dialtone serve`): sessions, their stream pumps, the
 * profile store, the demo modem, the port watcher, and the router with one handler per contract request.
 * A host adapts it: it passes requests to `router.handle(name, payload)` and registers an event sink with
 * `addSink` that forwards events to its renderer(s). Nothing here imports electron or ws.
 *
 * Flow control: each session's pump emits 'session.data' to every sink; each sink is a pump consumer
 * whose acks ('session.ack', from the same client) count separately, so the source is paced by the
 * slowest renderer attached. With no sink attached (no window / no browser tab) the source is never held
 * paused for a renderer that is not there (logs sit at the source and see everything).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MACRO_HOLDS_TRANSFERS, phonebookFileSchema, TRANSFER_HOLDS_INPUT, TRANSFER_HOLDS_MACROS, type EventName, type EventOf, type LogStatus, type OpenReply, type PortInfo, type ReplyOf, type SessionInfo } from '../../src-shared/ipc/contract.js';
import { autoLogSchema, resolveProfileTarget, type PhonebookEntry, type PhonebookEntryInput, type Profile, type ProfileTls } from '../../src-shared/ipc/profile.js';
import { NetworkSession } from '../sessions/network-session.js';
import { KnownServers } from '../transports/known-servers.js';
import type { MacroAction } from '../../src-shared/macro/engine.js';
import { CertificateStore } from '../transports/certificates.js';
import { DIRECTORY } from '../sim/directory.js';
import { DialerService } from '../dialer/service.js';
import { targetNameFields } from '../logging/cli.js';
import { expandLogFileName, safeLogPath } from '../logging/file-name.js';
import { logOptionsOf, SessionLogs, suggestLogFileName, toIpcLogStatus } from '../logging/session-logs.js';
import type { Target } from '../../src-shared/session/target.js';
import { StreamPump, type PumpOptions } from '../ipc/pump.js';
import { IpcFailure, Router, type Handlers } from '../ipc/router.js';
import { readJsonFile } from '../profiles/json-file.js';
import { MacroService } from '../macro/service.js';
import { TransferService, type TextSend, type TransferFiles } from '../transfer/service.js';
import { MacroStore } from '../macro/store.js';
import { ProfileStore } from '../profiles/store.js';
import { portToOpen } from '../ports/serial-path.js';
import { SessionManager, type ManagedSession, type SessionCreator } from '../sessions/manager.js';
import type { Session, SessionOptions } from '../sessions/session.js';
import { logChoicesSchema } from '../../src-shared/ipc/profile.js';
import type { SessionEvent, WarningEvent } from '../../src-shared/session/events.js';
import { startDemoModem, type DemoModem } from './demo.js';
import { receiveProtocolOf, sendProtocolOf } from '../../src-shared/transfer/protocols.js';

/** Receives every event for one renderer (or one WebSocket client). */
export type EventSink = <E extends EventName>(name: E, payload: EventOf<E>) => void;

/** What differs between the hosts. */
export interface HostServices {
  readonly kind: 'electron' | 'browser';
  readonly version: string;
  /** Browser host: the folder logs go to (shown in app.info). */
  readonly logDir?: string;
  /** Where a profile's automatic logs go (its file-name template names the file inside). */
  readonly autoLogDir: string;
  /**
   * Where to write a new log, given a suggested file name: Electron asks with a save dialog, the browser
   * host picks a free name in its log folder. null when the operator cancelled.
   */
  chooseLogFile(suggestedName: string): Promise<string | null>;
  /** Show a file in the system's file manager. @throws IpcFailure 'not-available' where it cannot. */
  showInFolder(file: string): Promise<void>;
  /** Where file transfers read and write (Electron: dialogs; browser host: its transfer folder); absent: none. */
  readonly transferFiles?: TransferFiles;
  /** Browser host: the transfer folder (shown in app.info). */
  readonly transferDir?: string;
}

export interface AppCoreOptions {
  services: HostServices;
  /** Folder of profiles.json and phonebook.json. */
  configDir: string;
  /** Start the built-in demo modem (simulator) and offer its profile. Default true. */
  demo?: boolean;
  /** Session factory (tests); default createSession. */
  createSession?: SessionCreator;
  pump?: PumpOptions;
  /**
   * Poll interval of the port watcher while a renderer is attached, where it polls, ms (default 2000).
   * On Linux it watches /dev instead and lists only when a port may have come or gone (ports/watcher.ts).
   */
  portPollMs?: number;
  /**
   * The system the app runs on (process.platform's value, passed by the host): how a typed local port
   * path opens (on darwin /dev/tty.NAME opens as /dev/cu.NAME, ports/serial-path.ts) and app.info's platform.
   */
  platform: NodeJS.Platform;
}

/** The id of the built-in demo modem profile. */
export const DEMO_PROFILE_ID = 'demo-modem';

/** The package version (package.json beside src-main). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export class AppCore {
  readonly manager: SessionManager;
  readonly router: Router;
  private readonly sinks = new Map<string, EventSink>();
  /** Main's own listeners (observe()): every event, never pump consumers. */
  private readonly observers = new Set<EventSink>();
  private nextClient = 1;
  private readonly pumps = new Map<string, StreamPump>();
  private readonly detach = new Map<string, () => void>();
  private readonly dialers: DialerService;
  private readonly macroRuns: MacroService;
  private readonly transfers: TransferService;
  private readonly logs: SessionLogs;
  /** Bytes written each recording log last reported, for the trailing 'log.status' (see logTick). */
  private readonly logBytesShown = new Map<string, number>();
  private logTimer: ReturnType<typeof setInterval> | null = null;
  /** Sessions whose current log is their profile's automatic log. */
  private readonly autoLogged = new Set<string>();
  /** Each profile session's profile as last seen: a tab whose profile was deleted keeps its automatic log. */
  private readonly sessionProfiles = new Map<string, Profile>();
  private stopPortWatch: (() => void) | null = null;
  private lastPorts: PortInfo[] = [];
  private portListing: Promise<PortInfo[]> | null = null;
  /** The certificates folder (config folder's certs/). */
  readonly certificates: CertificateStore;
  /** PKCS#12 passphrases given for the next open of a profile (memory only; taken by that open). */
  private readonly passphrases = new Map<string, string>();

  private constructor(
    readonly profiles: ProfileStore,
    readonly macros: MacroStore,
    private readonly knownServers: KnownServers | null,
    readonly demo: DemoModem | null,
    private readonly options: AppCoreOptions,
  ) {
    this.manager = new SessionManager(options.createSession);
    this.certificates = new CertificateStore(options.configDir);
    this.logs = new SessionLogs((status) => this.logStatus(status));
    this.dialers = new DialerService({
      session: (id) => this.reportingWrites(id),
      entry: (id) => this.profiles.getEntry(id),
      emit: (status) => this.emit('dial.status', status),
    });
    this.macroRuns = new MacroService({
      session: (id) => this.reportingWrites(id),
      macro: (id) => this.macros.get(id),
      external: (id, action) => this.macroStep(id, action),
      emit: (status) => this.emit('macro.status', status),
    });
    this.transfers = new TransferService({
      session: (id) => this.manager.get(id)?.session,
      emit: (status) => this.emit('transfer.status', status),
      note: (id, text) => this.logs.get(id)?.note(text),
      files: options.services.transferFiles,
    });
    this.manager.on('opened', (ms) => this.attach(ms));
    this.manager.on('closed', (id) => this.release(id));
    this.router = new Router(this.handlers());
  }

  /**
   * Session `id` for a writer in main (the dialer, macros): the same session, but each write() is also
   * told to the windows as 'session.sent' (they count and show only the bytes they write themselves).
   */
  private reportingWrites(id: string): Session | undefined {
    const session = this.manager.get(id)?.session;
    if (!session) return undefined;
    const write: Session['write'] = (bytes) => {
      const accepted = session.write(bytes);
      this.emit('session.sent', { sessionId: id, bytes: Uint8Array.from(bytes) });
      return accepted;
    };
    return new Proxy(session, {
      get: (target, prop) => {
        if (prop === 'write') return write;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /**
   * The TLS options of a session to `target` (none unless it is inside TLS): the profile's pin, else its
   * CA file, else trust on first use through the known-servers file; the host-name check (with a CA), the
   * lowest version; a client certificate and key, or a PKCS#12 bundle with the passphrase given for this
   * open. Files are read from the certificates folder now. @throws IpcFailure 'failed' naming a file
   * that is missing, or a PKCS#12 bundle without its passphrase.
   */
  private async tlsOptions(target: Target, tls?: ProfileTls, passphrase?: string): Promise<Pick<SessionOptions, 'tls'>> {
    if (target.kind === 'serial' || !target.tls) return {};
    const read = async (name: string, what: string) => {
      try {
        return await this.certificates.read(name, what);
      } catch (err) {
        throw new IpcFailure(`TLS: ${(err as Error).message}`, 'failed');
      }
    };
    if (tls?.pfxName && passphrase === undefined) throw new IpcFailure(`TLS: the PKCS#12 bundle "${tls.pfxName}" needs its passphrase`, 'failed');
    return {
      tls: {
        minVersion: tls?.minVersion ?? 'TLSv1.2',
        ...(tls?.pin
          ? { pin: tls.pin }
          : tls?.caName
            ? { ca: await read(tls.caName, 'CA file'), checkHostname: tls.checkHostname }
            : this.knownServers
              ? { knownServers: this.knownServers }
              : {}),
        ...(tls?.certName && tls.keyName ? { cert: await read(tls.certName, 'client certificate'), key: await read(tls.keyName, 'client key') } : {}),
        ...(tls?.pfxName ? { pfx: await read(tls.pfxName, 'PKCS#12 bundle'), passphrase } : {}),
      },
    };
  }

  /** Start the core: load profiles, start the demo modem (unless off or unavailable). */
  static async start(options: AppCoreOptions): Promise<AppCore> {
    const demo = options.demo === false ? null : await startDemoModem();
    const builtIns = (): Profile[] => (demo ? [demoProfile(demo)] : []);
    const profiles = await ProfileStore.open(options.configDir, { builtIns, ...(demo ? { firstPhonebook: demoPhonebook() } : {}) });
    const macros = await MacroStore.open(options.configDir, demo ? { exampleScopes: { 'example-at-ok': DEMO_PROFILE_ID, 'example-dial-echo': DEMO_PROFILE_ID } } : {});
    for (const w of [...profiles.warnings, ...macros.warnings]) process.stderr.write(`dialtone: ${w}\n`);
    // a damaged known-servers file is not emptied: TLS servers without a pin are refused until it is fixed
    const knownServers = await KnownServers.open(options.configDir).catch((err: Error) => {
      process.stderr.write(`dialtone: ${err.message}; TLS servers without a pin cannot be trusted until it is fixed\n`);
      return null;
    });
    return new AppCore(profiles, macros, knownServers, demo, options);
  }

  /**
   * Attach a renderer's event sink. Returns its client id (pass it with that renderer's requests, so its
   * acks count for it) and detach. The first sink starts the port watcher.
   */
  addSink(sink: EventSink): { client: string; detach(): void } {
    const client = `c${this.nextClient++}`;
    this.sinks.set(client, sink);
    for (const p of this.pumps.values()) p.addConsumer(client);
    if (this.sinks.size === 1) void this.startPortWatch();
    return {
      client,
      detach: () => {
        if (!this.sinks.delete(client)) return;
        for (const p of this.pumps.values()) p.removeConsumer(client);
        if (this.sinks.size === 0) {
          this.stopPortWatch?.();
          this.stopPortWatch = null;
        }
      },
    };
  }

  /**
   * Hear every event main sends, with or without a window: not a pump consumer (no acks, never holds a
   * source back). For main's own listeners (the Electron notifications). Returns the unsubscribe.
   */
  observe(listener: EventSink): () => void {
    this.observers.add(listener);
    return () => void this.observers.delete(listener);
  }

  /** Send an event to every sink, and to the observers. */
  emit<E extends EventName>(name: E, payload: EventOf<E>): void {
    for (const sink of [...this.sinks.values(), ...this.observers]) {
      try {
        sink(name, payload);
      } catch (err) {
        process.stderr.write(`dialtone: event sink failed on ${name}: ${String(err)}\n`);
      }
    }
  }

  /** Close every session (their logs flushed) and stop the demo modem. */
  async dispose(): Promise<void> {
    this.stopPortWatch?.();
    if (this.logTimer) clearInterval(this.logTimer);
    this.logTimer = null;
    await this.manager.closeAll();
    await this.logs.stopAll();
    await this.demo?.close();
  }

  sessionInfos(): SessionInfo[] {
    return this.manager.list().map((info) => {
      const dial = this.dialers.last(info.sessionId);
      return dial ? { ...info, dial } : info;
    });
  }

  // ---- sessions and their pumps

  private attach(ms: ManagedSession): void {
    const { id, session } = ms;
    const pump = new StreamPump(session, (bytes) => this.emit('session.data', { sessionId: id, bytes }), this.options.pump);
    for (const client of this.sinks.keys()) pump.addConsumer(client);
    this.pumps.set(id, pump);
    const onEvent = (event: Parameters<typeof this.emit<'session.event'>>[1]['event']) => {
      pump.flush(); // bytes received before the event reach the renderer before it
      this.emit('session.event', { sessionId: id, event });
    };
    session.on('event', onEvent);
    this.detach.set(id, () => session.off('event', onEvent));
    this.startAutoLog(ms);
    this.emit('sessions.changed', { sessions: this.sessionInfos() });
  }

  /** A profile's automatic log starts with the session, so it sees the first event. */
  private startAutoLog(ms: ManagedSession): void {
    // the profile as saved now (an edit applies at the next connect); deleted meanwhile: as it was
    const current = ms.profileId ? this.profiles.get(ms.profileId) : undefined;
    if (current) this.sessionProfiles.set(ms.id, current);
    const profile = current ?? this.sessionProfiles.get(ms.id);
    if (!profile?.autoLog.enabled) return;
    try {
      const name = expandLogFileName(profile.autoLog.fileNameTemplate, { profile: profile.name, ...targetNameFields(ms.session.target) }, Date.now());
      // the folder may not exist yet (a fresh install, or removed): made here, synchronously, so the log
      // still starts before the session's first event
      mkdirSync(this.options.services.autoLogDir, { recursive: true });
      const log = this.logs.start(ms.id, ms.session, { file: safeLogPath(this.options.services.autoLogDir, name), ...logOptionsOf(profile.autoLog) });
      this.autoLogged.add(ms.id);
      log.on('status', (st) => {
        if (st.state !== 'recording') this.autoLogged.delete(ms.id);
      });
    } catch (err) {
      this.emit('log.status', { sessionId: ms.id, active: false, bytesWritten: 0, error: `automatic log not started: ${(err as Error).message}` });
    }
  }

  /**
   * A log's status goes out as 'log.status'. A SessionLog reports bytes at most once a second while
   * they flow, so the last bytes of a burst would show only at stop: while any log records, a 1 s tick
   * sends the status of each log whose byte count changed since it was last shown.
   */
  private logStatus(status: LogStatus): void {
    if (status.active) this.logBytesShown.set(status.sessionId, status.bytesWritten);
    else this.logBytesShown.delete(status.sessionId);
    if (this.logBytesShown.size > 0 && !this.logTimer) {
      this.logTimer = setInterval(() => this.logTick(), 1000);
      this.logTimer.unref?.();
    } else if (this.logBytesShown.size === 0 && this.logTimer) {
      clearInterval(this.logTimer);
      this.logTimer = null;
    }
    this.emit('log.status', status);
  }

  private logTick(): void {
    for (const [id, shown] of [...this.logBytesShown]) {
      const log = this.logs.get(id);
      if (log && log.bytesWritten !== shown) this.logStatus(toIpcLogStatus(id, log.status));
    }
  }

  private release(id: string): void {
    this.dialers.forget(id);
    this.macroRuns.forget(id);
    this.transfers.forget(id);
    this.sessionProfiles.delete(id);
    void this.logs.stop(id);
    this.logs.forget(id);
    this.pumps.get(id)?.dispose();
    this.pumps.delete(id);
    this.detach.get(id)?.();
    this.detach.delete(id);
    this.emit('sessions.changed', { sessions: this.sessionInfos() });
  }

  private pump(id: string): StreamPump {
    const p = this.pumps.get(id);
    if (!p) throw new IpcFailure(`no open session "${id}"`, 'unknown-session');
    return p;
  }

  private async openProfile(profile: Profile): Promise<ReplyOf<'session.open'>> {
    const target = resolveProfileTarget(profile.target);
    const passphrase = profile.id ? this.passphrases.get(profile.id) : undefined;
    if (profile.id) this.passphrases.delete(profile.id); // for this open only
    const tls = await this.tlsOptions(target, profile.tls, passphrase);
    const options: SessionOptions = {
      settings: profile.settings,
      reconnect: profile.reconnect,
      safeOpen: profile.safeOpen,
      ...(profile.safeOpen ? {} : { dtr: profile.dtr, rts: profile.rts }),
      ...tls,
    };
    return this.openSession(target, options, { name: profile.name, ...(profile.id ? { profileId: profile.id } : {}) });
  }

  /**
   * Open a session (the window's session.open, by profile or target). A local port opens under its
   * system's name (portToOpen: macOS's call-out /dev/cu.NAME for a typed /dev/tty.NAME), and the
   * session's status says so: a 'port-renamed' warning, sent as a session event, noted in its log, and
   * carried in the reply (`warning`) for the tab the reply makes.
   */
  private async openSession(target: Target, options: SessionOptions, meta: { name?: string; profileId?: string }): Promise<OpenReply> {
    const local = target.kind === 'serial' ? portToOpen(target.path, this.options.platform) : { path: '', note: null };
    const ms = await this.manager.open(target.kind === 'serial' ? { ...target, path: local.path } : target, options, meta);
    if (!local.note) return this.info(ms.id);
    // other windows (and the terminal's notes) take the event; the opening window, whose tab is made
    // from this reply, takes the warning from the reply
    const warning: WarningEvent = { type: 'warning', code: 'port-renamed', message: local.note };
    this.emit('session.event', { sessionId: ms.id, event: warning });
    this.logs.get(ms.id)?.note(local.note);
    return { ...this.info(ms.id), warning };
  }

  /**
   * The port list, one listing at a time: requests that come while one runs share it (a listing spawns
   * udevadm; a renderer asking many times at once must not start many).
   */
  private listPortsOnce(): Promise<PortInfo[]> {
    this.portListing ??= (async () => {
      try {
        const { listPorts } = await import('../ports/discovery.js');
        return (await listPorts()).map(toPortInfo);
      } finally {
        this.portListing = null;
      }
    })();
    return this.portListing;
  }

  private info(id: string): SessionInfo {
    const found = this.sessionInfos().find((s) => s.sessionId === id);
    if (!found) throw new IpcFailure(`no open session "${id}"`, 'unknown-session');
    return found;
  }

  // ---- ports

  private async startPortWatch(): Promise<void> {
    try {
      const { PortWatcher } = await import('../ports/watcher.js');
      const watcher = new PortWatcher({ intervalMs: this.options.portPollMs ?? 2000 });
      const stop = watcher.subscribe((change) => {
        if (change.type === 'error') return;
        const port = toPortInfo(change.port);
        this.lastPorts = watcher.ports.map(toPortInfo);
        this.emit('ports.changed', {
          ports: this.lastPorts,
          added: change.type === 'added' ? [port] : [],
          removed: change.type === 'removed' ? [port] : [],
        });
      });
      if (this.sinks.size === 0) stop();
      else this.stopPortWatch = stop;
    } catch (err) {
      process.stderr.write(`dialtone: port watcher unavailable: ${String(err)}\n`);
    }
  }

  // ---- the handlers, one per contract request

  private handlers(): Handlers {
    const session = (id: string) => this.manager.require(id).session;
    return {
      'app.info': () => ({
        host: this.options.services.kind,
        version: this.options.services.version,
        platform: this.options.platform,
        demoModem: this.demo !== null,
        ...(this.options.services.logDir ? { logDir: this.options.services.logDir } : {}),
      }),

      'session.open': async (p) => {
        if ('profileId' in p) {
          const profile = this.profiles.get(p.profileId);
          if (!profile) throw new IpcFailure(`no profile "${p.profileId}"`, 'not-found');
          return this.openProfile(profile);
        }
        const o = p.options ?? {};
        const options: SessionOptions = {
          ...(o.settings ? { settings: o.settings } : {}),
          ...(o.safeOpen ? { safeOpen: true } : { dtr: o.dtr, rts: o.rts }),
          // one reconnect policy whatever opened the session (quick connect, dialog, profile)
          reconnect: o.reconnect ?? true,
          ...(o.connectTimeoutMs ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
          ...(await this.tlsOptions(p.target as Target)),
        };
        return this.openSession(p.target as Target, options, p.name ? { name: p.name } : {});
      },
      'session.close': async ({ sessionId }) => {
        await this.manager.close(sessionId);
        return {};
      },
      'session.disconnect': async ({ sessionId }) => {
        session(sessionId).disconnect();
        // a profile's automatic log follows the connection; a log the operator started keeps recording
        if (this.autoLogged.has(sessionId)) await this.logs.stop(sessionId);
        return {};
      },
      'session.connect': ({ sessionId }) => {
        const ms = this.manager.require(sessionId);
        if (!this.logs.get(sessionId)) this.startAutoLog(ms);
        ms.session.open().catch(() => {
          // reported to listeners as a 'status' event by the session itself
        });
        return {};
      },
      'session.write': async ({ sessionId, bytes, announce }) => {
        // Back-pressure reaches the writer: the reply waits until the session's queue is low again, so a
        // paste into a slow line is paced by the line, never dropped at the queue's bound.
        const s = session(sessionId);
        // typed bytes inside a transfer's stream would corrupt it (and a plain send's file)
        if (this.transfers.running(sessionId)) throw new IpcFailure(TRANSFER_HOLDS_INPUT, 'failed');
        // A write the session refuses (over its queue's bound, or not connected) is an error for the
        // writer, never a reply that waits for a 'drain' that may not come and then says it was taken.
        let refused: string | null = null;
        const onRefusal = (ev: SessionEvent) => {
          if (ev.type === 'error' && (ev.code === 'queue-overflow' || ev.code === 'not-sent')) refused = ev.message;
        };
        s.on('event', onRefusal);
        let accepted: boolean;
        try {
          accepted = s.write(bytes);
        } finally {
          s.off('event', onRefusal);
        }
        if (refused !== null) throw new IpcFailure(refused, 'failed');
        if (announce) this.emit('session.sent', { sessionId, bytes: Uint8Array.from(bytes) });
        if (!accepted && LIVE_STATES.has(s.snapshot().state)) await untilDrained(s);
        return {};
      },
      'session.applySettings': ({ sessionId, settings }) => {
        session(sessionId).applySettings(settings);
        return {};
      },
      'session.setControlLines': ({ sessionId, dtr, rts }) => {
        if (dtr === undefined && rts === undefined) throw new IpcFailure('session.setControlLines: give dtr and/or rts', 'bad-request');
        session(sessionId).setControlLines({ ...(dtr !== undefined ? { dtr } : {}), ...(rts !== undefined ? { rts } : {}) });
        return {};
      },
      'session.setBreak': ({ sessionId, on }) => {
        session(sessionId).setBreak(on);
        return {};
      },
      'session.sendBreak': ({ sessionId, ms }) => {
        session(sessionId).sendBreak(ms);
        return {};
      },
      'session.purge': ({ sessionId, which }) => {
        session(sessionId).purge(which);
        return {};
      },
      'session.reconnect': ({ sessionId }) => {
        session(sessionId).reconnect();
        return {};
      },
      'tls.trust': async ({ sessionId }) => {
        const s = session(sessionId);
        const net = s instanceof NetworkSession ? s : null;
        const seen = net?.untrustedCertificate ?? null;
        if (!net || !seen) throw new IpcFailure('this session has no certificate waiting to be trusted', 'not-found');
        if (!this.knownServers) throw new IpcFailure('known-servers.json cannot be read: fix or remove it first', 'failed');
        await this.knownServers.trust(seen.host, seen.port, seen.fingerprint256, seen.subject);
        net.untrustedCertificate = null;
        net.reconnect();
        return { fingerprint256: seen.fingerprint256, subject: seen.subject };
      },
      'tls.addCertificate': async ({ kind, name, bytes }) => {
        try {
          return await this.certificates.import(kind, name, bytes);
        } catch (err) {
          throw new IpcFailure((err as Error).message, 'bad-request');
        }
      },
      'tls.listCertificates': () => this.certificates.list(),
      'tls.passphrase': ({ profileId, passphrase }) => {
        if (!this.profiles.get(profileId)?.tls?.pfxName) throw new IpcFailure(`profile "${profileId}" has no PKCS#12 bundle`, 'not-found');
        this.passphrases.set(profileId, passphrase);
        return {};
      },
      'session.list': () => this.sessionInfos(),
      'session.resize': ({ sessionId, cols, rows }) => {
        session(sessionId);
        this.logs.resize(sessionId, cols, rows);
        return {};
      },
      'session.ack': ({ sessionId, bytes }, { client }) => {
        this.pump(sessionId).ack(bytes, client);
        return {};
      },

      'ports.list': () => this.listPortsOnce(),

      'profiles.list': () => this.profiles.list(),
      'profiles.save': ({ profile }) => this.profiles.save(profile),
      'profiles.delete': async ({ id }) => {
        await this.profiles.delete(id);
        return {};
      },
      'profiles.duplicate': ({ id }) => this.profiles.duplicate(id),
      'profiles.import': ({ json }) => this.profiles.importJson(json),
      'profiles.export': ({ ids }) => this.profiles.exportJson(ids),

      'log.start': async ({ sessionId, ...choices }) => {
        const { format } = choices;
        const ms = this.manager.require(sessionId);
        const suggested = suggestLogFileName({ profile: ms.profileId ? ms.name : undefined, ...targetNameFields(ms.session.target) }, format, Date.now());
        const file = await this.options.services.chooseLogFile(suggested);
        if (file === null) return { started: false };
        // the session may have closed while the dialog was open
        const still = this.manager.require(sessionId);
        const log = this.logs.start(sessionId, still.session, { file, ...logOptionsOf(choices) });
        this.autoLogged.delete(sessionId); // the operator's log: it keeps recording across Disconnect
        return { started: true, fileName: log.file.split(/[\\/]/).pop() };
      },
      'log.stop': async ({ sessionId }) => {
        this.manager.require(sessionId);
        await this.logs.stop(sessionId);
        return {};
      },
      'log.openFolder': async ({ sessionId }) => {
        const file = this.logs.lastFile(sessionId);
        if (!file) throw new IpcFailure('this session has no log yet', 'not-found');
        await this.options.services.showInFolder(file);
        return {};
      },

      'phonebook.list': () => this.profiles.listPhonebook(),
      'phonebook.save': ({ entry }) => this.profiles.saveEntry(entry),
      'phonebook.delete': async ({ id }) => {
        await this.profiles.deleteEntry(id);
        return {};
      },
      'phonebook.import': ({ json }) => this.importPhonebook(json),
      'phonebook.export': ({ ids }) => this.exportPhonebook(ids),
      'dial.start': (p) => this.dialers.start(p),
      'dial.callback': (p) => this.dialers.callback(p),
      'dial.hangup': ({ sessionId }) => this.dialers.hangup(sessionId),
      'dial.answerMode': ({ sessionId, mode }) => this.dialers.answerMode(sessionId, mode),

      'macros.list': () => this.macros.list(),
      'macros.save': ({ macro, profileId }) => this.macros.save(macro, profileId),
      'macros.delete': async ({ id }) => {
        await this.macros.delete(id);
        return {};
      },
      'macros.import': ({ json }) => this.macros.importJson(json),
      'macros.export': ({ ids }) => this.macros.exportJson(ids),
      'macro.run': ({ sessionId, macroId }) => {
        this.manager.require(sessionId);
        if (this.transfers.running(sessionId)) throw new IpcFailure(TRANSFER_HOLDS_MACROS, 'failed');
        return this.macroRuns.run(sessionId, macroId);
      },
      'macro.stop': ({ sessionId }) => {
        this.manager.require(sessionId);
        return this.macroRuns.stop(sessionId);
      },

      // a macro's own transfer step goes to this.transfers directly, not through these
      'transfer.send': (p) => {
        this.manager.require(p.sessionId);
        if (this.macroRuns.running(p.sessionId)) throw new IpcFailure(MACRO_HOLDS_TRANSFERS, 'failed');
        return this.transfers.send(p);
      },
      'transfer.receive': (p) => {
        this.manager.require(p.sessionId);
        if (this.macroRuns.running(p.sessionId)) throw new IpcFailure(MACRO_HOLDS_TRANSFERS, 'failed');
        return this.transfers.receive(p);
      },
      'transfer.cancel': ({ sessionId }) => {
        this.transfers.cancel(sessionId);
        return {};
      },
    };
  }

  /** A macro's text send goes as the session's profile pastes (its send newline and paste pacing; else CR, no delays). */
  private profileText(sessionId: string, protocol: string): { text?: TextSend } {
    if (protocol !== 'text') return {};
    const ms = this.manager.get(sessionId);
    const t = ms?.profileId ? this.profiles.get(ms.profileId)?.terminal : undefined;
    return t ? { text: { newline: t.sendNewline, charDelayMs: t.pasteCharDelayMs, lineDelayMs: t.pasteLineDelayMs } } : {};
  }

  /**
   * A macro's transfer step through the transfer service (its file: the step's name, else chosen); null
   * when done, else why not. Sending 'ymodem-g' is YMODEM (the receiver asks for the streaming); 'raw'
   * and 'text' cannot be received (they have no end).
   */
  private async macroTransfer(sessionId: string, a: Extract<MacroAction, { type: 'transfer' }>): Promise<string | null> {
    try {
      const receive = receiveProtocolOf(a.protocol);
      if (a.direction === 'receive' && receive === null) return `${a.protocol} cannot be received: it has no end (choose XMODEM, YMODEM or ZMODEM)`;
      const started =
        a.direction === 'send' || receive === null
          ? await this.transfers.send({ sessionId, protocol: sendProtocolOf(a.protocol), ...(a.file !== undefined ? { fileName: a.file } : {}), ...this.profileText(sessionId, a.protocol) })
          : await this.transfers.receive({ sessionId, protocol: receive });
      if (!started.started) return 'no file was chosen';
    } catch (err) {
      return (err as Error).message;
    }
    const end = await this.transfers.whenDone(sessionId);
    return end === null || end.state === 'done' ? null : `transfer ${end.state}${end.message ? `: ${end.message}` : ''}`;
  }

  private async macroStep(sessionId: string, action: Extract<MacroAction, { type: 'transfer' | 'log' }>): Promise<string | null> {
    if (action.type === 'transfer') return this.macroTransfer(sessionId, action);
    const ms = this.manager.get(sessionId);
    if (!ms) return 'the session is closed';
    if (action.action === 'stop') {
      await this.logs.stop(sessionId);
      return null;
    }
    if (this.logs.get(sessionId)) return null; // recording already
    const choices = logChoicesSchema.parse({});
    try {
      const suggested = suggestLogFileName({ profile: ms.profileId ? ms.name : undefined, ...targetNameFields(ms.session.target) }, choices.format, Date.now());
      const file = await this.options.services.chooseLogFile(suggested);
      if (file === null) return 'no log file was chosen';
      const still = this.manager.get(sessionId);
      if (!still) return 'the session is closed';
      this.logs.start(sessionId, still.session, { file, ...logOptionsOf(choices) });
      this.autoLogged.delete(sessionId);
      return null;
    } catch (err) {
      return `the log did not start: ${(err as Error).message}`;
    }
  }

  /**
   * Import a phonebook file (or a bare array of entries). All or nothing for the file's content: every
   * entry is checked before any is saved, and the error names the first problem. Imported entries get
   * new ids (an id in the file may already be used here); an entry the phonebook already has, field for
   * field, is skipped (importing an export again adds nothing). @throws IpcFailure 'bad-request'
   */
  private async importPhonebook(text: string): Promise<{ imported: PhonebookEntry[]; skipped: number }> {
    const file = readJsonFile(text, 'phonebook', phonebookFileSchema, (entries) => ({ dialtone: 'phonebook', version: 1, entries }));
    if (!file.ok) throw new IpcFailure(file.error, 'bad-request');
    const have = new Set(this.profiles.listPhonebook().map(({ id: _id, ...e }) => sameEntryKey(e)));
    const imported: PhonebookEntry[] = [];
    let skipped = 0;
    for (const { id: _id, ...entry } of file.data.entries) {
      const key = sameEntryKey(entry);
      if (have.has(key)) {
        skipped++;
        continue;
      }
      have.add(key);
      imported.push(await this.profiles.saveEntry(entry));
    }
    return { imported, skipped };
  }

  /** The text of a phonebook file with the given entries (all when `ids` is omitted). @throws IpcFailure 'not-found' */
  private exportPhonebook(ids?: string[]): { json: string; fileName: string } {
    const all = this.profiles.listPhonebook();
    const wanted = ids ? new Set(ids) : null; // linear however many ids are asked for
    const chosen = wanted ? all.filter((e) => e.id && wanted.has(e.id)) : all;
    if (wanted && chosen.length !== wanted.size) {
      const found = new Set(chosen.map((e) => e.id));
      throw new IpcFailure(`no phonebook entry ${[...wanted].filter((id) => !found.has(id)).slice(0, 10).join(', ')}`, 'not-found');
    }
    return { json: JSON.stringify({ dialtone: 'phonebook', version: 1, entries: chosen }, null, 2) + '\n', fileName: 'dialtone-phonebook.json' };
  }
}

/** A phonebook entry's fields (no id) as one comparable string, whatever their order. */
function sameEntryKey(entry: Omit<PhonebookEntry, 'id'>): string {
  return JSON.stringify(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** States in which a refused write will drain later (the link is up or coming). */
const LIVE_STATES: ReadonlySet<string> = new Set(['idle', 'connecting', 'connected', 'reconnecting']);

/** Resolve once `session` emits 'drain', or its link is gone (nothing will drain then). */
function untilDrained(session: Session): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      session.off('drain', done);
      session.off('event', onEvent);
      resolve();
    };
    const onEvent = (ev: SessionEvent) => {
      if (ev.type === 'status' && (ev.state === 'disconnected' || ev.state === 'closed')) done();
      if (ev.type === 'error') done();
    };
    session.on('drain', done);
    session.on('event', onEvent);
  });
}

function toPortInfo(p: { path: string; byId: string | null; manufacturer: string | null; serialNumber: string | null; vendorId: string | null; productId: string | null }): PortInfo {
  return {
    path: p.path,
    ...(p.byId ? { stablePath: p.byId } : {}),
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId } : {}),
    ...(p.productId ? { productId: p.productId } : {}),
    label: [p.path, p.manufacturer].filter(Boolean).join(' — '),
  };
}

/** The demo network's numbers (src-main/sim/directory.ts) as phonebook entries dialed through the demo modem. */
function demoPhonebook(): PhonebookEntryInput[] {
  return DIRECTORY.map((e) => ({ id: `demo-${e.number}`, name: `${e.name[0]!.toUpperCase()}${e.name.slice(1)} (demo)`, number: e.number, profileId: DEMO_PROFILE_ID, ...(e.loginScript ? { loginScript: e.loginScript } : {}) }));
}

/** The built-in profile for the demo modem: RFC 2217 to the in-process simulator. */
function demoProfile(demo: DemoModem): Profile {
  return {
    id: DEMO_PROFILE_ID,
    name: 'Demo modem',
    target: { kind: 'rfc2217', host: demo.host, port: demo.port },
    settings: {},
    safeOpen: false,
    reconnect: true,
    notify: true,
    terminal: { localEcho: false, receiveNewline: 'auto', sendNewline: 'cr', encoding: 'utf-8', pasteCharDelayMs: 0, pasteLineDelayMs: 0, fontSize: 14 },
    autoLog: autoLogSchema.parse({}),
    builtIn: true,
  };
}
