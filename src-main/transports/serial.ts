/**
 * A local serial port at the binding level of npm serialport 13 (`SerialPort.binding`, or an injected
 * binding such as @serialport/binding-mock): open/close, a read loop that can be paused, one write at a
 * time, and the port operations (update, set, get, flush, drain).
 *
 * Why the binding and not serialport's Duplex stream: the stream queues writes and reads "until open"
 * after a disconnect (a write's callback then never fires, see lab/README.md), and it cannot reopen a
 * port in place. Here a closed or vanished port makes every operation fail at once, and the session
 * above owns queueing, pausing and reopening.
 *
 * On the Unix bindings reads and writes go straight to the port's descriptor, on the main thread (it is
 * O_NONBLOCK), paced by the binding's poller (see Readiness, readDirect, writeDirect). The binding's own
 * read() and write() cost a round trip through libuv's thread pool for every read or write, and a tty
 * hands out at most 4 KiB a read: that round trip is what limited a local port's throughput.
 */
import { EventEmitter } from 'node:events';
import { readSync, writeSync } from 'node:fs';
import { SerialPort } from 'serialport';
import type { LineSettings } from '../../src-shared/line/settings.js';

/** Options serialport's bindings take to open a port (bindings-interface OpenOptions). */
export interface SerialOpenOptions {
  path: string;
  /** bits/s */
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: string;
  stopBits: 1 | 1.5 | 2;
  rtscts: boolean;
  xon: boolean;
  xoff: boolean;
  /** Drop DTR/RTS when the last descriptor closes (termios HUPCL). */
  hupcl: boolean;
  /** flock(LOCK_EX) the port so a second program cannot open it. */
  lock: boolean;
}

/** The three outputs serialport's set() writes, all at once: it has no "leave as is". */
export interface ControlFlags {
  dtr: boolean;
  rts: boolean;
  brk: boolean;
}

/** CTS, DSR and DCD as serialport's get() reads them (TIOCMGET). */
export interface ModemInputs {
  cts: boolean;
  dsr: boolean;
  dcd: boolean;
}

/** One port as serialport lists it (PortInfo); fields are undefined where unknown. */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** An open port of a binding (bindings-interface BindingPortInterface, the parts used here). */
export interface SerialBindingPort {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  update(options: { baudRate: number }): Promise<void>;
  set(options: ControlFlags): Promise<void>;
  get(): Promise<ModemInputs>;
  flush(): Promise<void>;
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** A serialport binding: the platform's (`SerialPort.binding`) or @serialport/binding-mock's. */
export interface SerialBinding {
  open(options: SerialOpenOptions): Promise<SerialBindingPort>;
  list(): Promise<SerialPortInfo[]>;
}

/** The platform binding serialport detected (Linux: termios, flock, ioctl; list() runs udevadm). */
export function platformBinding(): SerialBinding {
  return SerialPort.binding as unknown as SerialBinding;
}

/** serialport open options for `settings` (flow rtscts -> CRTSCTS, xonxoff -> IXON|IXOFF). */
export function openOptionsFor(path: string, settings: LineSettings, hupcl: boolean): SerialOpenOptions {
  return {
    path,
    baudRate: settings.baud,
    dataBits: settings.dataBits,
    parity: settings.parity,
    stopBits: settings.stopBits,
    rtscts: settings.flow === 'rtscts',
    xon: settings.flow === 'xonxoff',
    xoff: settings.flow === 'xonxoff',
    hupcl,
    lock: true,
  };
}

const UV_READABLE = 1;
const UV_WRITABLE = 2;

/** bindings-cpp's Unix Poller: an EventEmitter over a native uv_poll of the port's descriptor. */
interface UnixPoller {
  poll(flags: number): void;
  emit(event: string | symbol, ...args: unknown[]): boolean;
}

/** The Unix bindings (Linux, macOS): the descriptor, opened O_NONBLOCK by the binding, and its poller. */
interface UnixPort {
  readonly fd: number | null;
  readonly poller: UnixPoller;
}

function unixPort(port: SerialBindingPort): UnixPort | null {
  const p = port as { fd?: unknown; poller?: Partial<UnixPoller> };
  if (typeof p.fd !== 'number' || !p.poller) return null;
  if (typeof p.poller.poll !== 'function' || typeof p.poller.emit !== 'function') return null;
  return port as unknown as UnixPort;
}

type ReadyCallback = (err: Error | null) => void;

/** A Unix port as the link uses it: its descriptor, and readiness from its poller. */
interface UnixIo {
  readonly port: UnixPort;
  readonly ready: Readiness;
}

/**
 * Readiness of a Unix port from the binding's poller, which the link alone drives on this path (the
 * binding's read() and write(), its other users, are not called). It takes the poller's events itself
 * (its emit is replaced) rather than through once() listeners, and so also steers clear of two bugs in
 * @serialport/bindings-cpp 13's poller:
 * - `poll(flags)` restarts uv_poll with only `flags`: asking for 'readable' cancels a wait for 'writable'
 *   (and the other way round), and a write stalls until input arrives, possibly forever. Here every poll
 *   asks for all that is waited for.
 * - after an event the native side re-arms every event ever asked for except the one delivered, waited
 *   for or not. Once a write has waited for 'writable', a 'readable' nobody takes (reading paused with
 *   input pending) and an ever-writable port bounce off each other in a busy loop (100% CPU, some 10^5
 *   events/s measured on a pty). Here after every event the poller is set to what is still waited for
 *   (nothing: stopped).
 * An error or cancel (the binding's close() stops the poller) goes to whoever waits, and the poller is
 * left alone from then on.
 */
class Readiness {
  private readable: ReadyCallback | null = null;
  private writable: ReadyCallback | null = null;
  /** What the native side polls for now; -1 after an event (it has re-armed on its own). */
  private armed = 0;
  /** The poller's error or cancel: it has stopped, and every later wait gets this at once. */
  private failed: Error | null = null;

