// Iterating 10,000 fine-tuning events through 100 pages: the SDK's `for await` over
// `jobs.listEvents` against a hand-written fetch loop, in the same process. Two rows: pages from a
// local node:http server, and pages answered from memory (a fetch that never touches the network),
// which leaves only client-side work to compare. Each row also times the generated function looped
// by hand with the same client, to show which part of a gap is the pagination layer's.
import OpenAI from 'openai';
import { FineTuning, listFineTuningEvents } from '../../dist/index.js';
import { EVENTS_PATH, eventAt, startEventsServer } from '../../test/helpers/events-server.ts';
import { interleave, type BenchCase, type CaseResult } from '../lib.ts';

const TOTAL = 10_000;
const LIMIT = 100;

async function measure(
  name: string,
  baseUrl: string,
  fetchImpl: typeof fetch,
): Promise<CaseResult> {
  const ft = new FineTuning({ apiKey: 'sk-bench', baseUrl, fetch: fetchImpl });
  // The official SDK doing the same, as a second contender in the same rounds.
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: baseUrl, fetch: fetchImpl });
  const official = async () => {
    let count = 0;
    for await (const event of openai.fineTuning.jobs.listEvents('ftjob-1', { limit: LIMIT }))
      if (event.id) count++;
    if (count !== TOTAL) throw new Error(`openai saw ${count} events`);
  };
  const url = `${new URL(baseUrl).origin}${EVENTS_PATH}`;

  const sdk = async () => {
    let count = 0;
    for await (const event of ft.jobs.listEvents('ftjob-1', { limit: LIMIT }))
      if (event.id) count++;
    if (count !== TOTAL) throw new Error(`sdk saw ${count} events`);
  };

  // What a careful user would write by hand: auth header, status check, JSON, cursor from the last id.
  const fetchLoop = async () => {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const query = `limit=${LIMIT}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const res = await fetchImpl(`${url}?${query}`, {
        headers: { authorization: 'Bearer sk-bench' },
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const page = (await res.json()) as { data: Array<{ id: string }>; has_more?: boolean };
      for (const event of page.data) if (event.id) count++;
      if (!page.has_more) break;
      after = page.data[page.data.length - 1]!.id;
    }
    if (count !== TOTAL) throw new Error(`fetch loop saw ${count} events`);
  };

  const generatedLoop = async () => {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const query = after ? { limit: LIMIT, after } : { limit: LIMIT };
      const { data: page } = await listFineTuningEvents({
        client: ft.client,
        throwOnError: true,
        path: { fine_tuning_job_id: 'ftjob-1' },
        query,
      });
      for (const event of page.data) if (event.id) count++;
      if (!page.has_more) break;
      after = page.data[page.data.length - 1]!.id;
    }
    if (count !== TOTAL) throw new Error(`generated loop saw ${count} events`);
  };

  const medians = await interleave(
    25,
    { 'fetch loop': fetchLoop, sdk, 'generated loop': generatedLoop, openai: official },
    3,
  );
  return {
    name,
    unit: 'ms',
    baseline: medians['fetch loop']!,
    sdk: medians.sdk!,
    ratio: medians.sdk! / medians['fetch loop']!,
    others: { 'generated fn loop': medians['generated loop']!, openai: medians.openai! },
    note: 'baseline: hand-written fetch loop; target <= 1.15x',
  };
}

/** A fetch that answers every events page from memory, serialised once. */
function inMemoryFetch(): typeof fetch {
  const bodies: string[] = [];
  for (let start = 0; start < TOTAL; start += LIMIT) {
    const data = [];
    for (let i = start; i < start + LIMIT; i++) data.push(eventAt(i));
    bodies.push(JSON.stringify({ object: 'list', data, has_more: start + LIMIT < TOTAL }));
  }
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const after = url.searchParams.get('after');
    const start = after ? Number(after.slice('ev-'.length)) + 1 : 0;
    return new Response(bodies[start / LIMIT], { headers: { 'content-type': 'application/json' } });
  };
}

const run: BenchCase = async () => {
  const server = await startEventsServer({ total: TOTAL });
  try {
    return [
      await measure(
        `list ${TOTAL.toLocaleString('en')} events, ${TOTAL / LIMIT} pages (local server)`,
        server.baseUrl,
        globalThis.fetch,
      ),
      await measure(
        `list ${TOTAL.toLocaleString('en')} events, ${TOTAL / LIMIT} pages (fetch from memory)`,
        'http://in-memory.test/v1',
        inMemoryFetch(),
      ),
    ];
  } finally {
    await server.close();
  }
};

export default run;
