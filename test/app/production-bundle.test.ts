// The product's renderer carries no test instrumentation: the e2e hook (window.__dialtoneTest), its
// Adler-32, the xterm ceiling benchmark with its flood generator, and the parse probe exist only in the
// test build (vite --mode e2e). Both are built here from vite.config.ts into temporary folders (a stale
// dist/ proves nothing); the test build must have every marker, or the markers test nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../harness/peers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Names and constants only the instrumentation has (minified bundles keep property names and strings). */
const MARKERS = [
  '__dialtoneTest', // the hook's global
  'xtermCeiling', // the ceiling benchmark
  'rxChecksum', // the hook's checksum accessor
  'onParsed', // the parse probe's setter
  '65521', // the Adler-32 modulus
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', // the flood generator's letters
];

const dir = tempDir('dialtone-bundles-');
const js: Record<'production' | 'e2e', string> = { production: '', e2e: '' };

async function bundleText(mode: 'production' | 'e2e'): Promise<string> {
  const outDir = join(dir.path, mode);
  await build({ configFile: join(ROOT, 'vite.config.ts'), mode, logLevel: 'error', build: { outDir, sourcemap: false } });
  const assets = join(outDir, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .join('\n');
}

beforeAll(async () => {
  js.production = await bundleText('production');
  js.e2e = await bundleText('e2e');
}, 120_000);

afterAll(() => dir.remove());

describe('renderer bundles', () => {
  it('the test build has every instrumentation marker', () => {
    for (const m of MARKERS) expect(js.e2e.includes(m), m).toBe(true);
  });

  it('the production build has none of them', () => {
    for (const m of MARKERS) expect(js.production.includes(m), m).toBe(false);
  });
});
