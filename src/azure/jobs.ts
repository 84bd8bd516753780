// Jobs on Azure OpenAI: every operation of `Jobs`, plus deleting a job and copying a checkpoint to
// another region (a preview operation, `aoai-copy-ft-checkpoints: preview`).
import type { ApiPromise } from '../calls/api-promise.ts';
import type { RequestOptions } from '../calls/call.ts';
import { InvalidArgumentError } from '../errors/base.ts';
import { Jobs } from '../resources/jobs.ts';
import type { RequestClient } from '../transport/transport.ts';
import { CheckpointCopyFailedError } from './errors.ts';
import { poll } from './poll.ts';
import { send } from './send.ts';

/** The answer to deleting a job (Azure answers 204 with no body). */
export interface DeletedJob {
  id: string;
  object: 'fine_tuning.job';
  deleted: true;
}

/** Where `jobs.copyCheckpoint` copies a checkpoint to. */
export interface CopyCheckpointParams {
  /** The ARM id of the Azure OpenAI resource to copy to: `/subscriptions/…/accounts/<name>`. */
  destinationResourceId: string;
  /** That resource's region, e.g. `eastus2`. */
  region: string;
}

/** One destination of a checkpoint copy and how far it got. */
export interface CopiedAccount {
  destinationResourceId: string;
  region: string;
  /** `Copying`, then `Completed` or `Failed` (other values are passed through). */
  status: 'Copying' | 'Completed' | 'Failed' | (string & {});
  [field: string]: unknown;
}

/** A checkpoint copy as Azure reports it. */
export interface CheckpointCopy {
  checkpointedModelName?: string;
  fineTuningJobId?: string;
  copiedAccountDetails: CopiedAccount[];
  [field: string]: unknown;
}

/** Options of `jobs.waitForCopy`. */
export interface WaitForCopyOptions extends RequestOptions {
  /** Which destination to wait for, when the checkpoint was copied to several. @default every destination */
  destinationResourceId?: string | undefined;
  /** @default 10000 */
  intervalMs?: number | undefined;
  /** Gives up (rejects with AzureWaitTimeoutError) after this many ms. @default 3600000 */
  timeoutMs?: number | undefined;
}

const COPY_HEADER = { 'aoai-copy-ft-checkpoints': 'preview' };

function required(value: unknown, name: string, method: string): string {
  if (typeof value !== 'string' || !value.trim())
    throw new InvalidArgumentError(`${method}: \`${name}\` must be a non-empty string.`);
  return value;
}

/**
 * Fine-tuning jobs on Azure OpenAI: everything `ft.jobs` does on OpenAI (create, list, retrieve,
 * cancel, pause, resume, events, checkpoints, follow, wait, watch), plus `delete`,
 * `copyCheckpoint`, `retrieveCopy` and `waitForCopy`.
 * @example
 * await ft.jobs.delete('ftjob-abc123');
 */
export class AzureJobs extends Jobs {
  readonly #client: RequestClient;
  constructor(client: RequestClient, jobMarker: boolean) {
    super(client, jobMarker);
    this.#client = client;
  }

  /** Deletes a finished (or cancelled) job. Azure only. */
  delete(jobId: string, options?: RequestOptions): Promise<DeletedJob> {
    const id = required(jobId, 'jobId', 'jobs.delete');
    return send<string>(
      this.#client,
      {
        method: 'DELETE',
        url: '/fine_tuning/jobs/{fine_tuning_job_id}',
        path: { fine_tuning_job_id: id },
        parseAs: 'text',
      },
      options,
    ).then(() => ({ id, object: 'fine_tuning.job' as const, deleted: true as const }));
  }

  /** Starts copying a checkpoint to another Azure OpenAI resource (another region). Azure only, preview. */
  copyCheckpoint(
    jobId: string,
    checkpointId: string,
    params: CopyCheckpointParams,
    options?: RequestOptions,
  ): ApiPromise<CheckpointCopy> {
    const method = 'jobs.copyCheckpoint';
    if (typeof params !== 'object' || params === null)
      throw new InvalidArgumentError(
        `${method}: pass \`{ destinationResourceId, region }\` as the third argument.`,
      );
    required(params.destinationResourceId, 'destinationResourceId', method);
    required(params.region, 'region', method);
    return send<CheckpointCopy>(
      this.#client,
      {
        method: 'POST',
        url: '/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints/{checkpoint_id}/copy',
        path: {
          fine_tuning_job_id: required(jobId, 'jobId', method),
          checkpoint_id: required(checkpointId, 'checkpointId', method),
        },
        headers: { ...COPY_HEADER, 'content-type': 'application/json' },
        body: params,
      },
      options,
    );
  }

  /** How far the copies of a checkpoint got. Azure only, preview. */
  retrieveCopy(
    jobId: string,
    checkpointId: string,
    options?: RequestOptions,
  ): ApiPromise<CheckpointCopy> {
    const method = 'jobs.retrieveCopy';
    return send<CheckpointCopy>(
      this.#client,
      {
        method: 'GET',
        url: '/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints/{checkpoint_id}/copy',
        path: {
          fine_tuning_job_id: required(jobId, 'jobId', method),
          checkpoint_id: required(checkpointId, 'checkpointId', method),
        },
        headers: COPY_HEADER,
      },
      options,
    );
  }

  /**
   * Polls a checkpoint copy until every destination (or the one named) is `Completed`; rejects with
   * CheckpointCopyFailedError when one is `Failed`.
   * @example
   * await ft.jobs.copyCheckpoint(job.id, checkpoint.id, { destinationResourceId, region: 'eastus2' });
   * const copy = await ft.jobs.waitForCopy(job.id, checkpoint.id);
   */
  waitForCopy(
    jobId: string,
    checkpointId: string,
    options: WaitForCopyOptions = {},
  ): Promise<CheckpointCopy> {
    const { destinationResourceId, ...rest } = options;
    return poll(
      'jobs.waitForCopy',
      rest,
      { intervalMs: 10_000, timeoutMs: 3_600_000 },
      (o) => this.retrieveCopy(jobId, checkpointId, o),
      (copy) => {
        const mine = (copy.copiedAccountDetails ?? []).filter(
          (d) =>
            destinationResourceId === undefined ||
            d.destinationResourceId === destinationResourceId,
        );
        const failed = mine.find((d) => d.status === 'Failed');
        if (failed)
          throw new CheckpointCopyFailedError(
            `The copy of checkpoint ${checkpointId} to ${failed.destinationResourceId} (${failed.region}) failed. Check that the destination resource exists, is in that region and supports fine-tuning, then copy again.`,
            copy,
          );
        return mine.length > 0 && mine.every((d) => d.status === 'Completed');
      },
      (timeoutMs) =>
        `the copy of checkpoint ${checkpointId} had not completed after ${timeoutMs} ms; raise \`timeoutMs\` or call retrieveCopy later.`,
    );
  }
}
