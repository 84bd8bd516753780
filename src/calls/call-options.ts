// A call's options (the last argument of every method): their shape, and the transport settings
// they ask for. Loaded by call.ts the first time a call is given options.
import { InvalidArgumentError } from '../errors/base.ts';
import { checkRetries, checkRetryFields, checkTimeout } from '../transport/options.ts';
import { checkOptional, checkSignal, describeValue, isObject } from '../transport/args.ts';
import type { CallSettings } from '../transport/transport.ts';
import type { RetryPolicy } from '../transport/policy.ts';

/** Options every method accepts as its last argument. */
export interface RequestOptions {
  /**
   * Aborts the request, including a wait between retries; the call rejects with AbortError.
   * @default none: the call runs until it settles or times out
   */
  signal?: AbortSignal | undefined;
  /**
   * Extra headers for this request only.
   * @default none: the client's headers only
   */
  headers?: Record<string, string> | undefined;
  /**
   * Extra query parameters for this request only (a gateway's); the operation's own parameters win.
   * @default none
   */
  query?: Record<string, string> | undefined;
  /**
   * Milliseconds one attempt may take (headers and body), instead of the client's `timeout`.
   * @default the client's `timeout`
   */
  timeout?: number | undefined;
  /**
   * Retries for this call, instead of the client's `maxRetries`.
   * @default the client's `maxRetries`
   */
  maxRetries?: number | undefined;
  /**
   * The retry policy for this call, over the client's.
   * @default the client's `retry`
   */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>> | undefined;
  /**
   * The `Idempotency-Key` sent with a POST (the same on every retry of the call).
   * @default a random UUID per call
   */
  idempotencyKey?: string | undefined;
  /**
   * For `jobs.create`: whether a metadata marker may be added (see the client's `jobMarker`).
   * @default the client's `jobMarker`
   */
  jobMarker?: boolean | undefined;
}

/** The shape of a call's options; their values are checked where they are read. */
export function checkOptions(options: unknown): asserts options is RequestOptions | undefined {
  checkOptional(options, 'request options', 'options');
  if (!options) return;
  const o = options as RequestOptions;
  checkSignal(o.signal);
  if (o.headers !== undefined && !isObject(o.headers)) {
    throw new InvalidArgumentError(
      `\`headers\` must be an object of header names to string values, got ${describeValue(o.headers)}.`,
    );
  }
  if (o.query !== undefined && !isObject(o.query)) {
    throw new InvalidArgumentError(
      `\`query\` must be an object of parameter names to string values, got ${describeValue(o.query)}.`,
    );
  }
  if (o.retry !== undefined) {
    if (!isObject(o.retry))
      throw new InvalidArgumentError(`\`retry\` must be an object, got ${describeValue(o.retry)}.`);
    checkRetryFields(o.retry, 'retry', InvalidArgumentError);
  }
  if (o.jobMarker !== undefined && typeof o.jobMarker !== 'boolean') {
    throw new InvalidArgumentError(
      `\`jobMarker\` must be true or false, got ${describeValue(o.jobMarker)}.`,
    );
  }
}

/** The transport settings a call's options ask for, or undefined for the client's own. */
export function settingsOf(
  options: RequestOptions | undefined,
  settings: CallSettings | undefined,
): CallSettings | undefined {
  checkOptions(options);
  if (
    !options ||
    (options.timeout === undefined &&
      options.maxRetries === undefined &&
      options.retry === undefined &&
      options.idempotencyKey === undefined &&
      options.query === undefined)
  ) {
    return settings;
  }
  if (
    options.idempotencyKey !== undefined &&
    (typeof options.idempotencyKey !== 'string' || options.idempotencyKey.trim() === '')
  ) {
    throw new InvalidArgumentError(
      `\`idempotencyKey\` must be a non-empty string, got ${describeValue(options.idempotencyKey)}.`,
    );
  }
  return {
    ...settings,
    timeout: checkTimeout(options.timeout, 'timeout', InvalidArgumentError),
    maxRetries: checkRetries(options.maxRetries, 'maxRetries', InvalidArgumentError),
    retry: options.retry,
    idempotencyKey: options.idempotencyKey ?? settings?.idempotencyKey,
    query: options.query,
  };
}
