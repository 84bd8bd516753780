// Converts a legacy create body (`POST /fine-tunes`) into a modern one (`POST /fine_tuning/jobs`).
// Nothing is lost quietly: every field that the modern API has no place for comes back in
// `unmapped`, and every value that had to change (the retired base models) in `replaced`.
import type { CreateFineTuningJobRequest } from '../../generated/types.gen.ts';
import type { CreateFineTuneRequest } from './types.ts';
import { InvalidArgumentError } from '../errors.ts';

// Reached through the request type rather than by its schema name, which older upstream specs lack.
type SupervisedHyperparameters = NonNullable<
  NonNullable<NonNullable<CreateFineTuningJobRequest['method']>['supervised']>['hyperparameters']
>;

/**
 * A legacy create body. `n_epochs` at the top level is how bodies written before the
 * `hyperparameters` object (2023) said it; it is accepted too.
 * @deprecated The legacy /fine-tunes API is deprecated; use `CreateFineTuningJobRequest`.
 */
export type LegacyCreateRequest = CreateFineTuneRequest & {
  n_epochs?: number | 'auto' | null | undefined;
};

/**
 * One field of the legacy body that did not go across unchanged.
 * @deprecated Exists only to leave the legacy API for `FineTuning#jobs.create()`.
 */
export interface MigrationNote {
  /** The legacy field, e.g. `prompt_loss_weight` or `hyperparameters.foo`. */
  field: string;
  /** Its value in the legacy body. */
  value: unknown;
  /** Why, and what to do instead. */
  reason: string;
}

/**
 * The result of {@link toModernJobRequest}.
 * @deprecated Exists only to leave the legacy API: pass the request it holds to `FineTuning#jobs.create()`.
 */
export interface ModernJobRequest {
  /** The body for `FineTuning#jobs.create()`. */
  request: CreateFineTuningJobRequest;
  /** Legacy fields with no modern equivalent: they are not in `request`. */
  unmapped: MigrationNote[];
  /** Legacy fields sent with another value (a retired base model's replacement). */
  replaced: MigrationNote[];
}

/** The retired legacy base models and the models OpenAI named as their replacements. */
const BASE_MODEL_REPLACEMENTS: Record<string, string> = {
  ada: 'babbage-002',
  babbage: 'babbage-002',
  curie: 'davinci-002',
  davinci: 'davinci-002',
};
const LEGACY_DEFAULT_MODEL = 'curie';

const NO_METRICS =
  'the modern API computes no classification metrics; evaluate the fine-tuned model yourself (for example with the Evals API)';

/** Legacy fields with no modern equivalent, and why. A `null` value (the legacy default) is not reported. */
const UNMAPPED: Record<string, string> = {
  prompt_loss_weight:
    'the modern API has no prompt loss weight; in chat-format training files, give an assistant message `weight: 0` to exclude it from the loss',
  compute_classification_metrics: NO_METRICS,
  classification_n_classes: NO_METRICS,
  classification_positive_class: NO_METRICS,
  classification_betas: NO_METRICS,
};

/** Fields that carry straight across (or are handled below). */
const KNOWN = new Set([
  'training_file',
  'validation_file',
  'suffix',
  'model',
  'batch_size',
  'learning_rate_multiplier',
  'n_epochs',
  'hyperparameters',
]);

const isDefault = (field: string, value: unknown) =>
  value === undefined ||
  value === null ||
  (field === 'compute_classification_metrics' && value === false);

function modelFor(
  legacy: unknown,
  override: string | undefined,
  replaced: MigrationNote[],
): string {
  if (override !== undefined) {
    if (typeof override !== 'string' || override.trim() === '') {
      throw new InvalidArgumentError(
        '`options.model` must be a non-empty model name, e.g. "gpt-4o-mini-2024-07-18".',
      );
    }
    if (legacy !== undefined && legacy !== null && legacy !== override) {
      replaced.push({
        field: 'model',
        value: legacy,
        reason: `replaced by options.model (${override})`,
      });
    }
    return override;
  }
  if (legacy !== undefined && legacy !== null && typeof legacy !== 'string') {
    throw new InvalidArgumentError(`\`model\` must be a string or null, got ${typeof legacy}.`);
  }
  const name = legacy ?? LEGACY_DEFAULT_MODEL;
  const replacement = BASE_MODEL_REPLACEMENTS[name];
  if (replacement) {
    replaced.push({
      field: 'model',
      value: legacy ?? null,
      reason:
        `${legacy == null ? `the legacy default, ${name},` : name} cannot be fine-tuned any more; ${replacement} is its replacement ` +
        '(pass options.model to choose another, e.g. a gpt-4o-mini snapshot, which needs chat-format training files)',
    });
    return replacement;
  }
  if (/^(ada|babbage|curie|davinci):/.test(name) || name.includes(':ft-')) {
    throw new InvalidArgumentError(
      `\`model\` is ${JSON.stringify(name)}, a model made by the legacy API, which /fine_tuning/jobs cannot fine-tune further. ` +
        'Pass a current base model as `toModernJobRequest(body, { model })`.',
    );
  }
  return name;
}

