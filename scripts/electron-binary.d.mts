/** Where the Electron binary is (see electron-binary.mjs), or why there is none. */
export function findElectronBinary(env?: NodeJS.ProcessEnv): { path: string } | { reason: string };
