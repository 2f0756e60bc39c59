/**
 * The IPC router: one handler per contract request (src-shared/ipc/contract.ts). Every payload is parsed
 * with the request's zod schema before its handler runs; a bad payload, an unknown channel or a handler
 * failure becomes a failed reply `{ ok: false, error, code }`, never an exception out of `handle`.
 *
 * It knows nothing of Electron or WebSocket: src-main/app/electron-main.ts (ipcMain.handle) and
 * src-main/app/serve.ts (the WebSocket) both call `handle(name, payload)` and send the envelope back.
 */
import { z } from 'zod';
import {
  IPC_ERROR_CODES,
  isRequestName,
  requests,
  type IpcErrorCode,
  type ParsedRequestOf,
  type ReplyEnvelope,
  type ReplyOf,
  type RequestName,
} from '../../src-shared/ipc/contract.js';

/** A failure with a contract error code; handlers throw it to choose the code. */
export class IpcFailure extends Error {
  override name = 'IpcFailure';
  constructor(
    message: string,
    readonly code: IpcErrorCode = 'failed',
  ) {
    super(message);
  }
}

/** Who sent a request: the host's id for that renderer (an Electron window, a browser tab's socket). */
export interface CallContext {
  client: string;
}

/** The handler of one request: receives the parsed payload (and its sender), returns the reply value. */
export type Handler<N extends RequestName> = (payload: ParsedRequestOf<N>, ctx: CallContext) => Promise<ReplyOf<N>> | ReplyOf<N>;
export type Handlers = { [N in RequestName]: Handler<N> };

/** "path: message; path: message" from a zod error, for the failed reply. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`)
    .join('; ');
}

export class Router {
  constructor(private readonly handlers: Handlers) {}

  /**
   * Validate and dispatch one request. Never throws, never rejects: every outcome is an envelope.
   * Codes: 'unknown-channel', 'bad-request' (payload failed its schema), an IpcFailure's code or an
   * error's own contract `code` (e.g. 'unknown-session'), else 'failed'.
   */
  async handle(name: unknown, payload: unknown, ctx: CallContext = { client: 'default' }): Promise<ReplyEnvelope> {
    if (!isRequestName(name)) return { ok: false, error: `unknown channel "${String(name)}"`, code: 'unknown-channel' };
    const parsed = requests[name].request.safeParse(payload);
    if (!parsed.success) return { ok: false, error: `${name}: ${describeZodError(parsed.error)}`, code: 'bad-request' };
    try {
      const handler = this.handlers[name] as (p: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      return { ok: true, value: value === undefined ? {} : value };
    } catch (err) {
      const e = err as { message?: unknown; code?: unknown };
      const code = typeof e?.code === 'string' && (IPC_ERROR_CODES as readonly string[]).includes(e.code) ? e.code : 'failed';
      return { ok: false, error: typeof e?.message === 'string' ? e.message : String(err), code };
    }
  }
}
