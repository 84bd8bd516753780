// Reads what a report shows from the API: each job, its result file (or, while it has none, its
// metric events), its checkpoints; then sorts a sweep by the chosen metric.
// Long because a report's reads (jobs, result files, metric events, checkpoints) and the sweep's
// sort follow one another, in reading order.
import type { FineTuningJob, FineTuningJobCheckpoint } from '../../generated/types.gen.ts';
import { MARKER_KEY } from '../calls/create-job.ts';
import type { FineTuning } from '../client.ts';
import { ReportInputError } from './errors.ts';
import { checkEvalComparison } from './evals.ts';
import { PRICE_SOURCE, priceFor, TRAINING_PRICES } from './prices.ts';
import { decodeResultFile, parseResultFile, type ResultRows, smooth } from './result-file.ts';
import {
  type CostEstimate,
  type Curves,
  type EvalComparison,
  type JobReport,
  METRICS,
  type Metric,
  type ReportData,
} from './types.ts';

/** What `collectReport` and `buildReport` report on, and how. */
export interface ReportOptions {
  /**
   * Job ids to report on.
   * @default []
   */
  jobs?: readonly string[] | undefined;
  /**
   * Every job with all of this metadata (a sweep's tag), newest first.
   * @default undefined (only the jobs in `jobs`)
   */
  metadata?: Readonly<Record<string, string>> | undefined;
  /**
   * An eval comparison (`ft.evals.compare()`'s result, or any object of its shape).
   * @default undefined (no eval section)
   */
  evals?: EvalComparison | undefined;
  /**
   * The metric the sweep table is sorted by; `auto` takes the first that some job has of
   * full_valid_loss, valid_loss, train_loss.
   * @default 'auto'
   */
  sortBy?: Metric | 'auto' | undefined;
  /**
   * The weight of the moving average drawn over the raw curves, in [0, 1): 0 draws the raw values.
   * @default 0.6
   */
  smoothing?: number | undefined;
  /**
   * The page's title.
   * @default 'Fine-tuning report'
   */
  title?: string | undefined;
  /**
   * Training prices in dollars per million tokens, by base model (replace the built-in table).
   * @default TRAINING_PRICES
   */
  prices?: Readonly<Record<string, number>> | undefined;
  /**
   * At most this many jobs from `metadata`.
   * @default 100
   */
  maxJobs?: number | undefined;
  /**
   * When the report was built, for reproducible output.
   * @default new Date()
   */
  now?: Date | undefined;
}

function checkOptions(o: ReportOptions): void {
  const bad = (message: string) => {
    throw new ReportInputError(message);
  };
  if (o.jobs !== undefined) {
    if (!Array.isArray(o.jobs) || o.jobs.some((j) => typeof j !== 'string' || j.trim() === ''))
      bad('jobs must be an array of job ids (like "ftjob-abc123").');
  }
  if (o.metadata !== undefined) {
    if (
      typeof o.metadata !== 'object' ||
      o.metadata === null ||
      Object.values(o.metadata).some((v) => typeof v !== 'string')
    )
      bad('metadata must be an object of strings, like { sweep: "lr" }.');
  }
  if (!o.jobs?.length && (!o.metadata || Object.keys(o.metadata).length === 0))
    bad('name the jobs to report on: pass job ids (jobs) or the metadata a sweep was tagged with.');
  if (o.sortBy !== undefined && o.sortBy !== 'auto' && !METRICS.includes(o.sortBy))
    bad(`sortBy must be 'auto' or one of ${METRICS.join(', ')}; got ${JSON.stringify(o.sortBy)}.`);
  if (
    o.smoothing !== undefined &&
    !(typeof o.smoothing === 'number' && o.smoothing >= 0 && o.smoothing < 1)
  )
    bad(
      `smoothing must be a number from 0 (raw) up to but not including 1; got ${String(o.smoothing)}.`,
    );
  if (o.maxJobs !== undefined && !(Number.isInteger(o.maxJobs) && o.maxJobs > 0))
    bad(`maxJobs must be a whole number > 0; got ${String(o.maxJobs)}.`);
  if (o.prices !== undefined) {
    const entries = typeof o.prices === 'object' && o.prices ? Object.entries(o.prices) : [];
    if (entries.length === 0 || entries.some(([, v]) => !(typeof v === 'number' && v >= 0)))
      bad('prices must map model names to dollars per million training tokens (numbers >= 0).');
  }
}

