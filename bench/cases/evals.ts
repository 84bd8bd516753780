// Three models × 500 items on the local server (manual clock: a poll's pause moves server time):
// ft.evals.compare against a hand-written loop with the official `openai` client doing the same
// (create the eval, a run per model, poll until every run has ended, list every output item).
// Two rows: the whole flow (wall time; the request counts of both beside it), and the part after
// the runs have ended: the helper listing the output items and building the comparison, against
// the loop only listing them (target <= 1.2x).
import OpenAI from 'openai';
import { FineTuning } from '../../dist/index.js';
import { startLocalServer } from '../../dist/testing.js';
import { interleave, median, type BenchCase } from '../lib.ts';

const ITEMS = 500;
const POLL_MS = 1000;
const BASE = 'gpt-4o-mini-2024-07-18';

const criteria = [
  {
    type: 'string_check' as const,
    name: 'exact',
    input: '{{sample.output_text}}',
    reference: '{{item.answer}}',
    operation: 'eq' as const,
  },
];

const run: BenchCase = async () => {
  const server = await startLocalServer({ clock: 'manual', seed: 24 });
  try {
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey, maxRetries: 0 });
    const openai = new OpenAI({ baseURL: server.baseUrl, apiKey: server.apiKey, maxRetries: 0 });
    const lines = Array.from({ length: ITEMS }, (_, i) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: `Question ${i}?` },
          { role: 'assistant', content: `Answer ${i}.` },
        ],
      }),
    );
    const file = await ft.files.create({
      file: new File([lines.join('\n')], 'train.jsonl'),
      purpose: 'fine-tune',
    });
    const job = await ft.jobs.create({ model: BASE, training_file: file.id });
    server.settle();
    const done = await ft.jobs.retrieve(job.id);
    const checkpoints = (await ft.jobs.listCheckpoints(job.id).toArray())
      .map((c) => c.fine_tuned_model_checkpoint)
      .filter((m) => m !== done.fine_tuned_model);
    const models = [BASE, checkpoints[0]!, done.fine_tuned_model!];
    const rows = Array.from({ length: ITEMS }, (_, i) => ({
      question: `Question ${i}?`,
      answer: `Answer ${i}.`,
    }));
    // A poll's pause moves the server's clock instead of waiting.
    const clock = {
      now: () => server.now(),
      sleep: async (ms: number) => server.advance(ms),
      timeout: () => new AbortController().signal,
    };

    const requests = { helper: [] as number[], loop: [] as number[] };
    const tails = { helper: [] as number[], loop: [] as number[] };

    const helper = async () => {
      const before = server.requests.length;
      let ended = 0;
      const result = await ft.evals.compare({
        data: rows,
        prompt: '{{item.question}}',
        criteria,
        models,
        clock,
        pollInterval: POLL_MS,
        onProgress: (runs) => {
          if (runs.every((r) => r.status === 'completed')) ended = performance.now();
        },
      });
      tails.helper.push(performance.now() - ended);
      requests.helper.push(server.requests.length - before);
      if (result.items.length !== ITEMS) throw new Error(`helper saw ${result.items.length} items`);
    };

    // What the cookbook's bulk-experimentation loop does with the official client.
    const loop = async () => {
      const before = server.requests.length;
      const ev = await openai.evals.create({
        name: 'hand loop',
        data_source_config: {
          type: 'custom',
          item_schema: {
            type: 'object',
            properties: { question: { type: 'string' }, answer: { type: 'string' } },
            required: ['question', 'answer'],
          },
          include_sample_schema: true,
        },
        testing_criteria: criteria,
      });
      const runs = [];
      for (const model of models) {
        runs.push(
          await openai.evals.runs.create(ev.id, {
            name: model,
            data_source: {
              type: 'completions',
              model,
              input_messages: {
                type: 'template',
                template: [{ role: 'user', content: '{{item.question}}' }],
              },
              source: { type: 'file_content', content: rows.map((item) => ({ item })) },
            } as never,
          }),
        );
      }
      const status = new Map(runs.map((r) => [r.id, r.status as string]));
      for (;;) {
        for (const r of runs)
          if (!['completed', 'failed', 'canceled'].includes(status.get(r.id)!))
            status.set(r.id, (await openai.evals.runs.retrieve(r.id, { eval_id: ev.id })).status);
        if ([...status.values()].every((s) => s === 'completed')) break;
        server.advance(POLL_MS);
      }
      const listStart = performance.now();
      let count = 0;
      for (const r of runs)
        for await (const item of openai.evals.runs.outputItems.list(r.id, {
          eval_id: ev.id,
          limit: 100,
        }))
          if (item.id) count++;
      tails.loop.push(performance.now() - listStart);
      requests.loop.push(server.requests.length - before);
      if (count !== ITEMS * models.length) throw new Error(`loop saw ${count} items`);
    };

    const medians = await interleave(11, { 'hand loop': loop, helper }, 1);
    // The warm-up round is not in the medians; drop its request counts and tails too.
    for (const list of [requests.helper, requests.loop, tails.helper, tails.loop]) list.shift();
    const name = `compare ${models.length} models × ${ITEMS} items (local server)`;
    return [
      {
        name: `${name}: create, runs, polls, every output item`,
        unit: 'ms',
        baseline: medians['hand loop']!,
        sdk: medians.helper!,
        ratio: medians.helper! / medians['hand loop']!,
        note: `baseline: hand loop with the official openai client; requests: helper ${median(requests.helper)}, loop ${median(requests.loop)} (target: no more)`,
      },
      {
        name: `${name}: after the runs end, list + build vs list`,
        unit: 'ms',
        baseline: median(tails.loop),
        sdk: median(tails.helper),
        ratio: median(tails.helper) / median(tails.loop),
        note: 'baseline: the loop listing the output items only; target <= 1.2x',
      },
    ];
  } finally {
    await server.close();
  }
};

export default run;
