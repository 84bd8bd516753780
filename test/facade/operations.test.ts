// Every operation of openapi/fine-tuning.yaml through the facade: method, exact path, query, JSON
// body, which key is sent, the organization/project headers, and the parsed result.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  FineTuning,
  listFineTuningCheckpointPermissions,
  listPaginatedFineTuningJobs,
  retrieveFineTuningJob,
  type FineTuningJob,
  type ListPaginatedFineTuningJobsResponse,
  type OpenAiFile,
} from '../../src/index.ts';
import { jobFixture } from '../helpers/jobs.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const API_KEY = 'sk-test-api-key';
const ADMIN_KEY = 'sk-admin-test-key';

const ft = new FineTuning({
  apiKey: API_KEY,
  adminApiKey: ADMIN_KEY,
  organization: 'org-123',
  project: 'proj_456',
  baseUrl: BASE_URL,
});

const job = (id: string, status = 'queued') => jobFixture(id, status);
const file = {
  object: 'file',
  id: 'file-abc',
  bytes: 120,
  created_at: 1721764800,
  filename: 'train.jsonl',
  purpose: 'fine-tune',
  status: 'processed',
};
const list = (data: unknown[], extra: Record<string, unknown> = {}) => ({
  object: 'list',
  data,
  has_more: false,
  ...extra,
});

/** An interceptor that checks the common headers; `admin` says which key must be sent. */
function api(admin = false) {
  return nock(BASE, {
    reqheaders: {
      authorization: `Bearer ${admin ? ADMIN_KEY : API_KEY}`,
      'openai-organization': 'org-123',
      'openai-project': 'proj_456',
    },
  });
}

describe('jobs', () => {
  it('create POSTs the JSON body, nulls included, with its idempotency key and marker', async () => {
    const body = {
      model: 'gpt-4o-mini',
      training_file: 'file-abc',
      suffix: null,
      seed: 42,
      metadata: { team: 'a' },
    };
    const scope = api()
      .post('/v1/fine_tuning/jobs', {
        ...body,
        metadata: { team: 'a', openai_fine_tuning_idempotency_key: 'key-1' },
      })
      .matchHeader('content-type', 'application/json')
      .matchHeader('idempotency-key', 'key-1')
      .reply(200, job('ftjob-1'));
    const created = await ft.jobs.create(body, { idempotencyKey: 'key-1' });
    expectTypeOf(created).toEqualTypeOf<FineTuningJob>();
    expect(created.id).toBe('ftjob-1');
    expect(created.status).toBe('queued');
    scope.done();
  });

  it('retrieve GETs the job by its encoded id', async () => {
    api().get('/v1/fine_tuning/jobs/ftjob-1').reply(200, job('ftjob-1', 'running'));
    const found = await ft.jobs.retrieve('ftjob-1');
    expect(found).toMatchObject({ id: 'ftjob-1', status: 'running' });
  });

  it('list sends after, limit and the metadata[k]=v filter', async () => {
    api()
      .get('/v1/fine_tuning/jobs')
      .query((q) => {
        expect(q).toEqual({
          after: 'ftjob-9',
          limit: '2',
          'metadata[team]': 'a b',
          'metadata[env]': 'prod',
        });
        return true;
      })
      .reply(200, list([job('ftjob-1')], { has_more: true }));
    const page = await ft.jobs.list({
      after: 'ftjob-9',
      limit: 2,
      metadata: { team: 'a b', env: 'prod' },
    });
    expect(page.data.map((j) => j.id)).toEqual(['ftjob-1']);
    expect(page.has_more).toBe(true);
  });

  it('list sends metadata=null literally (jobs without metadata)', async () => {
    api().get('/v1/fine_tuning/jobs?metadata=null').reply(200, list([]));
    const page = await ft.jobs.list({ metadata: null });
    expect(page.data).toEqual([]);
  });

  for (const action of ['cancel', 'pause', 'resume'] as const) {
    it(`${action} POSTs to /fine_tuning/jobs/{id}/${action} without a body`, async () => {
      api()
        .post(
          `/v1/fine_tuning/jobs/ftjob-1/${action}`,
          (body) => body === '' || body === undefined || Object.keys(body).length === 0,
        )
        .reply(
          200,
          job(
            'ftjob-1',
            action === 'cancel' ? 'cancelled' : action === 'pause' ? 'paused' : 'running',
          ),
        );
      const result = await ft.jobs[action]('ftjob-1');
      expect(result.id).toBe('ftjob-1');
    });
  }

  it('listEvents GETs the events with after and limit', async () => {
    const event = {
      object: 'fine_tuning.job.event',
      id: 'ev-1',
      created_at: 1,
      level: 'info',
      message: 'Step 1/10',
      type: 'metrics',
      data: { step: 1 },
    };
    api()
      .get('/v1/fine_tuning/jobs/ftjob-1/events')
      .query({ after: 'ev-0', limit: '50' })
      .reply(200, list([event]));
    const page = await ft.jobs.listEvents('ftjob-1', { after: 'ev-0', limit: 50 });
    expect(page.data[0]).toMatchObject({ id: 'ev-1', level: 'info', type: 'metrics' });
  });

  it('listCheckpoints GETs the checkpoints', async () => {
    const checkpoint = {
      object: 'fine_tuning.job.checkpoint',
      id: 'ftckpt-1',
      created_at: 1,
      fine_tuned_model_checkpoint: 'ft:gpt-4o-mini:org::ckpt-step-10',
      step_number: 10,
      metrics: { step: 10, train_loss: 0.5 },
      fine_tuning_job_id: 'ftjob-1',
    };
    api()
      .get('/v1/fine_tuning/jobs/ftjob-1/checkpoints')
      .query({ limit: '5' })
      .reply(200, list([checkpoint], { first_id: 'ftckpt-1', last_id: 'ftckpt-1' }));
    const page = await ft.jobs.listCheckpoints('ftjob-1', { limit: 5 });
    expect(page.data[0]?.step_number).toBe(10);
    expect(page.last_id).toBe('ftckpt-1');
  });
});

