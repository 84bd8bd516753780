// How polling paces itself. The fine-tuning, files and models routes of the real API send no
// `x-ratelimit-*` headers (none of the recorded answers has one), so the pace cannot come from them:
// each `follow` or `watch` loop keeps a request budget of its own (at most so many requests in any
// minute), and a 429 stops it for the `retry-after` the server named (or a minute when it named
// none) and halves the budget. Where a server does send the figures (the local server when asked,
// or a proxy), they are honoured too: a loop waits for the window to reset before it would be refused.
import type { Clock } from './clock.ts';
import type { RateLimit } from '../errors/rate-limit.ts';
import { APIError } from '../errors/api-error.ts';
import { retryAfterMs } from '../transport/recover.ts';

/**
 * The default budget of a loop polling every `intervalMs`: 60 requests a minute, or what the
 * interval asks for (two requests a poll, with half as much again for extra pages) when that is
 * more, so that a short interval the caller chose (a local server in a test) is not slowed.
 */
export function defaultBudget(intervalMs: number): number {
  return Math.max(60, Math.ceil((3 * 60_000) / Math.max(1, intervalMs)));
}

/** Requests kept in hand for other callers sharing the key: a twentieth of the limit, at least 1. */
export function reserveOf(limit: number): number {
  return Math.max(1, Math.ceil(limit / 20));
}

/**
 * How long to wait before spending `needed` more requests, in ms: 0 while the window has room for
 * them (beyond the reserve), else until it resets. Unknown figures (the usual case: the API does
 * not send them on these routes) mean no wait.
 */
export function paceDelay(rateLimit: RateLimit | undefined, needed: number): number {
  const window = rateLimit?.requests;
  if (!window || window.remaining === undefined || window.limit === undefined) return 0;
  if (window.remaining - reserveOf(window.limit) >= needed) return 0;
  return window.resetMs ?? 0;
}

const MINUTE = 60_000;

/**
 * A sliding one-minute budget of requests for one polling loop, on the loop's clock: `delay()`
 * says how long to wait before one more request, `spend()` records one, `refused()` takes a 429.
 */
export class RequestBudget {
  readonly #clock: Clock;
  /** When each request of the last minute was sent, oldest first. */
  readonly #sent: number[] = [];
  readonly #base: () => number;
  /** Halved by each 429. */
  #share = 1;
  #blockedUntil = 0;

  /** `perMinute`: a number, or a function read before each request (it may follow the poll interval). */
  constructor(perMinute: number | (() => number), clock: Clock) {
    this.#base = typeof perMinute === 'number' ? () => perMinute : perMinute;
    this.#clock = clock;
  }

  /** The requests a minute allowed now (halved by each 429), at least 1. */
  get perMinute(): number {
    return Math.max(1, Math.floor(this.#base() * this.#share));
  }

  /** Milliseconds to wait before the next request fits the budget (0: send now). */
  delay(): number {
    const now = this.#clock.now();
    while (this.#sent.length > 0 && this.#sent[0]! <= now - MINUTE) this.#sent.shift();
    let wait = Math.max(0, this.#blockedUntil - now);
    const perMinute = this.perMinute;
    if (this.#sent.length >= perMinute) {
      const oldest = this.#sent[this.#sent.length - perMinute]!;
      wait = Math.max(wait, oldest + MINUTE - now);
    }
    return wait;
  }

  /** Records a request sent now. */
  spend(): void {
    this.#sent.push(this.#clock.now());
  }

  /**
   * Takes a refusal: when `error` is a 429, no request before its `retry-after` (a minute when it
   * names none), and half the budget from then on. True when it was a 429.
   */
  refused(error: unknown): boolean {
    if (!(error instanceof APIError) || error.status !== 429) return false;
    const after = retryAfterMs(error.headers) ?? MINUTE;
    this.#blockedUntil = Math.max(this.#blockedUntil, this.#clock.now() + after);
    this.#share /= 2;
    return true;
  }
}
