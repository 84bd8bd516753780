// The validator's options: checked and filled with defaults once, then read as they are.
import { InvalidArgumentError } from '../errors.ts';
import { referencedFields } from './reinforcement.ts';
import type { TrainingMethod, TrainingMethodName } from './report.ts';
import { tokenLimitFor } from './tokens.ts';

/** Options of `validateTrainingData` and `validateTrainingFile`. */
export interface ValidateTrainingDataOptions {
  /** The fine-tuning method the data is checked for: `'supervised'`, `'dpo'` (or its alias `'preference'`) or `'reinforcement'`. */
  method: TrainingMethodName;
  /** The base model; picks the tokenizer and the per-example token limit. @default 'gpt-4o-mini-2024-07-18' */
  model?: string;
  /**
   * Epochs for the billing estimate.
   * @default the API's rule for `n_epochs: 'auto'`, from the number of examples
   */
  epochs?: number;
  /**
   * Reinforcement: the grader config; every `{{ item.x }}` it references must be on every line.
   * @default none: item fields are not checked against a grader
   */
  grader?: unknown;
  /**
   * Reinforcement: more fields every line must have.
   * @default []
   */
  requiredFields?: string[];
  /** Count tokens (loads the tokenizer on first use). @default true */
  countTokens?: boolean;
  /**
   * Overrides the model's per-example token limit.
   * @default the model's limit
   */
  tokenLimit?: number;
  /** Most errors and most warnings listed; beyond it they are only counted. @default 1000 */
  maxIssues?: number;
  /** A line longer than this is reported and skipped without being held in memory. @default 64 MiB */
  maxLineBytes?: number;
  /**
   * Called for every valid example with its token count (0 when tokens are not counted).
   * @default none
   */
  onExample?: (example: { line: number; tokens: number }) => void;
  /**
   * Called as the data is read, at most every 100 ms and once at the end, with the bytes and lines
   * checked so far and the total size when known.
   * @default none
   */
  onProgress?: (progress: TrainingDataProgress) => void;
  /**
   * The size of the source in bytes, for `onProgress`, when the source is a stream.
   * @default a Blob's or string's own size; unknown for streams
   */
  totalBytes?: number;
  /**
   * Stops reading; the promise rejects with the signal's reason.
   * @default none: reads to the end
   */
  signal?: AbortSignal;
}

/** What `onProgress` receives. */
export interface TrainingDataProgress {
  /** Bytes checked so far. */
  bytes: number;
  /** The source's size, when known. */
  totalBytes: number | undefined;
  /** Lines checked so far. */
  lines: number;
}

export interface ResolvedValidateOptions {
  method: TrainingMethod;
  model: string;
  epochs: number | undefined;
  /** Top-level fields every line must have (reinforcement). */
  fields: string[];
  countTokens: boolean;
  tokenLimit: number;
  maxIssues: number;
  maxLineBytes: number;
  onExample: ((example: { line: number; tokens: number }) => void) | undefined;
  onProgress: ((progress: TrainingDataProgress) => void) | undefined;
  totalBytes: number | undefined;
  signal: AbortSignal | undefined;
}

const METHODS: readonly TrainingMethodName[] = ['supervised', 'dpo', 'reinforcement', 'preference'];

export const DEFAULTS = {
  model: 'gpt-4o-mini-2024-07-18',
  maxIssues: 1000,
  maxLineBytes: 64 * 2 ** 20,
} as const;

const fail = (what: string): never => {
  throw new InvalidArgumentError(`validateTrainingData: ${what}`);
};

export function resolveOptions(
  options: ValidateTrainingDataOptions | undefined,
): ResolvedValidateOptions {
  if (!options || !METHODS.includes(options.method)) {
    return fail(
      `\`method\` must be one of supervised, dpo, reinforcement ('preference' is accepted for dpo), got ${JSON.stringify(options?.method)}.`,
    );
  }
  if (options.epochs !== undefined && !(Number.isInteger(options.epochs) && options.epochs > 0)) {
    fail(`\`epochs\` must be a positive whole number, got ${String(options.epochs)}.`);
  }
  for (const key of ['maxIssues', 'maxLineBytes', 'tokenLimit', 'totalBytes'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      fail(`\`${key}\` must be a whole number >= 0, got ${String(value)}.`);
  }
  const model = options.model ?? DEFAULTS.model;
  return {
    method: options.method === 'preference' ? 'dpo' : options.method,
    model,
    epochs: options.epochs,
    fields: [...new Set([...referencedFields(options.grader), ...(options.requiredFields ?? [])])],
    countTokens: options.countTokens !== false,
    tokenLimit: options.tokenLimit ?? tokenLimitFor(model),
    maxIssues: options.maxIssues ?? DEFAULTS.maxIssues,
    maxLineBytes: options.maxLineBytes ?? DEFAULTS.maxLineBytes,
    onExample: options.onExample,
    onProgress: options.onProgress,
    totalBytes: options.totalBytes,
    signal: options.signal,
  };
}
