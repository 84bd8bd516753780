// Evals on the local server: every operation answers in the spec's shapes (through the facade),
// the official `openai` client drives the same resources (auto-pagination of output items
// included), runs move on the server clock, the simulated models score as documented, and each
// run's end is announced by a webhook that `standardwebhooks` verifies.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { loadSpec } from '../../src/testing/spec.ts';
import { useLocalServer } from '../helpers/local-server.ts';

// Seeded: the same ids (so the same model names and simulated answers) on every run.
const ctx = useLocalServer({ clock: 'manual', seed: 24 });
// 100 taught prompts: enough that the simulated models' reliabilities (0.25 to 0.95) show in the
// pass counts whatever ids the server draws.
const TRAINING_JSONL = Array.from({ length: 100 }, (_, i) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `Question ${i}?` },
      { role: 'assistant', content: `Answer ${i}.` },
    ],
  }),
).join('\n');
const spec = loadSpec();

function conforms(operationId: string, body: unknown): void {
  // createEval and createEvalRun answer 201 in the spec, with the body getEval and getEvalRun give.
  const same: Record<string, string> = { createEval: 'getEval', createEvalRun: 'getEvalRun' };
  const validate = spec.response(same[operationId] ?? operationId);
  expect(validate(body), `${operationId}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

const criteria = [
  {
    type: 'string_check' as const,
    name: 'exact',
    input: '{{sample.output_text}}',
    reference: '{{item.answer}}',
    operation: 'eq' as const,
  },
];
const itemSchema = {
  type: 'object',
  properties: { question: { type: 'string' }, answer: { type: 'string' } },
  required: ['question', 'answer'],
};
const rows = Array.from({ length: 10 }, (_, i) => ({
  item: { question: `Question ${i}?`, answer: `Answer ${i}.` },
}));
const dataSource = (model: string, content = rows) => ({
  type: 'completions' as const,
  model,
  input_messages: {
    type: 'template' as const,
    template: [{ role: 'user' as const, content: '{{item.question}}' }],
  },
  source: { type: 'file_content' as const, content },
});

async function trainedJob(ft: FineTuning, server: LocalServer) {
  const file = await ft.files.create({
    file: new File([TRAINING_JSONL], 'train.jsonl'),
    purpose: 'fine-tune',
  });
  const job = await ft.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
  server.settle();
  return ft.jobs.retrieve(job.id);
}

describe('every eval operation answers in the spec shapes', () => {
  it('covers the 12 operations', async () => {
    const { ft, server } = ctx;
    const created = await ft.evals.create({
      name: 'capitals',
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: criteria,
    });
    conforms('createEval', created);
    conforms('getEval', await ft.evals.retrieve(created.id));
    conforms('updateEval', await ft.evals.update(created.id, { name: 'renamed' }));
    conforms('listEvals', await ft.evals.list({ limit: 1 }));
    const run = await ft.evals.runs.create(created.id, { data_source: dataSource('gpt-4o-mini') });
    conforms('createEvalRun', run);
    expect(run.status).toBe('queued');
    server.settle();
    const done = await ft.evals.runs.retrieve(created.id, run.id);
    conforms('getEvalRun', done);
    expect(done.status).toBe('completed');
    expect(done.result_counts).toEqual({ total: 10, errored: 0, failed: 10, passed: 0 });
    conforms('getEvalRuns', await ft.evals.runs.list(created.id));
    const items = await ft.evals.runs.outputItems.list(created.id, run.id, { limit: 3 });
    conforms('getEvalRunOutputItems', items);
    conforms(
      'getEvalRunOutputItem',
      await ft.evals.runs.outputItems.retrieve(created.id, run.id, items.data[0]!.id),
    );
    const second = await ft.evals.runs.create(created.id, {
      data_source: dataSource('gpt-4o-mini'),
    });
    conforms('cancelEvalRun', await ft.evals.runs.cancel(created.id, second.id));
    conforms('deleteEvalRun', await ft.evals.runs.delete(created.id, second.id));
    conforms('deleteEval', await ft.evals.delete(created.id));
  });
});

describe('runs on the server clock', () => {
  it('queued, then in progress item by item, then completed; cancel stops it', async () => {
    const { ft, server } = ctx;
    const ev = await ft.evals.create({
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: criteria,
    });
    const run = await ft.evals.runs.create(ev.id, { data_source: dataSource('gpt-4o-mini') });
    server.advance(400 + 35);
    const moving = await ft.evals.runs.retrieve(ev.id, run.id);
    expect(moving.status).toBe('in_progress');
    expect(moving.result_counts.total).toBe(3);
    expect((await ft.evals.runs.outputItems.list(ev.id, run.id)).data).toHaveLength(3);
    const canceled = await ft.evals.runs.cancel(ev.id, run.id);
    expect(canceled.status).toBe('canceled');
    server.settle();
    expect((await ft.evals.runs.retrieve(ev.id, run.id)).status).toBe('canceled');
    expect((await ft.evals.runs.outputItems.list(ev.id, run.id)).data).toHaveLength(3);
  });

  it('a run of a model the server does not know fails with the reason', async () => {
    const { ft, server } = ctx;
    const ev = await ft.evals.create({
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: criteria,
    });
    const run = await ft.evals.runs.create(ev.id, { data_source: dataSource('no-such-model') });
    server.settle();
    const failed = await ft.evals.runs.retrieve(ev.id, run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'model_not_found' });
  });

  it('rejects rows that break the item schema, saying which row and why', async () => {
    const { ft } = ctx;
    const ev = await ft.evals.create({
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: criteria,
    });
    const bad = [...rows.slice(0, 2), { item: { question: 'Q' } }] as typeof rows;
    const error = await ft.evals.runs
      .create(ev.id, { data_source: dataSource('gpt-4o-mini', bad) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toContain("Row 2: item lacks 'answer'");
  });
});

describe('the simulated models', () => {
  it('base answers generically; the fine-tuned model and later checkpoints score higher', async () => {
    const { ft, server } = ctx;
    const job = await trainedJob(ft, server);
    const checkpoints = (await ft.jobs.listCheckpoints(job.id).toArray())
      .map((c) => ({ model: c.fine_tuned_model_checkpoint, step: c.step_number }))
      .sort((a, b) => a.step - b.step);
    const ev = await ft.evals.create({
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: criteria,
    });
    const models = ['gpt-4o-mini-2024-07-18', checkpoints[0]!.model, job.fine_tuned_model!];
    const many = Array.from({ length: 100 }, (_, i) => ({
      item: { question: `Question ${i}?`, answer: `Answer ${i}.` },
    }));
    const runs = [];
    for (const model of models)
      runs.push(await ft.evals.runs.create(ev.id, { data_source: dataSource(model, many) }));
    server.settle();
    const passed = [];
    for (const run of runs)
      passed.push((await ft.evals.runs.retrieve(ev.id, run.id)).result_counts.passed);
    expect(passed[0]).toBe(0);
    expect(passed[1]).toBeLessThan(passed[2]!);
    expect(passed[2]).toBeGreaterThanOrEqual(85);
    // Deterministic: the same run again gives the same answers.
    const again = await ft.evals.runs.create(ev.id, { data_source: dataSource(models[2]!, many) });
    server.settle();
    expect((await ft.evals.runs.retrieve(ev.id, again.id)).result_counts.passed).toBe(passed[2]);
  });

  it('a grader that cannot run counts the item as errored', async () => {
    const { ft, server } = ctx;
    const ev = await ft.evals.create({
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: [{ ...criteria[0]!, reference: '{{item.missing}}' }],
    });
    const run = await ft.evals.runs.create(ev.id, { data_source: dataSource('gpt-4o-mini') });
    server.settle();
    const done = await ft.evals.runs.retrieve(ev.id, run.id);
    expect(done.result_counts).toMatchObject({ errored: 10, passed: 0 });
    const [item] = (await ft.evals.runs.outputItems.list(ev.id, run.id)).data;
    expect(item!.status).toBe('error');
  });
});

describe('the official openai client against the eval routes', () => {
  it('evals and runs, and auto-pagination over every output item', async () => {
    const { server } = ctx;
    const openai = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseUrl, maxRetries: 0 });
    const ev = await openai.evals.create({
      name: 'official',
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: criteria,
    });
    expect((await openai.evals.retrieve(ev.id)).name).toBe('official');
    expect((await openai.evals.update(ev.id, { name: 'renamed' })).name).toBe('renamed');
    const listed: string[] = [];
    for await (const e of openai.evals.list({ limit: 1 })) listed.push(e.id);
    expect(listed).toContain(ev.id);
    const run = await openai.evals.runs.create(ev.id, {
      data_source: dataSource('gpt-4o-mini') as never,
    });
    server.settle();
    expect((await openai.evals.runs.retrieve(run.id, { eval_id: ev.id })).status).toBe('completed');
    const runs: string[] = [];
    for await (const r of openai.evals.runs.list(ev.id)) runs.push(r.id);
    expect(runs).toEqual([run.id]);
    const items: string[] = [];
    for await (const i of openai.evals.runs.outputItems.list(run.id, { eval_id: ev.id, limit: 3 }))
      items.push(i.id);
    expect(items).toHaveLength(10);
    expect(new Set(items).size).toBe(10);
    const one = await openai.evals.runs.outputItems.retrieve(items[9]!, {
      eval_id: ev.id,
      run_id: run.id,
    });
    expect(one.datasource_item_id).toBe(9);
    // openai's evals.runs.cancel sends the spec's POST …/runs/{id}; a client that cancels as jobs
    // are cancelled sends POST …/runs/{id}/cancel, a path the spec lacks: both answer the same.
    const second = await openai.evals.runs.create(ev.id, {
      data_source: dataSource('gpt-4o-mini') as never,
    });
    const canceled = await openai.evals.runs.cancel(second.id, { eval_id: ev.id });
    expect(canceled).toMatchObject({ id: second.id, status: 'canceled' });
    const third = await openai.evals.runs.create(ev.id, {
      data_source: dataSource('gpt-4o-mini') as never,
    });
    const viaCancelPath = await openai.post(`/evals/${ev.id}/runs/${third.id}/cancel`);
    expect(viaCancelPath).toMatchObject({ id: third.id, status: 'canceled' });
    expect(Object.keys(viaCancelPath as object).sort()).toEqual(Object.keys(canceled).sort());
    expect(server.requests.slice(-1)[0]).toMatchObject({
      method: 'POST',
      path: `/evals/${ev.id}/runs/${third.id}/cancel`,
      status: 200,
    });
    // An unknown run is the same 404 on either path.
    const missing = await Promise.allSettled([
      openai.evals.runs.cancel('evalrun_missing', { eval_id: ev.id }),
      openai.post(`/evals/${ev.id}/runs/evalrun_missing/cancel`),
    ]);
    const reasons = missing.map((r) =>
      r.status === 'rejected' ? (r.reason as InstanceType<typeof OpenAI.APIError>) : undefined,
    );
    expect(reasons.map((e) => e?.status)).toEqual([404, 404]);
    expect(reasons[0]!.error).toEqual(reasons[1]!.error);
    for (const run of [second, third])
      expect((await openai.evals.runs.delete(run.id, { eval_id: ev.id })).deleted).toBe(true);
    expect((await openai.evals.delete(ev.id)).deleted).toBe(true);
  });
});

describe('eval run webhooks', () => {
  const SECRET = `whsec_${Buffer.from('an eval webhook secret, 32 bytes').toString('base64')}`;
  const received: Array<{ body: string; headers: Record<string, string> }> = [];
  let receiver: Server;
  let server: LocalServer;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, headers: req.headers as Record<string, string> });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startLocalServer({ clock: 'manual', webhooks: [{ url, secret: SECRET }] });
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('succeeded, failed and canceled, each verified by standardwebhooks', async () => {
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
    const ev = await ft.evals.create({
      data_source_config: { type: 'custom', item_schema: itemSchema },
      testing_criteria: criteria,
    });
    const ok = await ft.evals.runs.create(ev.id, { data_source: dataSource('gpt-4o-mini') });
    const bad = await ft.evals.runs.create(ev.id, { data_source: dataSource('nope') });
    const stopped = await ft.evals.runs.create(ev.id, { data_source: dataSource('gpt-4o-mini') });
    await ft.evals.runs.cancel(ev.id, stopped.id);
    server.settle();
    await server.webhooksIdle();
    const events = received.map((r) => new Webhook(SECRET).verify(r.body, r.headers)) as Array<{
      type: string;
      data: { id: string };
    }>;
    const byRun = Object.fromEntries(events.map((e) => [e.data.id, e.type]));
    expect(byRun).toEqual({
      [ok.id]: 'eval.run.succeeded',
      [bad.id]: 'eval.run.failed',
      [stopped.id]: 'eval.run.canceled',
    });
    for (const r of received) {
      const event = await ft.webhooks.unwrap(r.body, r.headers, SECRET);
      expect(event.type.startsWith('eval.run.')).toBe(true);
    }
  });
});