async function findJobs(ft: FineTuning, o: ReportOptions): Promise<FineTuningJob[]> {
  const jobs: FineTuningJob[] = [];
  const seen = new Set<string>();
  for (const id of o.jobs ?? []) {
    if (seen.has(id)) continue;
    seen.add(id);
    jobs.push(await ft.jobs.retrieve(id));
  }
  if (o.metadata && Object.keys(o.metadata).length > 0) {
    const max = o.maxJobs ?? 100;
    let found = 0;
    for await (const job of ft.jobs.list({ metadata: { ...o.metadata }, limit: 100 })) {
      if (found >= max) break;
      found++;
      if (seen.has(job.id)) continue;
      seen.add(job.id);
      jobs.push(job);
    }
    if (found === 0) {
      const tags = Object.entries(o.metadata)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      throw new ReportInputError(
        `no job has the metadata ${tags}: check the tag (openai-ft jobs list --metadata ${tags.split(', ')[0]}).`,
      );
    }
  }
  return jobs;
}

async function resultRows(ft: FineTuning, job: FineTuningJob): Promise<ResultRows | undefined> {
  for (const fileId of job.result_files ?? []) {
    const body = await (await ft.files.content(fileId)).text();
    const rows = parseResultFile(decodeResultFile(body));
    if (rows.step.length > 0 || rows.notes.length > 0) return rows;
  }
  return undefined;
}

/** The curve from the job's metric events, for a job without a result file (running, failed). */
async function eventRows(ft: FineTuning, job: FineTuningJob): Promise<ResultRows | undefined> {
  const byStep = new Map<number, Record<string, unknown>>();
  let read = 0;
  for await (const event of ft.jobs.listEvents(job.id, { limit: 100 })) {
    if (++read > 10_000) break;
    const data = event.data as Record<string, unknown> | undefined;
    if (event.type !== 'metrics' || !data || typeof data.step !== 'number') continue;
    byStep.set(data.step, data);
  }
  if (byStep.size === 0) return undefined;
  const steps = [...byStep.keys()].sort((a, b) => a - b);
  const values = Object.fromEntries(
    METRICS.map((m) => [
      m,
      steps.map((s) => {
        const v = byStep.get(s)![m];
        return typeof v === 'number' && Number.isFinite(v) ? v : null;
      }),
    ]),
  ) as ResultRows['values'];
  return { step: steps, values, notes: [] };
}

function curvesOf(rows: ResultRows | undefined, smoothing: number): Curves {
  const step = rows?.step ?? [];
  const raw = {} as Curves['raw'];
  const smoothed = {} as Curves['smoothed'];
  const present: Metric[] = [];
  for (const m of METRICS) {
    raw[m] = rows?.values[m] ?? [];
    // The full validation set is measured a few times a job: its points are drawn, not smoothed.
    smoothed[m] = m.startsWith('full_') ? raw[m] : smooth(raw[m], smoothing);
    if (raw[m].some((v) => v !== null)) present.push(m);
  }
  return { step, raw, smoothed, present };
}

function costOf(
  job: FineTuningJob,
  prices: Readonly<Record<string, number>>,
  custom: boolean,
): CostEstimate {
  const source = custom ? 'the prices passed to the report' : PRICE_SOURCE;
  if (job.method?.type === 'reinforcement')
    return {
      usd: null,
      usdPerMillionTokens: null,
      note: 'Reinforcement fine-tuning is billed by training time, not tokens: no estimate.',
    };
  const price = priceFor(job.model, prices);
  if (price === undefined)
    return {
      usd: null,
      usdPerMillionTokens: null,
      note: `No training price known for ${job.model} (${source}).`,
    };
  if (!job.trained_tokens)
    return {
      usd: null,
      usdPerMillionTokens: price,
      note: `No trained tokens reported yet (status ${job.status}); price from ${source}.`,
    };
  return {
    usd: (job.trained_tokens * price) / 1_000_000,
    usdPerMillionTokens: price,
    note: `trained_tokens x $${price} per 1M tokens, from ${source}.`,
  };
}

function finalOf(curves: Curves): JobReport['final'] {
  const final: JobReport['final'] = {};
  for (const m of curves.present) {
    const values = curves.raw[m];
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (v !== null && v !== undefined) {
        final[m] = v;
        break;
      }
    }
  }
  return final;
}

