// The rules the local server enforces beyond the schema, each one OpenAI documents, and the ones it
// must not invent: metadata limits, which models take which method, `n_epochs: "auto"` as the
// validator estimates it, project ids as given, one permission per project, strings in an empty
// file list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateTrainingData } from '../../src/training-data/index.ts';
import { useLocalServer } from '../helpers/local-server.ts';

const ctx = useLocalServer();

async function call(
  method: string,
  path: string,
  body?: unknown,
  admin = false,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${admin ? ctx.server.adminApiKey : ctx.server.apiKey}`,
  };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${ctx.server.baseUrl}${path}`, { method, headers, body: payload });
  return { status: res.status, body: await res.json() };
}

const chat = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `Question ${i}?` },
        { role: 'assistant', content: `Answer ${i}.` },
      ],
    }),
  ).join('\n');
const preference = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      input: { messages: [{ role: 'user', content: `Q${i}` }] },
      preferred_output: [{ role: 'assistant', content: 'good' }],
      non_preferred_output: [{ role: 'assistant', content: 'bad' }],
    }),
  ).join('\n');

async function uploadText(content: string, name = 'train.jsonl'): Promise<string> {
  const form = new FormData();
  form.append('purpose', 'fine-tune');
  form.append('file', new Blob([content]), name);
  return (await call('POST', '/files', form)).body.id;
}

describe('metadata (the Metadata schema description: 16 pairs, keys <= 64, values <= 512)', () => {
  it('accepts the limits exactly and rejects one past each, naming the field', async () => {
    const file = await uploadText(chat(10));
    // 16 distinct keys of 64 characters.
    const keys = Array.from(
      { length: 16 },
      (_, i) => `${String(i).padStart(2, '0')}${'k'.repeat(62)}`,
    );
    const full = Object.fromEntries(keys.map((k) => [k, 'v'.repeat(512)]));
    expect(
      (
        await call('POST', '/fine_tuning/jobs', {
          model: 'gpt-4o-mini',
          training_file: file,
          metadata: full,
        })
      ).status,
    ).toBe(200);

    const tooMany = await call('POST', '/fine_tuning/jobs', {
      model: 'gpt-4o-mini',
      training_file: file,
      metadata: { ...full, extra: 'x' },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({
      param: 'metadata',
      code: 'object_above_max_properties',
    });
    expect(tooMany.body.error.message).toContain(
      'at most 16 properties, but got an object with 17',
    );

    const longKey = await call('POST', '/fine_tuning/jobs', {
      model: 'gpt-4o-mini',
      training_file: file,
      metadata: { ['k'.repeat(65)]: 'v' },
    });
    expect(longKey.body.error).toMatchObject({
      param: 'metadata',
      code: 'string_above_max_length',
    });
    expect(longKey.body.error.message).toContain('maximum length 64, but got a key with length 65');

    const longValue = await call('POST', '/fine_tuning/jobs', {
      model: 'gpt-4o-mini',
      training_file: file,
      metadata: { note: 'v'.repeat(513) },
    });
    expect(longValue.body.error).toMatchObject({
      param: 'metadata.note',
      code: 'string_above_max_length',
    });
    expect(longValue.body.error.message).toContain(
      'maximum length 512, but got a string with length 513',
    );
  });

  it('accepts any metadata within the limits and rejects any beyond them (property)', async () => {
    const file = await uploadText(chat(10));
    const key = fc.string({ minLength: 1, maxLength: 70 });
    const value = fc.string({ maxLength: 520 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 18 }), async (metadata) => {
        const entries = Object.entries(metadata);
        const within =
          entries.length <= 16 && entries.every(([k, v]) => k.length <= 64 && v.length <= 512);
        const r = await call('POST', '/fine_tuning/jobs', {
          model: 'gpt-4o-mini',
          training_file: file,
          metadata,
        });
        expect(r.status, JSON.stringify(r.body)).toBe(within ? 200 : 400);
      }),
      { numRuns: 40, seed: 15 },
    );
  });
});