describe('checkpoints.permissions (admin key)', () => {
  const checkpoint = 'ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd';
  const encoded = encodeURIComponent(checkpoint);
  const permission = {
    object: 'checkpoint.permission',
    id: 'cp_1',
    created_at: 1,
    project_id: 'proj_a',
  };

  it('create POSTs project_ids with the admin key', async () => {
    api(true)
      .post(`/v1/fine_tuning/checkpoints/${encoded}/permissions`, { project_ids: ['proj_a'] })
      .reply(200, list([permission], { first_id: 'cp_1', last_id: 'cp_1' }));
    const result = await ft.checkpoints.permissions.create(checkpoint, { project_ids: ['proj_a'] });
    expect(result.data[0]?.project_id).toBe('proj_a');
  });

  it('list keeps order and project_id, with the admin key', async () => {
    api(true)
      .get(`/v1/fine_tuning/checkpoints/${encoded}/permissions`)
      .query({ order: 'ascending', project_id: 'proj_a', limit: '10', after: 'cp_0' })
      .reply(200, list([permission]));
    const result = await ft.checkpoints.permissions.list(checkpoint, {
      order: 'ascending',
      project_id: 'proj_a',
      limit: 10,
      after: 'cp_0',
    });
    expect(result.data).toHaveLength(1);
  });

  it('delete DELETEs the permission with the admin key', async () => {
    api(true)
      .delete(`/v1/fine_tuning/checkpoints/${encoded}/permissions/cp_1`)
      .reply(200, { object: 'checkpoint.permission', id: 'cp_1', deleted: true });
    const result = await ft.checkpoints.permissions.delete(checkpoint, 'cp_1');
    expect(result).toEqual({ object: 'checkpoint.permission', id: 'cp_1', deleted: true });
  });
});

