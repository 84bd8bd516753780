// One fine-tuning job's life, driven by the server clock. There are no timers: `advanceTo(now)`
// replays every transition that fell due since the last call, each stamped with the time it was
// due, so a real clock and a manual clock give the same history.
// Long because every transition of a job's life is replayed from one clock, and the states read
// best side by side.
import type {
  CreateFineTuningJobRequest,
  FineTuningJob,
  FineTuningJobCheckpoint,
  FineTuningJobEvent,
} from '../../generated/types.gen.ts';
import { HttpError } from './errors.ts';
import type { FileRegistry } from './file-registry.ts';
import type { Ids } from './ids.ts';
import { defaultEpochs } from '../training-data/index.ts';
import { metricsAt, toCsv, type StepMetrics } from './metrics.ts';
import { checkTrainingData, TrainingDataError, type MethodType } from './training-data.ts';

/** How long each phase of a simulated job takes, in server milliseconds. */
export interface Timing {
  /** How long a job stays `validating_files`. */
  validatingMs: number;
  /** How long a job stays `queued`. */
  queuedMs: number;
  /** How long one training step takes. */
  stepMs: number;
}

export interface SimulationContext {
  files: FileRegistry;
  timing: Timing;
  organization: string;
  ids: Ids;
  /** Called once when a job ends (succeeded, failed or cancelled), at the server time it ended. */
  onEnd?: ((job: FineTuningJob, at: number) => void) | undefined;
}

/** A job as the durable store keeps it (see `JobSimulation.snapshot`). */
export interface JobRecord {
  job: FineTuningJob;
  events: FineTuningJobEvent[];
  checkpoints: FineTuningJobCheckpoint[];
  method: MethodType;
  requested: Record<string, unknown>;
  modelName: string;
  phase: Phase;
  nextAt: number;
  paused: boolean;
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  hyper: Hyper;
  tokens: number;
  tokensPerEpoch?: number | undefined;
  rows: StepMetrics[];
}

type Phase = 'validating' | 'queued' | 'running' | 'done';
type Hyper = { n_epochs: number; batch_size: number; learning_rate_multiplier: number };

const seconds = (ms: number) => Math.floor(ms / 1000);
const decoder = new TextDecoder();

function requestedHyperparameters(body: CreateFineTuningJobRequest): Record<string, unknown> {
  const method = body.method as
    | Record<string, { hyperparameters?: Record<string, unknown> }>
    | undefined;
  const type = (body.method?.type ?? 'supervised') as string;
  return { ...(body.hyperparameters ?? {}), ...(method?.[type]?.hyperparameters ?? {}) };
}

export class JobSimulation {
  readonly job: FineTuningJob;
  /** Oldest first; the API lists them newest first. */
  readonly events: FineTuningJobEvent[] = [];
  readonly checkpoints: FineTuningJobCheckpoint[] = [];
  readonly #ctx: SimulationContext;
  readonly #method: MethodType;
  readonly #requested: Record<string, unknown>;
  readonly #modelName: string;
  #phase: Phase = 'validating';
  #nextAt: number;
  #paused = false;
  /** When the job ended (seconds), cancelled jobs included; undefined while it runs. */
  endedAt: number | undefined;
  #step = 0;
  #totalSteps = 0;
  #stepsPerEpoch = 0;
  #hyper: Hyper = { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8 };
  #tokens = 0;
  /**
   * The training file's tokens as the training-data validator counts them (set by the create
   * handler), so `trained_tokens` equals the validator's billing estimate.
   */
  tokensPerEpoch: number | undefined;
  #rows: StepMetrics[] = [];
  /** Grows with every change (see `version`). */
  #version = 0;

