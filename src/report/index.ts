// `openai-fine-tuning/report`: a job or a sweep as one self-contained HTML page (loss and accuracy
// curves, checkpoints, hyperparameters, tokens, duration, cost; a sweep table; an eval comparison).
// Node only: it inlines the uPlot package's files, read from disk.
import type { FineTuning } from '../client.ts';
import { collectReport, type ReportOptions } from './collect.ts';
import { renderReport } from './html.ts';

export { collectReport, type ReportOptions } from './collect.ts';
export { ReportInputError, isReportInputError } from './errors.ts';
export { checkEvalComparison } from './evals.ts';
export { escapeHtml, renderReport } from './html.ts';
export { PRICE_SOURCE, priceFor, TRAINING_PRICES } from './prices.ts';
export { decodeResultFile, parseResultFile, type ResultRows, smooth } from './result-file.ts';
export type {
  CostEstimate,
  Curves,
  EvalComparison,
  JobReport,
  Metric,
  ReportData,
} from './types.ts';
export { METRICS } from './types.ts';

/**
 * The report of the jobs `options` names (ids, or a sweep's metadata) as one HTML page that opens
 * without a network.
 * @example
 * import { writeFileSync } from 'node:fs';
 * const html = await buildReport(ft, { metadata: { sweep: 'lr' } });
 * writeFileSync('report.html', html);
 */
export async function buildReport(ft: FineTuning, options: ReportOptions): Promise<string> {
  return renderReport(await collectReport(ft, options));
}
