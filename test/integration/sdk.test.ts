// The SDK against the local server over real loopback HTTP: every operation, a whole job's life,
// pagination over hundreds of jobs, and the errors users meet (validation, auth, unknown ids).
import { describe, expect, it } from 'vitest';
import { APIError, ConfigurationError, FineTuning } from '../../src/index.ts';
import { TRAINING_JSONL, useLocalServer } from '../helpers/local-server.ts';

const ctx = useLocalServer();

async function upload(content = TRAINING_JSONL, filename = 'train.jsonl') {
  return ctx.ft.files.create({ file: content, filename, purpose: 'fine-tune' });
}

async function rejection(promise: PromiseLike<unknown>): Promise<APIError> {
  const error = await Promise.resolve(promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

describe('files', () => {
  it('uploads, retrieves, lists, downloads and deletes', async () => {
    const file = await upload();
    expect(file).toMatchObject({
      object: 'file',
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      bytes: new TextEncoder().encode(TRAINING_JSONL).byteLength,
    });
    expect(await ctx.ft.files.retrieve(file.id)).toEqual(file);
    const listed = await ctx.ft.files.list({ purpose: 'fine-tune', limit: 10000 });
    expect(listed.data.map((f) => f.id)).toContain(file.id);
    expect(await (await ctx.ft.files.content(file.id)).text()).toBe(TRAINING_JSONL);
    expect(await ctx.ft.files.delete(file.id)).toEqual({
      id: file.id,
      object: 'file',
      deleted: true,
    });
    expect((await rejection(ctx.ft.files.retrieve(file.id))).status).toBe(404);
  });

  it('keeps expires_after from the multipart form', async () => {
    const file = await ctx.ft.files.create({
      file: TRAINING_JSONL,
      filename: 'e.jsonl',
      purpose: 'fine-tune',
      expires_after: { anchor: 'created_at', seconds: 3600 },
    });
    expect(file.expires_at).toBe(file.created_at + 3600);
  });

  it('rejects a fine-tune upload that is not .jsonl, naming the field', async () => {
    const error = await rejection(upload(TRAINING_JSONL, 'train.txt'));
    expect([error.status, error.param, error.code]).toEqual([400, 'file', 'invalid_file_format']);
  });
});

describe('a job from start to finish', () => {
  it('validates, queues, runs with falling loss, checkpoints, and names the model', async () => {
    const file = await upload();
    const job = await ctx.ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      suffix: 'weather',
      seed: 7,
      hyperparameters: { n_epochs: 2 },
    });
    expect(job).toMatchObject({
      status: 'validating_files',
      model: 'gpt-4o-mini-2024-07-18',
      fine_tuned_model: null,
      seed: 7,
    });

    ctx.server.advance(ctx.server.options.timing.validatingMs);
    expect((await ctx.ft.jobs.retrieve(job.id)).status).toBe('queued');
    ctx.server.advance(ctx.server.options.timing.queuedMs + ctx.server.options.timing.stepMs);
    const running = await ctx.ft.jobs.retrieve(job.id);
    expect(running.status).toBe('running');
    expect(running.hyperparameters).toEqual({
      n_epochs: 2,
      batch_size: 1,
      learning_rate_multiplier: 1.8,
    });

    ctx.server.settle();
    const done = await ctx.ft.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.fine_tuned_model).toMatch(
      /^ft:gpt-4o-mini-2024-07-18:org-local:weather:[A-Za-z0-9]{8}$/,
    );
    expect(done.finished_at).toBeGreaterThanOrEqual(done.created_at);
    expect(done.trained_tokens).toBeGreaterThan(0);

    const events = (await ctx.ft.jobs.listEvents(job.id, { limit: 100 })).data.reverse();
    const losses = events
      .filter((e) => e.type === 'metrics')
      .map((e) => (e.data as { train_loss: number }).train_loss);
    expect(losses).toHaveLength(20);
    // A training batch's loss is noisy step to step, as a real job's is; each epoch's mean falls.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(10))).toBeLessThan(mean(losses.slice(0, 10)) / 2);
    expect(events.at(-1)?.message).toBe('The job has successfully completed');

    const checkpoints = (await ctx.ft.jobs.listCheckpoints(job.id)).data;
    expect(checkpoints.map((c) => c.step_number)).toEqual([20, 10]);
    expect(checkpoints[0]!.fine_tuned_model_checkpoint).toBe(done.fine_tuned_model);
    const again = await ctx.ft.jobs.create({
      model: done.fine_tuned_model!,
      training_file: file.id,
    });
    expect(again.model).toBe(done.fine_tuned_model);
    ctx.server.settle();
    expect((await ctx.ft.jobs.retrieve(again.id)).fine_tuned_model).toMatch(
      /^ft:gpt-4o-mini-2024-07-18:org-local::[A-Za-z0-9]{8}$/,
    );

    // Served base64-encoded, as the API does.
    const csv = atob(await (await ctx.ft.files.content(done.result_files[0]!)).text());
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe(
      'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,train_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy',
    );
    expect(rows).toHaveLength(21);
    expect((await ctx.ft.files.retrieve(done.result_files[0]!)).purpose).toBe('fine-tune-results');
  });

  it('fails a job whose training data is not valid JSONL, saying which line', async () => {
    const file = await upload(`${TRAINING_JSONL}\n{not json}`);
    const job = await ctx.ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    ctx.server.settle();
    const failed = await ctx.ft.jobs.retrieve(job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'invalid_training_file',
      param: 'training_file',
      message: expect.stringContaining('line 11: not valid JSON'),
    });
  });

  it('pauses, resumes and cancels', async () => {
    const file = await upload();
    const job = await ctx.ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    expect((await rejection(ctx.ft.jobs.pause(job.id))).code).toBe('invalid_job_state');
    const { validatingMs, queuedMs, stepMs } = ctx.server.options.timing;
    ctx.server.advance(validatingMs + queuedMs + 3 * stepMs);
    // The API shows a paused job as `paused` (the upstream spec's example of the pause answer),
    // though the spec's status enum lacks it (erratum `job-status-paused`).
    expect((await ctx.ft.jobs.pause(job.id)).status).toBe('paused');
    ctx.server.settle();
    const paused = await ctx.ft.jobs.retrieve(job.id);
    expect(paused.status).toBe('paused');
    expect(paused.estimated_finish).toBeNull();
    expect((await ctx.ft.jobs.list({ limit: 1 })).data[0]).toMatchObject({
      id: job.id,
      status: 'paused',
    });
    expect((await ctx.ft.jobs.listEvents(job.id, { limit: 1 })).data[0]!.message).toBe(
      'Fine-tuning job paused',
    );
    const metricsBefore = (await ctx.ft.jobs.listEvents(job.id, { limit: 100 })).data.filter(
      (e) => e.type === 'metrics',
    ).length;
    expect(metricsBefore).toBe(3);

    expect((await ctx.ft.jobs.resume(job.id)).status).toBe('running');
    ctx.server.advance(2 * stepMs);
    const metricsAfter = (await ctx.ft.jobs.listEvents(job.id, { limit: 100 })).data.filter(
      (e) => e.type === 'metrics',
    ).length;
    expect(metricsAfter).toBe(5);

    const cancelled = await ctx.ft.jobs.cancel(job.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await rejection(ctx.ft.jobs.cancel(job.id))).status).toBe(400);
  });
});