  /** A new job from a create request, or (`restore`) one the durable store kept. */
  constructor(
    ctx: SimulationContext,
    body: CreateFineTuningJobRequest,
    model: string,
    now: number,
    restore?: JobRecord,
  ) {
    this.#ctx = ctx;
    if (restore) {
      const r = restore;
      this.job = r.job;
      this.events = r.events;
      this.checkpoints = r.checkpoints;
      this.#method = r.method;
      this.#requested = r.requested;
      this.#modelName = r.modelName;
      this.#phase = r.phase;
      this.#nextAt = r.nextAt;
      this.#paused = r.paused;
      // A job paused by a server that showed it as `running` reads `paused` after a restart.
      if (r.paused) this.#setPaused(true);
      this.#step = r.step;
      this.#totalSteps = r.totalSteps;
      this.#stepsPerEpoch = r.stepsPerEpoch;
      this.#hyper = r.hyper;
      this.#tokens = r.tokens;
      this.tokensPerEpoch = r.tokensPerEpoch;
      this.#rows = r.rows;
      this.#version = r.events.length;
      return;
    }
    this.#method = (body.method?.type ?? 'supervised') as MethodType;
    this.#requested = requestedHyperparameters(body);
    const hyperparameters = {
      batch_size: (this.#requested.batch_size ?? 'auto') as 'auto' | number,
      learning_rate_multiplier: (this.#requested.learning_rate_multiplier ?? 'auto') as
        | 'auto'
        | number,
      n_epochs: (this.#requested.n_epochs ?? 'auto') as 'auto' | number,
    };
    // Tuning a fine-tuned model again names the result after the base model, as the API does.
    const base = model.startsWith('ft:') ? model.split(':')[1]! : model;
    this.#modelName = `ft:${base}:${ctx.organization}:${body.suffix ?? ''}:${ctx.ids.id('', 8)}`;
    // The fields and their order as the API sends them (recorded: docs/local-server.md): `error` is
    // `{}` until the job fails, `integrations` `[]`, and four fields the spec lacks.
    this.job = {
      object: 'fine_tuning.job',
      id: ctx.ids.id('ftjob-'),
      model,
      created_at: seconds(now),
      finished_at: null,
      fine_tuned_model: null,
      organization_id: ctx.organization,
      result_files: [],
      status: 'validating_files',
      validation_file: body.validation_file ?? null,
      training_file: body.training_file,
      hyperparameters,
      trained_tokens: null,
      error: {} as FineTuningJob['error'],
      user_provided_suffix: body.suffix ?? null,
      seed: body.seed ?? ctx.ids.int(2_147_483_647),
      estimated_finish: null,
      integrations: body.integrations ?? [],
      metadata: body.metadata ?? null,
      usage_metrics: null,
      shared_with_openai: false,
      eval_id: null,
      method: (body.method ?? {
        type: 'supervised',
        supervised: { hyperparameters },
      }) as FineTuningJob['method'],
    } as FineTuningJob;
    this.#nextAt = now + ctx.timing.validatingMs;
    this.#event(now, `Created fine-tuning job: ${this.job.id}`);
    this.#event(now, `Validating training file: ${body.training_file}`);
  }

  /** Every change to the job adds an event, so this grows with every change: the store compares it. */
  get version(): number {
    return this.#version;
  }

  /** Everything needed to carry on after a restart (`JobSimulation.restore`). */
  snapshot(): JobRecord {
    return {
      job: this.job,
      events: this.events,
      checkpoints: this.checkpoints,
      method: this.#method,
      requested: this.#requested,
      modelName: this.#modelName,
      phase: this.#phase,
      nextAt: this.#nextAt,
      paused: this.#paused,
      step: this.#step,
      totalSteps: this.#totalSteps,
      stepsPerEpoch: this.#stepsPerEpoch,
      hyper: this.#hyper,
      tokens: this.#tokens,
      tokensPerEpoch: this.tokensPerEpoch,
      rows: this.#rows,
    };
  }

  static restore(ctx: SimulationContext, record: JobRecord): JobSimulation {
    return new JobSimulation(
      ctx,
      { model: record.job.model, training_file: record.job.training_file },
      record.job.model,
      0,
      record,
    );
  }

  get finished(): boolean {
    return this.#phase === 'done';
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** When the next transition is due, or undefined when nothing will happen without a call. */
  get nextAt(): number | undefined {
    return this.finished || this.#paused ? undefined : this.#nextAt;
  }

  advanceTo(now: number): void {
    while (!this.finished && !this.#paused && this.#nextAt <= now) {
      const at = this.#nextAt;
      if (this.#phase === 'validating') this.#validate(at);
      else if (this.#phase === 'queued') this.#start(at);
      else this.#trainStep(at);
    }
    this.#estimate();
  }

  pause(now: number): void {
    this.advanceTo(now);
    if (this.#phase !== 'running' || this.#paused) {
      throw new HttpError(
        400,
        `Job ${this.job.id} cannot be paused: only a running job that is not paused can be (status: ${this.#describe()}).`,
        { param: 'fine_tuning_job_id', code: 'invalid_job_state' },
      );
    }
    this.#setPaused(true);
    this.#event(now, 'Fine-tuning job paused');
    this.#estimate();
  }

  resume(now: number): void {
    this.advanceTo(now);
    if (!this.#paused) {
      throw new HttpError(
        400,
        `Job ${this.job.id} cannot be resumed: it is not paused (status: ${this.#describe()}).`,
        { param: 'fine_tuning_job_id', code: 'invalid_job_state' },
      );
    }
    this.#setPaused(false);
    this.#nextAt = now + this.#ctx.timing.stepMs;
    this.#event(now, 'Fine-tuning job resumed');
    this.#estimate();
  }

  cancel(now: number): void {
    this.advanceTo(now);
    if (this.finished) {
      throw new HttpError(
        400,
        `Job ${this.job.id} has already finished with status '${this.job.status}' and cannot be cancelled.`,
        { param: 'fine_tuning_job_id', code: 'invalid_job_state' },
      );
    }
    this.#finish(now, 'cancelled');
    this.#event(now, 'Fine-tuning job cancelled');
  }

  #describe(): string {
    return this.job.status;
  }

  /**
   * A paused job shows `status: "paused"` until it is resumed (back to `running`) or cancelled, as
   * the API's own example of the pause answer does; the spec's status enum lacks it (erratum
   * `job-status-paused`, src/testing/errata.ts).
   */
  #setPaused(paused: boolean): void {
    this.#paused = paused;
    (this.job as { status: string }).status = paused ? 'paused' : 'running';
  }

  #event(
    at: number,
    message: string,
    level: FineTuningJobEvent['level'] = 'info',
    data?: Record<string, unknown>,
  ): void {
    this.#version += 1;
    this.events.push({
      object: 'fine_tuning.job.event',
      id: this.#ctx.ids.id('ftevent-'),
      created_at: seconds(at),
      level,
      message,
      // The API sends `data: {}` on plain messages.
      data: data ?? {},
      type: data ? 'metrics' : 'message',
    });
  }

  #finish(at: number, status: 'succeeded' | 'failed' | 'cancelled'): void {
    this.#phase = 'done';
    this.#paused = false;
    this.job.status = status;
    // A cancelled job keeps `finished_at: null` on the API (three recordings); Azure sets it
    // (src/testing/azure/dialect.ts reads `endedAt`).
    this.endedAt = seconds(at);
    if (status !== 'cancelled') this.job.finished_at = this.endedAt;
    this.job.estimated_finish = null;
    // Webhooks (src/testing/webhooks.ts): the job's end is announced to the configured endpoints.
    this.#ctx.onEnd?.(this.job, at);
  }

  #fail(at: number, param: 'training_file' | 'validation_file', message: string): void {
    const code = param === 'training_file' ? 'invalid_training_file' : 'invalid_validation_file';
    this.job.error = { code, message, param };
    this.#event(at, message, 'error');
    this.#finish(at, 'failed');
  }

  #readDataset(
    param: 'training_file' | 'validation_file',
    id: string,
  ): { examples: number; tokens: number } | string {
    const content = this.#ctx.files.content(id);
    if (!content)
      return `${param === 'training_file' ? 'Training' : 'Validation'} file ${id} no longer exists.`;
    try {
      return checkTrainingData(decoder.decode(content), this.#method);
    } catch (error) {
      if (error instanceof TrainingDataError)
        return `${param === 'training_file' ? 'Training' : 'Validation'} file ${id} is invalid: ${error.message}`;
      throw error;
    }
  }

  #validate(at: number): void {
    const training = this.#readDataset('training_file', this.job.training_file);
    if (typeof training === 'string') return this.#fail(at, 'training_file', training);
    if (this.job.validation_file) {
      const validation = this.#readDataset('validation_file', this.job.validation_file);
      if (typeof validation === 'string') return this.#fail(at, 'validation_file', validation);
    }
    const pick = (name: keyof Hyper, auto: number) => {
      const value = this.#requested[name];
      return typeof value === 'number' ? value : auto;
    };
    this.#hyper = {
      // The fine-tuning guide: with `n_epochs: "auto"` the epochs follow the number of examples. The
      // training-data validator's billing estimate uses the same function, so the figures agree.
      n_epochs: pick('n_epochs', defaultEpochs(training.examples)),
      batch_size: pick(
        'batch_size',
        Math.max(1, Math.min(256, Math.round(training.examples * 0.002))),
      ),
      learning_rate_multiplier: pick('learning_rate_multiplier', 1.8),
    };
    this.#stepsPerEpoch = Math.ceil(training.examples / this.#hyper.batch_size);
    this.#totalSteps = this.#stepsPerEpoch * this.#hyper.n_epochs;
    this.#tokens = this.tokensPerEpoch ?? training.tokens;
    this.job.hyperparameters = { ...this.#hyper };
    const type = this.#method;
    this.job.method = {
      type,
      [type]: {
        ...(this.job.method as unknown as Record<string, { hyperparameters?: object }>)[type],
        hyperparameters: { ...this.#requested, ...this.#hyper },
      },
    } as FineTuningJob['method'];
    this.#phase = 'queued';
    this.job.status = 'queued';
    this.#event(at, 'Files validated, moving job to queued state');
    this.#nextAt = at + this.#ctx.timing.queuedMs;
  }

  #start(at: number): void {
    this.#phase = 'running';
    this.job.status = 'running';
    this.#event(at, 'Fine-tuning job started');
    this.#nextAt = at + this.#ctx.timing.stepMs;
  }

