/**
 * DialtoneApi: the typed facade over a BridgeTransport, generated from the contract
 * (src-shared/ipc/contract.ts). Each request `domain.action` becomes `api.domain.action(payload)`,
 * resolving to the reply value or rejecting with IpcError; `api.on(event, listener)` returns its
 * unsubscribe function.
 */
import {
  REQUEST_NAMES,
  type EventName,
  type EventOf,
  type ReplyOf,
  type RequestName,
  type RequestOf,
} from '../../src-shared/ipc/contract.js';
import type { BridgeTransport } from './transport.js';

/** A failed request: `code` is one of IPC_ERROR_CODES ('bad-request', 'unknown-session', ...). */
export class IpcError extends Error {
  override name = 'IpcError';
  constructor(
    message: string,
    readonly code: string = 'failed',
    readonly channel?: string,
  ) {
    super(message);
  }
}

type Domain<N> = N extends `${infer D}.${string}` ? D : never;
/** Keys a payload must have (distributes over unions, so either branch of session.open is required). */
type RequiredKeys<T> = T extends unknown ? { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T] : never;
/** Requests whose payload has no required field take it optionally. */
type ArgsOf<N extends RequestName> = [RequiredKeys<RequestOf<N>>] extends [never] ? [payload?: RequestOf<N>] : [payload: RequestOf<N>];
type Method<N extends RequestName> = (...args: ArgsOf<N>) => Promise<ReplyOf<N>>;

/**
 * The renderer's whole view of main:
 *   api.app.info(), api.session.open({ profileId }), api.session.write({ sessionId, bytes }), ...
 *   api.on('session.data', ({ sessionId, bytes }) => ...)  // returns unsubscribe
 */
export type DialtoneApi = {
  readonly [D in Domain<RequestName>]: {
    readonly [N in RequestName as N extends `${D}.${infer M}` ? M : never]: Method<N>;
  };
} & {
  /** Which host the page runs in (prefer api.app.info() for anything shown to the operator). */
  readonly host: BridgeTransport['kind'];
  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void;
};

/** Build the typed API over a transport. */
export function createApi(transport: BridgeTransport): DialtoneApi {
  const api: Record<string, unknown> = {
    host: transport.kind,
    on: (name: string, listener: (payload: unknown) => void) => transport.on(name, listener),
  };
  for (const name of REQUEST_NAMES) {
    const [domain, action] = name.split('.') as [string, string];
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[action] = async (payload: unknown = {}) => {
      const reply = await transport.invoke(name, payload);
      if (!reply.ok) throw new IpcError(reply.error, reply.code, name);
      return reply.value;
    };
  }
  return api as unknown as DialtoneApi;
}