describe('models and methods (fine-tuning, DPO and reinforcement fine-tuning guides)', () => {
  it('takes each documented pairing and refuses the others with the API error', async () => {
    const file = await uploadText(chat(10));
    const dpo = await uploadText(preference(10));
    const grader = {
      type: 'string_check',
      name: 'g',
      input: '{{sample.output_text}}',
      reference: '{{item.answer}}',
      operation: 'eq',
    };
    const ok = async (body: object) =>
      expect((await call('POST', '/fine_tuning/jobs', body)).status).toBe(200);
    await ok({ model: 'gpt-4.1-nano', training_file: file });
    await ok({ model: 'gpt-4o-mini', training_file: dpo, method: { type: 'dpo' } });
    await ok({ model: 'gpt-4.1', training_file: dpo, method: { type: 'dpo' } });
    await ok({
      model: 'o4-mini',
      training_file: file,
      method: { type: 'reinforcement', reinforcement: { grader } },
    });

    const refused = async (body: object, message: RegExp, param: string | null = 'model') => {
      const r = await call('POST', '/fine_tuning/jobs', body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ param, code: 'model_not_available' });
      expect(r.body.error.message).toMatch(message);
    };
    await refused(
      { model: 'gpt-3.5-turbo', training_file: dpo, method: { type: 'dpo' } },
      /does not support the 'dpo' fine-tuning method\. Models that do: gpt-4o-mini, gpt-4o, gpt-4\.1/,
    );
    await refused(
      {
        model: 'gpt-4o-mini',
        training_file: file,
        method: { type: 'reinforcement', reinforcement: { grader } },
      },
      /Models that do: o4-mini\./,
    );
    await refused({ model: 'o4-mini', training_file: file }, /does not support the 'supervised'/);
    await refused(
      { model: 'gpt-5-nonexistent', training_file: file },
      /^Model gpt-5-nonexistent is not available for fine-tuning or does not exist\./,
      // An unknown model names no param (recorded: …ExceptionThrownOnInvalidModelName.json).
      null,
    );
  });
});

describe('n_epochs "auto" (the fine-tuning guide; the same defaultEpochs as the validator)', () => {
  it('trains the epochs the validator estimates, and bills the tokens it estimates', async () => {
    for (const examples of [12, 40, 200]) {
      const content = chat(examples);
      const report = await validateTrainingData(content, {
        method: 'supervised',
        model: 'gpt-4o-mini',
      });
      const file = await uploadText(content);
      const job = (
        await call('POST', '/fine_tuning/jobs', { model: 'gpt-4o-mini', training_file: file })
      ).body;
      ctx.server.settle();
      const done = (await call('GET', `/fine_tuning/jobs/${job.id}`)).body;
      expect(done.status).toBe('succeeded');
      expect(done.hyperparameters.n_epochs, `${examples} examples`).toBe(report.billing!.epochs);
      expect(done.trained_tokens).toBe(report.billing!.estimatedBilledTokens);
    }
    // 12 examples: 8 epochs (100 / 12), as the guide's rule gives.
    expect((await validateTrainingData(chat(12), { method: 'supervised' })).billing!.epochs).toBe(
      8,
    );
  });
});

describe('checkpoint permissions', () => {
  it('takes project ids as given (no prefix the API does not document) and makes one permission per project', async () => {
    const file = await uploadText(chat(10));
    const job = (
      await call('POST', '/fine_tuning/jobs', {
        model: 'gpt-4o-mini',
        training_file: file,
        hyperparameters: { n_epochs: 1 },
      })
    ).body;
    ctx.server.settle();
    const model = encodeURIComponent(
      (await call('GET', `/fine_tuning/jobs/${job.id}`)).body.fine_tuned_model,
    );
    const first = await call(
      'POST',
      `/fine_tuning/checkpoints/${model}/permissions`,
      { project_ids: ['team-a', 'proj_b', 'team-a'] },
      true,
    );
    expect(first.status).toBe(200);
    expect(first.body.data.map((p: { project_id: string }) => p.project_id)).toEqual([
      'team-a',
      'proj_b',
    ]);
    const again = await call(
      'POST',
      `/fine_tuning/checkpoints/${model}/permissions`,
      { project_ids: ['team-a'] },
      true,
    );
    expect(again.body.data).toEqual([first.body.data[0]]);
    const listed = await call(
      'GET',
      `/fine_tuning/checkpoints/${model}/permissions?order=ascending`,
      undefined,
      true,
    );
    expect(listed.body.data).toEqual(first.body.data);
  });
});

describe('lists', () => {
  it('an empty file list answers first_id and last_id as strings, as ListFilesResponse requires', async () => {
    const r = await call('GET', '/files?purpose=batch');
    expect(r.body).toEqual({
      object: 'list',
      data: [],
      first_id: '',
      last_id: '',
      has_more: false,
    });
  });
});