  #trainStep(at: number): void {
    this.#step += 1;
    const step = this.#step;
    const metrics = metricsAt(step, {
      totalSteps: this.#totalSteps,
      stepsPerEpoch: this.#stepsPerEpoch,
      learningRateMultiplier: this.#hyper.learning_rate_multiplier,
      batchSize: this.#hyper.batch_size,
      seed: this.job.seed,
      withValidation: this.job.validation_file !== null,
    });
    this.#rows.push(metrics);
    const message =
      `Step ${step}/${this.#totalSteps}: training loss=${metrics.train_loss.toFixed(4)}` +
      (metrics.valid_loss !== undefined
        ? `, validation loss=${metrics.valid_loss.toFixed(4)}`
        : '');
    this.#event(at, message, 'info', { ...metrics, total_steps: this.#totalSteps });
    const epoch = step / this.#stepsPerEpoch;
    // Like the API, keep checkpoints for the last three epochs only.
    if (Number.isInteger(epoch) && epoch > this.#hyper.n_epochs - 3) this.#checkpoint(at, metrics);
    if (step >= this.#totalSteps) return this.#succeed(at);
    this.#nextAt = at + this.#ctx.timing.stepMs;
  }

  #checkpoint(at: number, metrics: StepMetrics): void {
    const last = this.#step >= this.#totalSteps;
    const name = last ? this.#modelName : `${this.#modelName}:ckpt-step-${this.#step}`;
    this.checkpoints.push({
      object: 'fine_tuning.job.checkpoint',
      id: this.#ctx.ids.id('ftckpt_'),
      created_at: seconds(at),
      fine_tuned_model_checkpoint: name,
      fine_tuning_job_id: this.job.id,
      step_number: this.#step,
      // Checkpoints fall at epoch ends, where the full validation set was measured. The API names
      // the method the metrics come from (`type`, not in the spec).
      metrics: { ...metrics, type: this.#method } as FineTuningJobCheckpoint['metrics'],
    });
    this.#event(at, `Checkpoint created at step ${this.#step}`);
  }

  #succeed(at: number): void {
    // The API serves the result file base64-encoded (decode it to read the CSV); so does this server.
    const encoded = new TextEncoder().encode(btoa(toCsv(this.#rows)));
    const result = this.#ctx.files.create('step_metrics.csv', 'fine-tune-results', encoded);
    this.job.result_files = [result.id];
    this.job.fine_tuned_model = this.#modelName;
    this.job.trained_tokens = this.#tokens * this.#hyper.n_epochs;
    this.#event(at, `New fine-tuned model created: ${this.#modelName}`);
    this.#event(at, 'The job has successfully completed');
    this.#finish(at, 'succeeded');
  }

  #estimate(): void {
    this.job.estimated_finish =
      this.#phase === 'running' && !this.#paused
        ? seconds(this.#nextAt + (this.#totalSteps - this.#step - 1) * this.#ctx.timing.stepMs)
        : null;
  }
}
