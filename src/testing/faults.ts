// Fault injection for users' own tests: latency, rate limiting and random 5xx, all seeded so a
// failing run can be repeated.
import { HttpError } from './errors.ts';
import type { FaultOptions } from './options.ts';

/** mulberry32: a small seeded PRNG, enough for picking faults. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The limits reported when none are configured (not enforced). */
export const DEFAULT_RATE_LIMIT = { requests: 10_000, tokens: 10_000_000 };

/** 1500 → "1.5s", 360000 → "6m0s", 20 → "20ms": the API's reset format. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const total = Math.ceil(ms) / 1000;
  const minutes = Math.floor(total / 60);
  const seconds = Number((total - minutes * 60).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

export class Faults {
  #options: FaultOptions = {};
  #random = seeded(1);
  #window: number[] = [];
  #drops = 0;

  readonly #serverNow: () => number;

  /** Whether the window counts on the server's clock when `rateLimit.clock` is not given (a seeded server, so answers replay). */
  readonly #serverClockByDefault: boolean;

  constructor(
    options: FaultOptions,
    serverNow: () => number = Date.now,
    serverClockByDefault = false,
  ) {
    this.#serverNow = serverNow;
    this.#serverClockByDefault = serverClockByDefault;
    this.set(options);
  }

  set(options: FaultOptions): void {
    const drop = options.streamDrop;
    if (
      drop &&
      !(
        Number.isInteger(drop.after) &&
        drop.after >= 0 &&
        (drop.times === undefined || (Number.isInteger(drop.times) && drop.times >= 1))
      )
    ) {
      throw new RangeError(
        `faults.streamDrop: after must be a whole number >= 0 and times one >= 1, got ${JSON.stringify(drop)}.`,
      );
    }
    this.#options = { ...options };
    this.#random = seeded(options.seed ?? 1);
    this.#window = [];
    this.#drops = options.streamDrop ? (options.streamDrop.times ?? 1) : 0;
  }

  /** For a stream about to open: after how many whole messages to cut it, if this one is cut. */
  streamDrop(): number | undefined {
    const drop = this.#options.streamDrop;
    if (!drop || this.#drops <= 0) return undefined;
    this.#drops -= 1;
    return drop.after;
  }

  latency(): number {
    const latency = this.#options.latencyMs ?? 0;
    if (typeof latency === 'number') return latency;
    const [min, max] = latency;
    return min + this.#random() * (max - min);
  }

  /** The `x-ratelimit-*` headers when the options ask for them (`rateLimitHeaders`), else none. */
  headers(): Record<string, string> {
    return this.#options.rateLimitHeaders ? this.rateLimitHeaders() : {};
  }

  /**
   * The `x-ratelimit-*` headers: the configured limits (or the defaults,
   * reported but not enforced, when none are set), what remains of the current window and when
   * it is whole again, as the API sends them (reset as a duration, e.g. "1.5s", "6m0s").
   */
  rateLimitHeaders(): Record<string, string> {
    const limit = this.#options.rateLimit;
    const requests = limit?.requests ?? DEFAULT_RATE_LIMIT.requests;
    const tokens = limit?.tokens ?? DEFAULT_RATE_LIMIT.tokens;
    const windowMs = limit?.windowMs ?? 60_000;
    const now = this.#now();
    this.#prune(now - windowMs);
    const newest = this.#window.at(-1);
    const reset = newest === undefined ? 0 : newest + windowMs - now;
    return {
      'x-ratelimit-limit-requests': String(requests),
      'x-ratelimit-remaining-requests': String(Math.max(0, requests - this.#window.length)),
      'x-ratelimit-reset-requests': formatDuration(reset),
      'x-ratelimit-limit-tokens': String(tokens),
      // No fine-tuning operation spends tokens from the per-minute budget: the window stays whole.
      'x-ratelimit-remaining-tokens': String(tokens),
      'x-ratelimit-reset-tokens': '0s',
    };
  }

  /** Forgets the requests at or before `since` (the window is in time order). */
  #prune(since: number): void {
    let expired = 0;
    while (expired < this.#window.length && this.#window[expired]! <= since) expired++;
    if (expired) this.#window.splice(0, expired);
  }

  /** Wall time, or the server's clock when the rate limit asks for it (`rateLimit.clock: 'server'`). */
  #now(): number {
    const clock =
      this.#options.rateLimit?.clock ?? (this.#serverClockByDefault ? 'server' : 'wall');
    return clock === 'server' ? this.#serverNow() : Date.now();
  }

  /**
   * Throws the fault this request gets, if any. Rate limiting uses wall time (it is about load)
   * unless `rateLimit.clock` is 'server'. Every request is counted in the window, limited or not,
   * so the headers report it.
   */
  check(): void {
    const limit = this.#options.rateLimit;
    const windowMs = limit?.windowMs ?? 60_000;
    const now = this.#now();
    this.#prune(now - windowMs);
    if (limit && this.#window.length >= limit.requests) {
      const retryAfter = Math.max(1, Math.ceil((this.#window[0]! + windowMs - now) / 1000));
      throw new HttpError(
        429,
        `Rate limit reached for requests: limit ${limit.requests} per ${windowMs} ms. Please try again in ${retryAfter}s.`,
        {
          type: 'requests',
          code: 'rate_limit_exceeded',
          headers: { ...this.headers(), 'retry-after': String(retryAfter) },
        },
      );
    }
    this.#window.push(now);
    // Unenforced defaults still count, but need not remember more than their limit.
    const cap = limit?.requests ?? DEFAULT_RATE_LIMIT.requests;
    if (this.#window.length > cap) this.#window.splice(0, this.#window.length - cap);
    const rate = this.#options.errorRate ?? 0;
    if (rate > 0 && this.#random() < rate) {
      const statuses = this.#options.errorStatuses ?? [500, 502, 503];
      const status = statuses[Math.floor(this.#random() * statuses.length)] ?? 500;
      throw new HttpError(
        status,
        `The local server injected a ${status} (faults.errorRate = ${rate}).`,
        { type: 'server_error' },
      );
    }
  }
}
