import { APIError, ConnectionError, FineTuningError } from '../errors.ts';

/** Where a request went, as the error messages name it: method and path, no host, no query. */
export function describe(request: Request | undefined): { method: string; path: string } {
  if (!request) return { method: 'REQUEST', path: '(unknown)' };
  return { method: request.method, path: new URL(request.url).pathname };
}

/**
 * The generated client's error interceptor: it gets the parsed body of a non-2xx response, or the
 * exception `fetch` threw, and what it returns is what the call throws.
 */
export function toError(error: unknown, response: Response | undefined, request: Request): unknown {
  if (error instanceof FineTuningError) return error;
  const { method, path } = describe(request);
  if (!response) {
    // The caller's own abort stays what it is, so `signal.reason` keeps its meaning.
    if (error instanceof Error && error.name === 'AbortError') return error;
    return new ConnectionError(method, path, error);
  }
  return new APIError({ status: response.status, headers: response.headers, method, path, body: error });
}