  constructor(private readonly poller: UnixPoller) {
    poller.emit = (event: string | symbol, ...args: unknown[]) => {
      this.deliver(event, (args[0] as Error | null | undefined) ?? null);
      return true;
    };
  }

  /** `cb` once the port is readable (or with the poller's error). One waiter at a time. */
  onReadable(cb: ReadyCallback): void {
    this.readable = cb;
    this.arm();
  }

  /** `cb` once the port is writable (or with the poller's error). One waiter at a time. */
  onWritable(cb: ReadyCallback): void {
    this.writable = cb;
    this.arm();
  }

  private arm(): void {
    if (this.failed) {
      process.nextTick(() => this.deliver('readable', this.failed));
      process.nextTick(() => this.deliver('writable', this.failed));
      return;
    }
    const wanted = (this.readable ? UV_READABLE : 0) | (this.writable ? UV_WRITABLE : 0);
    if (wanted === this.armed) return;
    this.armed = wanted;
    this.poller.poll(wanted);
  }

  private deliver(event: string | symbol, err: Error | null): void {
    let cb: ReadyCallback | null = null;
    if (event === 'readable') [cb, this.readable] = [this.readable, null];
    else if (event === 'writable') [cb, this.writable] = [this.writable, null];
    else if (err === null) return;
    if (err) {
      this.failed ??= err; // the native poller stopped itself (error) or was stopped (close)
      cb?.(err);
      return;
    }
    this.armed = -1;
    cb?.(null);
    this.arm();
  }
}

/** Bytes asked of one read; a fresh pool is taken when less than MIN_READ is left in the current one. */
const POOL_BYTES = 64 * 1024;
const MIN_READ = 1024;
/**
 * Most bytes read back to back before they are emitted and the event loop gets a turn (the Unix path):
 * while input keeps coming, reads are joined into one chunk of up to this many bytes.
 */
const TURN_BYTES = 64 * 1024;
/** A hung-up tty reads 0 bytes at once, forever: how long to wait before reading it again (ms). */
const HUNG_UP_RETRY_MS = 10;

/** EAGAIN and its kin: the descriptor has nothing to read or no room to write just now. */
function wouldBlock(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
}

const isCanceled = (err: unknown) => (err as { canceled?: boolean } | null)?.canceled === true;

interface LinkEvents {
  /** Bytes read from the port (a view of a read pool that is never written again). */
  data: [bytes: Buffer];
  /** The port failed under us (USB unplugged, pty master closed): it is closed now. Emitted once. */
  lost: [err: Error];
}

/**
 * An open port. Reads run while not paused; `write` must not be called again before its promise
 * settles (the session keeps one write in flight). Every operation on a closed link rejects at once.
 */
export class SerialLink extends EventEmitter<LinkEvents> {
  private pool = Buffer.allocUnsafe(POOL_BYTES);
  private used = 0;
  private reading = false;
  private paused = false;
  private closed = false;
  /** Bytes a read brought in after reading was paused (at most one read; the thread-pool path). */
  private held: Buffer | null = null;
  /** Set for the Unix bindings: reads and writes go straight to the descriptor. */
  private readonly unix: UnixIo | null;
  /** The write in flight on the Unix path, for drain() (the binding's drain waits for its own only). */
  private writing: Promise<void> | null = null;

