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

export class Faults {
  #options: FaultOptions = {};
  #random = seeded(1);
  #window: number[] = [];
  #drops = 0;

  constructor(options: FaultOptions) {
    this.set(options);
  }

  set(options: FaultOptions): void {
    const drop = options.streamDrop;
    if (drop && !(Number.isInteger(drop.after) && drop.after >= 0 && (drop.times === undefined || (Number.isInteger(drop.times) && drop.times >= 1)))) {
      throw new RangeError(`faults.streamDrop: after must be a whole number >= 0 and times one >= 1, got ${JSON.stringify(drop)}.`);
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

  /** Throws the fault this request gets, if any. Rate limiting uses wall time: it is about load. */
  check(): void {
    const limit = this.#options.rateLimit;
    if (limit) {
      const now = Date.now();
      const windowMs = limit.windowMs ?? 60_000;
      this.#window = this.#window.filter((t) => t > now - windowMs);
      if (this.#window.length >= limit.requests) {
        const retryAfter = Math.max(1, Math.ceil((this.#window[0]! + windowMs - now) / 1000));
        throw new HttpError(429, `Rate limit reached for requests: limit ${limit.requests} per ${windowMs} ms. Please try again in ${retryAfter}s.`, {
          type: 'requests',
          code: 'rate_limit_exceeded',
          headers: { 'retry-after': String(retryAfter), 'x-ratelimit-limit-requests': String(limit.requests), 'x-ratelimit-remaining-requests': '0' },
        });
      }
      this.#window.push(now);
    }
    const rate = this.#options.errorRate ?? 0;
    if (rate > 0 && this.#random() < rate) {
      const statuses = this.#options.errorStatuses ?? [500, 502, 503];
      const status = statuses[Math.floor(this.#random() * statuses.length)] ?? 500;
      throw new HttpError(status, `The local server injected a ${status} (faults.errorRate = ${rate}).`, { type: 'server_error' });
    }
  }
}
