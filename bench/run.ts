// npm run bench [-- [--write] [<filter>]]: runs every bench/cases/*.ts (or those whose file name
// contains <filter>) and prints one table; --write also writes docs/benchmarks.md from that run.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, release, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase, CaseResult } from './lib.ts';
import { benchmarksPage, runLine, table, type RunInfo } from './report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const write = args.includes('--write');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--write');
if (unknown.length > 0 || args.filter((a) => !a.startsWith('-')).length > 1) {
  console.error(`Usage: npm run bench -- [--write] [<case filter>]; got ${args.join(' ')}`);
  process.exit(2);
}
const filter = args.find((a) => !a.startsWith('-'));

// The cases measure the built package (dist/), as an application runs it, so it is built first
// from the current sources. (Through tsx, the sources carry a name-keeping wrapper on every
// function created per call, which is not in what ships.)
const built = spawnSync('npx', ['tsdown', '--log-level', 'warn'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (built.status !== 0) throw new Error('npx tsdown failed');

const info: RunInfo = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  node: process.version,
  cpus: `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}`,
  os: `${type()} ${release()}`,
  filter,
};
const dir = join(ROOT, 'bench', 'cases');
const files = (await readdir(dir))
  .filter((f) => f.endsWith('.ts') && (!filter || f.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No case in bench/cases/ matches "${filter}".`);
  process.exit(2);
}
const results: CaseResult[] = [];
for (const file of files) {
  const run = (await import(join(dir, file))).default as BenchCase;
  process.stderr.write(`running ${file}…\n`);
  results.push(...(await run()));
}

console.log(runLine(info));
console.log(table(results));
if (write) {
  const path = join(ROOT, 'docs', 'benchmarks.md');
  await mkdir(join(ROOT, 'docs'), { recursive: true });
  await writeFile(path, benchmarksPage(results, info));
  process.stderr.write(`wrote ${path}\n`);
}
