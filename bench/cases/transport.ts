// The transport's cost against raw fetch on the same local server, in the same process,
// interleaved: sequential retrieves, concurrent retrieves (32 in flight), creates, and iterating
// 10,000 events. Each also against its floor, raw fetch with a per-attempt timeout (an
// AbortController and a timer per request, as the SDK must have), and a last row that fails the
// run when a ratio is worse than issue #32's target by more than 5%.
import OpenAI from 'openai';
import { FineTuning, createClient, createConfig, retrieveFineTuningJob } from '../../dist/index.js';
import { EVENTS_PATH, startEventsServer } from '../../test/helpers/events-server.ts';
import { interleave, startApiServer, targetsRow, type BenchCase, type CaseResult } from '../lib.ts';

// Each contender makes the stated number of calls in ROUNDS interleaved batches (raw, sdk, sdk,
// raw, …): the median batch is the figure, so a burst of load on the shared machine hits one
// batch, not one contender.
const ROUNDS = 10;
const SEQUENTIAL = 2_000;
const CONCURRENT = 20_000;
const IN_FLIGHT = 32;
const CREATES = 2_000;
const EVENTS = 10_000;
const PAGE = 100;

/**
 * Raw fetch and `json()`, bounded by a per-attempt timeout (headers and body) as the SDK bounds
 * every attempt: an AbortController whose signal fetch gets, and a timer.
 */
async function timedJson(url: string, init: RequestInit): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 600_000);
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    if (!response.ok) throw new Error(String(response.status));
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

