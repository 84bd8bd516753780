// Submitting many jobs within the API's limits: at most `maxActive` jobs unfinished at once (the API
// caps active jobs per model), the next one created as a slot frees up, and a clean stop at the
// daily cap (429 `daily_rate_limit_exceeded`) with the jobs not yet created handed back.
import type { CreateFineTuningJobRequest, FineTuningJob } from '../../generated/types.gen.ts';
import { InvalidArgumentError, RateLimitError } from '../errors.ts';
import type { RequestOptions } from '../calls/call.ts';
import { type Clock, systemClock } from './clock.ts';
import { isTerminal } from './status.ts';

/** What `submitJobs` needs of the client: `ft.jobs`. */
export interface JobsApi {
  create(body: CreateFineTuningJobRequest, options?: RequestOptions): PromiseLike<FineTuningJob>;
  retrieve(jobId: string, options?: RequestOptions): PromiseLike<FineTuningJob>;
}

/** Options of `submitJobs`. */
export interface SubmitJobsOptions {
  /** Jobs unfinished at once (the API's active-job cap per model, or fewer). @default 3 */
  maxActive?: number | undefined;
  /** Milliseconds between polls of the active jobs while every slot is taken. @default 10000 */
  pollInterval?: number | undefined;
  /** Called with each job as it is created. */
  onCreated?: ((job: FineTuningJob) => void) | undefined;
  /** Stops submitting (jobs already created keep running); the result lists what was left. */
  signal?: AbortSignal | undefined;
  /** Time, for tests. @default the system clock */
  clock?: Clock | undefined;
}

/** What `submitJobs` resolves with. */
export interface SubmitJobsResult {
  /** The jobs created, in the order of the requests. */
  created: FineTuningJob[];
  /** The requests not submitted (after the daily cap or an abort), in order. */
  remaining: CreateFineTuningJobRequest[];
  /** Why it stopped before the end: the daily cap, or the signal. */
  stoppedBy?: 'daily_rate_limit_exceeded' | 'aborted';
  /** The API's message when the daily cap stopped it. */
  message?: string;
}

/** The daily cap: matched by code, so it holds for a RateLimitError and any subclass of it. */
const isDailyCap = (error: unknown) =>
  error instanceof RateLimitError && error.code === 'daily_rate_limit_exceeded';
/** The active-job cap: another 429, cleared when a job ends. */
const isBusy = (error: unknown) => error instanceof RateLimitError && !isDailyCap(error);

/**
 * Creates the jobs of `requests` one after another, keeping at most `maxActive` unfinished: when
 * every slot is taken (or the API answers 429 for the active-job cap) it polls the active jobs
 * and creates the next one as soon as one ends. At the daily cap it stops cleanly and resolves
 * with the jobs created and the requests left (submit them the next day).
 * @example
 * const { created, remaining, stoppedBy } = await submitJobs(ft.jobs, requests, { maxActive: 2 });
 * if (stoppedBy === 'daily_rate_limit_exceeded') console.log(`${remaining.length} left for tomorrow`);
 */
export async function submitJobs(
  jobs: JobsApi,
  requests: readonly CreateFineTuningJobRequest[],
  options: SubmitJobsOptions = {},
): Promise<SubmitJobsResult> {
  const maxActive = options.maxActive ?? 3;
  if (!Number.isInteger(maxActive) || maxActive < 1)
    throw new InvalidArgumentError(
      `submitJobs: maxActive must be a whole number ≥ 1, got ${maxActive}.`,
    );
  if (!Array.isArray(requests))
    throw new InvalidArgumentError('submitJobs: pass the job requests as an array.');
  const clock = options.clock ?? systemClock;
  const interval = options.pollInterval ?? 10_000;
  const created: FineTuningJob[] = [];
  let active: FineTuningJob[] = [];
  const refresh = async () => {
    active = await Promise.all(active.map((job) => jobs.retrieve(job.id)));
    active = active.filter((job) => !isTerminal(job.status));
  };
  for (let next = 0; next < requests.length; ) {
    if (options.signal?.aborted)
      return { created, remaining: requests.slice(next), stoppedBy: 'aborted' };
    if (active.length >= maxActive) {
      await clock.sleep(interval, options.signal).catch(() => {});
      await refresh();
      continue;
    }
    try {
      // No retries of a 429 here: the daily cap will not lift, and a full slot is waited for above.
      const job = await jobs.create(requests[next]!, { maxRetries: 0 });
      created.push(job);
      active.push(job);
      options.onCreated?.(job);
      next++;
    } catch (error) {
      if (isDailyCap(error)) {
        return {
          created,
          remaining: requests.slice(next),
          stoppedBy: 'daily_rate_limit_exceeded',
          message: (error as Error).message,
        };
      }
      if (!isBusy(error)) throw error;
      // The API's active-job cap is lower than maxActive (or jobs made elsewhere hold the slots):
      // wait for a slot as if every one were taken.
      await clock.sleep(interval, options.signal).catch(() => {});
      await refresh();
    }
  }
  return { created, remaining: [] };
}
