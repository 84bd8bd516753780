// Slowing down before a 429: the `x-ratelimit-*` figures of the latest answer say how many
// requests are left in the window and when it is whole again.
import type { RateLimit } from '../errors/rate-limit.ts';

/** Requests kept in hand for other callers sharing the key: a twentieth of the limit, at least 1. */
export function reserveOf(limit: number): number {
  return Math.max(1, Math.ceil(limit / 20));
}

/**
 * How long to wait before spending `needed` more requests, in ms: 0 while the window has room for
 * them (beyond the reserve), else until it resets. Unknown figures mean no wait.
 */
export function paceDelay(rateLimit: RateLimit | undefined, needed: number): number {
  const window = rateLimit?.requests;
  if (!window || window.remaining === undefined || window.limit === undefined) return 0;
  if (window.remaining - reserveOf(window.limit) >= needed) return 0;
  return window.resetMs ?? 0;
}
