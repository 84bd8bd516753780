// Keeps the local server's jobs and webhook retries up to its clock. Jobs move on when a request
// reads them; what must happen without a request (a job that ends and is announced by webhook, a
// delivery retried later) is brought about here: by a timer with a real clock, by `advance()` and
// `settle()` with a manual one. Each of those ends in the same sequence, `bringUpToClock`.
import { ManualClock, type Clock } from './clock.ts';
import type { ServerState } from './state.ts';
import type { WebhookDeliveries } from './webhooks.ts';

/** A timer never sleeps longer than this, so a clock that jumps (a suspended laptop) is noticed. */
const MAX_SLEEP_MS = 60_000;

export class Timekeeper {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    readonly clock: Clock,
    readonly state: ServerState,
    readonly deliveries: WebhookDeliveries,
    /** Whether any webhook endpoint is configured: only then must jobs end without a request. */
    readonly announcesJobs: boolean,
  ) {
    deliveries.onScheduled = () => this.schedule();
  }

  /**
   * The sequence every move of time ends in: jobs caught up to the clock (unless `jobs: false`), the
   * webhook deliveries that are due sent, what changed written (unless `commit: false`), the open
   * event streams woken.
   */
  bringUpToClock({ jobs = true, commit = true }: { jobs?: boolean; commit?: boolean } = {}): void {
    if (jobs) this.state.catchUp();
    this.deliveries.run();
    if (commit) this.state.commit();
    this.state.notify();
  }

  /**
   * With a real clock, sets the timer for the next moment something happens by itself: a job that
   * changes (when its end is announced by webhook) or a delivery retry that falls due.
   */
  schedule(): void {
    if (this.#stopped || this.clock instanceof ManualClock) return;
    clearTimeout(this.#timer);
    const next = earliest(
      this.announcesJobs ? this.state.nextDue() : undefined,
      this.deliveries.nextDue(),
    );
    if (next === undefined) return;
    this.#timer = setTimeout(
      () => {
        // Written by the next request's commit, as before a timer existed.
        this.bringUpToClock({ commit: false });
        this.schedule();
      },
      Math.min(Math.max(0, next - this.clock.now()), MAX_SLEEP_MS),
    );
    this.#timer.unref?.();
  }

  /** Moves a manual clock forward by `ms`. */
  advance(ms: number): void {
    this.#manualClock().advance(ms);
    // Without webhooks nothing needs a job to end before a request reads it.
    this.bringUpToClock({ jobs: this.announcesJobs });
  }

  /** Moves a manual clock until no job will change by itself; returns the ms moved. */
  settle(): number {
    const clock = this.#manualClock();
    const start = clock.now();
    this.state.catchUp();
    for (let next = this.state.nextDue(); next !== undefined; next = this.state.nextDue()) {
      clock.advance(Math.max(0, next - clock.now()));
      this.state.catchUp();
    }
    this.bringUpToClock({ jobs: false });
    return clock.now() - start;
  }

  /** No timer from now on. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #manualClock(): ManualClock {
    if (!(this.clock instanceof ManualClock))
      throw new Error(
        "advance() and settle() need a manual clock: start the server with { clock: 'manual' }.",
      );
    return this.clock;
  }
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