  private constructor(private readonly port: SerialBindingPort) {
    super();
    const unix = unixPort(port);
    this.unix = unix ? { port: unix, ready: new Readiness(unix.poller) } : null;
  }

  /** Open `options.path`; rejects with the binding's error (see serial-errors.ts to classify it). */
  static async open(binding: SerialBinding, options: SerialOpenOptions): Promise<SerialLink> {
    return new SerialLink(await binding.open(options));
  }

  /**
   * Start or stop reading. While stopped the OS buffer fills and the UART's flow control pushes back.
   * On the thread-pool path a read already waiting cannot be withdrawn: what it brings is held and
   * emitted on resume. The Unix path reads only while not paused, so nothing is held there, and it
   * reads first when the poller reports input: bytes never arrive from within setReading().
   */
  setReading(on: boolean): void {
    this.paused = !on;
    if (!on) return;
    const held = this.held;
    this.held = null;
    if (held) this.emit('data', held);
    if (this.unix) this.awaitInput(this.unix);
    else void this.readLoop();
  }

  /** The Unix path: read when the poller reports input. */
  private awaitInput(unix: UnixIo): void {
    if (this.reading || this.closed || unix.port.fd === null) return;
    this.reading = true;
    unix.ready.onReadable((err) => {
      this.reading = false;
      if (!err) this.readDirect(unix);
      else if (!isCanceled(err)) this.fail(err); // canceled: by our own close()
    });
  }

