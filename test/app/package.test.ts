// Packaging: electron-builder packs the app (--dir, Linux) with a stand-in Electron (no Electron binary
// can be downloaded here; the stand-in is given on the command line, never in electron-builder.yml), and
// the asar holds exactly the bundles, package.json and serialport, with serialport's native files
// unpacked. Takes about 5-20 s.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../harness/peers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// @electron/asar comes with electron-builder
const asar = createRequire(import.meta.url)('@electron/asar') as { listPackage(p: string): string[]; extractFile(p: string, f: string): Buffer };
const dir = tempDir('dialtone-pack-');
let asarFiles: string[] = [];
let unpacked: string;
let appDir: string;
let asarPath: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/main/index.cjs')) || !existsSync(join(ROOT, 'dist/renderer/index.html'))) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed:\n${b.stdout}\n${b.stderr}`);
  }
  const electronDist = join(dir.path, 'electron-dist');
  spawnSync('mkdir', ['-p', electronDist]);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in electron\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const out = join(dir.path, 'release');
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', '--dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeout: 240_000 },
  );
  if (r.status !== 0) throw new Error(`electron-builder failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  appDir = join(out, 'linux-unpacked');
  asarPath = join(appDir, 'resources/app.asar');
  unpacked = join(appDir, 'resources/app.asar.unpacked');
  asarFiles = asar.listPackage(asarPath).map((p) => p.replace(/\\/g, '/'));
}, 300_000);

afterAll(() => dir.remove());

describe('electron-builder --dir', () => {
  it('keeps electronDist out of the configuration', () => {
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).not.toMatch(/^\s*electronDist\s*:/m);
  });

  it('produces the executable and an asar with the bundles and package.json', () => {
    expect(existsSync(join(appDir, 'dialtone'))).toBe(true);
    for (const f of ['/package.json', '/dist/main/index.cjs', '/dist/preload/index.cjs', '/dist/renderer/index.html']) {
      expect(asarFiles, f).toContain(f);
    }
    expect(asarFiles.some((f) => /^\/dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('dist/main/index.cjs');
  });

  it('leaves out sources, source maps and bundled dependencies, and keeps serialport', () => {
    expect(asarFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(asarFiles.filter((f) => /^\/(src-|test|e2e|bench|scripts)/.test(f))).toEqual([]);
    for (const dep of ['react', 'react-dom', '@xterm', 'zod', 'ws', 'tsx', 'esbuild', 'electron']) {
      expect(asarFiles.some((f) => f.startsWith(`/node_modules/${dep}/`)), dep).toBe(false);
    }
    expect(asarFiles).toContain('/node_modules/serialport/package.json');
    expect(asarFiles).toContain('/node_modules/@serialport/bindings-cpp/package.json');
  });

  it("unpacks serialport's native prebuilds from the asar", () => {
    const linux = join(unpacked, 'node_modules/@serialport/bindings-cpp/prebuilds/linux-x64');
    expect(readdirSync(linux).some((f) => f.endsWith('.node'))).toBe(true);
  });
});
