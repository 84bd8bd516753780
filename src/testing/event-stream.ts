// A legacy fine-tune's events as `text/event-stream`: each event as the simulation produces it,
// `: keep-alive` comments while nothing happens, `data: [DONE]` once the fine-tune has ended.
// Events carry their 1-based position as `id:`, so a client that reconnects with `Last-Event-ID`
// gets only the events after it.
import type { Clock } from './clock.ts';
import { ManualClock } from './clock.ts';
import type { LegacySimulation } from './legacy-simulation.ts';
import type { ServerState } from './state.ts';

/** Where a stream starts: after `Last-Event-ID` when it names an event the job has, else the first. */
export function resumeAfter(
  lastEventId: string | string[] | undefined,
  job: LegacySimulation,
): number {
  const value = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  if (value === undefined || !/^\d+$/.test(value)) return 0;
  const n = Number(value);
  return n <= job.events.length ? n : 0;
}

/** Resolves after `ms`, when `changed` settles, or when `signal` aborts, whichever comes first. */
function wait(ms: number, changed: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    void changed.then(done);
  });
}

export async function* followEvents(
  state: ServerState,
  job: LegacySimulation,
  from: number,
  keepAliveMs: number,
  signal: AbortSignal,
): AsyncGenerator<string, void, undefined> {
  const clock: Clock = state.clock;
  let sent = from;
  let lastWrite = Date.now();
  while (!signal.aborted) {
    job.advanceTo(clock.now());
    // What the stream is about to show is on disk first (a dataDir), as for any other answer.
    if (sent < job.events.length) state.commit();
    while (sent < job.events.length) {
      const event = job.events[sent++]!;
      lastWrite = Date.now();
      yield `id: ${sent}\ndata: ${JSON.stringify(event)}\n\n`;
    }
    if (job.finished) {
      yield 'data: [DONE]\n\n';
      return;
    }
    const quiet = Date.now() - lastWrite;
    if (quiet >= keepAliveMs) {
      lastWrite = Date.now();
      yield ': keep-alive\n\n';
      continue;
    }
    // A real clock moves by itself: wake when the next transition is due. A manual one moves
    // only through advance()/settle(), which notify.
    const untilKeepAlive = keepAliveMs - quiet;
    const due = clock instanceof ManualClock ? Infinity : (job.nextAt ?? Infinity) - clock.now();
    await wait(Math.max(0, Math.min(untilKeepAlive, due)), state.changed(), signal);
  }
}
