// Watching many jobs at once. One `GET /fine_tuning/jobs` page tells the status of up to 100
// jobs, so each round lists jobs (newest first, only as far back as the oldest job still watched)
// instead of retrieving each one, and reads events only for the jobs that moved.
// Long because `WatchOptions` is documented option by option beside the function that checks it,
// and the steps of a round (list the statuses, read events, report, pace) are the methods of one
// `Watcher` that keeps the watched jobs from round to round.
import type { FineTuningJob, FineTuningJobEvent } from '../../generated/types.gen.ts';
import { InvalidArgumentError } from '../errors/base.ts';
import type { RequestOptions } from '../calls/call.ts';
import type { RateLimit } from '../errors/rate-limit.ts';
import { systemClock, type Clock } from './clock.ts';
import { type EventUpdate, type StatusUpdate, statusEvent } from './follow.ts';
import { withSpanGenerator } from '../telemetry/spans.ts';
import { resolveFollowOptions, type PollIntervals, type ResolvedFollowOptions } from './options.ts';
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

/**
 * The rounds: each one's updates, then a pause; a round that fails with a transient error is tried
 * again after the pause. Options are checked at the first `next()`.
 */
async function* watchSteps(
  jobs: JobLister,
  options: WatchOptions,
): AsyncGenerator<WatchUpdate, void, undefined> {
  const settings = checkWatchOptions(options);
  const { signal } = settings;
  const watcher = new Watcher(jobs, settings);
  while (!signal?.aborted) {
    let updates: WatchUpdate[] | undefined;
    try {
      updates = await watcher.round();
    } catch (error) {
      if (signal?.aborted) return;
      watcher.countFailure(error);
      if (!(await watcher.pauseBetweenRounds(watcher.roundRequests || 1))) return;
      continue;
    }
    if (!updates) return; // aborted while waiting to send a request
    for (const update of updates) {
      if (signal?.aborted) return;
      yield update;
    }
    if (watcher.allEnded && !settings.forever) return;
    if (!(await watcher.pauseBetweenRounds(watcher.roundRequests))) return;
  }
}

/** `WatchOptions`, checked, with every default filled in. */
interface WatchSettings {
  /** What `watch` shares with `follow`: the intervals, `maxPollFailures`, `requestsPerMinute`. */
  follow: ResolvedFollowOptions;
  pageSize: number;
  clock: Clock;
  signal: AbortSignal | undefined;
  /** The options of every request: the signal. */
  request: RequestOptions;
  metadata: Record<string, string> | undefined;
  events: boolean;
  history: boolean;
  forever: boolean;
  /** The jobs named by `ids`; undefined: every unfinished job. */
  named: ReadonlySet<string> | undefined;
}

/** Checks `watch`'s options: an InvalidArgumentError names the first one that is wrong. */
function checkWatchOptions(options: WatchOptions): WatchSettings {
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
  const signal = options.signal;
  return {
    follow,
    pageSize,
    clock: options.clock ?? systemClock,
    signal,
    request: signal ? { signal } : {},
    metadata: options.metadata,
    events: options.events ?? false,
    history: options.history ?? false,
    forever: Boolean(options.forever),
    named: options.ids ? new Set(options.ids) : undefined,
  };
}

/**
 * One watch's state from round to round (the jobs watched and the ids seen, when each job's events
 * were last read, the request budget, the failures in a row) and the steps of a round: list the
 * statuses, read the events of the jobs that moved, turn both into updates; every request paced.
 */
class Watcher {
  readonly #jobs: JobLister;
  readonly #settings: WatchSettings;
  readonly #budget: RequestBudget;
  /** The jobs watched, by id: those named not yet seen ended, or those unfinished. */
  readonly #watched = new Map<string, JobTracker>();
  /** Every job id seen in a listing (jobs not new to a later round). */
  readonly #known = new Set<string>();
  /** When each job's events were last read (round number), for reading unmoved running jobs in turn. */
  readonly #lastRead = new Map<string, number>();
  #firstRound = true;
  /** Rounds failed in a row. */
  #failures = 0;
  /** Rounds done. */
  #round = 0;
  /** Event requests sent, every round together. */
  #eventRequests = 0;
  /** Requests sent by the round under way, or the last one. */
  #roundRequests = 0;

