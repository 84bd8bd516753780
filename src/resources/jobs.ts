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
import type { ApiPromise } from '../api-promise.ts';
import { call, type RequestOptions } from '../internal/call.ts';
import { createJob } from '../internal/create-job.ts';
import type { Client } from '../../generated/client/index.ts';

export type ListJobsParams = NonNullable<ListPaginatedFineTuningJobsData['query']>;
export type ListEventsParams = NonNullable<ListFineTuningEventsData['query']>;
export type ListCheckpointsParams = NonNullable<ListFineTuningJobCheckpointsData['query']>;

/**
 * Fine-tuning jobs: `/fine_tuning/jobs`.
 * @example
 * const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-abc123' });
 * const same = await ft.jobs.retrieve(job.id);
 */
export class Jobs {
  readonly #client: Client;
  readonly #jobMarker: boolean;
  constructor(client: Client, jobMarker = true) {
    this.#client = client;
    this.#jobMarker = jobMarker;
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
    return call(this.#client, retrieveFineTuningJob, { path: { fine_tuning_job_id: jobId } }, options);
  }

  /** Lists the organization's jobs, newest first. `metadata: { k: 'v' }` filters, `metadata: null` lists jobs without. */
  list(params?: ListJobsParams, options?: RequestOptions): ApiPromise<ListPaginatedFineTuningJobsResponse> {
    return call(this.#client, listPaginatedFineTuningJobs, { query: params }, options);
  }

  /** Cancels a job. */
  cancel(jobId: string, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return call(this.#client, cancelFineTuningJob, { path: { fine_tuning_job_id: jobId } }, options);
  }

  /** Pauses a running job. */
  pause(jobId: string, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return call(this.#client, pauseFineTuningJob, { path: { fine_tuning_job_id: jobId } }, options);
  }

  /** Resumes a paused job. */
  resume(jobId: string, options?: RequestOptions): ApiPromise<FineTuningJob> {
    return call(this.#client, resumeFineTuningJob, { path: { fine_tuning_job_id: jobId } }, options);
  }

  /** Lists a job's events, newest first. */
  listEvents(
    jobId: string,
    params?: ListEventsParams,
    options?: RequestOptions,
  ): ApiPromise<ListFineTuningJobEventsResponse> {
    return call(this.#client, listFineTuningEvents, { path: { fine_tuning_job_id: jobId }, query: params }, options);
  }

  /** Lists a job's checkpoints. */
  listCheckpoints(
    jobId: string,
    params?: ListCheckpointsParams,
    options?: RequestOptions,
  ): ApiPromise<ListFineTuningJobCheckpointsResponse> {
    return call(
      this.#client,
      listFineTuningJobCheckpoints,
      { path: { fine_tuning_job_id: jobId }, query: params },
      options,
    );
  }
}