async function jobReport(ft: FineTuning, job: FineTuningJob, o: ReportOptions): Promise<JobReport> {
  const notes: string[] = [];
  let rows = await resultRows(ft, job);
  let source: JobReport['source'] = rows ? 'result-file' : 'none';
  if (!rows) {
    rows = await eventRows(ft, job);
    if (rows) {
      source = 'events';
      notes.push(
        `No result file (status ${job.status}): the curves come from the job's metric events.`,
      );
    } else
      notes.push(`No result file and no metric events (status ${job.status}): no curve to draw.`);
  }
  notes.push(...(rows?.notes ?? []));
  if (rows && rows.step.length === 1) notes.push('Only one step: the curves are single points.');
  const curves = curvesOf(rows, o.smoothing ?? 0.6);
  const checkpoints: FineTuningJobCheckpoint[] = [];
  for await (const c of ft.jobs.listCheckpoints(job.id, { limit: 100 })) checkpoints.push(c);
  const metadata = job.metadata ? { ...job.metadata } : null;
  if (metadata) delete metadata[MARKER_KEY];
  const method = job.method?.type ?? 'supervised';
  const methodHyper = (
    job.method as unknown as Record<string, { hyperparameters?: object } | undefined>
  )?.[method]?.hyperparameters;
  const error = job.error as { code?: string | null; message?: string | null } | null;
  const suffix = (job as { user_provided_suffix?: string | null }).user_provided_suffix;
  return {
    id: job.id,
    model: job.model,
    fineTunedModel: job.fine_tuned_model ?? null,
    status: job.status,
    suffix: suffix ?? (job.fine_tuned_model?.split(':')[3] || null),
    method,
    metadata: metadata && Object.keys(metadata).length ? metadata : null,
    hyperparameters: { ...(job.hyperparameters ?? {}), ...(methodHyper ?? {}) },
    createdAt: job.created_at,
    finishedAt: job.finished_at ?? null,
    durationSeconds: job.finished_at ? job.finished_at - job.created_at : null,
    trainedTokens: job.trained_tokens ?? null,
    cost: costOf(job, o.prices ?? TRAINING_PRICES, o.prices !== undefined),
    error: error?.message ? { code: error.code ?? null, message: error.message } : null,
    source,
    curves,
    checkpoints: checkpoints
      .map((c) => ({
        step: c.step_number,
        model: c.fine_tuned_model_checkpoint,
        metrics: { ...c.metrics },
      }))
      .sort((a, b) => a.step - b.step),
    final: finalOf(curves),
    notes,
  };
}

const SORT_FALLBACK: Metric[] = ['full_valid_loss', 'valid_loss', 'train_loss'];

/** Orders jobs by `data.sortBy`: those with the metric first, best first; the rest keep their order. */
export function order(jobs: readonly JobReport[], metric: Metric): string[] {
  const lower = !metric.includes('accuracy');
  const withIt = jobs.filter((j) => j.final[metric] !== undefined);
  withIt.sort((a, b) => (lower ? 1 : -1) * (a.final[metric]! - b.final[metric]!));
  return [...withIt, ...jobs.filter((j) => j.final[metric] === undefined)].map((j) => j.id);
}

/** Everything the page shows, as JSON (what `openai-ft report --json` prints). */
export async function collectReport(ft: FineTuning, options: ReportOptions): Promise<ReportData> {
  checkOptions(options);
  const evals = options.evals === undefined ? null : checkEvalComparison(options.evals);
  const found = await findJobs(ft, options);
  const jobs: JobReport[] = [];
  for (const job of found) jobs.push(await jobReport(ft, job, options));
  const requested = options.sortBy ?? 'auto';
  const metric =
    requested === 'auto'
      ? (SORT_FALLBACK.find((m) => jobs.some((j) => j.final[m] !== undefined)) ?? 'train_loss')
      : requested;
  const ids = order(jobs, metric);
  const best = jobs.find((j) => j.id === ids[0])?.final[metric] !== undefined ? ids[0]! : null;
  return {
    title: options.title ?? 'Fine-tuning report',
    generatedAt: (options.now ?? new Date()).toISOString(),
    sortBy: { metric, lowerIsBetter: !metric.includes('accuracy') },
    smoothing: options.smoothing ?? 0.6,
    order: ids,
    best,
    jobs,
    evals,
    prices: { source: options.prices ? 'the prices passed to the report' : PRICE_SOURCE },
  };
}
