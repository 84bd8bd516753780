// Watching 40 running jobs for 20 simulated minutes on the local server (manual clock): requests
// made by one `jobs.watch` against 40 `jobs.follow` loops, both polling every 5 s, with the same
// updates delivered (checked, job by job). A second case sets a rate limit on the server, which
// sends no x-ratelimit-* headers (as the API), and counts the 429s `watch`, paced by its default
// request budget, gets. Time is virtual: a pause moves the server's clock once every
// poller is asleep, so the figures are request counts, not durations.
//
// Scaled down from 100 jobs over an hour (#25), which did not finish on a loaded 2-core machine
// (the 100 follow loops of the baselines alone made 31,000 requests to the local server): the
// same polling interval and server limit, jobs of 2 to 20 minutes. The 100 requests/minute limit
// is still far below what watch would send unpaced (a listing and up to 40 event reads every
// 5 s), so the rate-limited row still shows the request budget at work.
import { FineTuning, type Clock } from '../../dist/index.js';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../dist/testing.js';
import { TRAINING_JSONL } from '../../test/helpers/local-server.ts';
import type { BenchCase, CaseResult } from '../lib.ts';

const JOBS = 40;
const POLL_MS = 5_000;
/** 10 examples a epoch, one step each; 1 to 10 epochs: the jobs end from 2 to 20 minutes in. */
const TIMING = { validatingMs: 10_000, queuedMs: 20_000, stepMs: 12_000 };
/** Requests per minute in the rate-limited case: well under what watch would send unpaced. */
const LIMIT_PER_MINUTE = 100;
/**
 * The request budget of the comparisons with follow, where the server sets no limit: high enough
 * that neither side is slowed, so both see every status. The rate-limited case keeps the default.
 */
const UNCAPPED = 100_000;

type Updates = Map<string, string[]>;

/** Virtual time shared by many pollers: when all of them sleep, the earliest wakes and the server's clock moves to it. */
function virtualTime(
  server: LocalServer,
): Clock & { run(loops: Promise<unknown>[]): Promise<void> } {
  const timers: { due: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let active = 0;
  return {
    now: () => server.now(),
    timeout: () => new AbortController().signal,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        timers.push({ due: server.now() + ms, resolve, reject });
      }),
    async run(loops) {
      active = loops.length;
      const done = Promise.all(loops.map((l) => l.finally(() => active--)));
      let failed: unknown;
      done.catch((e: unknown) => (failed = e));
      while (active > 0 && failed === undefined) {
        while (timers.length < active && active > 0 && failed === undefined)
          await new Promise((r) => setImmediate(r));
        if (active === 0 || failed !== undefined) break;
        timers.sort((a, b) => a.due - b.due);
        const due = timers[0]!.due;
        if (due > server.now()) server.advance(due - server.now());
        for (const t of timers.splice(
          0,
          timers.findIndex((t) => t.due > due) === -1
            ? timers.length
            : timers.findIndex((t) => t.due > due),
        ))
          t.resolve();
      }
      await done;
    },
  };
}

async function setUp(faults?: LocalServerOptions['faults']) {
  const server = await startLocalServer({ clock: 'manual', timing: TIMING });
  let requests = 0;
  const counting: typeof fetch = (input, init) => {
    requests++;
    return fetch(input, init);
  };
  // No retries inside a call: a 429 would wait its retry-after in wall time, while the server's
  // window moves only with the virtual clock; watch repeats a refused round itself.
  const ft = new FineTuning({
    baseUrl: server.baseUrl,
    apiKey: server.apiKey,
    fetch: counting,
    maxRetries: 0,
  });
  const file = await ft.files.create({
    file: TRAINING_JSONL,
    filename: 'train.jsonl',
    purpose: 'fine-tune',
  });
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++)
    ids.push(
      (
        await ft.jobs.create({
          model: 'gpt-4o-mini',
          training_file: file.id,
          hyperparameters: { n_epochs: 1 + (i % 10) },
        })
      ).id,
    );
  // The limit applies from here: creating the jobs is not what is measured.
  if (faults) server.setFaults(faults);
  const start = requests;
  return { server, ft, ids, requests: () => requests - start, clock: virtualTime(server) };
}

const record = (updates: Updates, id: string, text: string) => {
  const list = updates.get(id) ?? [];
  list.push(text);
  updates.set(id, list);
};
const line = (u: { type: 'status'; status: string } | { type: 'event'; event: { id: string } }) =>
  u.type === 'status' ? `status ${u.status}` : `event ${u.event.id}`;

async function followAll(
  events: boolean,
): Promise<{ requests: number; updates: Updates; minutes: number; ids: string[] }> {
  const { server, ft, ids, requests, clock } = await setUp();
  const updates: Updates = new Map();
  const t0 = server.now();
  try {
    await clock.run(
      ids.map(async (id) => {
        for await (const u of ft.jobs.follow(id, {
          pollInterval: POLL_MS,
          clock,
          requestsPerMinute: UNCAPPED,
        }))
          if (events || u.type === 'status') record(updates, id, line(u));
      }),
    );
    return { requests: requests(), updates, minutes: (server.now() - t0) / 60_000, ids };
  } finally {
    await server.close();
  }
}

