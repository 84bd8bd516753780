import { describeValue } from '../transport/args.ts';
import type { FineTuningJobCheckpoint } from '../../generated/types.gen.ts';
import { InvalidArgumentError } from '../errors.ts';

/** A metric a checkpoint reports. */
export type CheckpointMetric = keyof FineTuningJobCheckpoint['metrics'];

/** Options of `bestCheckpoint` and `jobs.bestCheckpoint`: which metric ranks the checkpoints. */
export interface BestCheckpointOptions {
  /**
   * The metric to rank by.
   * @default 'full_valid_loss' (falls back to 'valid_loss', then 'train_loss', when no checkpoint has it)
   */
  metric?: CheckpointMetric | undefined;
  /** Whether lower or higher is better. @default 'min' for losses, 'max' for accuracies */
  goal?: 'min' | 'max' | undefined;
}

const FALLBACK: readonly CheckpointMetric[] = ['full_valid_loss', 'valid_loss', 'train_loss'];
const METRICS: ReadonlySet<string> = new Set<CheckpointMetric>([
  'step',
  'train_loss',
  'train_mean_token_accuracy',
  'valid_loss',
  'valid_mean_token_accuracy',
  'full_valid_loss',
  'full_valid_mean_token_accuracy',
]);

function metricOf(
  checkpoint: FineTuningJobCheckpoint,
  metric: CheckpointMetric,
): number | undefined {
  const value = checkpoint.metrics?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The checkpoint with the best value of a metric, or undefined when none reports it. Ties go to the
 * later step, which has seen more data.
 * @example
 * const best = bestCheckpoint(page.data, { metric: 'valid_mean_token_accuracy' });
 */
export function bestCheckpoint(
  checkpoints: Iterable<FineTuningJobCheckpoint>,
  options: BestCheckpointOptions = {},
): FineTuningJobCheckpoint | undefined {
  if (options.metric !== undefined && !METRICS.has(options.metric)) {
    throw new InvalidArgumentError(
      `metric must be one of ${[...METRICS].join(', ')}; got ${describeValue(options.metric)}.`,
    );
  }
  if (options.goal !== undefined && options.goal !== 'min' && options.goal !== 'max') {
    throw new InvalidArgumentError(
      `goal must be 'min' or 'max'; got ${describeValue(options.goal)}.`,
    );
  }
  const list = [...checkpoints];
  const metric =
    options.metric ?? FALLBACK.find((m) => list.some((c) => metricOf(c, m) !== undefined));
  if (metric === undefined) return undefined;
  const goal = options.goal ?? (metric.endsWith('loss') ? 'min' : 'max');
  let best: FineTuningJobCheckpoint | undefined;
  let bestValue = 0;
  for (const checkpoint of list) {
    const value = metricOf(checkpoint, metric);
    if (value === undefined) continue;
    const better = goal === 'min' ? value < bestValue : value > bestValue;
    const tie = value === bestValue && checkpoint.step_number > (best?.step_number ?? -Infinity);
    if (!best || better || tie) {
      best = checkpoint;
      bestValue = value;
    }
  }
  return best;
}