  /**
   * The Unix read loop. The binding opens the port O_NONBLOCK, so a read on the main thread returns at
   * once with what the OS holds, or EAGAIN (then wait for the poller's 'readable' again). Reads follow
   * each other while input keeps coming (a tty hands out at most 4 KiB a read) into one chunk of the
   * pool, up to TURN_BYTES; that chunk is emitted and the next turn of the event loop reads on.
   */
  private readDirect(unix: UnixIo): void {
    if (this.reading || this.closed || this.paused) return;
    this.reading = true;
    let from = this.used;
    let turn = 0;
    let next: 'poll' | 'turn' | 'hung-up' = 'poll';
    while (!this.closed && !this.paused) {
      const fd = unix.port.fd;
      if (fd === null) break;
      if (this.pool.length - this.used < MIN_READ) {
        this.emitFrom(from);
        this.pool = Buffer.allocUnsafe(POOL_BYTES);
        this.used = from = 0;
        continue; // the listener may have paused or closed
      }
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, this.pool, this.used, this.pool.length - this.used, null);
      } catch (err) {
        if (wouldBlock(err)) break;
        this.emitFrom(from);
        this.reading = false;
        this.fail(err);
        return;
      }
      if (bytesRead <= 0) {
        // a hung-up tty (pty master closed, device gone) reads 0 bytes at once, again and again, until
        // the session notices the port has gone (presence watcher); serialport's read() retries it in a
        // loop, here it is retried after a pause
        next = 'hung-up';
        break;
      }
      this.used += bytesRead;
      turn += bytesRead;
      if (turn >= TURN_BYTES) {
        next = 'turn';
        break;
      }
    }
    this.emitFrom(from);
    this.reading = false;
    if (this.closed || this.paused || unix.port.fd === null) return;
    if (next === 'poll') return this.awaitInput(unix);
    this.reading = true;
    const again = () => {
      this.reading = false;
      this.readDirect(unix);
    };
    if (next === 'turn') setImmediate(again);
    else setTimeout(again, HUNG_UP_RETRY_MS);
  }

  /** Emit pool[from, used) unless it is empty. */
  private emitFrom(from: number): void {
    if (this.used > from) this.emit('data', this.pool.subarray(from, this.used));
  }

  /** The read loop through the binding's read() (the mock, Windows). */
  private async readLoop(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      while (!this.closed && !this.paused) {
        if (this.pool.length - this.used < MIN_READ) {
          this.pool = Buffer.allocUnsafe(POOL_BYTES);
          this.used = 0;
        }
        const start = this.used;
        const { bytesRead } = await this.port.read(this.pool, start, this.pool.length - start);
        if (bytesRead <= 0) continue;
        this.used += bytesRead;
        const chunk = this.pool.subarray(start, start + bytesRead);
        if (this.paused) this.held = chunk;
        else this.emit('data', chunk);
      }
    } catch (err) {
      // a read canceled by our own close() is not a loss
      if (!isCanceled(err)) this.fail(err);
    } finally {
      this.reading = false;
    }
  }

  /** Write all of `bytes` to the OS. Rejects (and the link is lost) when the port has gone. */
  async write(bytes: Buffer): Promise<void> {
    if (this.closed) throw new Error('port is not open');
    try {
      if (this.unix) {
        this.writing = this.writeDirect(this.unix, bytes);
        await this.writing;
      } else await this.port.write(bytes);
    } catch (err) {
      this.fail(err);
      throw err;
    } finally {
      this.writing = null;
    }
  }

  /**
   * The Unix write: write() on the main thread (the descriptor is O_NONBLOCK) takes what the OS has room
   * for; for the rest wait for the poller's 'writable' (a short write means the OS buffer is full).
   * Rejects with the binding's cancel error when the link is closed meanwhile, as the binding's write does.
   */
  private writeDirect(unix: UnixIo, bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      let offset = 0;
      const step = (err: Error | null) => {
        if (err) return reject(err);
        const fd = unix.port.fd;
        if (this.closed || fd === null) return reject(new Error('port is not open'));
        try {
          offset += writeSync(fd, bytes, offset, bytes.length - offset);
        } catch (e) {
          if (!wouldBlock(e)) return reject(e as Error);
        }
        if (offset >= bytes.length) return resolve();
        unix.ready.onWritable(step);
      };
      step(null);
    });
  }

  /** Change the baud rate in place (termios; serialport flushes the OS buffers while doing it). */
  update(baud: number): Promise<void> {
    return this.guard(() => this.port.update({ baudRate: baud }));
  }
  /** Set DTR, RTS and BREAK together. */
  set(flags: ControlFlags): Promise<void> {
    return this.guard(() => this.port.set({ dtr: flags.dtr, rts: flags.rts, brk: flags.brk }));
  }
  /** Read CTS, DSR, DCD. */
  get(): Promise<ModemInputs> {
    return this.guard(() => this.port.get());
  }
  /** Discard what the OS holds in both directions (tcflush TCIOFLUSH on Unix). */
  flush(): Promise<void> {
    return this.guard(() => this.port.flush());
  }
  /** Wait until the write in flight has gone to the OS and the OS has transmitted everything (tcdrain). */
  drain(): Promise<void> {
    return this.guard(async () => {
      await this.writing?.catch(() => undefined);
      await this.port.drain();
    });
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('port is not open');
    return op();
  }

  /** Close the port (an in-flight read is canceled quietly). Idempotent; never rejects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.port.isOpen) await this.port.close();
    } catch {
      // already closed by the OS (vanished): nothing left to release
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    void this.close();
    this.emit('lost', err instanceof Error ? err : new Error(String(err)));
  }
}
