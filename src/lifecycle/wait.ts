import { AbortError } from '../errors/connection.ts';
import type { FineTuningJob, FineTuningJobEvent } from '../../generated/types.gen.ts';
import { JobFailedError } from './errors.ts';
import { follow, type JobSource, type StatusUpdate } from './follow.ts';
import { withSpan } from '../telemetry/spans.ts';
import type { FollowOptions } from './options.ts';
import type { JobProgress } from './progress.ts';
import { isTerminal } from './status.ts';

/** Options of `jobs.wait`: those of `follow`, plus callbacks for what it sees on the way. */
export interface WaitOptions extends FollowOptions {
  /**
   * Called with each new event of the job, oldest first.
   * @default none
   */
  onEvent?: ((event: FineTuningJobEvent, job: FineTuningJob) => void) | undefined;
  /**
   * Called whenever the progress changes (a metric event, a new status or estimated finish).
   * @default none
   */
  onProgress?: ((progress: JobProgress, job: FineTuningJob) => void) | undefined;
  /**
   * Called when the status changes, and once with the status the job had at the start.
   * @default none
   */
  onStatus?: ((update: StatusUpdate) => void) | undefined;
}

/**
 * Resolves with the job once it succeeded or was cancelled. Rejects with `JobFailedError` when it
 * failed, `JobTimeoutError` (with the last seen job) after `timeout`, and `AbortError` (its `cause`
 * is `signal.reason`) when the signal aborts.
 */
export function wait(
  jobs: JobSource,
  jobId: string,
  options: WaitOptions = {},
): Promise<FineTuningJob> {
  // One `jobs.wait` span over the whole wait, the `jobs.follow` span and its polls inside it.
  return withSpan('jobs.wait', { 'openai.fine_tuning.job.id': jobId }, async (span) => {
    const job = await waitSteps(jobs, jobId, options);
    span.set({ 'openai.fine_tuning.job.status': job.status });
    return job;
  });
}

async function waitSteps(
  jobs: JobSource,
  jobId: string,
  options: WaitOptions,
): Promise<FineTuningJob> {
  const { onEvent, onProgress, onStatus, ...followOptions } = options;
  let last: FineTuningJob | undefined;
  let lastProgress: JobProgress | undefined;
  for await (const update of follow(jobs, jobId, followOptions)) {
    last = update.job;
    if (update.type === 'event') onEvent?.(update.event, update.job);
    else onStatus?.(update);
    // A job that has finished by the time of a poll reports its progress once, at the end, rather
    // than a replay of its steps that would read "succeeded" beside each of them.
    if (
      update.progress !== lastProgress &&
      (update.type === 'status' || !isTerminal(update.job.status))
    ) {
      lastProgress = update.progress;
      onProgress?.(update.progress, update.job);
    }
  }
  // follow ends quietly on abort; a promise has nothing to resolve with then. It rejects as every
  // aborted call does: an AbortError whose `cause` is the signal's reason.
  if (options.signal?.aborted) {
    throw new AbortError(
      'GET',
      `/fine_tuning/jobs/${jobId}`,
      options.signal.reason,
      `jobs.wait(${JSON.stringify(jobId)}) was aborted by the caller's signal.`,
    );
  }
  if (!last) throw new Error(`follow ended without ever seeing job ${jobId}`); // unreachable: follow yields a status first
  if (last.status === 'failed') throw new JobFailedError(last);
  return last;
}
