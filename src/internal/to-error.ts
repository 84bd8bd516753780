import { APIError, AbortError, ConnectionError, FineTuningError } from '../errors.ts';
import { secretsOf } from './redact.ts';

/** Where a request went, as the error messages name it: method and path, no host, no query. */
export function describe(request: Request | undefined): { method: string; path: string } {
  if (!request) return { method: 'REQUEST', path: '(unknown)' };
  return { method: request.method, path: new URL(request.url).pathname };
}

/**
 * The generated client's error interceptor: it gets the parsed body of a non-2xx response, or the
 * exception `fetch` threw, and what it returns is what the call throws. The transport already
 * throws typed errors; what reaches here untyped is a final non-2xx answer.
 */
export function toError(error: unknown, response: Response | undefined, request: Request): unknown {
  if (error instanceof FineTuningError) return error;
  const { method, path } = describe(request);
  if (!response) {
    if (error instanceof Error && error.name === 'AbortError') return new AbortError(method, path, request.signal.reason ?? error);
    return new ConnectionError(method, path, error);
  }
  return APIError.from({
    status: response.status,
    headers: response.headers,
    method,
    path,
    body: error,
    secrets: secretsOf(request.headers),
  });
}
