// The local server driven by the official `openai` package (a client no one here wrote): every
// fine-tuning operation, its auto-pagination over every list, and its typed errors.
import OpenAI, { NotFoundError, BadRequestError, toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { TRAINING_JSONL, useLocalServer } from '../helpers/local-server.ts';

const ctx = useLocalServer();

const client = (adminAPIKey = ctx.server.adminApiKey) =>
  new OpenAI({
    apiKey: ctx.server.apiKey,
    adminAPIKey,
    baseURL: ctx.server.baseUrl,
    maxRetries: 0,
    timeout: 10_000,
  });

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) out.push(item);
  return out;
}

describe('the official openai client against the local server', () => {
  it('files: create, retrieve, content, list (auto-paginated), delete', async () => {
    const openai = client();
    const created = [];
    for (let i = 0; i < 5; i++)
      created.push(
        await openai.files.create({
          file: await toFile(Buffer.from(TRAINING_JSONL), `t${i}.jsonl`),
          purpose: 'fine-tune',
        }),
      );
    expect(await openai.files.retrieve(created[0]!.id)).toEqual(created[0]);
    expect(await (await openai.files.content(created[0]!.id)).text()).toBe(TRAINING_JSONL);
    // Two per page: the client follows `after` until `has_more` is false.
    const listed = await all(openai.files.list({ limit: 2, order: 'asc', purpose: 'fine-tune' }));
    expect(listed.map((f) => f.id)).toEqual(created.map((f) => f.id));
    expect(await openai.files.delete(created[4]!.id)).toEqual({
      id: created[4]!.id,
      object: 'file',
      deleted: true,
    });
    await expect(openai.files.retrieve(created[4]!.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('jobs: create, retrieve, list, pause, resume, cancel, events and checkpoints (auto-paginated)', async () => {
    const openai = client();
    const file = await openai.files.create({
      file: await toFile(Buffer.from(TRAINING_JSONL), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    const jobs = [];
    for (let i = 0; i < 3; i++)
      jobs.push(
        await openai.fineTuning.jobs.create({
          model: 'gpt-4o-mini',
          training_file: file.id,
          metadata: { run: String(i) },
          hyperparameters: { n_epochs: 3 },
        }),
      );
    const listed = await all(openai.fineTuning.jobs.list({ limit: 1 }));
    expect(listed.map((j) => j.id).slice(0, 3)).toEqual(jobs.map((j) => j.id).reverse());
    expect(
      (await all(openai.fineTuning.jobs.list({ metadata: { run: '1' } }))).map((j) => j.id),
    ).toEqual([jobs[1]!.id]);

    const job = jobs[0]!;
    ctx.server.advance(1_000);
    expect((await openai.fineTuning.jobs.retrieve(job.id)).status).toBe('running');
    await openai.fineTuning.jobs.pause(job.id);
    await openai.fineTuning.jobs.resume(job.id);
    expect((await openai.fineTuning.jobs.cancel(jobs[2]!.id)).status).toBe('cancelled');
    ctx.server.settle();
    const done = await openai.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');

    const events = await all(openai.fineTuning.jobs.listEvents(job.id, { limit: 7 }));
    expect(events.length).toBeGreaterThan(7);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.at(-1)!.message).toBe(`Created fine-tuning job: ${job.id}`);
    const checkpoints = await all(openai.fineTuning.jobs.checkpoints.list(job.id, { limit: 1 }));
    expect(checkpoints.map((c) => c.step_number)).toEqual([30, 20, 10]);
    expect(checkpoints[0]!.fine_tuned_model_checkpoint).toBe(done.fine_tuned_model);

    await expect(openai.fineTuning.jobs.cancel(job.id)).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      openai.fineTuning.jobs.create({
        model: 'gpt-4o-mini',
        training_file: file.id,
        metadata: { k: 'x'.repeat(513) },
      }),
    ).rejects.toMatchObject({
      status: 400,
      param: 'metadata.k',
      code: 'string_above_max_length',
    });
  });

  it('checkpoint permissions: create, list (auto-paginated) and delete, with the admin key', async () => {
    const openai = client();
    const file = await openai.files.create({
      file: await toFile(Buffer.from(TRAINING_JSONL), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    const job = await openai.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      hyperparameters: { n_epochs: 1 },
    });
    ctx.server.settle();
    const model = (await openai.fineTuning.jobs.retrieve(job.id)).fine_tuned_model!;
    const admin = client();
    // Project ids as the official package's own tests send them.
    const created = await all(
      admin.fineTuning.checkpoints.permissions.create(model, { project_ids: ['string', 'other'] }),
    );
    expect(created.map((p) => p.project_id)).toEqual(['string', 'other']);
    const listed = await all(
      admin.fineTuning.checkpoints.permissions.list(model, { limit: 1, order: 'ascending' }),
    );
    expect(listed.map((p) => p.id)).toEqual(created.map((p) => p.id));
    expect(
      await admin.fineTuning.checkpoints.permissions.delete(created[0]!.id, {
        fine_tuned_model_checkpoint: model,
      }),
    ).toEqual({
      object: 'checkpoint.permission',
      id: created[0]!.id,
      deleted: true,
    });
    expect(
      (await admin.fineTuning.checkpoints.permissions.retrieve(model)).data.map((p) => p.id),
    ).toEqual([created[1]!.id]);
    await expect(
      client('sk-admin-wrong').fineTuning.checkpoints.permissions.retrieve(model),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('graders: validate and run', async () => {
    const openai = client();
    const grader = {
      type: 'string_check' as const,
      name: 'g',
      input: '{{sample.output_text}}',
      reference: 'yes',
      operation: 'ilike' as const,
    };
    expect(await openai.fineTuning.alpha.graders.validate({ grader })).toEqual({ grader });
    const run = await openai.fineTuning.alpha.graders.run({ grader, model_sample: 'YES indeed' });
    expect(run.reward).toBe(1);
  });
});