describe('pagination', () => {
  it('walks hundreds of jobs newest first with after/limit/has_more, and filters by metadata', async () => {
    const file = await upload();
    const created: string[] = [];
    for (let i = 0; i < 250; i++) {
      const job = await ctx.ft.jobs.create({
        model: 'gpt-4o-mini',
        training_file: file.id,
        metadata: { batch: 'pages', n: String(i) },
      });
      created.push(job.id);
    }
    const seen: string[] = [];
    let page = await ctx.ft.jobs.list({ limit: 100, metadata: { batch: 'pages' } });
    for (let guard = 0; guard < 10; guard++) {
      seen.push(...page.data.map((j) => j.id));
      if (!page.has_more) break;
      page = await ctx.ft.jobs.list({
        limit: 100,
        after: page.data.at(-1)!.id,
        metadata: { batch: 'pages' },
      });
    }
    expect(seen).toEqual([...created].reverse());
    expect((await ctx.ft.jobs.list({ metadata: { n: '7' } })).data.map((j) => j.id)).toEqual([
      created[7],
    ]);
    const withoutMetadata = await ctx.ft.jobs.list({ metadata: null, limit: 100 });
    expect(
      withoutMetadata.data.every((j) => !j.metadata || Object.keys(j.metadata).length === 0),
    ).toBe(true);
    expect((await ctx.ft.jobs.list()).data).toHaveLength(20);
  });

  it('pages events and checkpoint permissions in their orders', async () => {
    const file = await upload();
    const job = await ctx.ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    ctx.server.settle();
    const all = (await ctx.ft.jobs.listEvents(job.id, { limit: 100 })).data;
    const first = await ctx.ft.jobs.listEvents(job.id, { limit: 5 });
    const second = await ctx.ft.jobs.listEvents(job.id, { limit: 5, after: first.data.at(-1)!.id });
    expect([...first.data, ...second.data]).toEqual(all.slice(0, 10));
    expect(first.has_more).toBe(true);

    const model = (await ctx.ft.jobs.retrieve(job.id)).fine_tuned_model!;
    const created = await ctx.ft.checkpoints.permissions.create(model, {
      project_ids: ['proj_a', 'proj_b', 'proj_c'],
    });
    expect(created.data.map((p) => p.project_id)).toEqual(['proj_a', 'proj_b', 'proj_c']);
    const ascending = await ctx.ft.checkpoints.permissions.list(model, {
      order: 'ascending',
      limit: 2,
    });
    expect(ascending.data.map((p) => p.project_id)).toEqual(['proj_a', 'proj_b']);
    expect(ascending.has_more).toBe(true);
    const descending = await ctx.ft.checkpoints.permissions.list(model);
    expect(descending.data.map((p) => p.project_id)).toEqual(['proj_c', 'proj_b', 'proj_a']);
    expect(
      (await ctx.ft.checkpoints.permissions.list(model, { project_id: 'proj_b' })).data,
    ).toHaveLength(1);
    const removed = await ctx.ft.checkpoints.permissions.delete(model, created.data[0]!.id);
    expect(removed).toEqual({
      object: 'checkpoint.permission',
      id: created.data[0]!.id,
      deleted: true,
    });
    expect(
      (await rejection(ctx.ft.checkpoints.permissions.delete(model, created.data[0]!.id))).status,
    ).toBe(404);
  });
});

