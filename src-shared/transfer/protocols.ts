/**
 * The file transfer protocols by the names operators use: the CLI's --protocol, the window's Transfer
 * dialog, macro transfer steps and the IPC contract all take these. 'raw' sends a file's bytes as they
 * are, and 'text' a text file as a paste goes (its line ends made the tab's send newline, the tab's
 * paste pacing; minicom's ascii-xfr): neither has an end, so they cannot be received; 'ymodem-g' is
 * YMODEM streamed without ACKs (the receiver asks for it with 'G': a YMODEM sender follows, so sending
 * offers plain 'ymodem').
 */
export const TRANSFER_PROTOCOLS = ['xmodem', 'xmodem-1k', 'ymodem', 'ymodem-g', 'zmodem', 'raw', 'text'] as const;
/** One of TRANSFER_PROTOCOLS. */
export type TransferProtocol = (typeof TRANSFER_PROTOCOLS)[number];
/** What can be sent: the receiver picks YMODEM-g, so 'ymodem' covers it. */
export const SEND_PROTOCOLS = ['xmodem', 'xmodem-1k', 'ymodem', 'zmodem', 'raw', 'text'] as const satisfies readonly TransferProtocol[];
/** One of SEND_PROTOCOLS. */
export type SendProtocol = (typeof SEND_PROTOCOLS)[number];
/** What can be received: XMODEM takes 128- and 1024-byte blocks alike, so 'xmodem-1k' receives as 'xmodem'. */
export const RECEIVE_PROTOCOLS = ['xmodem', 'xmodem-1k', 'ymodem', 'ymodem-g', 'zmodem'] as const satisfies readonly TransferProtocol[];
/** One of RECEIVE_PROTOCOLS. */
export type ReceiveProtocol = (typeof RECEIVE_PROTOCOLS)[number];

/** The protocol a sender uses for `p`: YMODEM-g is the receiver's choice, so a sender runs YMODEM. */
export function sendProtocolOf(p: TransferProtocol): SendProtocol {
  return p === 'ymodem-g' ? 'ymodem' : p;
}

/** The protocol a receiver uses for `p`, or null for 'raw' and 'text' (they have no end, so nothing can receive them). */
export function receiveProtocolOf(p: TransferProtocol): ReceiveProtocol | null {
  return p === 'raw' || p === 'text' ? null : p;
}
