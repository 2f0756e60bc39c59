/**
 * A local serial port at the binding level of npm serialport 13 (`SerialPort.binding`, or an injected
 * binding such as @serialport/binding-mock): open/close, a read loop that can be paused, one write at a
 * time, and the port operations (update, set, get, flush, drain).
 *
 * Why the binding and not serialport's Duplex stream: the stream queues writes and reads "until open"
 * after a disconnect (a write's callback then never fires, see lab/README.md), and it cannot reopen a
 * port in place. Here a closed or vanished port makes every operation fail at once, and the session
 * above owns queueing, pausing and reopening.
 */
import { EventEmitter } from 'node:events';
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

/**
 * Work around a bug in @serialport/bindings-cpp 13's Unix poller: `poll(flag)` restarts uv_poll with
 * only `flag`, so a read waiting for 'readable' cancels the interest of a write waiting for 'writable'
 * (and the other way round). With input and output at once, a write then stalls until more input
 * arrives, possibly forever. Here every poll also asks for the events someone is still waiting for.
 * Bindings without a poller (Windows, the mock) are left alone.
 */
function keepPollInterest(port: SerialBindingPort): void {
  const poller = (port as { poller?: { poll?: (flag?: number) => void; listenerCount?: (e: string) => number } }).poller;
  if (!poller || typeof poller.poll !== 'function' || typeof poller.listenerCount !== 'function') return;
  const poll = poller.poll.bind(poller);
  const waiting = poller.listenerCount.bind(poller);
  poller.poll = (flag = 0) =>
    poll(flag | (waiting('readable') > 0 ? UV_READABLE : 0) | (waiting('writable') > 0 ? UV_WRITABLE : 0));
}

/** Bytes asked of one read; a fresh pool is taken when less than MIN_READ is left in the current one. */
const POOL_BYTES = 64 * 1024;
const MIN_READ = 1024;

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
  /** Bytes a read brought in after reading was paused (at most one read). */
  private held: Buffer | null = null;

  private constructor(private readonly port: SerialBindingPort) {
    super();
  }

  /** Open `options.path`; rejects with the binding's error (see serial-errors.ts to classify it). */
  static async open(binding: SerialBinding, options: SerialOpenOptions): Promise<SerialLink> {
    const port = await binding.open(options);
    keepPollInterest(port);
    return new SerialLink(port);
  }

  /**
   * Start or stop reading. While stopped the OS buffer fills and the UART's flow control pushes back.
   * A read already waiting cannot be withdrawn: what it brings is held and emitted on resume.
   */
  setReading(on: boolean): void {
    this.paused = !on;
    if (!on) return;
    const held = this.held;
    this.held = null;
    if (held) this.emit('data', held);
    void this.readLoop();
  }

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
      if (!(err as { canceled?: boolean }).canceled) this.fail(err);
    } finally {
      this.reading = false;
    }
  }

  /** Write all of `bytes` to the OS. Rejects (and the link is lost) when the port has gone. */
  async write(bytes: Buffer): Promise<void> {
    if (this.closed) throw new Error('port is not open');
    try {
      await this.port.write(bytes);
    } catch (err) {
      this.fail(err);
      throw err;
    }
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
  /** Wait until the OS has transmitted everything written (tcdrain). */
  drain(): Promise<void> {
    return this.guard(() => this.port.drain());
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
