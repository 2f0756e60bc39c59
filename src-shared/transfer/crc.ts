/**
 * The two block checks of the XMODEM family (Chuck Forsberg, "XMODEM/YMODEM Protocol Reference",
 * ymodem.txt, 1988): the 8-bit arithmetic sum of the data bytes (original XMODEM, chosen by a receiver
 * that starts with NAK) and CRC-16/XMODEM (poly 0x1021, init 0, no reflection, no final xor; chosen by
 * a receiver that starts with 'C'), sent high byte first.
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

/** CRC-16/XMODEM of `bytes[start, end)`: 0..0xffff. "123456789" gives 0x31c3. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** The XMODEM checksum of `bytes[start, end)`: the sum of the bytes modulo 256. */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s += bytes[i]!;
  return s & 0xff;
}
