// Iterating 10,000 fine-tuning events through 100 pages from a local server: the SDK's
// `for await` over `jobs.listEvents` against a hand-written fetch loop, in the same process.
import { FineTuning, listFineTuningEvents } from '../../src/index.ts';
import { EVENTS_PATH, startEventsServer } from '../../test/helpers/events-server.ts';
import { interleave, type BenchCase } from '../lib.ts';

const TOTAL = 10_000;
const LIMIT = 100;

const run: BenchCase = async () => {
  const server = await startEventsServer({ total: TOTAL });
  const ft = new FineTuning({ apiKey: 'sk-bench', baseUrl: server.baseUrl });
  const origin = new URL(server.baseUrl).origin;

  const sdk = async () => {
    let count = 0;
    for await (const event of ft.jobs.listEvents('ftjob-1', { limit: LIMIT })) if (event.id) count++;
    if (count !== TOTAL) throw new Error(`sdk saw ${count} events`);
  };

  // What a careful user would write by hand: auth header, status check, JSON, cursor from the last id.
  const fetchLoop = async () => {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const query = `limit=${LIMIT}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const res = await fetch(`${origin}${EVENTS_PATH}?${query}`, { headers: { authorization: 'Bearer sk-bench' } });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const page = (await res.json()) as { data: Array<{ id: string }>; has_more?: boolean };
      for (const event of page.data) if (event.id) count++;
      if (!page.has_more) break;
      after = page.data[page.data.length - 1]!.id;
    }
    if (count !== TOTAL) throw new Error(`fetch loop saw ${count} events`);
  };

  // The generated function looped by hand with the same client: what one page costs without the
  // pagination layer, so the row shows which part of any gap is pagination's.
  const generatedLoop = async () => {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const query = after ? { limit: LIMIT, after } : { limit: LIMIT };
      const { data: page } = await listFineTuningEvents({ client: ft.client, throwOnError: true, path: { fine_tuning_job_id: 'ftjob-1' }, query });
      for (const event of page.data) if (event.id) count++;
      if (!page.has_more) break;
      after = page.data[page.data.length - 1]!.id;
    }
    if (count !== TOTAL) throw new Error(`generated loop saw ${count} events`);
  };

  try {
    const medians = await interleave(25, { 'fetch loop': fetchLoop, sdk, 'generated loop': generatedLoop }, 3);
    const baseline = medians['fetch loop']!;
    const sdkMs = medians.sdk!;
    return [
      {
        name: `list ${TOTAL.toLocaleString('en')} events, ${TOTAL / LIMIT} pages (for await)`,
        unit: 'ms',
        baseline,
        sdk: sdkMs,
        ratio: sdkMs / baseline,
        others: { 'generated fn loop': medians['generated loop']! },
        note: 'baseline: hand-written fetch loop; target <= 1.15x',
      },
    ];
  } finally {
    await server.close();
  }
};

export default run;
