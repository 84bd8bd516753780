import { APIError, ConnectionError, InvalidResponseError } from '../errors.ts';

/**
 * Whether a failed poll is worth another try: the job is still there and a later poll can
 * succeed. Programming errors and answers like 401 or 404 are not, and end the stream at once.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof InvalidResponseError) return true;
  if (error instanceof APIError)
    return (
      error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500
    );
  // A request timeout raised by the transport (a DOMException or an SDK error named so).
  return error instanceof Error && error.name === 'TimeoutError';
}
