// A clock for tests: `sleep` records the pause and moves time forward at once, so a job's whole
// life runs in milliseconds of real time. Signals from `timeout` abort when time passes their due.
import type { Clock } from '../../src/index.ts';

export interface FakeClock extends Clock {
  /** Every pause asked for, in order. */
  readonly sleeps: number[];
  /** Runs before each pause resolves (e.g. to abort in the middle of one). */
  onSleep: ((ms: number) => void) | undefined;
  /** Moves time forward (as if a request took that long), firing due `timeout` signals. */
  advance(ms: number): void;
}

export function fakeClock(start = 0): FakeClock {
  let time = start;
  const timers: { due: number; controller: AbortController }[] = [];
  const clock: FakeClock = {
    sleeps: [],
    onSleep: undefined,
    now: () => time,
    advance(ms) {
      time += ms;
      for (const t of timers) {
        if (t.due <= time && !t.controller.signal.aborted)
          t.controller.abort(new DOMException('timed out', 'TimeoutError'));
      }
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      clock.sleeps.push(ms);
      clock.onSleep?.(ms);
      if (signal?.aborted) throw signal.reason;
      clock.advance(ms);
    },
    timeout(ms) {
      const controller = new AbortController();
      timers.push({ due: time + ms, controller });
      return controller.signal;
    },
  };
  return clock;
}
