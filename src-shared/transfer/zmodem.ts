/** ZMODEM: the engines (sans-I/O, TransferEngine), the auto-start detector, the framing. */
export { ZmodemSender, type ZmodemSendFile, type ZmodemSenderOptions } from './zmodem-sender.js';
export { ZmodemReceiver, safeFileName, type ZmodemFileOffer, type ZmodemReceiverOptions } from './zmodem-receiver.js';
export { ZMODEM_ABORT } from './zmodem-engine.js';
export { ZmodemDetector, detectZmodemStart, crc32, type ZmodemStart } from './zmodem-frame.js';