describe('graders', () => {
  const grader = {
    type: 'string_check' as const,
    name: 'exact',
    input: '{{sample.output_text}}',
    reference: '{{item.answer}}',
    operation: 'eq' as const,
  };

  it('run POSTs the grader, sample and item', async () => {
    const body = { grader, model_sample: 'Paris', item: { answer: 'Paris' } };
    const reply = {
      reward: 1,
      metadata: {
        name: 'exact',
        type: 'string_check',
        errors: {},
        execution_time: 0.01,
        scores: {},
        token_usage: null,
        sampled_model_name: null,
      },
      sub_rewards: {},
      model_grader_token_usage_per_model: {},
    };
    api().post('/v1/fine_tuning/alpha/graders/run', body).reply(200, reply);
    const result = await ft.graders.run(body);
    expect(result.reward).toBe(1);
  });

  it('validate POSTs the grader', async () => {
    api().post('/v1/fine_tuning/alpha/graders/validate', { grader }).reply(200, { grader });
    const result = await ft.graders.validate({ grader });
    expect(result.grader).toEqual(grader);
  });
});

describe('files', () => {
  it('create uploads JSONL as multipart with purpose and a .jsonl file name', async () => {
    const jsonl =
      '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n';
    let seen = '';
    api()
      .post('/v1/files', (body: string) => {
        seen = body;
        return true;
      })
      .matchHeader('content-type', /^multipart\/form-data; boundary=/)
      .reply(200, file);
    const created = await ft.files.create({
      file: new File([jsonl], 'train.jsonl'),
      purpose: 'fine-tune',
    });
    expectTypeOf(created).toEqualTypeOf<OpenAiFile>();
    expect(created.id).toBe('file-abc');
    expect(seen).toMatch(/name="purpose"\r\n\r\nfine-tune\r\n/);
    expect(seen).toMatch(/name="file"; filename="train.jsonl"\r\nContent-Type: [^\r]*\r\n\r\n/);
    expect(seen).toContain(jsonl);
  });

  it('create names a string or Blob upload and sends expires_after in bracket form', async () => {
    let seen = '';
    api()
      .post('/v1/files', (body: string) => {
        seen = body;
        return true;
      })
      .reply(200, file);
    await ft.files.create({
      file: '{"a":1}\n',
      filename: 'data.jsonl',
      purpose: 'fine-tune',
      expires_after: { anchor: 'created_at', seconds: 3600 },
    });
    expect(seen).toMatch(/name="file"; filename="data.jsonl"/);
    expect(seen).toMatch(/name="expires_after\[anchor\]"\r\n\r\ncreated_at\r\n/);
    expect(seen).toMatch(/name="expires_after\[seconds\]"\r\n\r\n3600\r\n/);
  });

  it('retrieve GETs /files/{id}', async () => {
    api().get('/v1/files/file-abc').reply(200, file);
    expect((await ft.files.retrieve('file-abc')).filename).toBe('train.jsonl');
  });

  it('list sends purpose, order, limit and after', async () => {
    api()
      .get('/v1/files')
      .query({ purpose: 'fine-tune', order: 'asc', limit: '100', after: 'file-0' })
      .reply(200, list([file], { first_id: 'file-abc', last_id: 'file-abc' }));
    const page = await ft.files.list({
      purpose: 'fine-tune',
      order: 'asc',
      limit: 100,
      after: 'file-0',
    });
    expect(page.data[0]?.id).toBe('file-abc');
  });

  it('delete DELETEs /files/{id}', async () => {
    api()
      .delete('/v1/files/file-abc')
      .reply(200, { id: 'file-abc', object: 'file', deleted: true });
    expect(await ft.files.delete('file-abc')).toEqual({
      id: 'file-abc',
      object: 'file',
      deleted: true,
    });
  });

  it('content resolves with the unparsed Response', async () => {
    const jsonl = '{"a":1}\n{"b":2}\n';
    api()
      .get('/v1/files/file-abc/content')
      .reply(200, jsonl, { 'content-type': 'application/octet-stream' });
    const response = await ft.files.content('file-abc');
    expectTypeOf(response).toEqualTypeOf<Response>();
    expect(await response.text()).toBe(jsonl);
  });
});

