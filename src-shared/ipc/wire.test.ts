import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, MAX_BYTE_REFS_PER_FRAME, WireError, type WireMessage } from './wire.js';

// ASCII only: src-shared has no TextEncoder type (no DOM, no node types)
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('wire frames', () => {
  it('round-trips messages with any bytes, in place', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), fc.string(), (blobs, text) => {
        const msg: WireMessage = { t: 'evt', name: 'session.data', payload: { text, blobs, nested: { first: blobs[0] ?? null } } };
        const back = decodeMessage(encodeMessage(msg));
        expect(back).toEqual(msg);
      }),
    );
  });

  it('encodes a Uint8Array subclass with its own toJSON (Node Buffer) as bytes', () => {
    class Sub extends Uint8Array {
      toJSON() {
        return { type: 'Sub', data: [...this] };
      }
    }
    const back = decodeMessage(encodeMessage({ t: 'evt', name: 'session.data', payload: { bytes: new Sub([1, 2, 3]) } }));
    expect((back as { payload: { bytes: unknown } }).payload.bytes).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('rejects truncated frames, bad JSON and references outside the frame', () => {
    const good = encodeMessage({ t: 'req', id: 1, name: 'session.write', payload: { bytes: new Uint8Array([1, 2, 3]) } });
    expect(() => decodeMessage(good.subarray(0, 2))).toThrow(WireError);
    expect(() => decodeMessage(good.subarray(0, good.byteLength - 1))).toThrow(WireError);
    const bad = new Uint8Array([0, 0, 0, 3, 0x7b, 0x7b, 0x7b]);
    expect(() => decodeMessage(bad)).toThrow(WireError);
    const text = ascii('{"t":"req","id":1,"name":"x","payload":{"$bytes":[0,1]}}');
    const frame = new Uint8Array(4 + text.byteLength);
    new DataView(frame.buffer).setUint32(0, text.byteLength);
    frame.set(text, 4);
    expect(() => decodeMessage(frame)).toThrow(/outside/);
    const noType = ascii('{"id":1}');
    const f2 = new Uint8Array(4 + noType.byteLength);
    new DataView(f2.buffer).setUint32(0, noType.byteLength);
    f2.set(noType, 4);
    expect(() => decodeMessage(f2)).toThrow(/no known type/);
  });

  it('refuses a frame with more byte fields than MAX_BYTE_REFS_PER_FRAME (bounded work per frame)', () => {
    const fits = { t: 'req' as const, id: 1, name: 'x', payload: Array.from({ length: MAX_BYTE_REFS_PER_FRAME }, () => new Uint8Array(1)) };
    expect(() => decodeMessage(encodeMessage(fits))).not.toThrow();
    const over = { ...fits, payload: Array.from({ length: 500_000 }, () => new Uint8Array(0)) };
    expect(() => decodeMessage(encodeMessage(over))).toThrow(/more than 64 byte fields/);
  });
});
