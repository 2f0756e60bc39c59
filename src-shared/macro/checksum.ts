/**
 * Checksums a macro appends to the bytes before it (issue 14), each with the byte order its protocol
 * uses on the wire:
 *   crc16-modbus  CRC-16/MODBUS: poly 0x8005 reflected (0xA001), init 0xFFFF; low byte first (Modbus RTU)
 *   crc16-ccitt   CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, not reflected; high byte first
 *   crc32         CRC-32 (IEEE 802.3, zlib): poly 0xEDB88320 reflected, init and xorout 0xFFFFFFFF;
 *                 low byte first (as Ethernet and zlib streams carry it)
 *   lrc           Modbus ASCII LRC: the two's complement of the 8-bit sum; one byte
 *   sum8          the 8-bit sum of the bytes; one byte
 * Check values ("123456789"): MODBUS 0x4B37, CCITT-FALSE 0x29B1, CRC-32 0xCBF43926.
 */

import { crc32 } from '../transfer/crc.js';

export { crc32 };

export const CHECKSUMS = ['crc16-modbus', 'crc16-ccitt', 'crc32', 'lrc', 'sum8'] as const;
export type Checksum = (typeof CHECKSUMS)[number];

/** CRC-16/MODBUS of `bytes`. */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** CRC-16/CCITT-FALSE of `bytes`. */
export function crc16Ccitt(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The bytes `algorithm` appends to `bytes`, in its wire order. */
export function checksumBytes(algorithm: Checksum, bytes: Uint8Array): Uint8Array {
  switch (algorithm) {
    case 'crc16-modbus': {
      const c = crc16Modbus(bytes);
      return Uint8Array.of(c & 0xff, c >>> 8);
    }
    case 'crc16-ccitt': {
      const c = crc16Ccitt(bytes);
      return Uint8Array.of(c >>> 8, c & 0xff);
    }
    case 'crc32': {
      const c = crc32(bytes);
      return Uint8Array.of(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24);
    }
    case 'lrc': {
      let s = 0;
      for (const b of bytes) s = (s + b) & 0xff;
      return Uint8Array.of((0x100 - s) & 0xff);
    }
    case 'sum8': {
      let s = 0;
      for (const b of bytes) s = (s + b) & 0xff;
      return Uint8Array.of(s);
    }
  }
}
