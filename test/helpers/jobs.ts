// Fixtures for the job lifecycle tests: jobs, events and checkpoints as the API returns them.
import type {
  FineTuningJob,
  FineTuningJobCheckpoint,
  FineTuningJobEvent,
} from '../../src/index.ts';

export function jobFixture(
  id: string,
  status: string,
  extra: Partial<FineTuningJob> = {},
): FineTuningJob {
  return {
    object: 'fine_tuning.job',
    id,
    model: 'gpt-4o-mini-2024-07-18',
    created_at: 1721764800,
    fine_tuned_model: null,
    finished_at: null,
    organization_id: 'org-123',
    result_files: [],
    status: status as FineTuningJob['status'],
    validation_file: null,
    training_file: 'file-abc',
    hyperparameters: { n_epochs: 'auto' },
    trained_tokens: null,
    error: null,
    seed: 42,
    ...extra,
  };
}

export function eventFixture(
  n: number,
  message = `event ${n}`,
  data?: Record<string, unknown>,
): FineTuningJobEvent {
  return {
    object: 'fine_tuning.job.event',
    id: `ftevent-${n}`,
    created_at: 1721764800 + n,
    level: 'info',
    message,
    ...(data ? { type: 'metrics' as const, data } : { type: 'message' as const }),
  };
}

/** Events `from`..`to` newest first, as one page of the events listing. */
export function eventPage(numbers: number[], has_more = false) {
  return { object: 'list', data: numbers.map((n) => eventFixture(n)), has_more };
}

export function checkpointFixture(
  step: number,
  metrics: FineTuningJobCheckpoint['metrics'],
): FineTuningJobCheckpoint {
  return {
    object: 'fine_tuning.job.checkpoint',
    id: `ftckpt-${step}`,
    created_at: 1721764800 + step,
    fine_tuned_model_checkpoint: `ft:gpt-4o-mini-2024-07-18:org::ckpt-step-${step}`,
    step_number: step,
    metrics,
    fine_tuning_job_id: 'ftjob-1',
  };
}

/**
 * Client options for tests that count `follow`'s own retries of a failed poll: with these, every
 * failure reaches `follow`, and the failures the tests cause on purpose are not logged. A transport
 * that retries and logs reads `maxRetries` and `logLevel`; a client without one ignores the keys.
 */
export const noTransportRetries: object = { maxRetries: 0, logLevel: 'off' };
