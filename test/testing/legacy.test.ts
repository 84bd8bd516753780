// The legacy client (`LegacyFineTunes`) against the local server over loopback: the five legacy
// operations, events streamed as the server clock moves (manual and real), cancel, the API's error
// bodies, and a stream cut mid-way by fault injection that the client's bounded reconnect survives.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APIError, ConnectionError, FineTuning } from '../../src/index.ts';
import { LegacyFineTunes, type FineTuneEvent } from '../../src/legacy/index.ts';
import {
  startLocalServer,
  type LocalServer,
  type LocalServerOptions,
} from '../../src/testing/index.ts';
import { loadSpec } from '../../src/testing/spec.ts';

// The legacy training format: prompt and completion per line.
const LEGACY_JSONL = Array.from({ length: 10 }, (_, i) =>
  JSON.stringify({ prompt: `Question ${i} ->`, completion: ` Answer ${i}.` }),
).join('\n');
const legacySpec = loadSpec('legacy-fine-tunes.yaml');

function useServer(options: LocalServerOptions) {
  const ctx = {} as { server: LocalServer; ft: FineTuning; legacy: LegacyFineTunes };
  beforeAll(async () => {
    ctx.server = await startLocalServer(options);
    ctx.ft = new FineTuning({ baseUrl: ctx.server.baseUrl, apiKey: ctx.server.apiKey });
    ctx.legacy = new LegacyFineTunes({
      baseUrl: ctx.server.baseUrl,
      apiKey: ctx.server.apiKey,
      deprecationWarning: false,
    });
  });
  afterAll(async () => {
    await ctx.server.close();
  });
  return ctx;
}

