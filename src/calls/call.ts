import { ApiPromise } from './api-promise.ts';
import { InvalidArgumentError } from '../errors/base.ts';
import { checkRetries, checkRetryFields, checkTimeout } from '../transport/options.ts';
import { checkOptional, checkSignal, describeValue, isObject } from '../transport/args.ts';
import type { RetryPolicy } from '../transport/policy.ts';
import type { CallSettings, RequestClient } from '../transport/transport.ts';

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
    throw new InvalidArgumentError(`\`headers\` must be an object of header names to string values, got ${describeValue(o.headers)}.`);
  }
  if (o.retry !== undefined) {
    if (!isObject(o.retry)) throw new InvalidArgumentError(`\`retry\` must be an object, got ${describeValue(o.retry)}.`);
    checkRetryFields(o.retry, 'retry', InvalidArgumentError);
  }
  if (o.jobMarker !== undefined && typeof o.jobMarker !== 'boolean') {
    throw new InvalidArgumentError(`\`jobMarker\` must be true or false, got ${describeValue(o.jobMarker)}.`);
  }
}

/** The transport settings a call's options ask for, or undefined for the client's own. */
function settingsOf(options: RequestOptions | undefined, settings: CallSettings | undefined): CallSettings | undefined {
  checkOptions(options);
  if (!options || (options.timeout === undefined && options.maxRetries === undefined && options.retry === undefined && options.idempotencyKey === undefined)) {
    return settings;
  }
  if (options.idempotencyKey !== undefined && (typeof options.idempotencyKey !== 'string' || options.idempotencyKey.trim() === '')) {
    throw new InvalidArgumentError(`\`idempotencyKey\` must be a non-empty string, got ${describeValue(options.idempotencyKey)}.`);
  }
  return {
    ...settings,
    timeout: checkTimeout(options.timeout, 'timeout', InvalidArgumentError),
    maxRetries: checkRetries(options.maxRetries, 'maxRetries', InvalidArgumentError),
    retry: options.retry,
    idempotencyKey: options.idempotencyKey ?? settings?.idempotencyKey,
  };
}

/**
 * A generated operation function, as the facade calls it: with its client and the per-call
 * settings, which the generated function passes on with the rest of its options.
 */
type Operation<TParams, TData> = (
  options: TParams & { client: never; throwOnError: true },
) => Promise<{ data: TData; response: Response }>;

/** Calls a generated operation through the facade's client and wraps the result. */
export function call<TParams, TData>(
  client: RequestClient,
  operation: Operation<TParams, TData>,
  params: TParams,
  options: RequestOptions | undefined,
  extra?: Record<string, unknown>,
  settings?: CallSettings,
): ApiPromise<TData> {
  let exchange: Promise<{ data: TData; response: Response }>;
  try {
    exchange = operation({
      ...params,
      ...extra,
      client: client as never,
      throwOnError: true,
      signal: options?.signal,
      settings: settingsOf(options, extra?.parseAs === 'stream' ? { ...settings, streamResponse: true } : settings),
      ...(options?.headers ? { headers: options.headers } : {}),
    });
  } catch (error) {
    exchange = Promise.reject(error);
  }
  return new ApiPromise(exchange);
}
