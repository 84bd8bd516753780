// The local server over raw HTTP: it answers every operation in the spec's shapes, rejects what
// openapi/fine-tuning.yaml rejects with the API's error body, checks keys, speaks CORS, and
// injects the faults it is asked for.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalServer } from '../../src/testing/index.ts';
import { ERRATA, withErrata } from '../../src/testing/errata.ts';
import { loadSpec } from '../../src/testing/spec.ts';
import { TRAINING_JSONL, useLocalServer } from '../helpers/local-server.ts';

const ctx = useLocalServer();
const spec = loadSpec();

interface Sent {
  status: number;
  headers: Headers;
  body: any;
}

async function send(
  method: string,
  path: string,
  init: {
    body?: unknown;
    form?: FormData;
    key?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? ctx.server.apiKey : init.key;
  if (key) headers.authorization = `Bearer ${key}`;
  let body: BodyInit | undefined;
  if (init.form) body = init.form;
  else if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${ctx.server.baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // file content
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

function expectError(sent: Sent, status: number, param: string | null, code?: string | null): void {
  expect(sent.status, JSON.stringify(sent.body)).toBe(status);
  expect(Object.keys(sent.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(sent.body.error.param).toBe(param);
  if (code !== undefined) expect(sent.body.error.code).toBe(code);
  expect(sent.body.error.message.length).toBeGreaterThan(10);
}

const covered = new Set<string>();
/** The spec errata (src/testing/errata.ts) the answers needed: where the API and its spec differ. */
const errataApplied = new Set<string>();

function conforms(operationId: string, sent: Sent): void {
  covered.add(operationId);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const validate = spec.response(operationId);
  const { body, applied } = withErrata(sent.body);
  for (const id of applied) errataApplied.add(id);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

function uploadForm(
  content = TRAINING_JSONL,
  filename = 'train.jsonl',
  purpose = 'fine-tune',
): FormData {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new File([content], filename));
  return form;
}

describe('every operation answers in the shape the spec gives', () => {
  it('covers all 25 operations', async () => {
    const file = await send('POST', '/files', { form: uploadForm() });
    conforms('createFile', file);
    // The API takes `evals` files and answers them with that purpose (spec erratum file-purpose-evals).
    const evals = await send('POST', '/files', {
      form: uploadForm(TRAINING_JSONL, 'e.jsonl', 'evals'),
    });
    expect(evals.body.purpose).toBe('evals');
    conforms('createFile', evals);
    conforms('retrieveFile', await send('GET', `/files/${file.body.id}`));
    conforms('listFiles', await send('GET', '/files?purpose=fine-tune&order=asc&limit=5'));
    expect((await send('GET', `/files/${file.body.id}/content`)).body).toBe(TRAINING_JSONL);
    covered.add('downloadFile');

    const job = await send('POST', '/fine_tuning/jobs', {
      body: {
        model: 'gpt-4o-mini',
        training_file: file.body.id,
        validation_file: file.body.id,
        metadata: { k: 'v' },
      },
    });
    conforms('createFineTuningJob', job);
    const id = job.body.id as string;
    const { validatingMs, queuedMs, stepMs } = ctx.server.options.timing;
    ctx.server.advance(validatingMs + queuedMs + stepMs);
    conforms('pauseFineTuningJob', await send('POST', `/fine_tuning/jobs/${id}/pause`));
    conforms('resumeFineTuningJob', await send('POST', `/fine_tuning/jobs/${id}/resume`));
    ctx.server.settle();
    const done = await send('GET', `/fine_tuning/jobs/${id}`);
    conforms('retrieveFineTuningJob', done);
    conforms(
      'listPaginatedFineTuningJobs',
      await send('GET', '/fine_tuning/jobs?limit=3&metadata[k]=v'),
    );
    const events = await send('GET', `/fine_tuning/jobs/${id}/events?limit=50`);
    conforms('listFineTuningEvents', events);
    expect(events.body.data.find((e: any) => e.type === 'metrics').data).toHaveProperty(
      'valid_loss',
    );
    conforms(
      'listFineTuningJobCheckpoints',
      await send('GET', `/fine_tuning/jobs/${id}/checkpoints`),
    );

    const model = encodeURIComponent(done.body.fine_tuned_model);
    const admin = { key: ctx.server.adminApiKey };
    const created = await send('POST', `/fine_tuning/checkpoints/${model}/permissions`, {
      ...admin,
      body: { project_ids: ['proj_1'] },
    });
    conforms('createFineTuningCheckpointPermission', created);
    conforms(
      'listFineTuningCheckpointPermissions',
      await send('GET', `/fine_tuning/checkpoints/${model}/permissions?order=ascending`, admin),
    );
    conforms(
      'deleteFineTuningCheckpointPermission',
      await send(
        'DELETE',
        `/fine_tuning/checkpoints/${model}/permissions/${created.body.data[0].id}`,
        admin,
      ),
    );

    const grader = {
      type: 'string_check',
      name: 'g',
      input: '{{sample.output_text}}',
      reference: 'yes',
      operation: 'ilike',
    };
    conforms(
      'validateGrader',
      await send('POST', '/fine_tuning/alpha/graders/validate', { body: { grader } }),
    );
    const run = await send('POST', '/fine_tuning/alpha/graders/run', {
      body: { grader, model_sample: 'YES indeed' },
    });
    conforms('runGrader', run);
    expect(run.body.reward).toBe(1);

    conforms('listModels', await send('GET', '/models'));
    conforms('retrieveModel', await send('GET', `/models/${model}`));
    conforms('deleteModel', await send('DELETE', `/models/${model}`));

    const second = await send('POST', '/fine_tuning/jobs', {
      body: { model: 'gpt-4o-mini', training_file: file.body.id },
    });
    conforms(
      'cancelFineTuningJob',
      await send('POST', `/fine_tuning/jobs/${second.body.id}/cancel`),
    );
    conforms('deleteFile', await send('DELETE', `/files/${file.body.id}`));

    const bytes = new TextEncoder().encode(TRAINING_JSONL).byteLength;
    const upload = await send('POST', '/uploads', {
      body: { filename: 'big.jsonl', purpose: 'fine-tune', bytes, mime_type: 'text/jsonl' },
    });
    conforms('createUpload', upload);
    const part = new FormData();
    part.append('data', new Blob([TRAINING_JSONL]));
    const added = await send('POST', `/uploads/${upload.body.id}/parts`, { form: part });
    conforms('addUploadPart', added);
    const completed = await send('POST', `/uploads/${upload.body.id}/complete`, {
      body: { part_ids: [added.body.id] },
    });
    conforms('completeUpload', completed);
    expect((await send('GET', `/files/${completed.body.file.id}/content`)).body).toBe(
      TRAINING_JSONL,
    );
    const other = await send('POST', '/uploads', {
      body: { filename: 'other.jsonl', purpose: 'fine-tune', bytes: 10, mime_type: 'text/jsonl' },
    });
    conforms('cancelUpload', await send('POST', `/uploads/${other.body.id}/cancel`));
    // The 12 Evals operations are covered in test/evals/local-server.test.ts.
    const covers = spec.operations.filter((o) => !o.path.startsWith('/evals'));
    expect([...covered].sort()).toEqual(covers.map((o) => o.operationId).sort());
    expect(covered.size).toBe(25);
    // Each erratum was needed by some answer: none is dead weight.
    expect([...errataApplied].sort()).toEqual(ERRATA.map((e) => e.id).sort());
  });
});

describe('it rejects what the spec rejects', () => {
  const cases: Array<[string, string, string, unknown, string, string]> = [
    [
      'missing required body field',
      'POST',
      '/fine_tuning/jobs',
      { model: 'gpt-4o-mini' },
      'training_file',
      'missing_required_parameter',
    ],
    [
      'wrong type',
      'POST',
      '/fine_tuning/jobs',
      { model: 'gpt-4o-mini', training_file: 5 },
      'training_file',
      'invalid_type',
    ],
    [
      'integer out of range',
      'POST',
      '/fine_tuning/jobs',
      { model: 'm', training_file: 'f', hyperparameters: { batch_size: 0 } },
      'hyperparameters.batch_size',
      'invalid_value',
    ],
    [
      'suffix too long',
      'POST',
      '/fine_tuning/jobs',
      { model: 'm', training_file: 'f', suffix: 'x'.repeat(65) },
      'suffix',
      'invalid_value',
    ],
    [
      'metadata value not a string',
      'POST',
      '/fine_tuning/jobs',
      { model: 'm', training_file: 'f', metadata: { a: 1 } },
      'metadata.a',
      'invalid_type',
    ],
    [
      'method type outside the enum',
      'POST',
      '/fine_tuning/jobs',
      { model: 'm', training_file: 'f', method: { type: 'magic' } },
      'method.type',
      'invalid_value',
    ],
    [
      'integration without wandb',
      'POST',
      '/fine_tuning/jobs',
      { model: 'm', training_file: 'f', integrations: [{ type: 'wandb' }] },
      'integrations[0].wandb',
      'missing_required_parameter',
    ],
    [
      'unknown field where the schema forbids them',
      'POST',
      '/fine_tuning/checkpoints/ft%3Ax/permissions',
      { project_ids: ['proj_1'], extra: 1 },
      'extra',
      'unknown_parameter',
    ],
    [
      'grader missing a field of its type',
      'POST',
      '/fine_tuning/alpha/graders/validate',
      { grader: { type: 'string_check', name: 'n', input: 'i', reference: 'r' } },
      'grader.operation',
      'missing_required_parameter',
    ],
    [
      'run without model_sample',
      'POST',
      '/fine_tuning/alpha/graders/run',
      { grader: { type: 'python', name: 'n', source: 's' } },
      'model_sample',
      'missing_required_parameter',
    ],
  ];
  it.each(cases)('%s → 400 naming the field', async (_, method, path, body, param, code) => {
    const admin = path.includes('permissions') ? { key: ctx.server.adminApiKey } : {};
    expectError(await send(method, path, { body, ...admin }), 400, param, code);
  });

  it.each([
    ['/fine_tuning/jobs?limit=ten', 'limit'],
    ['/files?order=sideways', 'order'],
    ['/files?limit=1.5', 'limit'],
    ['/fine_tuning/jobs/ftjob-x/events?limit=abc', 'limit'],
  ])('query %s → 400 naming %s', async (path, param) => {
    expectError(await send('GET', path), 400, param);
  });

  it('says what the field needs in the message', async () => {
    const type = await send('POST', '/fine_tuning/jobs', {
      body: { model: 'gpt-4o-mini', training_file: 5 },
    });
    expect(type.body.error.message).toBe("Invalid type for 'training_file': expected string.");
    const range = await send('POST', '/fine_tuning/jobs', {
      body: { model: 'gpt-4o-mini', training_file: 'f', hyperparameters: { n_epochs: 99 } },
    });
    expect(range.body.error.message).toBe(
      `Invalid value for 'hyperparameters.n_epochs': must be one of "auto" or must be <= 50.`,
    );
    const missing = await send('POST', '/fine_tuning/jobs', { body: { model: 'gpt-4o-mini' } });
    expect(missing.body.error.message).toBe("Missing required parameter: 'training_file'.");
  });

  it('rejects a limit outside the range the API allows', async () => {
    expectError(await send('GET', '/fine_tuning/jobs?limit=0'), 400, 'limit', 'invalid_value');
    expectError(await send('GET', '/fine_tuning/jobs?limit=101'), 400, 'limit', 'invalid_value');
  });

  it('rejects bodies that are not JSON or not the content type the operation takes', async () => {
    expectError(await send('POST', '/fine_tuning/jobs', { body: '{"model":' }), 400, null);
    expectError(
      await send('POST', '/fine_tuning/jobs', {
        body: '{}',
        headers: { 'content-type': 'text/plain' },
      }),
      400,
      null,
    );
    expectError(await send('POST', '/files', { body: { purpose: 'fine-tune' } }), 400, null);
  });

  it('checks multipart uploads field by field', async () => {
    const noPurpose = new FormData();
    noPurpose.append('file', new File(['x'], 'a.jsonl'));
    expectError(
      await send('POST', '/files', { form: noPurpose }),
      400,
      'purpose',
      'missing_required_parameter',
    );
    expectError(
      await send('POST', '/files', { form: uploadForm(TRAINING_JSONL, 'a.jsonl', 'homework') }),
      400,
      'purpose',
      // The API's code for a refused purpose is null (recorded: openai-dotnet__FilesTests__UploadFileCanParseServiceError.json).
      null,
    );
    const textFile = new FormData();
    textFile.append('purpose', 'fine-tune');
    textFile.append('file', 'not a file part');
    expectError(await send('POST', '/files', { form: textFile }), 400, 'file');
    const shortExpiry = uploadForm();
    shortExpiry.append('expires_after[anchor]', 'created_at');
    shortExpiry.append('expires_after[seconds]', '60');
    expectError(
      await send('POST', '/files', { form: shortExpiry }),
      400,
      'expires_after.seconds',
      'invalid_value',
    );
  });

  it('answers 404 in the error shape for unknown URLs and ids', async () => {
    expectError(await send('GET', '/fine_tuning/nothing'), 404, null);
    expectError(await send('PUT', '/fine_tuning/jobs'), 404, null);
    // The API's param for a missing file is "id" (recorded: openai-dotnet__FilesTests__GetFileCanParseServiceError.json).
    expectError(await send('GET', '/files/file-missing'), 404, 'id');
    // An unknown job: param "fine_tune_id", code "fine_tune_not_found" (recorded: ruby-openai__finetunes_cancel.json).
    expectError(
      await send('POST', '/fine_tuning/jobs/ftjob-missing/cancel'),
      404,
      'fine_tune_id',
      'fine_tune_not_found',
    );
    expectError(
      await send('DELETE', '/fine_tuning/checkpoints/ft%3Anone/permissions/cp_1', {
        key: ctx.server.adminApiKey,
      }),
      404,
      'fine_tuned_model_checkpoint',
    );
  });
});

describe('auth', () => {
  it('answers 401 with the API error body for a missing or wrong key', async () => {
    const missing = await send('GET', '/fine_tuning/jobs', { key: null });
    expectError(missing, 401, null, null);
    expect(missing.body.error.type).toBe('invalid_request_error');
    const wrong = await send('GET', '/fine_tuning/jobs', { key: 'sk-not-the-right-one' });
    expectError(wrong, 401, null, 'invalid_api_key');
    expect(wrong.body.error.message).not.toContain('sk-not-the-right-one');
  });

  it('needs the admin key for checkpoint permissions and the API key elsewhere', async () => {
    expectError(
      await send('GET', '/fine_tuning/checkpoints/ft%3Ax/permissions'),
      401,
      null,
      'invalid_api_key',
    );
    expectError(
      await send('GET', '/fine_tuning/jobs', { key: ctx.server.adminApiKey }),
      401,
      null,
      'invalid_api_key',
    );
  });
});

describe('CORS', () => {
  it('answers preflights and marks every response as readable cross-origin', async () => {
    const preflight = await fetch(`${ctx.server.baseUrl}/fine_tuning/jobs`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const error = await send('GET', '/fine_tuning/jobs', { key: null });
    expect(error.headers.get('access-control-allow-origin')).toBe('*');
    expect(error.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });
});

describe('faults', () => {
  it('rate-limits with 429 and retry-after, then lets requests through again when lifted', async () => {
    const server = await startLocalServer({
      faults: { rateLimit: { requests: 2, windowMs: 60_000 } },
    });
    try {
      const get = () =>
        fetch(`${server.baseUrl}/fine_tuning/jobs`, {
          headers: { authorization: `Bearer ${server.apiKey}` },
        });
      expect([(await get()).status, (await get()).status]).toEqual([200, 200]);
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.json()).error).toMatchObject({
        type: 'requests',
        code: 'rate_limit_exceeded',
      });
      server.setFaults({});
      expect((await get()).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers random 5xx at the configured rate, reproducibly for a seed', async () => {
    const statuses = async () => {
      const server = await startLocalServer({
        faults: { errorRate: 0.5, errorStatuses: [500, 503], seed: 42 },
      });
      try {
        const out: number[] = [];
        for (let i = 0; i < 20; i++) {
          out.push(
            (
              await fetch(`${server.baseUrl}/files`, {
                headers: { authorization: `Bearer ${server.apiKey}` },
              })
            ).status,
          );
        }
        return out;
      } finally {
        await server.close();
      }
    };
    const first = await statuses();
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
    expect(await statuses()).toEqual(first);
  });

  it('delays answers by the configured latency', async () => {
    const server = await startLocalServer({ faults: { latencyMs: 150 } });
    try {
      const started = performance.now();
      await fetch(`${server.baseUrl}/files`, {
        headers: { authorization: `Bearer ${server.apiKey}` },
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await server.close();
    }
  });
});

describe('clock and storage', () => {
  it('moves jobs with real time when the clock is real', async () => {
    const server = await startLocalServer({ timing: { validatingMs: 5, queuedMs: 5, stepMs: 2 } });
    try {
      const auth = { authorization: `Bearer ${server.apiKey}` };
      const form = uploadForm();
      const file = await (
        await fetch(`${server.baseUrl}/files`, { method: 'POST', headers: auth, body: form })
      ).json();
      const job = await (
        await fetch(`${server.baseUrl}/fine_tuning/jobs`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', training_file: file.id }),
        })
      ).json();
      let status = job.status;
      for (let i = 0; i < 100 && status !== 'succeeded'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (
          await (
            await fetch(`${server.baseUrl}/fine_tuning/jobs/${job.id}`, { headers: auth })
          ).json()
        ).status;
      }
      expect(status).toBe('succeeded');
      expect(() => server.advance(1)).toThrow(/manual clock/);
    } finally {
      await server.close();
    }
  });

  it('keeps uploads in dataDir when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-local-'));
    const server = await startLocalServer({ dataDir: dir });
    try {
      const res = await fetch(`${server.baseUrl}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.apiKey}` },
        body: uploadForm(),
      });
      const file = await res.json();
      // Bodies are spooled under dataDir/.spool while they arrive; none is left once answered.
      expect(readdirSync(join(dir, 'files'))).toEqual([file.id]);
      expect(readdirSync(join(dir, '.spool'))).toEqual([]);
      expect(readFileSync(join(dir, 'files', file.id), 'utf8')).toBe(TRAINING_JSONL);
    } finally {
      await server.close();
    }
  });

  it('rejects options it cannot honour, saying which', async () => {
    await expect(startLocalServer({ timing: { stepMs: -1 } })).rejects.toThrow(/timing.stepMs/);
    await expect(startLocalServer({ faults: { errorRate: 2 } })).rejects.toThrow(/errorRate/);
    await expect(startLocalServer({ clock: 'fast' as never })).rejects.toThrow(/clock/);
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(ctx.server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });
});
