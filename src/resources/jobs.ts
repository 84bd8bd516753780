import {
  cancelFineTuningJob,
  createFineTuningJob,
  listFineTuningEvents,
  listFineTuningJobCheckpoints,
  listPaginatedFineTuningJobs,
  pauseFineTuningJob,
  resumeFineTuningJob,
  retrieveFineTuningJob,
} from '../../generated/sdk.gen.ts';
import type {
  CreateFineTuningJobRequest,
  FineTuningJob,
  ListFineTuningEventsData,
  ListFineTuningJobCheckpointsData,
  ListFineTuningJobCheckpointsResponse,
  ListFineTuningJobEventsResponse,
  ListPaginatedFineTuningJobsData,
  ListPaginatedFineTuningJobsResponse,
} from '../../generated/types.gen.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { checkOptional, checkSignal } from '../transport/args.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import { createJob } from '../calls/create-job.ts';
import type { ObservedRateLimit, RequestClient } from '../transport/transport.ts';
import type { FineTuningJobCheckpoint } from '../../generated/types.gen.ts';
import type { BestCheckpointOptions } from '../lifecycle/best-checkpoint.ts';
import type { FollowUpdate } from '../lifecycle/follow.ts';
import {
  resolveFollowOptions,
  type FollowOptions,
  type ResolvedFollowOptions,
} from '../lifecycle/options.ts';
import type { WaitOptions } from '../lifecycle/wait.ts';
import type { WatchOptions, WatchUpdate } from '../lifecycle/watch.ts';
import { listPages } from '../pagination/list.ts';
import type { PagePromise } from '../pagination/page-promise.ts';

/** Query of `jobs.list`: `after`, `limit` and `metadata` filters. */
export type ListJobsParams = NonNullable<ListPaginatedFineTuningJobsData['query']>;
/** Query of `jobs.listEvents`: `after` and `limit`. */
export type ListEventsParams = NonNullable<ListFineTuningEventsData['query']>;
/** Query of `jobs.listCheckpoints`: `after` and `limit`. */
export type ListCheckpointsParams = NonNullable<ListFineTuningJobCheckpointsData['query']>;

// The job helpers (follow, wait, bestCheckpoint) are loaded on first use: a service that only
// creates and reads jobs does not load (or bundle into its first chunk) the polling code.
async function* followLazily(
  jobs: Jobs,
  jobId: string,
  options: ResolvedFollowOptions,
): AsyncGenerator<FollowUpdate, void, undefined> {
  const { followResolved } = await import('../lifecycle/follow.ts');
  yield* followResolved(jobs, jobId, options);
}

async function* watchLazily(
  jobs: Jobs,
  options: WatchOptions | undefined,
): AsyncGenerator<WatchUpdate, void, undefined> {
  const { watch } = await import('../lifecycle/watch.ts');
  yield* watch(jobs, options);
}

/**
 * Fine-tuning jobs: `/fine_tuning/jobs`.
 * @example
 * const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-abc123' });
 * const same = await ft.jobs.retrieve(job.id);
 */
export class Jobs {
  readonly #client: RequestClient;
  readonly #jobMarker: boolean;
  constructor(client: RequestClient, jobMarker = true) {
    this.#client = client;
    this.#jobMarker = jobMarker;
  }

  /** The latest `x-ratelimit-*` figures the client saw (the polling helpers pace themselves by them). */
  get rateLimit(): ObservedRateLimit | undefined {
    return this.#client.rateLimit;
  }

