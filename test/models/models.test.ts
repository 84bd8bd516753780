// The model lifecycle against the local server: through the facade, and through the official
// `openai` package (an independent client of the same API).
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { APIError, type FineTuning, type FineTuningJob } from '../../src/index.ts';
import { TRAINING_JSONL, useLocalServer } from '../helpers/local-server.ts';

// x-ratelimit-* asked for: the real API sends none on these routes, and neither does the server unasked.
const ctx = useLocalServer({ clock: 'manual', faults: { rateLimitHeaders: true } });

async function trainedJob(ft: FineTuning, suffix: string): Promise<FineTuningJob> {
  const file = await ft.files.create({
    file: TRAINING_JSONL,
    filename: 'train.jsonl',
    purpose: 'fine-tune',
  });
  const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id, suffix });
  ctx.server.settle();
  const done = await ft.jobs.retrieve(job.id);
  expect(done.status).toBe('succeeded');
  return done;
}

async function rejection(promise: PromiseLike<unknown>): Promise<APIError> {
  const error = await Promise.resolve(promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

describe('models through the facade', () => {
  it('lists base models; a succeeded job adds its model and checkpoint models, owned by the organization', async () => {
    const { ft, server } = ctx;
    const before = await ft.models.list();
    expect(before.object).toBe('list');
    expect(before.data.find((m) => m.id === 'gpt-4o-mini')).toMatchObject({
      object: 'model',
      owned_by: 'system',
    });
    expect(before.data.some((m) => m.id.startsWith('ft:'))).toBe(false);

    const job = await trainedJob(ft, 'lifecycle');
    const checkpoints = await ft.models.ofJob(job.id);
    expect(checkpoints).toHaveLength(3);
    expect(checkpoints.at(-1)).toBe(job.fine_tuned_model);
    expect(checkpoints[0]).toMatch(/:ckpt-step-\d+$/);

    const mine = await ft.models.listFineTuned();
    expect(mine.map((m) => m.id).sort()).toEqual([...checkpoints].sort());
    expect(new Set(mine.map((m) => m.owned_by))).toEqual(new Set([server.options.organization]));
    expect(await ft.models.listFineTuned({ ownedBy: 'org-someone-else' })).toEqual([]);
    expect(await ft.models.retrieve(job.fine_tuned_model!)).toMatchObject({
      id: job.fine_tuned_model,
      object: 'model',
      owned_by: server.options.organization,
    });
  });

  it('models.list() is iterable like every list: for await, pages(), toArray(), and awaited one page', async () => {
    const { ft } = ctx;
    const ids: string[] = [];
    for await (const model of ft.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
    expect((await ft.models.list().toArray()).map((m) => m.id)).toEqual(ids);
    const page = await ft.models.list();
    expect(page.hasMore).toBe(false);
    expect(await page.nextPage()).toBeNull();
    let pages = 0;
    for await (const p of ft.models.list().pages()) pages += p.data.length > 0 ? 1 : 0;
    expect(pages).toBe(1);
    expect(JSON.parse(JSON.stringify(page))).toEqual({ object: 'list', data: page.data });
  });

  it('deletes a fine-tuned model: 404 from then on, the job keeps naming it, and it cannot be tuned again', async () => {
    const { ft } = ctx;
    const job = await trainedJob(ft, 'delete');
    const model = job.fine_tuned_model!;
    expect(await ft.models.delete(model)).toEqual({ id: model, object: 'model', deleted: true });

    const gone = await rejection(ft.models.retrieve(model));
    expect(gone.status).toBe(404);
    expect(gone.code).toBe('model_not_found');
    expect(gone.message).toContain(model);
    expect((await rejection(ft.models.delete(model))).status).toBe(404);
    expect((await ft.models.listFineTuned()).map((m) => m.id)).not.toContain(model);
    expect((await ft.jobs.retrieve(job.id)).fine_tuned_model).toBe(model);

    const file = await ft.files.create({
      file: TRAINING_JSONL,
      filename: 'again.jsonl',
      purpose: 'fine-tune',
    });
    const refused = await rejection(ft.jobs.create({ model, training_file: file.id }));
    expect(refused.status).toBe(400);
    // As the API answers an unknown model at create (recorded): no param, code model_not_available.
    expect(refused.param).toBeNull();
    expect(refused.code).toBe('model_not_available');
  });

  it('deletes a checkpoint model alone: the other checkpoints and the final model stay', async () => {
    const { ft } = ctx;
    const job = await trainedJob(ft, 'ckpt');
    const [first, ...rest] = await ft.models.ofJob(job.id);
    expect(await ft.models.delete(first!)).toEqual({ id: first, object: 'model', deleted: true });
    expect((await rejection(ft.models.retrieve(first!))).status).toBe(404);
    for (const name of rest) expect((await ft.models.retrieve(name)).id).toBe(name);
  });

  it('refuses to delete a base model, in the API error shape, and keeps it', async () => {
    const { ft } = ctx;
    const refused = await rejection(ft.models.delete('gpt-4o-mini'));
    expect(refused.status).toBe(403);
    expect(refused.param).toBe('model');
    expect(refused.message).toMatch(/only fine-tuned models/);
    expect((await ft.models.retrieve('gpt-4o-mini')).owned_by).toBe('system');
  });

  it('keeps the latest x-ratelimit-* figures of every answer, errors included', async () => {
    const { ft } = ctx;
    await ft.models.list();
    const first = ft.rateLimit!;
    expect(first.requests.limit).toBe(10_000);
    expect(first.tokens).toMatchObject({ limit: 10_000_000, remaining: 10_000_000, resetMs: 0 });
    await rejection(ft.models.retrieve('ft:nothing:here'));
    const second = ft.rateLimit!;
    expect(second.requests.remaining).toBe(first.requests.remaining! - 1);
    expect(second.at).toBeGreaterThanOrEqual(first.at);
    expect(ft.jobs.rateLimit).toBe(second);
  });
});

describe('models through the official openai package', () => {
  it('lists (auto-paginated), retrieves and deletes; errors carry the status', async () => {
    const { ft, server } = ctx;
    const job = await trainedJob(ft, 'official');
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseUrl, maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
    expect(ids).toContain(job.fine_tuned_model);
    expect((await client.models.retrieve(job.fine_tuned_model!)).owned_by).toBe(
      server.options.organization,
    );
    expect(await client.models.delete(job.fine_tuned_model!)).toEqual({
      id: job.fine_tuned_model,
      object: 'model',
      deleted: true,
    });
    await expect(client.models.retrieve(job.fine_tuned_model!)).rejects.toMatchObject({
      status: 404,
    });
    await expect(client.models.delete('gpt-4o-mini')).rejects.toMatchObject({ status: 403 });
  });
});
