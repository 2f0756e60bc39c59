/**
 * An AppCore for tests, as the browser host makes it: config in `dir`/config, logs in `dir`/logs, no
 * file dialogs (chooseLogFile answers null), no demo modem unless asked. `options` override any field.
 */
import { join } from 'node:path';
import { AppCore, type AppCoreOptions } from '../../src-main/app/core.js';

export function startTestCore(dir: string, options: Partial<AppCoreOptions> = {}): Promise<AppCore> {
  return AppCore.start({
    platform: process.platform,
    configDir: join(dir, 'config'),
    demo: false,
    services: { kind: 'browser', version: 'test', autoLogDir: join(dir, 'logs'), chooseLogFile: async () => null, showInFolder: async () => undefined },
    ...options,
  });
}
