/**
 * The demo access server for the dialer tests (test-only): one per test file, on a free port, with a
 * quicker phone network than the demo's (the behaviour is the same, the waits shorter).
 */
import { afterAll, beforeAll } from 'vitest';
import { startSimServer, type SimServer } from '../../src-main/sim/server.js';

/** The phone network's delays for the dialer tests, ms (see SimServer's timing option). */
export const DIALER_TIMING = { dialToneMs: 50, toneDigitMs: 10, ringOnMs: 400, ringOffMs: 400, handshakeMs: 200, busyMs: 200 };

/**
 * Start the demo access server (DIALER_TIMING) before this file's tests and close it after them.
 * Returns the running server's getter; it throws outside the tests (before beforeAll has run).
 */
export function useSimServer(): () => SimServer {
  let server: SimServer | undefined;
  beforeAll(async () => {
    server = await startSimServer({ port: 0, timing: DIALER_TIMING });
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the demo access server is not running (use it inside a test)');
    return server;
  };
}
