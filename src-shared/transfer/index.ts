/** File transfer engines (XMODEM, YMODEM), sans-I/O: see ./types.ts. */
export * from './types.js';
export { crc16, sum8 } from './crc.js';
export { buildBlock, encodeBlock0, parseBlock0, type BlockCheck, type FileHeader } from './blocks.js';
export { XmodemSender, BLOCK_CHOICES, type BlockChoice, type SendFile, type XmodemSenderOptions } from './xmodem-sender.js';
export { XmodemReceiver, type XmodemReceiverOptions } from './xmodem-receiver.js';
export * from './zmodem.js';
export * from './protocols.js';
