// docs/benchmarks.md is written by `npm run bench -- --write` (bench/report.ts): the run's date,
// machine and Node version, the command that made it, and every row of the run.
import { describe, expect, it } from 'vitest';
import { benchmarksPage, table } from '../../bench/report.ts';

const results = [
  {
    name: 'retrieve x200 sequential',
    unit: 'ms',
    baseline: 311.4,
    sdk: 321.2,
    ratio: 1.0315,
    note: 'baseline: raw fetch | JSON',
    others: { openai: 400.2 },
  },
  { name: 'validate 50 MB', unit: 'MB/s', baseline: 287, sdk: 4.5, ratio: 0.0157 },
];
const info = { date: '2026-11-26 05:00', node: 'v20.20.2', cpus: '2 x AMD EPYC', os: 'Linux 6.1' };

describe('the benchmarks page', () => {
  it('names the run, the machine, the Node version and the command', () => {
    const page = benchmarksPage(results, info);
    expect(page).toContain('`npm run bench -- --write`');
    expect(page).toContain('- Run: 2026-11-26 05:00 (UTC)');
    expect(page).toContain('- Machine: 2 x AMD EPYC, Linux 6.1');
    expect(page).toContain('- Node: v20.20.2');
    expect(page).not.toMatch(/today/i);
    expect(benchmarksPage(results, { ...info, filter: 'transport' })).toContain(
      '`npm run bench -- --write transport`',
    );
  });

  it('has one table row per result, with its figures and a pipe in a note escaped', () => {
    const rows = table(results).split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(
      /^\| retrieve x200 sequential +\| 311 ms +\| 321 ms +\| 1\.03x +\| openai 400 ms +\| baseline: raw fetch \\\| JSON +\|$/,
    );
    expect(rows[3]).toMatch(
      /^\| validate 50 MB +\| 287 MB\/s +\| 4\.50 MB\/s +\| 0\.02x +\| +\| +\|$/,
    );
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });
});
