/**
 * The WebSocket wire format of the browser host (`dialtone serve`): every message is one binary frame
 *
 *   [u32 big-endian N][N bytes of UTF-8 JSON][blob area]
 *
 * where each Uint8Array in the message is replaced in the JSON by `{"$bytes":[offset,length]}` into the
 * blob area. Bytes therefore cross unchanged and without base64's cost.
 *
 * Messages:
 *   client -> server  { t: 'req', id: number, name: RequestName, payload: unknown }
 *   server -> client  { t: 'res', id: number, reply: ReplyEnvelope }
 *                     { t: 'evt', name: EventName, payload: unknown }
 */
import type { ReplyEnvelope } from './contract.js';

// TextEncoder/TextDecoder are globals in Node and every browser; src-shared's lib has no DOM, so declare them.
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: { new (label?: string, options?: { fatal?: boolean }): { decode(b: Uint8Array): string } };

export type WireMessage =
  | { t: 'req'; id: number; name: string; payload: unknown }
  | { t: 'res'; id: number; reply: ReplyEnvelope }
  | { t: 'evt'; name: string; payload: unknown };

/** Thrown for a frame that is not a well-formed wire message. */
export class WireError extends Error {
  override name = 'WireError';
}

/** Most byte fields one frame may carry (a request or event has at most a few): a bound on the work one frame costs. */
export const MAX_BYTE_REFS_PER_FRAME = 64;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encode a message into one binary frame. */
export function encodeMessage(msg: WireMessage): Uint8Array {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  // read the holder's own property: `value` has already been through toJSON (Node's Buffer has one)
  const json = JSON.stringify(msg, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) {
      const ref = { $bytes: [offset, raw.byteLength] };
      blobs.push(raw);
      offset += raw.byteLength;
      return ref;
    }
    return value;
  });
  const head = encoder.encode(json);
  const out = new Uint8Array(4 + head.byteLength + offset);
  new DataView(out.buffer).setUint32(0, head.byteLength);
  out.set(head, 4);
  let at = 4 + head.byteLength;
  for (const b of blobs) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/**
 * Decode one binary frame. Byte fields come back as views into `frame` (no copy).
 * @throws WireError for a truncated frame, bad UTF-8/JSON, a blob reference out of range, more than
 * MAX_BYTE_REFS_PER_FRAME byte fields, or a message without a known `t`.
 */
export function decodeMessage(frame: Uint8Array): WireMessage {
  if (frame.byteLength < 4) throw new WireError('frame shorter than its header');
  const n = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  if (4 + n > frame.byteLength) throw new WireError('frame shorter than its JSON length');
  const blobArea = frame.subarray(4 + n);
  let parsed: unknown;
  let refs = 0;
  try {
    parsed = JSON.parse(decoder.decode(frame.subarray(4, 4 + n)), (_key, value: unknown) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        const ref = (value as { $bytes?: unknown }).$bytes;
        if (keys.length === 1 && keys[0] === '$bytes') {
          if (++refs > MAX_BYTE_REFS_PER_FRAME) throw new WireError(`more than ${MAX_BYTE_REFS_PER_FRAME} byte fields in one frame`);
          if (!Array.isArray(ref) || ref.length !== 2 || !ref.every((x) => Number.isInteger(x) && x >= 0)) {
            throw new WireError('bad $bytes reference');
          }
          const [off, len] = ref as [number, number];
          if (off + len > blobArea.byteLength) throw new WireError('$bytes reference outside the frame');
          return blobArea.subarray(off, off + len);
        }
      }
      return value;
    });
  } catch (err) {
    if (err instanceof WireError) throw err;
    throw new WireError(`frame is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!parsed || typeof parsed !== 'object') throw new WireError('message is not an object');
  const m = parsed as Record<string, unknown>;
  if (m.t === 'req' && typeof m.id === 'number' && typeof m.name === 'string') return m as WireMessage;
  if (m.t === 'res' && typeof m.id === 'number' && m.reply && typeof m.reply === 'object') return m as WireMessage;
  if (m.t === 'evt' && typeof m.name === 'string') return m as WireMessage;
  throw new WireError('message has no known type');
}
