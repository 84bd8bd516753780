// npm run bench [-- <filter>]: runs every bench/cases/*.ts and prints one table.
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase, CaseResult } from './lib.ts';

// The cases measure the built package (dist/), as an application runs it, so it is built first
// from the current sources. (Through tsx, the sources carry a name-keeping wrapper on every
// function created per call, which is not in what ships.)
const built = spawnSync('npx', ['tsdown', '--log-level', 'warn'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) throw new Error('npx tsdown failed');

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'cases');
const filter = process.argv[2];
const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && (!filter || f.includes(filter))).sort();
const results: CaseResult[] = [];
for (const file of files) {
  const run = (await import(join(dir, file))).default as BenchCase;
  process.stderr.write(`running ${file}…\n`);
  results.push(...(await run()));
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const rows = results.map((r) => [
  r.name,
  `${fmt(r.baseline)} ${r.unit}`,
  `${fmt(r.sdk)} ${r.unit}`,
  `${r.ratio.toFixed(2)}x`,
  Object.entries(r.others ?? {})
    .map(([k, v]) => `${k} ${fmt(v)} ${r.unit}`)
    .join(', '),
  r.note ?? '',
]);
const header = ['case', 'baseline', 'sdk', 'ratio', 'others', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
