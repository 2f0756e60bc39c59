/** The repository root. */
export const ROOT: string;
/** Default bound on the Electron download (ms). */
export const DOWNLOAD_TIMEOUT_MS: number;
/** What `npm start` does (see start-app.mjs); resolves with its exit code. */
export function startApp(options?: {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  root?: string;
  pkgDir?: string;
  nodeVersion?: string;
  downloadTimeoutMs?: number;
  progressMs?: number;
  out?: { write(s: string): unknown };
  build?: (root: string) => number;
  launch?: (command: string, args: string[], options: { cwd: string }) => Promise<number>;
}): Promise<number>;
