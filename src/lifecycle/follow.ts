import type { FineTuningJob, FineTuningJobEvent } from '../../generated/types.gen.ts';
import type { RequestOptions } from '../calls/call.ts';
import { JobTimeoutError } from './errors.ts';
import type { RateLimit } from '../errors/rate-limit.ts';
import type { EventPage } from './new-events.ts';
import { resolveFollowOptions, type FollowOptions, type ResolvedFollowOptions } from './options.ts';
import { paceDelay } from './pace.ts';
import { isTerminal } from './status.ts';
import { JobTracker, type FollowUpdate } from './tracker.ts';
import { isTransient } from './transient.ts';
import { type SpanHandle, withSpanGenerator } from '../telemetry/spans.ts';

/** The two calls `follow` needs; `ft.jobs` has them. */
export interface JobSource {
  retrieve(jobId: string, options?: RequestOptions): PromiseLike<FineTuningJob>;
  listEvents(
    jobId: string,
    params?: { after?: string; limit?: number },
    options?: RequestOptions,
  ): PromiseLike<EventPage>;
  /** The latest `x-ratelimit-*` figures, when known: polls slow down before a 429. */
  readonly rateLimit?: RateLimit | undefined;
}

export type { EventUpdate, FollowUpdate, StatusUpdate } from './tracker.ts';

/**
 * Polls a job and yields each new event once, oldest first, and each status change, until the job
 * succeeds, fails or is cancelled. Each poll retrieves the job first and then reads its events, so
 * the events that led to a final status are yielded before the stream ends. Bad options throw here,
 * at the call, rather than at the first iteration.
 */
export function follow(
  jobs: JobSource,
  jobId: string,
  options?: FollowOptions,
): AsyncGenerator<FollowUpdate, void, undefined> {
  return followResolved(jobs, jobId, resolveFollowOptions(options));
}

/**
 * `follow` with options already checked and resolved (`jobs.follow` checks them at the call), in a
 * `jobs.follow` span (when an OpenTelemetry provider is registered) with a `status` event per change.
 */
export function followResolved(
  jobs: JobSource,
  jobId: string,
  o: ResolvedFollowOptions,
): AsyncGenerator<FollowUpdate, void, undefined> {
  return withSpanGenerator(
    'jobs.follow',
    { 'openai.fine_tuning.job.id': jobId },
    () => followSteps(jobs, jobId, o),
    statusEvent,
  );
}

/** A status change as a span event (follow, wait and watch report them alike). */
export function statusEvent(span: SpanHandle, update: FollowUpdate): void {
  if (update.type !== 'status') return;
  span.event('status', {
    'openai.fine_tuning.job.id': update.job.id,
    'openai.fine_tuning.job.status': update.status,
    'openai.fine_tuning.job.previous_status': update.previous,
  });
}

async function* followSteps(
  jobs: JobSource,
  jobId: string,
  o: ResolvedFollowOptions,
): AsyncGenerator<FollowUpdate, void, undefined> {
  const { clock, signal } = o;
  const started = clock.now();
  // The deadline aborts a request in flight too, so a hung connection cannot outlast `timeout`.
  const deadline = o.timeout === undefined ? undefined : clock.timeout(o.timeout);
  const signals = [signal, deadline].filter((s) => s !== undefined);
  const request: RequestOptions = signals.length
    ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }
    : {};
  const tracker = new JobTracker(jobId, o.history);
  let failures = 0;

  while (!signal?.aborted) {
    let fresh: FineTuningJobEvent[];
    let current: FineTuningJob;
    try {
      current = await jobs.retrieve(jobId, request);
      fresh = await tracker.newEvents(jobs, o.pageSize, request);
      failures = 0;
    } catch (error) {
      if (signal?.aborted) return;
      checkDeadline();
      if (!isTransient(error) || ++failures > o.maxPollFailures) throw error;
      if (!(await pause(nextPause()))) return;
      continue;
    }

    for (const update of tracker.absorb(current, fresh)) {
      // An abort from the consumer between two updates ends the stream there, not a batch later.
      if (signal?.aborted) return;
      yield update;
    }
    if (isTerminal(current.status)) return;

    checkDeadline();
    if (!(await pause(nextPause()))) return;
  }

  /** The poll interval, or longer when the rate-limit figures say the next poll would be refused. */
  function nextPause(): number {
    return Math.max(o.intervalFor(tracker.job), paceDelay(jobs.rateLimit, 2));
  }

  function checkDeadline(): void {
    if (o.timeout !== undefined && (deadline?.aborted || clock.now() - started >= o.timeout)) {
      throw new JobTimeoutError(jobId, o.timeout, tracker.job);
    }
  }

  /** Sleeps until the next poll, or until the deadline (then throws); false when aborted meanwhile. */
  async function pause(interval: number): Promise<boolean> {
    const left =
      o.timeout === undefined
        ? interval
        : Math.max(0, Math.min(interval, started + o.timeout - clock.now()));
    try {
      await clock.sleep(left, signal);
      checkDeadline();
      return true;
    } catch (error) {
      if (signal?.aborted) return false;
      throw error;
    }
  }
}
