// Watching many jobs at once. One `GET /fine_tuning/jobs` page tells the status of up to 100
// jobs, so each round lists jobs (newest first, only as far back as the oldest job still watched)
// instead of retrieving each one, and reads events only for the jobs that moved.
// Long because the steps of a round (list, match, read events, report) share the set of watched
// jobs; apart, each would take it as an argument.
import type { FineTuningJob, FineTuningJobEvent } from '../../generated/types.gen.ts';
import { InvalidArgumentError } from '../errors/base.ts';
import type { RequestOptions } from '../calls/call.ts';
import type { RateLimit } from '../errors/rate-limit.ts';
import { systemClock, type Clock } from './clock.ts';
import { type EventUpdate, type StatusUpdate, statusEvent } from './follow.ts';
import { withSpanGenerator } from '../telemetry/spans.ts';
import { resolveFollowOptions, type PollIntervals } from './options.ts';
import { defaultBudget, paceDelay, RequestBudget } from './pace.ts';
import { isTerminal } from './status.ts';
import { JobTracker, type EventLister } from './tracker.ts';
import { isTransient } from './transient.ts';

/** What `watch` calls; `ft.jobs` has it. */
export interface JobLister extends EventLister {
  list(
    params?: { after?: string; limit?: number; metadata?: Record<string, string> | null },
    options?: RequestOptions,
  ): PromiseLike<{ data: FineTuningJob[]; has_more: boolean }>;
  retrieve(jobId: string, options?: RequestOptions): PromiseLike<FineTuningJob>;
  readonly rateLimit?: RateLimit | undefined;
}

/** Options of `jobs.watch`. */
export interface WatchOptions {
  /**
   * Watch these jobs (finished ones report their status once). Otherwise every job that is not
   * finished when watching starts, and with `forever` every job created since.
   * @default every unfinished job
   */
  ids?: readonly string[] | undefined;
  /** Watch only the jobs with this metadata (`jobs.list`'s filter). @default any */
  metadata?: Record<string, string> | undefined;
  /**
   * Also yield each job's new events, once, oldest first, as `follow` does. Events are read only
   * for the jobs whose status or progress moved since the last round.
   * @default false: status changes only
   */
  events?: boolean | undefined;
  /**
   * With `events`, yield the events the jobs had before watching started.
   * @default false
   */
  history?: boolean | undefined;
  /**
   * Keep watching after every job has ended, picking up jobs created meanwhile; only `signal`
   * ends the stream then.
   * @default false: the stream ends once every watched job has ended
   */
  forever?: boolean | undefined;
  /**
   * Milliseconds between rounds: a number, or a map by status (the shortest among the watched
   * jobs applies). Requests also wait for room in `requestsPerMinute`, and for the window to reset
   * when a server sends `x-ratelimit-*` figures saying the next one would be refused.
   * @default { running: 5_000, validating_files: 5_000, queued: 15_000, paused: 30_000, default: 10_000 }
   */
  pollInterval?: number | PollIntervals | undefined;
  /** Ends the stream (and any request in flight) when aborted. */
  signal?: AbortSignal | undefined;
  /** How many rounds in a row may fail with a transient error before the stream throws. @default 5 */
  maxPollFailures?: number | undefined;
  /**
   * The most requests watching sends in any minute: the API sends no `x-ratelimit-*` headers on
   * these routes, so this budget paces it; a 429 pauses it for the `retry-after` named (a minute
   * when none) and halves the budget.
   * @default 60, or what `pollInterval` asks for when more (three requests a round)
   */
  requestsPerMinute?: number | undefined;
  /** Jobs asked for per list page (at most 100). @default 100 */
  pageSize?: number | undefined;
  /** The clock that paces the rounds; replace it in tests. @default the system clock */
  clock?: Clock | undefined;
}

/** One update of `jobs.watch`: a job's status change or new event, naming the job. */
export type WatchUpdate = (StatusUpdate | EventUpdate) & { jobId: string };

/** A bound on the pages read in one round. */
const MAX_PAGES_PER_ROUND = 10_000;

/**
 * Yields every watched job's status changes (and, with `events`, its new events) until they have
 * all ended, or until `signal` aborts with `forever`.
 */