  constructor(jobs: JobLister, settings: WatchSettings) {
    this.#jobs = jobs;
    this.#settings = settings;
    for (const id of settings.named ?? [])
      this.#watched.set(id, new JobTracker(id, settings.history));
    this.#budget = new RequestBudget(
      settings.follow.requestsPerMinute ?? (() => defaultBudget(this.#roundInterval())),
      settings.clock,
    );
  }

  /** Requests sent by the round under way, or the last one (counted when answered). */
  get roundRequests(): number {
    return this.#roundRequests;
  }

  /** Whether every watched job has ended. */
  get allEnded(): boolean {
    return this.#watched.size === 0;
  }

  /**
   * One round: the statuses, the events of the jobs that moved (with `events`), and the updates,
   * oldest job first. Undefined when aborted while waiting to send a request.
   */
  async round(): Promise<WatchUpdate[] | undefined> {
    this.#roundRequests = 0;
    const current = await this.#listStatuses();
    if (!current) return undefined;
    const order = [...current.values()].sort(
      (a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1),
    );
    const fresh = await this.#readEvents(order);
    const updates = this.#updates(order, fresh);
    this.#failures = 0;
    this.#firstRound = false;
    this.#round++;
    return updates;
  }

  /**
   * Takes a round's failure: a 429 stops and halves the budget; the error is thrown again unless
   * it is transient and no more than `maxPollFailures` rounds in a row have failed.
   */
  countFailure(error: unknown): void {
    this.#budget.refused(error);
    if (!isTransient(error) || ++this.#failures > this.#settings.follow.maxPollFailures)
      throw error;
  }

  /** Sleeps until the next round; false when aborted meanwhile. */
  pauseBetweenRounds(lastRound: number): Promise<boolean> {
    return this.#sleep(
      Math.max(this.#roundInterval(), paceDelay(this.#jobs.rateLimit, Math.max(1, lastRound))),
    );
  }

  /**
   * The watched jobs' statuses, from the listing: newest first, down to the oldest job watched.
   * The first round (without ids) starts watching the unfinished jobs, later ones (with `forever`)
   * the new ones. Undefined when aborted while waiting to send a request.
   */
  async #listStatuses(): Promise<Map<string, FineTuningJob> | undefined> {
    const { pageSize, metadata, request, named, forever, history } = this.#settings;
    const current = new Map<string, FineTuningJob>();
    const unseen = new Set(this.#watched.keys());
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES_PER_ROUND; page++) {
      if (!(await this.#pace())) return undefined;
      const listed = await this.#jobs.list(
        { limit: pageSize, ...(metadata ? { metadata } : {}), ...(after ? { after } : {}) },
        request,
      );
      this.#roundRequests++;
      for (const job of listed.data) {
        unseen.delete(job.id);
        const fresh = !this.#known.has(job.id);
        this.#known.add(job.id);
        if (!this.#watched.has(job.id) && !named) {
          // Unfinished at the start, or (forever) created since.
          if (this.#firstRound ? !isTerminal(job.status) : fresh && forever)
            this.#watched.set(job.id, new JobTracker(job.id, history || !this.#firstRound));
        }
        if (this.#watched.has(job.id)) current.set(job.id, job);
      }
      const last = listed.data.at(-1)?.id;
      if (!listed.has_more || last === undefined || last === after) break;
      // The first round without ids reads every page to find the unfinished jobs; later ones stop
      // once every watched job was seen.
      if ((!this.#firstRound || named) && unseen.size === 0) break;
      after = last;
    }
    // A named job the listing did not show (another metadata, or past its end): asked for directly.
    for (const id of unseen) {
      if (!(await this.#pace())) return undefined;
      current.set(id, await this.#jobs.retrieve(id, request));
      this.#roundRequests++;
    }
    return current;
  }

  /** The new events of the jobs `#eventsToRead` picks (none without `events`), by job id. */
  async #readEvents(order: readonly FineTuningJob[]): Promise<Map<string, FineTuningJobEvent[]>> {
    const fresh = new Map<string, FineTuningJobEvent[]>();
    const readFor = this.#settings.events ? this.#eventsToRead(order) : new Set<string>();
    const lister = pacedLister(
      this.#jobs,
      () => this.#pace(),
      () => this.#eventRequests++,
    );
    for (const job of order) {
      if (!readFor.has(job.id)) continue;
      const tracker = this.#watched.get(job.id)!;
      const before = this.#eventRequests;
      this.#lastRead.set(job.id, this.#round);
      fresh.set(job.id, await tracker.newEvents(lister, 100, this.#settings.request));
      this.#roundRequests += this.#eventRequests - before;
    }
    return fresh;
  }

  /** The round's updates, oldest job first; a job that ended is no longer watched. */
  #updates(
    order: readonly FineTuningJob[],
    fresh: ReadonlyMap<string, FineTuningJobEvent[]>,
  ): WatchUpdate[] {
    const updates: WatchUpdate[] = [];
    for (const job of order) {
      const tracker = this.#watched.get(job.id)!;
      for (const update of tracker.absorb(job, fresh.get(job.id) ?? []))
        updates.push({ ...update, jobId: job.id });
      if (isTerminal(job.status)) this.#watched.delete(job.id);
    }
    return updates;
  }

  /** The pause between rounds: the shortest interval among the watched jobs. */
  #roundInterval(): number {
    const { follow } = this.#settings;
    let interval = Infinity;
    for (const tracker of this.#watched.values())
      interval = Math.min(interval, follow.intervalFor(tracker.job));
    return interval === Infinity ? follow.intervalFor(undefined) : interval;
  }

  /**
   * Before each request of a round: waits for room in the request budget, and for the window to
   * reset when a server's rate-limit figures leave no room for one more; then counts the request.
   * False when aborted meanwhile.
   */
  async #pace(): Promise<boolean> {
    const delay = Math.max(this.#budget.delay(), paceDelay(this.#jobs.rateLimit, 1));
    if (delay > 0 && !(await this.#sleep(delay))) return false;
    if (this.#settings.signal?.aborted) return false;
    this.#budget.spend();
    return true;
  }

  /**
   * The jobs whose events this round reads: every job that moved (status, estimated finish,
   * tokens, model, error), and running or validating jobs that did not, since the API changes
   * nothing in a running job's object from step to step while its events keep coming. Those are
   * read in turn, least recently read first, as many a round as the budget allows beyond the
   * listing: all of them while they are few.
   */
  #eventsToRead(order: readonly FineTuningJob[]): Set<string> {
    const read = new Set<string>();
    const idle: FineTuningJob[] = [];
    for (const job of order) {
      const tracker = this.#watched.get(job.id)!;
      if (tracker.moved(job)) read.add(job.id);
      else if (job.status === 'running' || job.status === 'validating_files') idle.push(job);
    }
    if (idle.length === 0) return read;
    // The share of the budget one round may spend: a minute's budget over the rounds in a minute.
    const perRound = Math.floor(
      (this.#budget.perMinute * Math.max(this.#roundInterval(), 1)) / 60_000,
    );
    const spare = Math.max(1, perRound - 1 - read.size);
    idle.sort((a, b) => (this.#lastRead.get(a.id) ?? -1) - (this.#lastRead.get(b.id) ?? -1));
    for (const job of idle.slice(0, spare)) read.add(job.id);
    return read;
  }

  /** Sleeps on the watch's clock; false when aborted meanwhile. */
  async #sleep(ms: number): Promise<boolean> {
    const { clock, signal } = this.#settings;
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
