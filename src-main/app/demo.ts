/**
 * The built-in demo modem: the modem simulator (src-main/sim/server.ts) run in-process on a loopback
 * port, so a fresh install has something to connect to. Loaded on demand (a dynamic import, bundled
 * like the rest); when it fails to start the app runs without the demo and says why on stderr.
 */

export interface DemoModem {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Start the demo modem on 127.0.0.1 (a free port), or resolve null when it is unavailable. */
export async function startDemoModem(): Promise<DemoModem | null> {
  let mod: typeof import('../sim/server.js');
  try {
    mod = await import('../sim/server.js');
  } catch (err) {
    process.stderr.write(`dialtone: demo modem unavailable (simulator not loaded: ${(err as Error).message.split('\n')[0]})\n`);
    return null;
  }
  try {
    return await mod.startSimServer({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    process.stderr.write(`dialtone: demo modem did not start: ${(err as Error).message}\n`);
    return null;
  }
}
