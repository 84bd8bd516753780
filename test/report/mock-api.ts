// A job as the API serves it, through nock: the job, its result file (base64, as the API sends
// it), its checkpoints and its events. For the report's tests of odd result files and hostile values.
import { BASE, nock } from '../helpers/nock.ts';

export interface MockJob {
  id: string;
  csv?: string | undefined;
  status?: string;
  error?: { code: string; message: string; param: string | null } | Record<string, never>;
  suffix?: string | null;
  metadata?: Record<string, string> | null;
  model?: string;
  checkpoints?: Array<{ step: number; metrics: Record<string, number> }>;
  events?: Array<Record<string, unknown>>;
  hyperparameters?: Record<string, unknown>;
}

export function jobBody(j: MockJob) {
  const status = j.status ?? 'succeeded';
  return {
    object: 'fine_tuning.job',
    id: j.id,
    model: j.model ?? 'gpt-4o-mini-2024-07-18',
    created_at: 1_700_000_000,
    finished_at: status === 'running' ? null : 1_700_000_600,
    fine_tuned_model:
      status === 'succeeded' ? `ft:gpt-4o-mini-2024-07-18:org::${j.id.slice(-8)}` : null,
    organization_id: 'org-1',
    result_files: j.csv === undefined ? [] : [`file-r-${j.id}`],
    status,
    validation_file: null,
    training_file: 'file-t',
    hyperparameters: j.hyperparameters ?? {
      n_epochs: 3,
      batch_size: 1,
      learning_rate_multiplier: 2,
    },
    trained_tokens: status === 'succeeded' ? 120_000 : null,
    error: j.error ?? {},
    user_provided_suffix: j.suffix ?? null,
    seed: 1,
    estimated_finish: null,
    integrations: [],
    metadata: j.metadata ?? null,
    method: { type: 'supervised', supervised: { hyperparameters: j.hyperparameters ?? {} } },
  };
}

/** Declares every request the report makes for `j` (each used exactly once). */
export function mockJob(j: MockJob, opts: { retrieve?: boolean } = {}): void {
  const api = nock(BASE);
  if (opts.retrieve !== false) api.get(`/v1/fine_tuning/jobs/${j.id}`).reply(200, jobBody(j));
  if (j.csv !== undefined)
    api.get(`/v1/files/file-r-${j.id}/content`).reply(200, Buffer.from(j.csv).toString('base64'));
  else
    api
      .get(`/v1/fine_tuning/jobs/${j.id}/events`)
      .query(true)
      .reply(200, { object: 'list', data: j.events ?? [], has_more: false });
  api
    .get(`/v1/fine_tuning/jobs/${j.id}/checkpoints`)
    .query(true)
    .reply(200, {
      object: 'list',
      data: (j.checkpoints ?? []).map((c, i) => ({
        object: 'fine_tuning.job.checkpoint',
        id: `ftckpt_${i}`,
        created_at: 1_700_000_100,
        fine_tuned_model_checkpoint: `ft:gpt-4o-mini-2024-07-18:org::x:ckpt-step-${c.step}`,
        fine_tuning_job_id: j.id,
        metrics: c.metrics,
        step_number: c.step,
      })),
      has_more: false,
    });
}

export const FULL_HEADER =
  'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,train_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy';

/** A result file of `steps` rows with every column, loss falling from 2 towards 0.2. */
export function fullCsv(steps: number, perEpoch = 5): string {
  const rows = Array.from({ length: steps }, (_, i) => {
    const s = i + 1;
    const loss = 0.2 + 1.8 * Math.exp(-s / 6);
    const full = s % perEpoch === 0 ? [loss + 0.05, 0.9] : ['', ''];
    return [s, loss, 0.95 - loss / 4, loss + 0.06, 0.93 - loss / 4, 0.95 - loss / 4, ...full].join(
      ',',
    );
  });
  return `${[FULL_HEADER, ...rows].join('\n')}\n`;
}
