// Server time. Jobs advance lazily from the clock (there are no timers), so a manual clock makes a
// job's whole life steppable from a test: `server.advance(ms)`.

export interface Clock {
  /** Milliseconds since the epoch, as the server sees it. */
  now(): number;
}

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
}

export class ManualClock implements Clock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance(ms): ms must be a finite number >= 0, got ${ms}.`);
    this.#now += ms;
  }
  /** Sets the time the durable store kept (a restart carries on where the server stopped). */
  restore(ms: number): void {
    this.#now = ms;
  }
}
