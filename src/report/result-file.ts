// Reading a job's result file (`step_metrics.csv`): served base64-encoded by the API, plain by
// some proxies and older servers. Columns may be missing (jobs without validation data, older
// jobs), values may be empty (a step that did not measure them) or not numbers (`nan`): the
// report keeps what it can read and says what it could not.
import { METRICS, type Metric } from './types.ts';

/** A result file's steps and metric columns (`null` where a step has no value), and what was wrong in it. */
export interface ResultRows {
  step: number[];
  values: Record<Metric, Array<number | null>>;
  notes: string[];
}

/** The column each metric is read from, first found wins (`train_accuracy` is the older name). */
const SOURCES: Record<Metric, readonly string[]> = {
  train_loss: ['train_loss'],
  train_mean_token_accuracy: ['train_mean_token_accuracy', 'train_accuracy'],
  valid_loss: ['valid_loss'],
  valid_mean_token_accuracy: ['valid_mean_token_accuracy'],
  full_valid_loss: ['full_valid_loss'],
  full_valid_mean_token_accuracy: ['full_valid_mean_token_accuracy'],
};

/** The text of a result file: base64 is decoded (as UTF-8), plain CSV is returned as it is. */
export function decodeResultFile(body: string): string {
  const trimmed = body.trim();
  if (trimmed.includes(',') || !/^[A-Za-z0-9+/=\r\n]+$/.test(trimmed)) return body;
  try {
    const bytes = Uint8Array.from(atob(trimmed.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return body;
  }
}

const emptyValues = (): Record<Metric, Array<number | null>> =>
  Object.fromEntries(METRICS.map((m) => [m, []])) as unknown as Record<
    Metric,
    Array<number | null>
  >;

/** Parses the CSV into steps and metric columns; rows without a numeric step are skipped. */
export function parseResultFile(text: string): ResultRows {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const notes: string[] = [];
  const values = emptyValues();
  const step: number[] = [];
  if (lines.length === 0) return { step, values, notes: ['The result file is empty.'] };
  const header = lines[0]!.split(',').map((h) => h.trim());
  const stepAt = header.indexOf('step');
  if (stepAt < 0) {
    return { step, values, notes: ['The result file has no `step` column: no curve drawn.'] };
  }
  const at = {} as Record<Metric, number>;
  for (const metric of METRICS)
    at[metric] = SOURCES[metric].map((name) => header.indexOf(name)).find((i) => i >= 0) ?? -1;
  const missing = METRICS.filter((m) => at[m] < 0 && !m.startsWith('full_'));
  if (missing.length) notes.push(`The result file has no column for ${missing.join(', ')}.`);
  let skipped = 0;
  let notNumbers = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const s = Number(cells[stepAt]);
    if (cells[stepAt]?.trim() === '' || !Number.isFinite(s)) {
      skipped++;
      continue;
    }
    step.push(s);
    for (const metric of METRICS) {
      const cell = at[metric] < 0 ? '' : (cells[at[metric]] ?? '').trim();
      if (cell === '') {
        values[metric].push(null);
        continue;
      }
      const n = Number(cell);
      if (Number.isFinite(n)) values[metric].push(n);
      else {
        notNumbers++;
        values[metric].push(null);
      }
    }
  }
  if (skipped) notes.push(`${skipped} row(s) without a numeric step were skipped.`);
  if (notNumbers)
    notes.push(`${notNumbers} value(s) that are not finite numbers (NaN) were left out.`);
  return { step, values, notes };
}

/** Exponential moving average with bias correction (as TensorBoard smooths), skipping gaps. */
export function smooth(values: ReadonlyArray<number | null>, weight: number): Array<number | null> {
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null) return null;
    last = last * weight + (1 - weight) * v;
    count++;
    return weight === 0 ? v : last / (1 - weight ** count);
  });
}
