// npm run size: the size budget. Bundles scripts/size/service.ts (a service that creates a job,
// retrieves it and iterates its events) from the built package in dist/, minified for browsers as
// an application's bundler would, gzips it and fails when it exceeds the budget. It also prints
// what the bytes are made of (the same service bundled from src/, minified bytes per module).
//
// THE LAZY-LOADING RULE (written once, here and in docs/architecture.md, "Loading on first use").
// A feature loads on first use when a service that does not use it would otherwise load it at
// start: a dependency, Node-only code, or code only a failure, an option or a rarely used method
// needs. How: `await import('./module.ts')` inside the method that first needs it, never at the top
// of a module (the module cache makes later calls free). What loads at start is chosen in the
// bundler's configuration (tsdown.config.ts, the `client` group of `codeSplitting.groups`), not by
// files made only to be chunk boundaries; where such a file cannot be avoided, its first line says
// why it exists. Every such change is measured with `npm run size`, before and after.
import { gzipSync } from 'node:zlib';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { ROOT } from './lib/project.ts';

/**
 * The enforced budget in bytes (min+gzip of what the service loads at start): the measured 12.02 KB
 * plus a small margin, so growth fails the test. It was 11.11 KB (budget 11.5 KB) before the wave
 * that added option and header checks, uploads, models, webhooks and jobs.watch; that wave took it
 * to 16.19 KB and it was brought back to 12.02 KB (`npx tsdown && npm run size`): the modules a
 * client loads at start are one chunk (tsdown.config.ts `client` group: gzipped as one file, not
 * ten), and what only a failure or an option needs loads on first use (transport/recover.ts,
 * transport/key-function.ts, calls/call-options.ts, calls/find-job.ts,
 * lifecycle/find-best-checkpoint.ts); webhooks, watch and the upload helpers load on first use.
 * What keeps it above 11.11 KB: esbuild splits at file granularity, so a module the package entry
 * imports (to export it) that lazily loaded code also uses is loaded at start whole, whether the
 * service uses it or not: every generated function (generated/sdk.gen.ts, 7 more operations), the
 * lifecycle and upload error classes, `bestCheckpoint`, follow's option checks (jobs.follow throws
 * bad options at the call), and the constructor's option and header checks.
 * Issue #25 took it to 12.40 KB: DailyRateLimitError is exported from the root and picked by the
 * lazily loaded transport/recover.ts, so by the rule above its module loads at start, and follow's
 * option checks gained `requestsPerMinute`; budget 12.5 KB.
 * The goal is 6 KB; it is not met.
 * The Evals API (issue #24) took it from 12.06 KB to 12.28 KB: `ft.evals` itself is a stand-in
 * that forwards to the real groups, loaded on first use with the generated Evals functions
 * (generated/evals/, src/resources/evals-stand-in.ts), and the two error classes the entry exports
 * (src/evals/errors.ts) load at start; the budget was raised by that much, not more.
 * The wave that merged #24-#28 together measured 12.95 KB (each branch alone stayed near its
 * budget; together they add: the telemetry hook checks, the redirect error's small class, the
 * per-call `query` option and gateway header rule, the daily-cap and evals error classes): budget
 * 13.0 KB. Loading error classes and option checks on first use is the open work of issue #32.
 */
export const BUDGET = 13 * 1024;
/** The size the package aims at for this service (not yet met; see above). */
export const GOAL = 6 * 1024;

const ENTRY = `${ROOT}/scripts/size/service.ts`;

/** A bundle split as an application's bundler splits it: what loads at start, and what loads later. */
interface Bundle {
  /** The entry chunk and every chunk it imports statically: what the service loads at start. */
  eager: Uint8Array[];
  /** Chunks reached only through `import()`: loaded when a feature that needs them is first used. */
  lazy: Uint8Array[];
  metafile: Metafile;
  /** The output files (as the metafile names them) of `eager`. */
  eagerFiles: Set<string>;
}