async function watchAll(
  events: boolean,
  faults?: LocalServerOptions['faults'],
  requestsPerMinute?: number,
): Promise<{
  requests: number;
  updates: Updates;
  minutes: number;
  refused: number;
  check: Updates;
  ids: string[];
}> {
  const { server, ft, ids, requests, clock } = await setUp(faults);
  const updates: Updates = new Map();
  const t0 = server.now();
  let refused = 0;
  const before = server.requests.length;
  try {
    await clock.run([
      (async () => {
        for await (const u of ft.jobs.watch({
          events,
          history: true,
          pollInterval: POLL_MS,
          clock,
          ...(requestsPerMinute ? { requestsPerMinute } : {}),
        }))
          record(updates, u.jobId, line(u));
      })(),
    ]);
    refused = server.requests.slice(before).filter((r) => r.status === 429).length;
    const count = requests();
    // Every event of every job, read plainly afterwards: what each stream must have delivered.
    const check: Updates = new Map();
    server.setFaults({}); // the check is not what is measured: no limit for it
    if (events)
      for (const id of ids)
        for await (const e of ft.jobs.listEvents(id, { limit: 100 }))
          check.set(id, [`event ${e.id}`, ...(check.get(id) ?? [])]);
    return { requests: count, updates, minutes: (server.now() - t0) / 60_000, refused, check, ids };
  } finally {
    await server.close();
  }
}

function same(a: Updates, b: Updates, what: string): void {
  if (a.size !== b.size) throw new Error(`${what}: ${a.size} jobs against ${b.size}`);
  for (const [key, list] of a) {
    const other = b.get(key) ?? [];
    if (list.length !== other.length || list.some((x, i) => x !== other[i]))
      throw new Error(
        `${what}: job #${[...a.keys()].indexOf(key)} differs (${list.length} updates against ${other.length})`,
      );
  }
}

/** The updates by job in creation order, events by position (ids differ between the two servers). */
function byOrder(run: { updates: Updates; ids: string[] }): Updates {
  return new Map(
    run.ids.map((id, i) => [
      String(i),
      (run.updates.get(id) ?? []).map((x) => (x.startsWith('event ') ? 'event' : x)),
    ]),
  );
}

const run: BenchCase = async () => {
  const results: CaseResult[] = [];
  const progress = (r: CaseResult) =>
    process.stderr.write(
      `  ${r.name}: ${r.baseline} -> ${r.sdk} ${r.unit} (${r.ratio.toFixed(4)})\n`,
    );

  // Each of the five runs says how long it took: the case's wall time is the machine's, not a figure.
  const timed = async <T>(what: string, work: Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work;
    process.stderr.write(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  };
  const follow = await timed('follow loops, statuses', followAll(false));
  const watch = await timed('watch, statuses', watchAll(false, undefined, UNCAPPED));
  same(byOrder(follow), byOrder(watch), 'status updates');
  results.push({
    name: `watch ${JOBS} running jobs, ${Math.round(watch.minutes)} simulated min, statuses`,
    unit: 'requests',
    baseline: follow.requests,
    sdk: watch.requests,
    ratio: watch.requests / follow.requests,
    note: `baseline: ${JOBS} jobs.follow loops; same status updates per job (checked); target <= 0.10x`,
  });
  progress(results.at(-1)!);

  const followEvents = await timed('follow loops, events', followAll(true));
  const watchEvents = await timed('watch, events', watchAll(true, undefined, UNCAPPED));
  same(byOrder(followEvents), byOrder(watchEvents), 'status and event updates');
  for (const [id, list] of watchEvents.updates)
    same(
      new Map([[id, list.filter((x) => x.startsWith('event '))]]),
      new Map([[id, watchEvents.check.get(id) ?? []]]),
      'events against the full listing',
    );
  results.push({
    name: `watch ${JOBS} running jobs, ${Math.round(watchEvents.minutes)} simulated min, with events`,
    unit: 'requests',
    baseline: followEvents.requests,
    sdk: watchEvents.requests,
    ratio: watchEvents.requests / followEvents.requests,
    note: `baseline: ${JOBS} jobs.follow loops; same statuses and events per job (checked); target <= 0.10x`,
  });
  progress(results.at(-1)!);

  const limited = await timed(
    'watch under the server limit',
    watchAll(true, {
      rateLimit: { requests: LIMIT_PER_MINUTE, windowMs: 60_000, clock: 'server' },
    }),
  );
  for (const [id, list] of limited.updates)
    same(
      new Map([[id, list.filter((x) => x.startsWith('event '))]]),
      new Map([[id, limited.check.get(id) ?? []]]),
      'rate-limited events against the full listing',
    );
  results.push({
    name: `watch with events, no rate-limit headers, ${LIMIT_PER_MINUTE} req/min server limit: 429s`,
    unit: 'answers',
    baseline: limited.requests,
    sdk: limited.refused,
    ratio: limited.refused / limited.requests,
    note: `baseline: requests sent; sdk: 429s answered; every event delivered (checked); ${Math.round(limited.minutes)} simulated min; target < 1%`,
  });
  return results;
};

export default run;
