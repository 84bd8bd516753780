// Time, behind an interface so tests can run a job's whole life without waiting real seconds.
import { sleep } from '../transport/sleep.ts';

/**
 * What `follow` and `wait` use to read the time and to pause between polls.
 * @example
 * // A clock whose pauses return at once, for tests that poll without waiting.
 * let t = 0;
 * const clock: Clock = { now: () => t, sleep: async (ms) => void (t += ms), timeout: () => new AbortController().signal };
 * await ft.jobs.wait('ftjob-abc123', { clock });
 */
export interface Clock {
  /** Milliseconds since some fixed point; only differences are used. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with `signal.reason` when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that aborts `ms` milliseconds from now (it cuts a request still in flight at a deadline). */
  timeout(ms: number): AbortSignal;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, signal),
  // Its timer does not keep the process alive.
  // AbortSignal.timeout takes whole milliseconds only; the options allow fractions.
  timeout: (ms) => AbortSignal.timeout(Math.ceil(ms)),
};
