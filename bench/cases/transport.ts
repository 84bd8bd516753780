// The transport's cost against raw fetch on the same local server, in the same process,
// interleaved: sequential retrieves, concurrent retrieves (32 in flight) and creates.
import OpenAI from 'openai';
import { FineTuning, createClient, createConfig, retrieveFineTuningJob } from '../../dist/index.js';
import { interleave, startApiServer, type BenchCase, type CaseResult } from '../lib.ts';

// Each contender makes the stated number of calls in ROUNDS interleaved batches (raw, sdk, sdk,
// raw, …): the median batch is the figure, so a burst of load on the shared machine hits one
// batch, not one contender.
const ROUNDS = 10;
const SEQUENTIAL = 2_000;
const CONCURRENT = 20_000;
const IN_FLIGHT = 32;
const CREATES = 2_000;

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
    });
    results.push({
      name: `jobs.create x${CREATES.toLocaleString('en')} sequential`,
      unit: 'ms/200',
      baseline: create.raw!,
      sdk: create.sdk!,
      ratio: create.sdk! / create.raw!,
      note: 'SDK adds Idempotency-Key + metadata marker; baseline: raw fetch POST',
    });
    return results;
  } finally {
    stop();
  }
};

export default run;
