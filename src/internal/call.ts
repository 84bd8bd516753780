import type { Client } from '../../generated/client/index.ts';
import { ApiPromise } from '../api-promise.ts';
import { InvalidArgumentError, InvalidResponseError } from '../errors.ts';
import { checkRetries, checkTimeout } from '../options.ts';
import type { RetryPolicy } from '../transport/policy.ts';
import type { CallSettings } from '../transport/transport.ts';
import { describe } from './to-error.ts';
import { transportOf } from './transports.ts';

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

/** The transport settings a call's options ask for, or undefined for the client's own. */
function settingsOf(options: RequestOptions | undefined, settings: CallSettings | undefined): CallSettings | undefined {
  if (!options || (options.timeout === undefined && options.maxRetries === undefined && options.retry === undefined && options.idempotencyKey === undefined)) {
    return settings;
  }
  if (options.idempotencyKey !== undefined && (typeof options.idempotencyKey !== 'string' || options.idempotencyKey.trim() === '')) {
    throw new InvalidArgumentError(`\`idempotencyKey\` must be a non-empty string, got ${JSON.stringify(options.idempotencyKey)}.`);
  }
  return {
    ...settings,
    timeout: checkTimeout(options.timeout, 'timeout', InvalidArgumentError),
    maxRetries: checkRetries(options.maxRetries, 'maxRetries', InvalidArgumentError),
    retry: options.retry,
    idempotencyKey: options.idempotencyKey ?? settings?.idempotencyKey,
  };
}

/** The shape shared by every generated operation function when it throws on error. */
type Operation<TParams, TData> = (
  options: TParams & { client: Client; throwOnError: true; signal?: AbortSignal; headers?: Record<string, string> },
) => Promise<{ data: TData; response: Response; request: Request }>;

/**
 * The body of a 2xx JSON response. The generated client would hand back `{}` for an empty body and
 * throw a bare SyntaxError for a broken one; a caller must never mistake either for success.
 */
function parseBody(text: string, response: Response, request: Request): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { method, path } = describe(request);
    if (text.trim() === '') throw new InvalidResponseError(method, path, response, 'its body is empty');
    throw new InvalidResponseError(method, path, response, `its body is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * The operation's options with `client` set but not enumerable. The generated client spreads its
 * options into the `RequestInit` of `new Request(...)`; Deno reads `client` there as its own
 * `Deno.HttpClient` and throws on anything else (hey-api/hey-api#4177). The generated function
 * still reads `options.client`; the spread leaves it out.
 */
function withClient<T extends object>(client: Client, options: T): T & { client: Client } {
  return Object.defineProperty(options, 'client', { value: client, enumerable: false }) as T & { client: Client };
}

/** Calls a generated operation through the facade's client and wraps the result. */
export function call<TParams, TData>(
  client: Client,
  operation: Operation<TParams, TData>,
  params: TParams,
  options: RequestOptions | undefined,
  extra?: Record<string, unknown>,
  settings?: CallSettings,
): ApiPromise<TData> {
  const raw = extra?.parseAs === undefined;
  let perCall: CallSettings | undefined;
  try {
    perCall = settingsOf(options, extra?.parseAs === 'stream' ? { ...settings, streamResponse: true } : settings);
  } catch (error) {
    return new ApiPromise(Promise.reject(error));
  }
  // The caller's signal goes to the transport, not into the Request: the transport gives each
  // attempt a signal of its own, which the caller's aborts.
  const transport = transportOf(client);
  const exchange = operation(withClient(client, {
    ...params,
    ...(raw ? { parseAs: 'text' } : {}),
    ...extra,
    throwOnError: true,
    ...(transport ? { fetch: transport.forCall(options?.signal, perCall) } : options?.signal ? { signal: options.signal } : {}),
    ...(options?.headers ? { headers: options.headers } : {}),
  }));
  return new ApiPromise(
    raw
      ? exchange.then(({ data, response, request }) => ({
          data: parseBody(data as unknown as string, response, request) as TData,
          response,
        }))
      : exchange,
  );
}