function epochsOf(body: Record<string, unknown>): unknown {
  const nested = (body.hyperparameters as Record<string, unknown> | undefined)?.n_epochs;
  const top = body.n_epochs;
  if (nested != null && top != null && nested !== top) {
    throw new InvalidArgumentError(
      `\`n_epochs\` (${String(top)}) and \`hyperparameters.n_epochs\` (${String(nested)}) disagree; keep one of them.`,
    );
  }
  return nested ?? top;
}

/**
 * Converts a legacy `POST /fine-tunes` body into a `POST /fine_tuning/jobs` body: `n_epochs`,
 * `batch_size` and `learning_rate_multiplier` go to `method.supervised.hyperparameters`; the
 * retired base models (`ada`, `babbage`, `curie`, `davinci`, and the default `curie`) become their
 * replacements; fields with no modern equivalent are listed in `unmapped`, never sent.
 * `{ strict: true }` throws instead of returning anything unmapped.
 * @deprecated Exists only to leave the legacy API for `FineTuning#jobs.create()`.
 * @example
 * const { request, unmapped } = toModernJobRequest({ training_file: 'file-abc', model: 'davinci', n_epochs: 3 });
 * for (const note of unmapped) console.warn(`${note.field}: ${note.reason}`);
 * await new FineTuning().jobs.create(request);
 */
export function toModernJobRequest(
  legacy: LegacyCreateRequest,
  options: { model?: string; strict?: boolean } = {},
): ModernJobRequest {
  if (legacy === null || typeof legacy !== 'object' || Array.isArray(legacy)) {
    throw new InvalidArgumentError(
      'toModernJobRequest() takes the legacy create body, an object with `training_file`.',
    );
  }
  const body = legacy as Record<string, unknown>;
  if (typeof body.training_file !== 'string' || body.training_file.trim() === '') {
    throw new InvalidArgumentError(
      '`training_file` must be the id of an uploaded file, e.g. "file-abc123".',
    );
  }
  const unmapped: MigrationNote[] = [];
  const replaced: MigrationNote[] = [];

  for (const [field, value] of Object.entries(body)) {
    if (UNMAPPED[field] !== undefined) {
      if (!isDefault(field, value)) unmapped.push({ field, value, reason: UNMAPPED[field] });
    } else if (!KNOWN.has(field) && value !== undefined) {
      unmapped.push({
        field,
        value,
        reason: 'not a field of the legacy create request, so nothing to map it to',
      });
    }
  }
  const legacyHyper = body.hyperparameters;
  if (legacyHyper !== undefined && legacyHyper !== null) {
    if (typeof legacyHyper !== 'object' || Array.isArray(legacyHyper)) {
      throw new InvalidArgumentError(
        '`hyperparameters` must be an object such as { n_epochs: 4 }.',
      );
    }
    for (const [field, value] of Object.entries(legacyHyper)) {
      if (field !== 'n_epochs' && value !== undefined) {
        unmapped.push({
          field: `hyperparameters.${field}`,
          value,
          reason: 'the legacy API had no such hyperparameter',
        });
      }
    }
  }

  const hyperparameters: SupervisedHyperparameters = {};
  const epochs = epochsOf(body);
  if (epochs != null) hyperparameters.n_epochs = epochs as 'auto' | number;
  if (body.batch_size != null) hyperparameters.batch_size = body.batch_size as number;
  if (body.learning_rate_multiplier != null)
    hyperparameters.learning_rate_multiplier = body.learning_rate_multiplier as number;

  const request: CreateFineTuningJobRequest = {
    model: modelFor(body.model, options.model, replaced),
    training_file: body.training_file,
    ...(body.validation_file != null ? { validation_file: body.validation_file as string } : {}),
    ...(body.suffix != null ? { suffix: body.suffix as string } : {}),
    method: {
      type: 'supervised',
      ...(Object.keys(hyperparameters).length > 0 ? { supervised: { hyperparameters } } : {}),
    },
  };

  if (options.strict && unmapped.length > 0) {
    throw new InvalidArgumentError(
      `The legacy body has ${unmapped.length} field(s) with no modern equivalent: ` +
        unmapped.map((n) => `${n.field} (${n.reason})`).join('; ') +
        '. Remove them, or call without { strict: true } to get them back in `unmapped`.',
    );
  }
  return { request, unmapped, replaced };
}