/** Raw fetch and `json()`, no timeout. */
async function rawJson(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

async function pool(total: number, inFlight: number, one: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

const run: BenchCase = async () => {
  const { baseUrl, stop } = await startApiServer();
  try {
    const key = 'sk-bench-key';
    const ft = new FineTuning({ apiKey: key, baseUrl, logLevel: 'off' });
    const auth = { authorization: `Bearer ${key}` };
    const rawRetrieve = async () => {
      const response = await fetch(`${baseUrl}/fine_tuning/jobs/ftjob-bench`, { headers: auth });
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    };
    // Raw fetch that also bounds each request by a timeout, as the SDK does (an AbortController
    // whose signal fetch gets, and a timer): what a timeout costs on its own.
    const rawTimedRetrieve = async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 600_000);
      try {
        const response = await fetch(`${baseUrl}/fine_tuning/jobs/ftjob-bench`, {
          headers: auth,
          signal: controller.signal,
        });
        if (!response.ok) throw new Error(String(response.status));
        return await response.json();
      } finally {
        clearTimeout(timer);
      }
    };
    const sdkRetrieve = () => ft.jobs.retrieve('ftjob-bench');
    // The official SDK, as a second contender in the same rounds.
    const openai = new OpenAI({ apiKey: key, baseURL: baseUrl });
    const openaiRetrieve = () => openai.fineTuning.jobs.retrieve('ftjob-bench');
    // The generated client alone (plain fetch, no transport): what the facade costs before the
    // transport adds anything.
    const generated = createClient(createConfig({ baseUrl, auth: () => key, throwOnError: true }));
    const genRetrieve = () =>
      retrieveFineTuningJob({
        client: generated,
        path: { fine_tuning_job_id: 'ftjob-bench' },
        throwOnError: true,
      });
    const createBody = { model: 'gpt-4o-mini', training_file: 'file-abc', metadata: { team: 'a' } };
    const rawCreate = async () => {
      const response = await fetch(`${baseUrl}/fine_tuning/jobs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(createBody),
      });
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    };
    const sdkCreate = () => ft.jobs.create(createBody);
    const rawTimedCreate = () =>
      timedJson(`${baseUrl}/fine_tuning/jobs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(createBody),
      });
    const sequential = async (one: () => Promise<unknown>, n: number) => {
      for (let i = 0; i < n; i++) await one();
    };

    const results: CaseResult[] = [];
    const seq = await interleave(ROUNDS, {
      raw: () => sequential(rawRetrieve, SEQUENTIAL / ROUNDS),
      sdk: () => sequential(sdkRetrieve, SEQUENTIAL / ROUNDS),
      timed: () => sequential(rawTimedRetrieve, SEQUENTIAL / ROUNDS),
      generated: () => sequential(genRetrieve, SEQUENTIAL / ROUNDS),
      openai: () => sequential(openaiRetrieve, SEQUENTIAL / ROUNDS),
    });
    results.push({
      name: `retrieve x${SEQUENTIAL.toLocaleString('en')} sequential`,
      unit: 'ms/200',
      baseline: seq.raw!,
      sdk: seq.sdk!,
      ratio: seq.sdk! / seq.raw!,
      others: {
        'raw fetch + timeout': seq.timed!,
        'generated client alone': seq.generated!,
        openai: seq.openai!,
      },
      note: 'baseline: raw fetch + json(); target <= 1.10x',
    });
    const conc = await interleave(ROUNDS, {
      raw: () => pool(CONCURRENT / ROUNDS, IN_FLIGHT, rawRetrieve),
      sdk: () => pool(CONCURRENT / ROUNDS, IN_FLIGHT, sdkRetrieve),
      timed: () => pool(CONCURRENT / ROUNDS, IN_FLIGHT, rawTimedRetrieve),
      generated: () => pool(CONCURRENT / ROUNDS, IN_FLIGHT, genRetrieve),
      openai: () => pool(CONCURRENT / ROUNDS, IN_FLIGHT, openaiRetrieve),
    });
    const rps = (ms: number) => (CONCURRENT / ROUNDS / ms) * 1000;
    results.push({
      name: `retrieve x${CONCURRENT.toLocaleString('en')}, ${IN_FLIGHT} in flight`,
      unit: 'req/s',
      baseline: rps(conc.raw!),
      sdk: rps(conc.sdk!),
      ratio: rps(conc.sdk!) / rps(conc.raw!),
      others: {
        'raw fetch + timeout': rps(conc.timed!),
        'generated client alone': rps(conc.generated!),
        openai: rps(conc.openai!),
      },
      note: 'throughput ratio (higher is better); target >= 0.90x',
    });
    const create = await interleave(ROUNDS, {
      raw: () => sequential(rawCreate, CREATES / ROUNDS),
      sdk: () => sequential(sdkCreate, CREATES / ROUNDS),
      timed: () => sequential(rawTimedCreate, CREATES / ROUNDS),
    });
    results.push({
      name: `jobs.create x${CREATES.toLocaleString('en')} sequential`,
      unit: 'ms/200',
      baseline: create.raw!,
      sdk: create.sdk!,
      ratio: create.sdk! / create.raw!,
      others: { 'raw fetch + timeout': create.timed! },
      note: 'SDK adds Idempotency-Key + metadata marker; baseline: raw fetch POST; target <= 1.10x',
    });

    // 10,000 events in pages of 100: the SDK's `for await` against a hand-written fetch loop.
    const events = await startEventsServer({ total: EVENTS });
    const eventsFt = new FineTuning({ apiKey: key, baseUrl: events.baseUrl, logLevel: 'off' });
    const eventsUrl = `${new URL(events.baseUrl).origin}${EVENTS_PATH}`;
    const loop = (get: (url: string, init: RequestInit) => Promise<unknown>) => async () => {
      let count = 0;
      let after: string | undefined;
      for (;;) {
        const query = `limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const page = (await get(`${eventsUrl}?${query}`, { headers: auth })) as {
          data: Array<{ id: string }>;
          has_more: boolean;
        };
        count += page.data.length;
        if (!page.has_more) break;
        after = page.data[page.data.length - 1]!.id;
      }
      if (count !== EVENTS) throw new Error(`saw ${count} events`);
    };
    const sdkEvents = async () => {
      let count = 0;
      for await (const event of eventsFt.jobs.listEvents('ftjob-1', { limit: PAGE }))
        if (event.id) count++;
      if (count !== EVENTS) throw new Error(`sdk saw ${count} events`);
    };
    let iterate: Record<string, number>;
    try {
      iterate = await interleave(ROUNDS, {
        raw: loop(rawJson),
        sdk: sdkEvents,
        timed: loop(timedJson),
      });
    } finally {
      await events.close();
    }
    results.push({
      name: `iterate ${EVENTS.toLocaleString('en')} events, ${EVENTS / PAGE} pages`,
      unit: 'ms',
      baseline: iterate.raw!,
      sdk: iterate.sdk!,
      ratio: iterate.sdk! / iterate.raw!,
      others: { 'raw fetch + timeout': iterate.timed! },
      note: 'baseline: hand-written fetch loop; target <= 1.05x',
    });

    results.push(
      targetsRow('issue #32 per-call targets (fails the run 5% past one)', [
        {
          name: 'retrieve sequential',
          ratio: seq.sdk! / seq.raw!,
          max: 1.1,
          floor: seq.timed! / seq.raw!,
        },
        {
          name: '32 in flight',
          ratio: conc.raw! / conc.sdk!,
          min: 0.9,
          floor: conc.raw! / conc.timed!,
        },
        {
          name: 'create sequential',
          ratio: create.sdk! / create.raw!,
          max: 1.1,
          floor: create.timed! / create.raw!,
        },
        {
          name: 'iterate 10,000 events',
          ratio: iterate.sdk! / iterate.raw!,
          max: 1.05,
          floor: iterate.timed! / iterate.raw!,
        },
      ]),
    );
    return results;
  } finally {
    stop();
  }
};

export default run;
