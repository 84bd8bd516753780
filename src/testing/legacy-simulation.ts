// One legacy fine-tune's life (`/v1/fine-tunes`, `object: "fine-tune"`), driven by the server clock
// like the modern jobs in job-simulation.ts: no timers, `advanceTo(now)` replays the transitions that
// fell due, each stamped with its own time. Status goes pending → running → succeeded, or ends
// failed (bad training data) or cancelled; the events use the legacy API's wording.
import type {
  CreateFineTuneRequest,
  FineTune,
  FineTuneEvent,
  OpenAiFile,
} from '../../generated/legacy/types.gen.ts';
import { HttpError } from './errors.ts';
import { metricsAt } from './metrics.ts';
import type { SimulationContext } from './job-simulation.ts';
import { checkTrainingData, TrainingDataError } from './training-data.ts';

/** The base models the legacy API tuned; `null` or no model meant `curie`. */
export const LEGACY_MODELS = ['ada', 'babbage', 'curie', 'davinci'];

// `validating` and `queued` both report status `pending`, as the legacy API did.
type Phase = 'validating' | 'queued' | 'running' | 'done';

const seconds = (ms: number) => Math.floor(ms / 1000);
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** `2023-12-22-10-04-05`: the timestamp the legacy API put in a fine-tuned model's name. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[T:]/g, '-');
}

/** A legacy fine-tune as the durable store keeps it (see `LegacySimulation.snapshot`). */
export interface LegacyRecord {
  job: FineTune & { events: FineTuneEvent[] };
  body: CreateFineTuneRequest;
  base: string;
  phase: Phase;
  nextAt: number;
  epoch: number;
  stepsPerEpoch: number;
  examples: number;
}

export class LegacySimulation {
  readonly job: FineTune & { events: FineTuneEvent[] };
  readonly #ctx: SimulationContext;
  readonly #body: CreateFineTuneRequest;
  readonly #base: string;
  #phase: Phase = 'validating';
  #nextAt: number;
  #epoch = 0;
  #stepsPerEpoch = 1;
  #examples = 0;

  /** `model` is checked by the handler: a base model, or a fine-tuned one this server made. */
  constructor(
    ctx: SimulationContext,
    body: CreateFineTuneRequest,
    model: string,
    now: number,
    restore?: LegacyRecord,
  ) {
    this.#ctx = ctx;
    this.#body = body;
    this.#base = model.split(':')[0]!;
    if (restore) {
      this.job = restore.job;
      this.#base = restore.base;
      this.#phase = restore.phase;
      this.#nextAt = restore.nextAt;
      this.#epoch = restore.epoch;
      this.#stepsPerEpoch = restore.stepsPerEpoch;
      this.#examples = restore.examples;
      return;
    }
    const file = (id: string | null | undefined): OpenAiFile[] => {
      const meta = id ? ctx.files.get(id) : undefined;
      return meta ? [{ ...meta } as OpenAiFile] : [];
    };
    const legacyEpochs = (body as { n_epochs?: unknown }).n_epochs;
    const epochs = body.hyperparameters?.n_epochs ?? legacyEpochs;
    this.job = {
      object: 'fine-tune',
      id: ctx.ids.id('ft-'),
      model,
      created_at: seconds(now),
      updated_at: seconds(now),
      events: [],
      fine_tuned_model: null,
      hyperparams: {
        // Settled when the file is read (batch size and learning rate depend on its size).
        batch_size: body.batch_size ?? 1,
        learning_rate_multiplier: body.learning_rate_multiplier ?? 0.1,
        n_epochs: typeof epochs === 'number' ? epochs : 4,
        prompt_loss_weight: body.prompt_loss_weight ?? 0.01,
        ...(body.compute_classification_metrics ? { compute_classification_metrics: true } : {}),
        ...(body.classification_n_classes != null
          ? { classification_n_classes: body.classification_n_classes }
          : {}),
        ...(body.classification_positive_class != null
          ? { classification_positive_class: body.classification_positive_class }
          : {}),
      },
      organization_id: ctx.organization,
      result_files: [],
      status: 'pending',
      training_files: file(body.training_file),
      validation_files: file(body.validation_file),
    };
    this.#event(now, `Created fine-tune: ${this.job.id}`);
    this.#nextAt = now + ctx.timing.validatingMs;
  }

  /** Every change adds an event: the store compares this to tell the fine-tune changed. */
  get version(): number {
    return this.job.events.length;
  }

  snapshot(): LegacyRecord {
    return {
      job: this.job,
      body: this.#body,
      base: this.#base,
      phase: this.#phase,
      nextAt: this.#nextAt,
      epoch: this.#epoch,
      stepsPerEpoch: this.#stepsPerEpoch,
      examples: this.#examples,
    };
  }

  static restore(ctx: SimulationContext, record: LegacyRecord): LegacySimulation {
    return new LegacySimulation(ctx, record.body, record.job.model, 0, record);
  }

  get finished(): boolean {
    return this.#phase === 'done';
  }

  /** When the next transition is due, or undefined once the fine-tune has ended. */
  get nextAt(): number | undefined {
    return this.finished ? undefined : this.#nextAt;
  }

