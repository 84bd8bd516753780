// The training-data report for people: a summary line, then one line per issue with its line
// number, then token and billing figures when the validator counted them.
import type { TrainingDataIssue, TrainingDataReport } from '../sdk/training-data.ts';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

function issueLine(kind: 'error' | 'warning', issue: TrainingDataIssue): string {
  const where = issue.line === null ? 'file' : `line ${issue.line}`;
  const path = issue.path && issue.path !== '$' ? `${issue.path} ` : '';
  return `  ${kind.padEnd(7)} ${where.padEnd(10)}${path}${issue.message} ${issue.fix} [${issue.code}]`;
}

export function renderReport(file: string, r: TrainingDataReport): string {
  const errors = r.errors.length + r.counts.unlisted.errors;
  const warnings = r.warnings.length + r.counts.unlisted.warnings;
  const lines = [
    `${file}: ${r.valid ? 'valid' : 'INVALID'} ${r.method} data for ${r.model}: ${plural(r.counts.lines, 'line')}, ` +
      `${plural(r.counts.examples, 'valid example')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  ];
  for (const issue of r.errors) lines.push(issueLine('error', issue));
  if (r.counts.unlisted.errors)
    lines.push(
      `  … and ${plural(r.counts.unlisted.errors, 'more error')} (see --json for counts by code)`,
    );
  for (const issue of r.warnings) lines.push(issueLine('warning', issue));
  if (r.counts.unlisted.warnings)
    lines.push(`  … and ${plural(r.counts.unlisted.warnings, 'more warning')}`);
  if (r.messages.examples > 0) {
    const m = r.messages;
    lines.push(
      `messages: ${n(m.min)}–${n(m.max)} per example (mean ${n(m.mean)}), ${n(m.withSystem)} of ${plural(m.examples, 'example')} with a system message`,
    );
  }
  if (r.tokens) {
    const t = r.tokens;
    lines.push(
      `tokens: ${n(t.total)} in all, ${n(t.min)}–${n(t.max)} per example (mean ${n(Math.round(t.mean))}), ` +
        `${t.encoding}; limit ${n(t.limit)}, ${n(t.overLimit)} over`,
    );
    const { estimated } = t;
    if (estimated?.examples) {
      const why = Object.entries(estimated.reasons).map(
        ([reason, count]) => `${reason} ${n(count)}`,
      );
      lines.push(
        `estimates: ${n(estimated.examples)} of ${plural(t.examples, 'example')} counted approximately (${why.join(', ')}); see "Exact counts and estimates" in docs/training-data.md`,
      );
    }
  }
  if (r.billing) {
    const b = r.billing;
    lines.push(
      b.estimatedBilledTokens === null
        ? `billing: ${b.note}`
        : `billing: about ${n(b.estimatedBilledTokens)} tokens over ${plural(b.epochs, 'epoch')} (${b.epochsSource})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
