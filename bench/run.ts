/**
 * `npm run bench`: runs every bench module (bench/*.bench.ts, or the names given as arguments) in turn.
 * Each exports `run(): Promise<void>` and prints its own figures (medians, and ratios to the peers it
 * compares with in the same run).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.ts$/, '')}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run(): Promise<void> };
  await mod.run();
}