  get events(): readonly FineTuneEvent[] {
    return this.job.events;
  }

  advanceTo(now: number): void {
    while (!this.finished && this.#nextAt <= now) {
      const at = this.#nextAt;
      if (this.#phase === 'validating') this.#validate(at);
      else if (this.#phase === 'queued') this.#start(at);
      else this.#completeEpoch(at);
    }
  }

  cancel(now: number): void {
    this.advanceTo(now);
    if (this.finished) {
      throw new HttpError(
        400,
        `Fine-tune ${this.job.id} has already finished with status '${this.job.status}' and cannot be cancelled.`,
        { param: 'fine_tune_id', code: 'invalid_fine_tune_state' },
      );
    }
    this.#event(now, 'Fine-tune cancelled');
    this.#finish(now, 'cancelled');
  }

  #event(at: number, message: string, level = 'info'): void {
    this.job.events.push({ object: 'fine-tune-event', created_at: seconds(at), level, message });
    this.job.updated_at = seconds(at);
  }

  #finish(at: number, status: 'succeeded' | 'failed' | 'cancelled'): void {
    this.#phase = 'done';
    this.job.status = status;
    this.job.updated_at = seconds(at);
  }

  /** Reads the training file; the legacy format is `{"prompt", "completion"}` per line. */
  #validate(at: number): void {
    const id = this.#body.training_file;
    const content = this.#ctx.files.content(id);
    let examples: number;
    let tokens: number;
    try {
      if (!content) throw new TrainingDataError('the file no longer exists');
      ({ examples, tokens } = checkTrainingData(decoder.decode(content), 'supervised'));
    } catch (error) {
      if (!(error instanceof TrainingDataError)) throw error;
      this.#event(at, `Training file ${id} is invalid: ${error.message}`, 'error');
      return this.#finish(at, 'failed');
    }
    this.#examples = examples;
    const h = this.job.hyperparams;
    // The legacy defaults: batch ~0.2% of the examples (1..256), learning rate by batch size.
    if (this.#body.batch_size == null)
      h.batch_size = Math.max(1, Math.min(256, Math.round(examples * 0.002)));
    if (this.#body.learning_rate_multiplier == null)
      h.learning_rate_multiplier = h.batch_size >= 64 ? 0.2 : h.batch_size >= 16 ? 0.1 : 0.05;
    this.#stepsPerEpoch = Math.ceil(examples / h.batch_size);
    // Priced as curie was: $0.003 per 1K trained tokens.
    this.#event(at, `Fine-tune costs $${(((tokens * h.n_epochs) / 1000) * 0.003).toFixed(2)}`);
    this.#event(at, 'Fine-tune enqueued. Queue number: 0');
    this.#phase = 'queued';
    this.#nextAt = at + this.#ctx.timing.queuedMs;
  }

  #start(at: number): void {
    this.#phase = 'running';
    this.job.status = 'running';
    this.#event(at, 'Fine-tune started');
    this.#nextAt = at + this.#stepsPerEpoch * this.#ctx.timing.stepMs;
  }

  #completeEpoch(at: number): void {
    this.#epoch += 1;
    const epochs = this.job.hyperparams.n_epochs;
    this.#event(at, `Completed epoch ${this.#epoch}/${epochs}`);
    if (this.#epoch < epochs) {
      this.#nextAt = at + this.#stepsPerEpoch * this.#ctx.timing.stepMs;
      return;
    }
    const suffix = this.#body.suffix ? `:${this.#body.suffix}` : '';
    this.job.fine_tuned_model = `${this.#base}:ft-${this.#ctx.organization}${suffix}-${stamp(at)}`;
    this.#event(at, `Uploaded model: ${this.job.fine_tuned_model}`);
    const result = this.#ctx.files.create(
      'compiled_results.csv',
      'fine-tune-results',
      encoder.encode(this.#results()),
    );
    this.job.result_files = [{ ...result } as OpenAiFile];
    this.#event(at, `Uploaded result file: ${result.id}`);
    this.#event(at, 'Fine-tune succeeded');
    this.#finish(at, 'succeeded');
  }

  /** The legacy results file: one row per step, plain CSV (the legacy API did not base64 it). */
  #results(): string {
    const total = this.#stepsPerEpoch * this.job.hyperparams.n_epochs;
    const rows = ['step,elapsed_examples,training_loss,training_token_accuracy'];
    for (let step = 1; step <= total; step++) {
      const m = metricsAt(step, {
        totalSteps: total,
        stepsPerEpoch: this.#stepsPerEpoch,
        // Legacy multipliers were about 20 times smaller (0.02 to 0.2) for the same effect.
        learningRateMultiplier: this.job.hyperparams.learning_rate_multiplier * 20,
        batchSize: this.job.hyperparams.batch_size,
        seed: [...this.job.id].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 0),
        withValidation: false,
      });
      rows.push(
        `${step},${Math.min(step * this.job.hyperparams.batch_size, this.#examples * this.job.hyperparams.n_epochs)},${m.train_loss},${m.train_mean_token_accuracy}`,
      );
    }
    return `${rows.join('\n')}\n`;
  }
}
