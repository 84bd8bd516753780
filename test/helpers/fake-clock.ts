// A clock for tests: `sleep` records the pause and moves time forward at once, so a job's whole
// life runs in milliseconds of real time.
import type { Clock } from '../../src/index.ts';

export interface FakeClock extends Clock {
  /** Every pause asked for, in order. */
  readonly sleeps: number[];
  /** Runs before each pause resolves (e.g. to abort in the middle of one). */
  onSleep: ((ms: number) => void) | undefined;
}

export function fakeClock(start = 0): FakeClock {
  let time = start;
  const clock: FakeClock = {
    sleeps: [],
    onSleep: undefined,
    now: () => time,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      clock.sleeps.push(ms);
      clock.onSleep?.(ms);
      if (signal?.aborted) throw signal.reason;
      time += ms;
    },
  };
  return clock;
}
