// When to retry and how long to wait. One defaults object; client and call options override it.

/** When and how long the transport waits before retrying a request. */
export interface RetryPolicy {
  /**
   * Retries after the first attempt (so `maxRetries + 1` attempts at most).
   * @default 2
   */
  maxRetries: number;
  /**
   * The first backoff delay when the server names none; it doubles on each retry.
   * @default 500
   */
  initialDelayMs: number;
  /**
   * The longest backoff delay.
   * @default 8000
   */
  maxDelayMs: number;
  /**
   * The longest `retry-after` honoured. A server asking for more is not retried: the error
   * carries its headers so the caller can decide.
   * @default 60000
   */
  maxRetryAfterMs: number;
  /**
   * Which statuses are retried (an `x-should-retry` header from the server wins).
   * @default 408, 409, 429 and every status >= 500
   */
  retryStatus: (status: number) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  retryStatus: (status) => status === 408 || status === 409 || status === 429 || status >= 500,
};

/** Ten minutes, per attempt. */
export const DEFAULT_TIMEOUT = 600_000;

/** Merges overrides (undefined fields ignored) into a policy. */
export function mergePolicy(
  base: RetryPolicy,
  overrides: Partial<RetryPolicy> | undefined,
  maxRetries?: number,
): RetryPolicy {
  if (!overrides && maxRetries === undefined) return base;
  const out = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  if (maxRetries !== undefined) out.maxRetries = maxRetries;
  return out;
}
