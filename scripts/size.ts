// npm run size: the size budget. Bundles scripts/size/service.ts (a service that creates a job,
// retrieves it and iterates its events) from the built package in dist/, minified for browsers as
// an application's bundler would, gzips it and fails when it exceeds the budget. It also prints
// what the bytes are made of (the same service bundled from src/, minified bytes per module).
import { gzipSync } from 'node:zlib';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { ROOT } from './lib/project.ts';

/**
 * The enforced budget in bytes (min+gzip): the measured 15.18 KB plus a small margin, so growth
 * fails the test. The goal was 6 KB; it is not met. The generated client alone is 12.3 KB
 * minified (~4.6 KB gzip); every method group of `FineTuning` is built in its constructor, so
 * jobs.follow/wait/bestCheckpoint, files (multipart upload), checkpoints and graders, and the
 * generated functions they call, are bundled whether used or not. README "Compared with the
 * official SDK" has the breakdown.
 */
export const BUDGET = 15.5 * 1024;
/** The size the package aims at for this service (not yet met; see above). */
export const GOAL = 6 * 1024;

const ENTRY = `${ROOT}/scripts/size/service.ts`;

async function bundle(alias?: string, entry = ENTRY): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'warning',
    // tsconfig.json maps the package's name to src/ for type-checking; this bundle must resolve
    // it as an application would, through package.json `exports` (dist/), unless told otherwise.
    tsconfigRaw: {},
    ...(alias ? { alias: { 'openai-fine-tuning': alias } } : {}),
  });
  return { code: result.outputFiles[0]!.contents, metafile: result.metafile };
}

if (!existsSync(`${ROOT}/dist/index.js`)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
// A dist/ older than its sources would measure code that no longer exists.
const newest = (dir: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((max, e) => Math.max(max, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
if (statSync(`${ROOT}/dist/index.js`).mtimeMs < Math.max(newest(`${ROOT}/src`), newest(`${ROOT}/generated`))) {
  console.error('dist/ is older than src/ or generated/: run `npm run build` first (npm test does).');
  process.exit(2);
}
// The package resolves itself by name here (package.json `exports`), so this is dist/index.js.
const shipped = await bundle();
const gzip = gzipSync(shipped.code, { level: 9 }).length;

const fromSource = await bundle(`${ROOT}/src/index.ts`);
const inputs = Object.values(fromSource.metafile.outputs)[0]!.inputs;
const rows = Object.entries(inputs)
  .map(([file, { bytesInOutput }]) => ({ file: file.replace(/^(\.\.\/)*/, ''), bytes: bytesInOutput }))
  .filter((r) => r.bytes > 0)
  .sort((a, b) => b.bytes - a.bytes);
for (const r of rows) console.log(`${String(r.bytes).padStart(6)}  ${r.file}`);
console.log(`${String(shipped.code.length).padStart(6)}  total minified (from dist/)`);

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
// For comparison only: the same service with the official SDK (scripts/size/openai-service.ts).
const official = await bundle(undefined, `${ROOT}/scripts/size/openai-service.ts`);
console.log(`\nofficial openai package, same service: ${kb(gzipSync(official.code, { level: 9 }).length)} min+gzip`);
const verdict = gzip <= BUDGET ? 'within' : 'OVER';
console.log(`\nservice (create + retrieve + iterate events): ${kb(gzip)} min+gzip, ${verdict} the budget of ${kb(BUDGET)}`);
console.log(`the goal is ${kb(GOAL)}: ${gzip <= GOAL ? 'met' : `not met, ${kb(gzip - GOAL)} over`}`);
if (gzip > BUDGET) process.exit(1);