export function watch(
  jobs: JobLister,
  options: WatchOptions = {},
): AsyncGenerator<WatchUpdate, void, undefined> {
  // One `jobs.watch` span over the whole watch, with a `status` event per change of any job.
  return withSpanGenerator('jobs.watch', {}, () => watchSteps(jobs, options), statusEvent);
}

async function* watchSteps(
  jobs: JobLister,
  options: WatchOptions,
): AsyncGenerator<WatchUpdate, void, undefined> {
  const follow = resolveFollowOptions({
    pollInterval: options.pollInterval,
    maxPollFailures: options.maxPollFailures,
    requestsPerMinute: options.requestsPerMinute,
    signal: options.signal,
    clock: options.clock,
  });
  if (typeof options.pollInterval === 'function')
    throw new InvalidArgumentError('watch: pollInterval must be a number or a map by status.');
  const pageSize = Math.floor(options.pageSize ?? 100);
  if (!(pageSize >= 1 && pageSize <= 100))
    throw new InvalidArgumentError(
      `watch: pageSize must be between 1 and 100, got ${String(options.pageSize)}.`,
    );
  if (
    options.ids !== undefined &&
    (!Array.isArray(options.ids) || options.ids.some((id) => typeof id !== 'string' || id === ''))
  ) {
    throw new InvalidArgumentError('watch: ids must be an array of job ids (non-empty strings).');
  }
  if (options.ids && options.forever)
    throw new InvalidArgumentError(
      'watch: forever picks up new jobs, ids names the jobs: give one or the other.',
    );
  const clock = options.clock ?? systemClock;
  const signal = options.signal;
  const events = options.events ?? false;
  const history = options.history ?? false;
  const request: RequestOptions = signal ? { signal } : {};
  const metadata = options.metadata;

  const named = options.ids ? new Set(options.ids) : undefined;
  /** The jobs watched, by id: those named not yet seen ended, or those unfinished. */
  const watched = new Map<string, JobTracker>();
  for (const id of named ?? []) watched.set(id, new JobTracker(id, history));
  /** Every job id seen in a listing (jobs not new to a later round). */
  const known = new Set<string>();
  let firstRound = true;
  let failures = 0;
  let requests = 0;
  const budget = new RequestBudget(
    follow.requestsPerMinute ?? (() => defaultBudget(roundInterval())),
    clock,
  );
  /** When each job's events were last read (round number), for reading unmoved running jobs in turn. */
  const lastRead = new Map<string, number>();
  let round = 0;

  while (!signal?.aborted) {
    const updates: WatchUpdate[] = [];
    let roundRequests = 0;
    try {
      // 1. Statuses, from the listing: newest first, down to the oldest job watched.
      const current = new Map<string, FineTuningJob>();
      const unseen = new Set(watched.keys());
      let after: string | undefined;
      for (let page = 0; page < MAX_PAGES_PER_ROUND; page++) {
        if (!(await pace())) return;
        const listed = await jobs.list(
          { limit: pageSize, ...(metadata ? { metadata } : {}), ...(after ? { after } : {}) },
          request,
        );
        roundRequests++;
        for (const job of listed.data) {
          unseen.delete(job.id);
          const fresh = !known.has(job.id);
          known.add(job.id);
          if (!watched.has(job.id) && !named) {
            // Unfinished at the start, or (forever) created since.
            if (firstRound ? !isTerminal(job.status) : fresh && options.forever)
              watched.set(job.id, new JobTracker(job.id, history || !firstRound));
          }
          if (watched.has(job.id)) current.set(job.id, job);
        }
        const last = listed.data.at(-1)?.id;
        if (!listed.has_more || last === undefined || last === after) break;
        // The first round without ids reads every page to find the unfinished jobs; later ones stop
        // once every watched job was seen.
        if ((!firstRound || named) && unseen.size === 0) break;
        after = last;
      }
      // A named job the listing did not show (another metadata, or past its end): asked for directly.
      for (const id of unseen) {
        if (!(await pace())) return;
        current.set(id, await jobs.retrieve(id, request));
        roundRequests++;
      }

      // 2. Events, only for the jobs that moved; then the updates, oldest job first.
      const order = [...current.values()].sort(
        (a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1),
      );
      const fresh = new Map<string, FineTuningJobEvent[]>();
      const readFor = events ? eventsToRead(order) : new Set<string>();
      for (const job of order) {
        const tracker = watched.get(job.id)!;
        if (readFor.has(job.id)) {
          const before = requests;
          lastRead.set(job.id, round);
          fresh.set(
            job.id,
            await tracker.newEvents(
              pacedLister(jobs, pace, () => requests++),
              100,
              request,
            ),
          );
          roundRequests += requests - before;
        }
      }
      for (const job of order) {
        const tracker = watched.get(job.id)!;
        for (const update of tracker.absorb(job, fresh.get(job.id) ?? []))
          updates.push({ ...update, jobId: job.id });
        if (isTerminal(job.status)) watched.delete(job.id);
      }
      failures = 0;
      firstRound = false;
      round++;
    } catch (error) {
      if (signal?.aborted) return;
      budget.refused(error);
      if (!isTransient(error) || ++failures > follow.maxPollFailures) throw error;
      if (!(await pause(roundRequests || 1))) return;
      continue;
    }

    for (const update of updates) {
      if (signal?.aborted) return;
      yield update;
    }
    if (watched.size === 0 && !options.forever) return;
    if (!(await pause(roundRequests))) return;
  }

  /** The pause between rounds: the shortest interval among the watched jobs. */
  function roundInterval(): number {
    let interval = Infinity;
    for (const tracker of watched.values())
      interval = Math.min(interval, follow.intervalFor(tracker.job));
    return interval === Infinity ? follow.intervalFor(undefined) : interval;
  }

  /** Sleeps until the next round; false when aborted meanwhile. */
  function pause(lastRound: number): Promise<boolean> {
    return sleep(Math.max(roundInterval(), paceDelay(jobs.rateLimit, Math.max(1, lastRound))));
  }

  /**
   * Before each request of a round: waits for room in the request budget, and for the window to
   * reset when a server's rate-limit figures leave no room for one more; then counts the request.
   * False when aborted meanwhile.
   */
  async function pace(): Promise<boolean> {
    const delay = Math.max(budget.delay(), paceDelay(jobs.rateLimit, 1));
    if (delay > 0 && !(await sleep(delay))) return false;
    if (signal?.aborted) return false;
    budget.spend();
    return true;
  }

  /**
   * The jobs whose events this round reads: every job that moved (status, estimated finish,
   * tokens, model, error), and running or validating jobs that did not, since the API changes
   * nothing in a running job's object from step to step while its events keep coming. Those are
   * read in turn, least recently read first, as many a round as the budget allows beyond the
   * listing: all of them while they are few.
   */
  function eventsToRead(order: readonly FineTuningJob[]): Set<string> {
    const read = new Set<string>();
    const idle: FineTuningJob[] = [];
    for (const job of order) {
      const tracker = watched.get(job.id)!;
      if (tracker.moved(job)) read.add(job.id);
      else if (job.status === 'running' || job.status === 'validating_files') idle.push(job);
    }
    if (idle.length === 0) return read;
    // The share of the budget one round may spend: a minute's budget over the rounds in a minute.
    const perRound = Math.floor((budget.perMinute * Math.max(roundInterval(), 1)) / 60_000);
    const spare = Math.max(1, perRound - 1 - read.size);
    idle.sort((a, b) => (lastRead.get(a.id) ?? -1) - (lastRead.get(b.id) ?? -1));
    for (const job of idle.slice(0, spare)) read.add(job.id);
    return read;
  }

  async function sleep(ms: number): Promise<boolean> {
    try {
      await clock.sleep(ms, signal);
      return true;
    } catch (error) {
      if (signal?.aborted) return false;
      throw error;
    }
  }
}

/** The lister, pacing and counting the event requests it sends. */
function pacedLister(
  jobs: EventLister,
  pace: () => Promise<boolean>,
  count: () => void,
): EventLister {
  return {
    listEvents: async (jobId, params, options) => {
      if (!(await pace())) throw options?.signal?.reason ?? new Error('watch: aborted');
      count();
      return jobs.listEvents(jobId, params, options);
    },
  };
}
