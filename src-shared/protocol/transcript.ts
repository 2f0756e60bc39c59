/**
 * One-line renderings of engine events and wire bytes, in the style of libtelnet's test transcripts:
 * used by the golden tests and handy for verbose output (`dialtone probe`).
 */
import type { EngineEvent, ServerEngineEvent, SettingKey } from './types.js';

/** Bytes as lower-case hex pairs separated by spaces ('' when empty or null). */
export function hex(bytes: Uint8Array | null | readonly number[]): string {
  if (bytes === null) return '';
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Parse 'ff fb 03' (spaces optional between pairs) into bytes. */
export function unhex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`not hex: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const KEYS: readonly SettingKey[] = ['baud', 'dataBits', 'parity', 'stopBits', 'flow', 'dtr', 'rts', 'break'];

/** One event as one line, e.g. `option local 44 on`, `reply SET-BAUDRATE 9600`, `data 41 42`. */
export function renderEvent(ev: EngineEvent | ServerEngineEvent): string {
  switch (ev.type) {
    case 'data':
      return `data ${hex(ev.bytes)}`;
    case 'option':
      return `option ${ev.side} ${ev.option} ${ev.enabled ? 'on' : 'off'}`;
    case 'negotiation':
      return `negotiation ${ev.verb} ${ev.option}`;
    case 'reply':
      return `reply ${ev.command} ${JSON.stringify(ev.value)}`;
    case 'request':
      return `request ${ev.command} ${JSON.stringify(ev.value)}`;
    case 'settings': {
      // asked>inEffect/state for every item that is not 'unknown'; '-' for null
      const v = (x: unknown) => (x === null ? '-' : String(x));
      const parts = KEYS.filter((k) => ev.settings[k].state !== 'unknown').map(
        (k) => `${k}=${v(ev.settings[k].asked)}>${v(ev.settings[k].inEffect)}/${ev.settings[k].state}`,
      );
      return `settings ${parts.join(' ')}`;
    }
    case 'modem':
      return `modem 0x${ev.raw.toString(16).padStart(2, '0')} cts=${ev.state.cts} dsr=${ev.state.dsr} ri=${ev.state.ri} dcd=${ev.state.dcd}`;
    case 'line':
      return `line 0x${ev.raw.toString(16).padStart(2, '0')}`;
    case 'signature':
      return `signature ${JSON.stringify(ev.text)}`;
    case 'warning':
      return `warning ${ev.code}: ${ev.message}`;
    case 'negotiated': {
      const onOff = (b: boolean): string => (b ? 'on' : 'off');
      const comPort = ev.comPort === null ? '' : ` comPort=${onOff(ev.comPort)}`;
      return `negotiated binary local=${onOff(ev.binary.local)} remote=${onOff(ev.binary.remote)}${comPort}`;
    }
    default:
      return ev.type;
  }
}

/** Merge adjacent data events (different chunkings may cut data differently; the bytes are the same). */
export function mergeData<E extends EngineEvent | ServerEngineEvent>(events: readonly E[]): E[] {
  const out: E[] = [];
  for (const ev of events) {
    const last = out[out.length - 1];
    if (ev.type === 'data' && last !== undefined && last.type === 'data') {
      const a = (last as { bytes: Uint8Array }).bytes;
      const b = (ev as { bytes: Uint8Array }).bytes;
      const joined = new Uint8Array(a.length + b.length);
      joined.set(a);
      joined.set(b, a.length);
      out[out.length - 1] = { type: 'data', bytes: joined } as E;
    } else if (ev.type !== 'data' || (ev as { bytes: Uint8Array }).bytes.length > 0) out.push(ev);
  }
  return out;
}
