import type { FineTuningJob } from '../../generated/types.gen.ts';
import { FineTuningError } from '../errors.ts';
import { guardFor } from '../errors/base.ts';

/** The job's `error` object: why it failed. */
export type JobError = NonNullable<FineTuningJob['error']>;

/** `jobs.wait` saw the job end in `failed`. `job` is the final job, `error` its reason. */
export class JobFailedError extends FineTuningError {
  static override readonly kind: string = 'JobFailedError';
  readonly job: FineTuningJob;
  readonly error: JobError | undefined;
  readonly code: string | undefined;
  readonly param: string | null | undefined;
  constructor(job: FineTuningJob) {
    // The API sends `error: {}` on jobs that have not failed (docs/local-server.md, spec errata).
    const error = job.error?.message ? job.error : undefined;
    super(
      `Fine-tuning job ${job.id} failed` +
        (error
          ? `: ${error.message} (code ${error.code}${error.param ? `, param ${error.param}` : ''})`
          : ' without an error message') +
        '. Fix the cause (often the training file) and create a new job.',
    );
    this.job = job;
    this.error = error;
    this.code = error?.code;
    this.param = error?.param;
  }
}

/** `timeout` passed before the job reached a final state. The job itself keeps running. */
export class JobTimeoutError extends FineTuningError {
  static override readonly kind: string = 'JobTimeoutError';
  /** The job as last seen, or undefined when no poll succeeded. */
  readonly job: FineTuningJob | undefined;
  readonly timeout: number;
  constructor(jobId: string, timeout: number, job: FineTuningJob | undefined) {
    super(
      `Fine-tuning job ${jobId} was still ${job ? `'${job.status}'` : 'not reachable'} after ${timeout} ms. ` +
        'The job keeps running on the server: wait again with a longer timeout, or cancel it with jobs.cancel().',
    );
    this.job = job;
    this.timeout = timeout;
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is a JobFailedError (from any copy of the package); `instanceof` works as well. */
export const isJobFailedError = /* @__PURE__ */ guardFor<JobFailedError>('JobFailedError');
/** Whether `value` is a JobTimeoutError (from any copy of the package); `instanceof` works as well. */
export const isJobTimeoutError = /* @__PURE__ */ guardFor<JobTimeoutError>('JobTimeoutError');
