import type { Client } from '../../generated/client/index.ts';
import { ApiPromise } from '../api-promise.ts';
import { InvalidResponseError } from '../errors.ts';
import { describe } from './to-error.ts';

/** Options every method accepts as its last argument. */
export interface RequestOptions {
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this request only. */
  headers?: Record<string, string> | undefined;
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
  const { method, path } = describe(request);
  if (text.trim() === '') {
    throw new InvalidResponseError(method, path, response, 'its body is empty');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
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
): ApiPromise<TData> {
  const raw = extra?.parseAs === undefined;
  const exchange = operation(withClient(client, {
    ...params,
    ...(raw ? { parseAs: 'text' } : {}),
    ...extra,
    throwOnError: true,
    ...(options?.signal ? { signal: options.signal } : {}),
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
