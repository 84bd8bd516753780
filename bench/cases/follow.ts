// Following a job through 200 polls and 10,000 events on a local scripted server: `jobs.wait`
// against a hand-written fetch loop doing the same polls (job, then events back to the last one
// seen), in the same process. Time moves one step per job request, so both see the same life.
import { FineTuning } from '../../dist/index.js';
import { startJobServer, type Step } from '../../test/helpers/job-server.ts';
import { eventFixture } from '../../test/helpers/jobs.ts';
import { interleave, type BenchCase } from '../lib.ts';

const POLLS = 200;
const PER_POLL = 50;
const TOTAL = POLLS * PER_POLL;
const LIMIT = 100;

function script(): Step[] {
  const steps: Step[] = [];
  for (let p = 0; p < POLLS; p++) {
    const events = Array.from({ length: PER_POLL }, (_, i) => {
      const n = p * PER_POLL + i + 1;
      return eventFixture(n, `Step ${n}/${TOTAL}`, {
        step: n,
        total_steps: TOTAL,
        train_loss: 1 / n,
      });
    });
    steps.push({ at: p, status: 'running', events });
  }
  steps.push({ at: POLLS - 1, status: 'succeeded', job: { fine_tuned_model: 'ft:bench' } });
  return steps;
}

const run: BenchCase = async () => {
  let time = 0;
  const jobPath = '/v1/fine_tuning/jobs/ftjob-1';
  // Each job request is one step later, so a poll sees the events of one step.
  const server = await startJobServer(
    'ftjob-1',
    script(),
    () => time,
    (n, req) => {
      if (n > 1 && req.url === jobPath) time++;
      return undefined;
    },
  );
  const ft = new FineTuning({ apiKey: 'sk-bench', baseUrl: server.baseUrl });
  const headers = { authorization: 'Bearer sk-bench' };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  const sdk = async () => {
    time = 0;
    let count = 0;
    const job = await ft.jobs.wait('ftjob-1', {
      pollInterval: 0,
      pageSize: LIMIT,
      onEvent: () => count++,
    });
    if (count !== TOTAL || job.status !== 'succeeded') throw new Error(`sdk saw ${count} events`);
  };

  // What a careful user would write by hand: poll the job, read events back to the last seen one,
  // keep each once, stop on a final status.
  const fetchLoop = async () => {
    time = 0;
    const seen = new Set<string>();
    let count = 0;
    for (;;) {
      const jobRes = await fetch(`${server.baseUrl}/fine_tuning/jobs/ftjob-1`, { headers });
      if (!jobRes.ok) throw new Error(`status ${jobRes.status}`);
      const job = (await jobRes.json()) as { status: string };
      const fresh: { id: string }[] = [];
      let after: string | undefined;
      read: for (;;) {
        const query = `limit=${LIMIT}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const res = await fetch(`${server.baseUrl}/fine_tuning/jobs/ftjob-1/events?${query}`, {
          headers,
        });
        if (!res.ok) throw new Error(`status ${res.status}`);
        const page = (await res.json()) as { data: { id: string }[]; has_more: boolean };
        for (const event of page.data) {
          if (seen.has(event.id)) break read;
          fresh.push(event);
        }
        if (!page.has_more || page.data.length === 0) break;
        after = page.data[page.data.length - 1]!.id;
      }
      for (const event of fresh.reverse()) {
        seen.add(event.id);
        count++;
      }
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
      await tick();
    }
    if (count !== TOTAL) throw new Error(`fetch loop saw ${count} events`);
  };

  // The same loop through the facade's plain methods: separates the cost of each request through
  // the SDK from the cost of follow's own work (dedupe, progress, updates).
  const facadeLoop = async () => {
    time = 0;
    const seen = new Set<string>();
    let count = 0;
    for (;;) {
      const job = await ft.jobs.retrieve('ftjob-1');
      const fresh: { id: string }[] = [];
      let after: string | undefined;
      read: for (;;) {
        const page = await ft.jobs.listEvents('ftjob-1', {
          limit: LIMIT,
          ...(after ? { after } : {}),
        });
        for (const event of page.data) {
          if (seen.has(event.id)) break read;
          fresh.push(event);
        }
        if (!page.has_more || page.data.length === 0) break;
        after = page.data[page.data.length - 1]!.id;
      }
      for (const event of fresh.reverse()) {
        seen.add(event.id);
        count++;
      }
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
      await tick();
    }
    if (count !== TOTAL) throw new Error(`facade loop saw ${count} events`);
  };

  try {
    const medians = await interleave(
      9,
      { 'fetch loop': fetchLoop, sdk, 'facade loop': facadeLoop },
      2,
    );
    const baseline = medians['fetch loop']!;
    return [
      {
        name: `wait: ${POLLS} polls, ${TOTAL.toLocaleString('en')} events`,
        unit: 'ms',
        baseline,
        sdk: medians.sdk!,
        ratio: medians.sdk! / baseline,
        others: { 'same loop via ft.jobs.retrieve/listEvents': medians['facade loop']! },
        note: 'baseline: hand-written fetch polling loop; pollInterval 0',
      },
    ];
  } finally {
    await server.close();
  }
};

export default run;
