// The report's data: what `collectReport` reads from the API and what the page (and `--json`)
// show. Plain JSON, so `openai-ft report --json` prints exactly what the page draws.
import type { ModelResult } from '../evals/compare.ts';

/**
 * The comparison of models on one eval, as `ft.evals.compare()` returns it. Typed by shape: any
 * object with these fields can be passed.
 */
export interface EvalComparison {
  evalId: string;
  models: Array<Omit<ModelResult, 'score'>>;
  items: Array<{ index: number; item: unknown; passedBy: string[]; failedBy: string[] }>;
  best?: string;
}

/** The result-file columns the report reads (a real job's `step_metrics.csv` has them all). */
export const METRICS = [
  'train_loss',
  'train_mean_token_accuracy',
  'valid_loss',
  'valid_mean_token_accuracy',
  'full_valid_loss',
  'full_valid_mean_token_accuracy',
] as const;
/** One of `METRICS`. */
export type Metric = (typeof METRICS)[number];

/** A job's curves: `step` and one array per metric, `null` where a step has no value. */
export interface Curves {
  step: number[];
  raw: Record<Metric, Array<number | null>>;
  /** Exponential moving average of `raw` (weight `smoothing`), for the loss and accuracy lines. */
  smoothed: Record<Metric, Array<number | null>>;
  /** The metrics with at least one value. */
  present: Metric[];
}

/** A job's training cost: trained tokens times the model's price. */
export interface CostEstimate {
  /** US dollars, or null when no price is known for the model or no tokens were trained. */
  usd: number | null;
  /** The training price used, in dollars per million trained tokens. */
  usdPerMillionTokens: number | null;
  /** Where the price comes from, or why there is no estimate. */
  note: string;
}

/** One job as the report shows it. */
export interface JobReport {
  id: string;
  model: string;
  fineTunedModel: string | null;
  status: string;
  suffix: string | null;
  method: string;
  metadata: Record<string, string> | null;
  hyperparameters: Record<string, unknown>;
  createdAt: number;
  finishedAt: number | null;
  /** Seconds from creation to the end, or null while the job has not ended. */
  durationSeconds: number | null;
  trainedTokens: number | null;
  cost: CostEstimate;
  error: { code: string | null; message: string } | null;
  /** Where the curves come from: the result file, the job's metric events, or nowhere. */
  source: 'result-file' | 'events' | 'none';
  curves: Curves;
  checkpoints: Array<{ step: number; model: string; metrics: Record<string, unknown> }>;
  /** The last value of each metric. */
  final: Partial<Record<Metric, number>>;
  /** What was missing or wrong in the job's data (missing columns, values that are not numbers). */
  notes: string[];
}

/** Everything the page shows; `openai-ft report --json` prints it. */
export interface ReportData {
  title: string;
  /** ISO 8601, when the report was built. */
  generatedAt: string;
  /** The metric the sweep table is sorted by, and whether lower is better. */
  sortBy: { metric: Metric; lowerIsBetter: boolean };
  smoothing: number;
  /** Job ids in table order: those with the metric first, best first. */
  order: string[];
  /** The best job by `sortBy`, or null when no job has that metric. */
  best: string | null;
  jobs: JobReport[];
  evals: EvalComparison | null;
  prices: { source: string };
}
