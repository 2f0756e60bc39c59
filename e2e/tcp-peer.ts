/**
 * A raw TCP far end that an e2e spec owns: it keeps what each connection sent (in connection order) and
 * sends what the spec tells it to, so a spec can put any byte on the line and see what the pane does.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface TcpPeer {
  port: number;
  /** What each connection sent, by connection order. */
  received: Buffer[];
  /** Send `bytes` on connection `i` (default: the newest). */
  send(bytes: Uint8Array | string, i?: number): void;
  close(): Promise<void>;
}

/** Listen on 127.0.0.1:`port` (default: a free port). */
export async function tcpPeer(port = 0): Promise<TcpPeer> {
  const received: Buffer[] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    const i = received.push(Buffer.alloc(0)) - 1;
    sockets.push(socket);
    socket.on('data', (d) => (received[i] = Buffer.concat([received[i]!, d])));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    received,
    send(bytes, i = sockets.length - 1) {
      sockets[i]!.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