async function bundle(alias?: string, entry = ENTRY): Promise<Bundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Dynamic imports become chunks of their own, as Vite, webpack or esbuild make them for an app.
    splitting: true,
    outdir: `${ROOT}/.tmp/size`,
    write: false,
    metafile: true,
    logLevel: 'warning',
    // tsconfig.json maps the package's name to src/ for type-checking; this bundle must resolve
    // it as an application would, through package.json \`exports\` (dist/), unless told otherwise.
    tsconfigRaw: {},
    ...(alias ? { alias: { 'openai-fine-tuning': alias } } : {}),
  });
  const outputs = result.metafile.outputs;
  // The bundle's own entry: lazily loaded chunks are entry points of their own too (for `import()`).
  const start = Object.keys(outputs).find((file) => {
    const point = outputs[file]!.entryPoint;
    return point !== undefined && entry.endsWith(point.replace(/^(\.\.\/)+/, ''));
  })!;
  const eagerFiles = new Set<string>();
  const visit = (file: string) => {
    if (eagerFiles.has(file)) return;
    eagerFiles.add(file);
    for (const i of outputs[file]!.imports)
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(start);
  const contents = (file: string) =>
    result.outputFiles.find((f) => f.path === `${ROOT}/${file}`)!.contents;
  return {
    eager: [...eagerFiles].map(contents),
    lazy: Object.keys(outputs)
      .filter((f) => !eagerFiles.has(f) && f.endsWith('.js'))
      .map(contents),
    metafile: result.metafile,
    eagerFiles,
  };
}

const minified = (files: Uint8Array[]) => files.reduce((n, f) => n + f.length, 0);
// Each file is gzipped on its own, as a server sends it.
const gzipped = (files: Uint8Array[]) =>
  files.reduce((n, f) => n + gzipSync(f, { level: 9 }).length, 0);

if (!existsSync(`${ROOT}/dist/index.js`)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
// A dist/ older than its sources would measure code that no longer exists.
const newest = (dir: string): number =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((max, e) => Math.max(max, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
if (
  statSync(`${ROOT}/dist/index.js`).mtimeMs <
  Math.max(newest(`${ROOT}/src`), newest(`${ROOT}/generated`))
) {
  console.error(
    'dist/ is older than src/ or generated/: run `npm run build` first (npm test does).',
  );
  process.exit(2);
}
// The package resolves itself by name here (package.json `exports`), so this is dist/index.js.
const shipped = await bundle();
const gzip = gzipped(shipped.eager);

// What the bytes are made of: the same service bundled from src/, minified bytes per module in the
// chunks loaded at start.
const fromSource = await bundle(`${ROOT}/src/index.ts`);
const eagerInputs = new Map<string, number>();
for (const file of fromSource.eagerFiles) {
  const output = fromSource.metafile.outputs[file]!;
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs))
    eagerInputs.set(file, (eagerInputs.get(file) ?? 0) + bytesInOutput);
}
const rows = [...eagerInputs]
  .map(([file, bytes]) => ({ file: file.replace(/^(\.\.\/)*/, ''), bytes }))
  .filter((r) => r.bytes > 0)
  .sort((a, b) => b.bytes - a.bytes);
for (const r of rows) console.log(`${String(r.bytes).padStart(6)}  ${r.file}`);
console.log(
  `${String(minified(shipped.eager)).padStart(6)}  total minified, loaded at start (from dist/)`,
);

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
// For comparison only: the same service with the official SDK (scripts/size/openai-service.ts).
const official = await bundle(undefined, `${ROOT}/scripts/size/openai-service.ts`);
console.log(
  `\nofficial openai package, same service: ${kb(gzipped([...official.eager, ...official.lazy]))} min+gzip`,
);
console.log(
  `loaded later, only if the service uses them (jobs.follow/wait/bestCheckpoint, files.create): ${shipped.lazy.length} chunks, ${kb(gzipped(shipped.lazy))} min+gzip`,
);
console.log(
  `everything this service could load: ${kb(gzipped([...shipped.eager, ...shipped.lazy]))} min+gzip`,
);
const verdict = gzip <= BUDGET ? 'within' : 'OVER';
console.log(
  `\nservice (create + retrieve + iterate events), loaded at start: ${kb(gzip)} min+gzip, ${verdict} the budget of ${kb(BUDGET)}`,
);
console.log(
  `the goal is ${kb(GOAL)}: ${gzip <= GOAL ? 'met' : `not met, ${kb(gzip - GOAL)} over`}`,
);
if (gzip > BUDGET) process.exit(1);
