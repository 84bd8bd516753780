// The daily cap on job creation: a 429 that waiting minutes cannot cure. Its own module (like the
// webhook error), loaded by the transport only when an answer fails, so the code a service loads
// at start does not grow.
import { type APIErrorInit, errorBodyOf, RateLimitError } from './api-error.ts';
import { guardFor } from './base.ts';

/** The error `code` of the daily cap on fine-tuning job creation (a 429 that waiting minutes cannot cure). */
export const DAILY_RATE_LIMIT_CODE = 'daily_rate_limit_exceeded';

const DAILY_CAP = /maximum of (\d+) fine-tuning requests per day for the model '([^']+)'/;

/**
 * 429 with `code: "daily_rate_limit_exceeded"`: the organization reached its daily cap of
 * fine-tuning job creations for a model. Not retried (the cap resets within a day, not seconds);
 * `instanceof RateLimitError` still holds.
 * @example
 * try {
 *   await ft.jobs.create({ model: 'gpt-4.1-2025-04-14', training_file: 'file-abc123' });
 * } catch (error) {
 *   if (error instanceof DailyRateLimitError) console.error(`cap ${error.cap} for ${error.model}`);
 *   else throw error;
 * }
 */
export class DailyRateLimitError extends RateLimitError {
  static override readonly kind: string = 'DailyRateLimitError';
  /** The number of job creations a day the message names, when it names one. */
  readonly cap: number | undefined;
  /** The model the cap applies to, when the message names it. */
  readonly model: string | undefined;

  constructor(init: APIErrorInit) {
    const message = errorBodyOf(init.body)?.message ?? '';
    const found = DAILY_CAP.exec(message);
    const cap = found ? Number(found[1]) : undefined;
    const model = found?.[2];
    const what =
      cap === undefined
        ? 'the daily cap on fine-tuning job creations'
        : `the daily cap of ${cap} fine-tuning job creations${model ? ` for ${model}` : ''}`;
    super({
      ...init,
      note: [
        init.note,
        `Not retried: the organization reached ${what}, which resets within 24 hours; create the job later, use another model, or ask OpenAI to raise the cap`,
      ]
        .filter(Boolean)
        .join('. '),
    });
    this.cap = cap;
    this.model = model;
  }
}

/** Whether a parsed error body names the daily cap on job creation. */
export function isDailyCapBody(body: unknown): boolean {
  return errorBodyOf(body)?.code === DAILY_RATE_LIMIT_CODE;
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is a DailyRateLimitError (from any copy of the package); `instanceof` works as well. */
export const isDailyRateLimitError =
  /* @__PURE__ */ guardFor<DailyRateLimitError>('DailyRateLimitError');
