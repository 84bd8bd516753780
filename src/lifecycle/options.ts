import { describeValue } from '../transport/args.ts';
import type { FineTuningJob } from '../../generated/types.gen.ts';
import { InvalidArgumentError } from '../errors.ts';
import { systemClock, type Clock } from './clock.ts';
import type { JobStatus } from './status.ts';

/** Milliseconds between polls, per status. Unlisted statuses use `default`. */
export type PollIntervals = Partial<Record<JobStatus | 'default', number>>;

/** Options of `jobs.follow`. */
export interface FollowOptions {
  /**
   * Ends the stream (and any request in flight) when aborted.
   * @default none: the stream runs until the job finishes
   */
  signal?: AbortSignal | undefined;
  /**
   * How long to wait between polls: one number for every status, a map by status, or a function
   * of the last seen job. Fast while the job runs, slower while it waits its turn.
   * @default { running: 5_000, validating_files: 5_000, queued: 15_000, paused: 30_000, default: 10_000 }
   */
  pollInterval?: number | PollIntervals | ((job: FineTuningJob) => number) | undefined;
  /**
   * Milliseconds after which the stream throws `JobTimeoutError` (carrying the last seen job) if
   * the job is not finished: the last pause ends at the deadline, and a request still in flight
   * then is aborted. Only the waiting stops; the job keeps running.
   * @default no limit
   */
  timeout?: number | undefined;
  /**
   * Yield the events the job had before following started.
   * @default true
   */
  history?: boolean | undefined;
  /**
   * How many polls in a row may fail with a transient error (network, 408, 409, 429, 5xx, an
   * unreadable body) before the stream throws the last one. Each failed poll is retried after
   * the usual interval. Other errors (401, 404, ...) are thrown at once.
   * @default 5
   */
  maxPollFailures?: number | undefined;
  /**
   * Events asked for per request.
   * @default 100
   */
  pageSize?: number | undefined;
  /**
   * The most requests the loop sends in any minute. The API sends no `x-ratelimit-*` headers on
   * the fine-tuning routes, so polling paces itself by this budget; a 429 pauses it for the
   * `retry-after` named (a minute when none) and halves the budget.
   * @default 60, or what `pollInterval` asks for when more (two requests a poll, and half again)
   */
  requestsPerMinute?: number | undefined;
  /**
   * The clock used to pause between polls and measure `timeout`; replace it in tests.
   * @default the system clock (`Date.now()` and `setTimeout`)
   */
  clock?: Clock | undefined;
}

export const DEFAULT_INTERVALS: Readonly<
  Required<Pick<PollIntervals, 'running' | 'validating_files' | 'queued' | 'paused' | 'default'>>
> = {
  running: 5_000,
  validating_files: 5_000,
  queued: 15_000,
  paused: 30_000,
  default: 10_000,
};

/** `FollowOptions` with every default filled in, checked once. */
export interface ResolvedFollowOptions {
  signal: AbortSignal | undefined;
  /** The pause after a poll; `undefined` before the job was ever seen. */
  intervalFor: (job: FineTuningJob | undefined) => number;
  timeout: number | undefined;
  history: boolean;
  maxPollFailures: number;
  pageSize: number;
  /** Undefined: the default, from the poll interval (`defaultBudget`). */
  requestsPerMinute: number | undefined;
  clock: Clock;
}

function checkCount(name: string, value: number, min: number): number {
  // Timers cannot wait longer than 2^31 - 1 ms (about 24.8 days): a longer wait would fire at once.
  if (typeof value !== 'number' || !(value >= min && value <= 2_147_483_647)) {
    throw new InvalidArgumentError(
      `${name} must be a finite number >= ${min}, got ${describeValue(value)}; the most a timer can wait is 2147483647 ms.`,
    );
  }
  return value;
}

function intervalFunction(
  option: FollowOptions['pollInterval'],
): (job: FineTuningJob | undefined) => number {
  if (typeof option === 'function') {
    return (job) =>
      job ? checkCount('pollInterval(job)', option(job), 0) : DEFAULT_INTERVALS.default;
  }
  if (typeof option === 'number') {
    const ms = checkCount('pollInterval', option, 0);
    return () => ms;
  }
  if (option !== undefined && (option === null || typeof option !== 'object')) {
    throw new InvalidArgumentError(
      `pollInterval must be a number of milliseconds, a map by status or a function of the job, got ${describeValue(option)}.`,
    );
  }
  const map: Record<string, number | undefined> = { ...DEFAULT_INTERVALS, ...option };
  for (const [status, ms] of Object.entries(map)) {
    if (ms !== undefined) checkCount(`pollInterval.${status}`, ms, 0);
  }
  return (job) => (job ? map[job.status] : undefined) ?? map.default ?? DEFAULT_INTERVALS.default;
}

export function resolveFollowOptions(options: FollowOptions = {}): ResolvedFollowOptions {
  const pageSize = checkCount('pageSize', options.pageSize ?? 100, 1);
  return {
    signal: options.signal,
    intervalFor: intervalFunction(options.pollInterval),
    timeout: options.timeout === undefined ? undefined : checkCount('timeout', options.timeout, 0),
    history: options.history ?? true,
    maxPollFailures: Math.floor(checkCount('maxPollFailures', options.maxPollFailures ?? 5, 0)),
    pageSize: Math.floor(pageSize),
    requestsPerMinute:
      options.requestsPerMinute === undefined
        ? undefined
        : Math.floor(checkCount('requestsPerMinute', options.requestsPerMinute, 1)),
    clock: options.clock ?? systemClock,
  };
}