describe('graders', () => {
  const similarity = {
    type: 'text_similarity',
    name: 'sim',
    input: '{{sample.output_text}}',
    reference: '{{item.answer}}',
    evaluation_metric: 'fuzzy_match',
  } as const;

  it('validates and runs string_check and text_similarity', async () => {
    expect(await ctx.ft.graders.validate({ grader: similarity })).toEqual({ grader: similarity });
    const check = {
      type: 'string_check',
      name: 'exact',
      input: '{{sample.output_json.city}}',
      reference: '{{item.answer}}',
      operation: 'eq',
    } as const;
    expect(
      (
        await ctx.ft.graders.run({
          grader: check,
          model_sample: '{"city":"Paris"}',
          item: { answer: 'Paris' },
        })
      ).reward,
    ).toBe(1);
    const fuzzy = await ctx.ft.graders.run({
      grader: similarity,
      model_sample: 'kitten',
      item: { answer: 'sitting' },
    });
    expect(fuzzy.reward).toBeCloseTo(8 / 13, 5);
    expect(fuzzy.metadata.scores).toEqual({ sim: fuzzy.reward });
  });

  it('says which graders the local server cannot run', async () => {
    const error = await rejection(
      ctx.ft.graders.run({
        grader: { type: 'python', name: 'py', source: 'def grade(s, i): return 1' },
        model_sample: 'x',
      }),
    );
    expect([error.status, error.code]).toEqual([400, 'grader_not_supported']);
    expect(error.message).toContain('not supported by the local server');
  });
});

describe('errors', () => {
  it('answers 400 naming the field that breaks the spec', async () => {
    const missing = await rejection(ctx.ft.jobs.create({ model: 'gpt-4o-mini' } as never));
    expect([missing.status, missing.type, missing.param, missing.code]).toEqual([
      400,
      'invalid_request_error',
      'training_file',
      'missing_required_parameter',
    ]);
    const range = await rejection(
      ctx.ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-x', seed: -1 }),
    );
    expect(range.param).toBe('seed');
    const grader = await rejection(
      ctx.ft.graders.validate({
        grader: {
          type: 'text_similarity',
          name: 'x',
          input: 'a',
          reference: 'b',
          evaluation_metric: 'nope' as never,
        },
      }),
    );
    expect(grader.param).toBe('grader.evaluation_metric');
  });

  it('answers 400 for unknown files and models, 404 for unknown jobs', async () => {
    expect(
      (await rejection(ctx.ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-nope' })))
        .param,
    ).toBe('training_file');
    const file = await upload();
    expect(
      (await rejection(ctx.ft.jobs.create({ model: 'not-a-model', training_file: file.id }))).code,
    ).toBe('model_not_available');
    expect(
      (
        await rejection(
          ctx.ft.jobs.create({
            model: 'ft:gpt-4o-mini-2024-07-18:org:never:trained',
            training_file: file.id,
          }),
        )
      ).param,
      // An unknown model names no param (recorded: …ExceptionThrownOnInvalidModelName.json).
    ).toBe(null);
    const missing = await rejection(ctx.ft.jobs.retrieve('ftjob-nope'));
    // Recorded: ruby-openai__finetunes_retrieve.json.
    expect([missing.status, missing.param, missing.code]).toEqual([
      404,
      'fine_tune_id',
      'fine_tune_not_found',
    ]);
    expect((await rejection(ctx.ft.jobs.listEvents('ftjob-nope'))).status).toBe(404);
    expect((await rejection(ctx.ft.checkpoints.permissions.list('ft:nope'))).status).toBe(404);
  });

  it('answers 401 for a wrong key and for a regular key on admin operations', async () => {
    const wrong = new FineTuning({
      baseUrl: ctx.server.baseUrl,
      apiKey: 'sk-wrong-key-1234',
      adminApiKey: ctx.server.apiKey,
    });
    const error = await rejection(wrong.jobs.list());
    expect([error.status, error.code]).toEqual([401, 'invalid_api_key']);
    expect(error.message).not.toContain('sk-wrong-key-1234');
    expect((await rejection(wrong.checkpoints.permissions.list('ft:x'))).message).toContain(
      'admin API key',
    );
  });

  it('never sends a request without a key (the SDK stops it first)', async () => {
    const before = ctx.server.requests.length;
    const noKey = new FineTuning({ baseUrl: ctx.server.baseUrl, apiKey: () => '' });
    await expect(noKey.jobs.list()).rejects.toBeInstanceOf(ConfigurationError);
    expect(ctx.server.requests.length).toBe(before);
  });
});