function conforms(operationId: string, body: unknown): void {
  const validate = legacySpec.response(operationId);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

async function rejection(promise: PromiseLike<unknown>): Promise<APIError> {
  const error = await Promise.resolve(promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

/** Resolves with whether `promise` settled within `ms` (a manual clock that stands still must keep it pending). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

async function collect(
  stream: AsyncIterable<FineTuneEvent>,
): Promise<{ messages: string[]; error: unknown }> {
  const messages: string[] = [];
  try {
    for await (const e of stream) messages.push(e.message);
  } catch (error) {
    return { messages, error };
  }
  return { messages, error: undefined };
}

const SUCCESS = (id: string, epochs: number) => [
  `Created fine-tune: ${id}`,
  expect.stringMatching(/^Fine-tune costs \$\d+\.\d\d$/),
  'Fine-tune enqueued. Queue number: 0',
  'Fine-tune started',
  ...Array.from({ length: epochs }, (_, i) => `Completed epoch ${i + 1}/${epochs}`),
  expect.stringMatching(
    /^Uploaded model: curie:ft-org-local:legacy-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/,
  ),
  expect.stringMatching(/^Uploaded result file: file-/),
  'Fine-tune succeeded',
];

describe('legacy fine-tunes on a manual clock', () => {
  const ctx = useServer({ clock: 'manual' });
  const upload = (content = LEGACY_JSONL) =>
    ctx.ft.files.create({ file: content, filename: 'legacy.jsonl', purpose: 'fine-tune' });

  it('create → list → retrieve → stream events, each arriving as the clock moves, to [DONE]', async () => {
    const file = await upload();
    const created = await ctx.legacy.create({
      training_file: file.id,
      model: 'curie',
      hyperparameters: { n_epochs: 2 },
      suffix: 'legacy',
    });
    conforms('createFineTune', created);
    expect(created).toMatchObject({
      object: 'fine-tune',
      status: 'pending',
      model: 'curie',
      fine_tuned_model: null,
      result_files: [],
    });
    expect(created.training_files.map((f) => f.id)).toEqual([file.id]);

    const listed = await ctx.legacy.list();
    conforms('listFineTunes', listed);
    expect(listed.data.map((f) => f.id)).toContain(created.id);
    const retrieved = await ctx.legacy.retrieve(created.id);
    conforms('retrieveFineTune', retrieved);
    expect(retrieved.id).toBe(created.id);

    const events = ctx.legacy.listEvents(created.id, { stream: true })[Symbol.asyncIterator]();
    expect((await events.next()).value?.message).toBe(`Created fine-tune: ${created.id}`);
    // The clock stands still, so the next event cannot come yet.
    const next = events.next();
    expect(await settlesWithin(next, 100)).toBe(false);
    ctx.server.advance(ctx.server.options.timing.validatingMs);
    expect((await next).value?.message).toMatch(/^Fine-tune costs/);
    expect((await events.next()).value?.message).toBe('Fine-tune enqueued. Queue number: 0');
    ctx.server.settle();
    const rest: string[] = [];
    for (let r = await events.next(); !r.done; r = await events.next()) rest.push(r.value.message);
    expect(rest).toEqual(SUCCESS(created.id, 2).slice(3));

    const done = await ctx.legacy.retrieve(created.id);
    conforms('retrieveFineTune', done);
    expect(done.status).toBe('succeeded');
    expect(done.fine_tuned_model).toMatch(/^curie:ft-org-local:legacy-/);
    expect(done.hyperparams).toMatchObject({
      n_epochs: 2,
      batch_size: 1,
      prompt_loss_weight: 0.01,
    });
    expect(done.result_files).toHaveLength(1);
    const csv = await (await ctx.ft.files.content(done.result_files[0]!.id)).text();
    expect(csv.split('\n')[0]).toBe('step,elapsed_examples,training_loss,training_token_accuracy');

    const all = await ctx.legacy.listEvents(created.id);
    conforms('listFineTuneEvents', all);
    expect(all.data.map((e) => e.message)).toEqual(SUCCESS(created.id, 2));
    // A fine-tuned legacy model can be tuned again.
    const again = await ctx.legacy.create({
      training_file: file.id,
      model: done.fine_tuned_model!,
    });
    expect(again.model).toBe(done.fine_tuned_model);
  });

  it('streams a finished fine-tune whole, and fails a fine-tune whose file is not training data', async () => {
    const file = await upload('{"prompt": "only one"}\n');
    const created = await ctx.legacy.create({ training_file: file.id });
    ctx.server.settle();
    const { messages, error } = await collect(ctx.legacy.listEvents(created.id, { stream: true }));
    expect(error).toBeUndefined();
    expect(messages).toEqual([
      `Created fine-tune: ${created.id}`,
      expect.stringMatching(new RegExp(`^Training file ${file.id} is invalid: `)),
    ]);
    const failed = await ctx.legacy.retrieve(created.id);
    expect([failed.status, failed.model, failed.events?.[1]?.level]).toEqual([
      'failed',
      'curie',
      'error',
    ]);
  });

  it('cancel ends an open stream with the cancellation, then refuses a second cancel', async () => {
    const file = await upload();
    const created = await ctx.legacy.create({ training_file: file.id });
    const { validatingMs, queuedMs } = ctx.server.options.timing;
    ctx.server.advance(validatingMs + queuedMs);
    const streamed = collect(ctx.legacy.listEvents(created.id, { stream: true }));
    expect(await settlesWithin(streamed, 100)).toBe(false);
    const cancelled = await ctx.legacy.cancel(created.id);
    conforms('cancelFineTune', cancelled);
    expect(cancelled.status).toBe('cancelled');
    const { messages, error } = await streamed;
    expect(error).toBeUndefined();
    expect(messages.slice(-2)).toEqual(['Fine-tune started', 'Fine-tune cancelled']);
    const second = await rejection(ctx.legacy.cancel(created.id));
    expect([second.status, second.param, second.code]).toEqual([
      400,
      'fine_tune_id',
      'invalid_fine_tune_state',
    ]);
  });

  it('rejects what the legacy spec rejects with the API error body, naming the field', async () => {
    const file = await upload();
    const cases: Array<[unknown, string, string]> = [
      [{ model: 'curie' }, 'training_file', 'missing_required_parameter'],
      [{ training_file: file.id, suffix: 'x'.repeat(41) }, 'suffix', 'invalid_value'],
      [
        { training_file: file.id, hyperparameters: { n_epochs: 0 } },
        'hyperparameters.n_epochs',
        'invalid_value',
      ],
      [{ training_file: file.id, batch_size: 'big' }, 'batch_size', 'invalid_type'],
      [{ training_file: file.id, model: 'gpt-4o-mini' }, 'model', 'model_not_available'],
      [{ training_file: 'file-missing' }, 'training_file', 'invalid_file'],
    ];
    for (const [body, param, code] of cases) {
      const error = await rejection(ctx.legacy.create(body as never));
      expect([error.status, error.param, error.code], JSON.stringify(body)).toEqual([
        400,
        param,
        code,
      ]);
      expect(error.type).toBe('invalid_request_error');
      expect(error.message.length).toBeGreaterThan(10);
    }
  });

  it('answers 404 for an unknown fine-tune (also when streaming) and 401 for a wrong key', async () => {
    const missing = await rejection(ctx.legacy.retrieve('ft-missing'));
    expect([missing.status, missing.param]).toEqual([404, 'fine_tune_id']);
    const { error } = await collect(ctx.legacy.listEvents('ft-missing', { stream: true }));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
    const stranger = new LegacyFineTunes({
      baseUrl: ctx.server.baseUrl,
      apiKey: 'sk-wrong',
      deprecationWarning: false,
    });
    expect((await rejection(stranger.list())).status).toBe(401);
  });
});

describe('legacy event streams on the wire', () => {
  const ctx = useServer({ clock: 'manual', keepAliveMs: 20 });
  afterEach(() => ctx.server.setFaults({}));

  async function newFineTune(): Promise<string> {
    const file = await ctx.ft.files.create({
      file: LEGACY_JSONL,
      filename: 'legacy.jsonl',
      purpose: 'fine-tune',
    });
    const created = await ctx.legacy.create({
      training_file: file.id,
      hyperparameters: { n_epochs: 1 },
    });
    return created.id;
  }

  it('sends ids, keep-alive comments while the job is quiet, [DONE] at the end, and resumes after Last-Event-ID', async () => {
    const id = await newFineTune();
    const headers = { authorization: `Bearer ${ctx.server.apiKey}` };
    const res = await fetch(`${ctx.server.baseUrl}/fine-tunes/${id}/events?stream=true`, {
      headers,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    for (let i = 0; i < 50 && !text.includes(': keep-alive'); i++)
      text += (await reader.read()).value ?? '';
    expect(text).toMatch(/^id: 1\ndata: \{"object":"fine-tune-event".*\}\n\n: keep-alive\n\n/);
    ctx.server.settle();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));

    const resumed = await (
      await fetch(`${ctx.server.baseUrl}/fine-tunes/${id}/events?stream=true`, {
        headers: { ...headers, 'last-event-id': String(ids.length - 1) },
      })
    ).text();
    expect(resumed).toMatch(
      new RegExp(
        `^id: ${ids.length}\\ndata: .*"Fine-tune succeeded"\\}\\n\\ndata: \\[DONE\\]\\n\\n$`,
      ),
    );
  });

  it('validates the stream query against the legacy spec: stream=false lists, stream=yes is a 400', async () => {
    const id = await newFineTune();
    const headers = { authorization: `Bearer ${ctx.server.apiKey}` };
    const listed = await fetch(`${ctx.server.baseUrl}/fine-tunes/${id}/events?stream=false`, {
      headers,
    });
    expect(listed.headers.get('content-type')).toBe('application/json');
    const list = await listed.json();
    conforms('listFineTuneEvents', list);
    const bad = await fetch(`${ctx.server.baseUrl}/fine-tunes/${id}/events?stream=yes`, {
      headers,
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      type: 'invalid_request_error',
      param: 'stream',
      code: 'invalid_type',
    });
  });

  it('a stream cut mid-event is resumed by the client, every event once', async () => {
    const id = await newFineTune();
    ctx.server.settle();
    const expected = (await ctx.legacy.listEvents(id)).data.map((e) => e.message);
    ctx.server.setFaults({ streamDrop: { after: 2 } });
    const before = ctx.server.requests.length;
    const { messages, error } = await collect(
      ctx.legacy.listEvents(id, { stream: true }, { reconnectDelayMs: 5 }),
    );
    expect(error).toBeUndefined();
    expect(messages).toEqual(expected);
    const streams = ctx.server.requests
      .slice(before)
      .filter((r) => r.path === `/fine-tunes/${id}/events?stream=true`);
    expect(streams).toHaveLength(2);
  });

  it('streams that keep dropping before any event end in ConnectionError after the bounded reconnects', async () => {
    const id = await newFineTune();
    ctx.server.setFaults({ streamDrop: { after: 0, times: 10 } });
    const before = ctx.server.requests.length;
    const { messages, error } = await collect(
      ctx.legacy.listEvents(id, { stream: true }, { reconnectDelayMs: 5, maxReconnects: 2 }),
    );
    expect(messages).toEqual([]);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(ctx.server.requests.slice(before)).toHaveLength(3);
  });

  it('refuses a stream drop setting that is not a count', async () => {
    expect(() => ctx.server.setFaults({ streamDrop: { after: -1 } })).toThrow(/streamDrop/);
  });
});

describe('legacy fine-tunes on the real clock', () => {
  const ctx = useServer({ timing: { validatingMs: 30, queuedMs: 30, stepMs: 5 } });

  it('streams every event as the fine-tune runs, to [DONE]', async () => {
    const file = await ctx.ft.files.create({
      file: LEGACY_JSONL,
      filename: 'legacy.jsonl',
      purpose: 'fine-tune',
    });
    const created = await ctx.legacy.create({
      training_file: file.id,
      hyperparameters: { n_epochs: 3 },
      suffix: 'legacy',
    });
    const { messages, error } = await collect(ctx.legacy.listEvents(created.id, { stream: true }));
    expect(error).toBeUndefined();
    expect(messages).toEqual(SUCCESS(created.id, 3));
    expect((await ctx.legacy.retrieve(created.id)).status).toBe('succeeded');
  });
});

describe('closing the server with a stream open', () => {
  it('ends the stream (the client sees the connection go) and close() resolves', async () => {
    const server = await startLocalServer({ clock: 'manual' });
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
    const legacy = new LegacyFineTunes({
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      deprecationWarning: false,
    });
    const file = await ft.files.create({
      file: LEGACY_JSONL,
      filename: 'legacy.jsonl',
      purpose: 'fine-tune',
    });
    const created = await legacy.create({ training_file: file.id });
    const events = legacy
      .listEvents(created.id, { stream: true }, { maxReconnects: 0 })
      [Symbol.asyncIterator]();
    expect((await events.next()).value?.message).toBe(`Created fine-tune: ${created.id}`);
    const next = events.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    await server.close();
    expect(await next).toBeInstanceOf(ConnectionError);
  });
});
