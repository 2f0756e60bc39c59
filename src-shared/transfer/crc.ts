/**
 * The checks of the XMODEM family and ZMODEM, in one place (the macros' checksums use CRC-32 from here
 * too): the 8-bit arithmetic sum of the data bytes (original XMODEM, chosen by a receiver that starts with
 * NAK), CRC-16/XMODEM (poly 0x1021, init 0, no reflection, no final xor; chosen by a receiver that starts
 * with 'C'; ZMODEM's 16-bit check), sent high byte first (Chuck Forsberg, ymodem.txt, 1988), and CRC-32
 * (IEEE 802.3 / zlib, ZMODEM's ZBIN32).
 */

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/** CRC-16/XMODEM register after `bytes[start, end)`, from `crc` (0 to begin). */
export function crc16Update(crc: number, bytes: ArrayLike<number>, start = 0, end = bytes.length): number {
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** CRC-16/XMODEM of `bytes[start, end)`: 0..0xffff. "123456789" gives 0x31c3. */
export function crc16(bytes: ArrayLike<number>, start = 0, end = bytes.length): number {
  return crc16Update(0, bytes, start, end);
}

const CRC32_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 register after `bytes[start, end)`, from `crc` (0xffffffff to begin; xor 0xffffffff to finish). */
export function crc32Update(crc: number, bytes: ArrayLike<number>, start = 0, end = bytes.length): number {
  for (let i = start; i < end; i++) crc = CRC32_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

/** CRC-32 (IEEE 802.3, zlib) of `bytes[start, end)`: "123456789" gives 0xcbf43926. */
export function crc32(bytes: ArrayLike<number>, start = 0, end = bytes.length): number {
  return (crc32Update(0xffffffff, bytes, start, end) ^ 0xffffffff) >>> 0;
}

/** The XMODEM checksum of `bytes[start, end)`: the sum of the bytes modulo 256. */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s += bytes[i]!;
  return s & 0xff;
}