  /**
   * Creates a fine-tuning job. Safe to retry: a create whose response was lost is looked up by
   * its marker before being sent again (see `jobMarker`), so it never makes two jobs.
   */
  create(body: CreateFineTuningJobRequest, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return createJob(this.#client, createFineTuningJob, body, options, this.#jobMarker);
  }

  /** Gets a job by id. */
  retrieve(jobId: string, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return call(
      this.#client,
      retrieveFineTuningJob,
      { path: { fine_tuning_job_id: jobId } },
      options,
    );
  }

  /**
   * Lists the organization's jobs, newest first. `metadata: { k: 'v' }` filters, `metadata: null`
   * lists jobs without. Await it for one page, or `for await` over it for every job.
   */
  list(
    params?: ListJobsParams,
    options?: RequestOptions,
  ): PagePromise<ListPaginatedFineTuningJobsResponse> {
    return listPages('jobs.list', params, options, (query) =>
      call(this.#client, listPaginatedFineTuningJobs, { query }, options),
    );
  }

  /** Cancels a job. */
  cancel(jobId: string, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return call(
      this.#client,
      cancelFineTuningJob,
      { path: { fine_tuning_job_id: jobId } },
      options,
    );
  }

  /** Pauses a running job. */
  pause(jobId: string, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return call(this.#client, pauseFineTuningJob, { path: { fine_tuning_job_id: jobId } }, options);
  }

  /** Resumes a paused job. */
  resume(jobId: string, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return call(
      this.#client,
      resumeFineTuningJob,
      { path: { fine_tuning_job_id: jobId } },
      options,
    );
  }

  /** Lists a job's events, newest first. Await it for one page, or `for await` over it for every event. */
  listEvents(
    jobId: string,
    params?: ListEventsParams,
    options?: RequestOptions,
  ): PagePromise<ListFineTuningJobEventsResponse> {
    return listPages('jobs.listEvents', params, options, (query) =>
      call(
        this.#client,
        listFineTuningEvents,
        { path: { fine_tuning_job_id: jobId }, query },
        options,
      ),
    );
  }

  /** Lists a job's checkpoints. Await it for one page, or `for await` over it for every checkpoint. */
  listCheckpoints(
    jobId: string,
    params?: ListCheckpointsParams,
    options?: RequestOptions,
  ): PagePromise<ListFineTuningJobCheckpointsResponse> {
    return listPages('jobs.listCheckpoints', params, options, (query) =>
      call(
        this.#client,
        listFineTuningJobCheckpoints,
        { path: { fine_tuning_job_id: jobId }, query },
        options,
      ),
    );
  }

  /**
   * Follows a job until it succeeds, fails or is cancelled: each new event once, oldest first, and
   * each status change. Aborting `signal` ends the stream.
   * @example
   * for await (const u of ft.jobs.follow(job.id)) {
   *   if (u.type === 'event') console.log(u.event.message);
   *   else console.log(`status: ${u.status}`);
   * }
   */
  follow(jobId: string, options?: FollowOptions): AsyncGenerator<FollowUpdate, void, undefined> {
    // Bad options throw here, at the call, not at the first iteration.
    checkOptional(options, 'jobs.follow', 'options');
    checkSignal(options?.signal);
    return followLazily(this, jobId, resolveFollowOptions(options));
  }

  /**
   * Watches many jobs at once: every unfinished job (or the jobs named in `ids`, or those with
   * `metadata`) until they have all ended. Each round reads the job listing (one request for up to
   * 100 jobs) rather than each job, reads events (with `events: true`) only for the jobs that
   * moved, and waits longer when the rate-limit figures say the next round would be refused.
   * Bad options throw at the first iteration.
   * @example
   * for await (const u of ft.jobs.watch({ metadata: { sweep: 'lr' } })) {
   *   if (u.type === 'status') console.log(u.jobId, u.status, u.job.fine_tuned_model ?? '');
   * }
   */
  watch(options?: WatchOptions): AsyncGenerator<WatchUpdate, void, undefined> {
    return watchLazily(this, options);
  }

  /**
   * Resolves with the job once it is done; rejects with `JobFailedError` if it failed and with
   * `JobTimeoutError` (carrying the last seen job) after `timeout`.
   * @example
   * const done = await ft.jobs.wait(job.id, { onProgress: (p) => console.log(p.step, p.trainLoss) });
   * console.log(done.fine_tuned_model);
   */
  wait(jobId: string, options?: WaitOptions): Promise<FineTuningJob> {
    return import('../lifecycle/wait.ts').then(({ wait }) => {
      checkOptional(options, 'jobs.wait', 'options');
      checkSignal(options?.signal);
      return wait(this, jobId, options);
    });
  }

  /** The job's checkpoint with the best metric (`full_valid_loss` by default), if any. */
  bestCheckpoint(
    jobId: string,
    options?: BestCheckpointOptions & RequestOptions,
  ): Promise<FineTuningJobCheckpoint | undefined> {
    return import('../lifecycle/find-best-checkpoint.ts').then(({ findBestCheckpoint }) => {
      checkOptional(options, 'jobs.bestCheckpoint', 'options');
      checkSignal(options?.signal);
      return findBestCheckpoint(this, jobId, options);
    });
  }
}
