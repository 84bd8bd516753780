// The benchmark table as text (what `npm run bench` prints) and as docs/benchmarks.md (what
// `npm run bench -- --write` writes): one run, with its date, machine and Node version, so every
// figure the docs quote names the command and the run it came from.
import type { CaseResult } from './lib.ts';

export interface RunInfo {
  /** ISO date and time the run started. */
  date: string;
  node: string;
  cpus: string;
  os: string;
  /** The case filter of the run, when it was not every case. */
  filter?: string | undefined;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A Markdown table of the results (also readable as plain text). */
export function table(results: readonly CaseResult[]): string {
  const rows = results.map((r) =>
    [
      r.name,
      `${fmt(r.baseline)} ${r.unit}`,
      `${fmt(r.sdk)} ${r.unit}`,
      `${r.ratio.toFixed(2)}x`,
      Object.entries(r.others ?? {})
        .map(([k, v]) => `${k} ${fmt(v)} ${r.unit}`)
        .join(', '),
      r.note ?? '',
    ].map((cell) => cell.replaceAll('|', '\\|')),
  );
  const header = ['case', 'baseline', 'sdk', 'ratio', 'others', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

export function runLine(info: RunInfo): string {
  return `${info.date.slice(0, 10)}, Node ${info.node}, ${info.cpus}, ${info.os}`;
}

/** docs/benchmarks.md, whole: nothing in it is typed by hand. */
export function benchmarksPage(results: readonly CaseResult[], info: RunInfo): string {
  const command = `npm run bench -- --write${info.filter ? ` ${info.filter}` : ''}`;
  return `# Benchmarks

How fast the package is next to what you would write without it. This page is written by
\`${command}\` from one run; do not edit it by hand, run the command again.

- Run: ${info.date} (UTC)
- Machine: ${info.cpus}, ${info.os}
- Node: ${info.node}
${info.filter ? `- Cases: only those whose file name contains \`${info.filter}\`\n` : ''}
## How to read it

Each row times the SDK (\`sdk\`, the built package in \`dist/\`, as an application runs it) against a
baseline that does the same work by hand (usually raw \`fetch\`), in interleaved rounds of the same
process, and gives medians. \`ratio\` is sdk / baseline for times (lower is better) or as the row's
note says; \`others\` are more contenders measured in the same rounds, such as the official
\`openai\` package where it can do the same thing. On a shared or busy machine single rows move
between runs; compare ratios, not absolute times, and compare runs of the same machine.

## Results

${table(results)}

## Reproduce

\`\`\`sh
npm ci
npm run bench                 # every case, printed
npm run bench -- transport    # the cases whose file name contains "transport"
npm run bench -- --write      # every case, and this page rewritten
\`\`\`

The cases are in \`bench/cases/\`, one file per area: ${'`cli`, `cold-start`, `follow`, `legacy-stream`, `local-server`, `pagination`, `training-data`, `transport`'}.
\`npm run size\` gives the bundle sizes, and \`npm run test:runtimes\` the runtimes the package is
proven on.
`;
}
