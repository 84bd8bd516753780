import type { FineTuningJob, FineTuningJobEvent } from '../../generated/types.gen.ts';
import type { JobStatus } from './status.ts';

/** How far a job has come, from its metric events and its status. */
export interface JobProgress {
  status: JobStatus;
  /** The last training step reported, or undefined before the first metric event. */
  step: number | undefined;
  /** The steps the job will run, when a metric event said so. */
  totalSteps: number | undefined;
  /** `step / totalSteps` in [0, 1]; 1 once the job succeeded; undefined while unknown. */
  fraction: number | undefined;
  /** Latest training loss. */
  trainLoss: number | undefined;
  /** Latest loss on a validation batch. */
  validLoss: number | undefined;
  /** Latest loss on the full validation set (reported at the end of an epoch). */
  fullValidLoss: number | undefined;
  /** The latest value of every numeric metric seen (`train_mean_token_accuracy`, ...), by name. */
  metrics: Readonly<Record<string, number>>;
  /** When the job expects to finish, when it reports one (`estimated_finish`). */
  estimatedFinish: Date | undefined;
}

/** The progress of a job nothing is known about yet. */
export function initialProgress(status: JobStatus = 'validating_files'): JobProgress {
  return {
    status,
    step: undefined,
    totalSteps: undefined,
    fraction: undefined,
    trainLoss: undefined,
    validLoss: undefined,
    fullValidLoss: undefined,
    metrics: {},
    estimatedFinish: undefined,
  };
}

// A metric event's progress is that of its step, even when the job has finished since: following a
// finished job replays its steps (1/36, 2/36, …), not "succeeded 100% step 1/36". `completed` puts
// the fraction at 1 once a poll's events are all read.
function fractionOf(
  status: string,
  step: number | undefined,
  totalSteps: number | undefined,
): number | undefined {
  if (step !== undefined && totalSteps) return Math.min(1, Math.max(0, step / totalSteps));
  return status === 'succeeded' ? 1 : undefined;
}

/** The progress once every event of a poll is in: a succeeded job is done (fraction 1). */
export function completed(progress: JobProgress): JobProgress {
  return progress.status === 'succeeded' && progress.fraction !== 1
    ? { ...progress, fraction: 1 }
    : progress;
}

/** The progress after a metric event; other events leave it as it was (the same object). */
export function withEvent(progress: JobProgress, event: FineTuningJobEvent): JobProgress {
  if (event.type !== 'metrics' || !event.data) return progress;
  const metrics: Record<string, number> = { ...progress.metrics };
  for (const [name, value] of Object.entries(event.data)) {
    if (typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
  }
  const step = metrics.step ?? progress.step;
  const totalSteps = metrics.total_steps ?? progress.totalSteps;
  return {
    ...progress,
    step,
    totalSteps,
    fraction: fractionOf(progress.status, step, totalSteps),
    trainLoss: metrics.train_loss,
    validLoss: metrics.valid_loss,
    fullValidLoss: metrics.full_valid_loss,
    metrics,
  };
}

/** The progress after a fresh look at the job: its status and estimated finish. */
export function withJob(progress: JobProgress, job: FineTuningJob): JobProgress {
  const finish = job.estimated_finish;
  const estimatedFinish =
    typeof finish === 'number' && finish > 0 ? new Date(finish * 1000) : undefined;
  const status = job.status as JobStatus;
  if (
    status === progress.status &&
    estimatedFinish?.getTime() === progress.estimatedFinish?.getTime()
  )
    return progress;
  return {
    ...progress,
    status,
    estimatedFinish,
    fraction: fractionOf(status, progress.step, progress.totalSteps),
  };
}