describe('path parameters', () => {
  it.each([
    ['a/b?c', 'a%2Fb%3Fc'],
    ['../files', '..%2Ffiles'],
    ['x#y z', 'x%23y%20z'],
  ])('%s is sent as one encoded segment', async (id, encoded) => {
    api().get(`/v1/fine_tuning/jobs/${encoded}`).reply(200, job(id));
    expect((await ft.jobs.retrieve(id)).id).toBe(id);
  });

  it('a path parameter left out is refused before any request, naming it', async () => {
    await expect(ft.request(retrieveFineTuningJob, { path: {} as never })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      message:
        '`fine_tuning_job_id` is missing: /fine_tuning/jobs/{fine_tuning_job_id} needs it in `path`.',
    });
  });

  it.each(['', '   ', '.', '..', '%2e%2E'])('%j is refused before any request', async (id) => {
    await expect(ft.jobs.retrieve(id)).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      message: expect.stringContaining('`fine_tuning_job_id`'),
    });
  });
});

describe('withResponse', () => {
  it('gives the raw Response and the request id beside the data', async () => {
    api()
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .reply(200, job('ftjob-1'), { 'x-request-id': 'req_abc' });
    const { data, response, requestId } = await ft.jobs.retrieve('ftjob-1').withResponse();
    expect(data.id).toBe('ftjob-1');
    expect(response.status).toBe(200);
    expect(requestId).toBe('req_abc');
  });
});

describe('ft.request: any generated function through the facade', () => {
  it('sends it with the key, headers and encoding of the facade and resolves with the typed body', async () => {
    api().get('/v1/fine_tuning/jobs/a%2Fb').reply(200, job('a/b'));
    const got = await ft.request(retrieveFineTuningJob, { path: { fine_tuning_job_id: 'a/b' } });
    expectTypeOf(got).toEqualTypeOf<FineTuningJob>();
    expect(got.id).toBe('a/b');
  });

  it('takes no params when the operation needs none, and sends its query when given', async () => {
    api()
      .get('/v1/fine_tuning/jobs')
      .reply(200, list([job('ftjob-1')]));
    api()
      .get('/v1/fine_tuning/jobs')
      .query({ limit: '1', 'metadata[team]': 'a' })
      .reply(200, list([job('ftjob-2')]));
    const all = await ft.request(listPaginatedFineTuningJobs);
    expectTypeOf(all).toEqualTypeOf<ListPaginatedFineTuningJobsResponse>();
    expect(all.data[0]!.id).toBe('ftjob-1');
    const some = await ft.request(listPaginatedFineTuningJobs, {
      query: { limit: 1, metadata: { team: 'a' } },
    });
    expect(some.data[0]!.id).toBe('ftjob-2');
  });

  it("uses the admin key where the operation's security asks for it, and per-call options", async () => {
    api(true)
      .get('/v1/fine_tuning/checkpoints/ck/permissions')
      .matchHeader('x-trace', 't1')
      .reply(200, list([]));
    const page = await ft.request(
      listFineTuningCheckpointPermissions,
      { path: { fine_tuned_model_checkpoint: 'ck' } },
      { headers: { 'x-trace': 't1' } },
    );
    expect(page.data).toEqual([]);
  });

  it('rejects with the typed error of a non-2xx answer', async () => {
    api()
      .get('/v1/fine_tuning/jobs/missing')
      .reply(
        404,
        { error: { message: 'No such job', type: 'invalid_request_error' } },
        { 'x-request-id': 'req_404' },
      );
    await expect(
      ft.request(retrieveFineTuningJob, { path: { fine_tuning_job_id: 'missing' } }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      requestId: 'req_404',
    });
  });
});
