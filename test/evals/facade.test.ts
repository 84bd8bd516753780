// The Evals API through the facade (ft.evals, ft.evals.runs, ft.evals.runs.outputItems): method,
// exact path, query and body of each of the 12 operations, the parsed result, lists as lazy
// iterables across pages, and the eval run webhook events typed.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Eval,
  type EvalRun,
  type EvalRunOutputItem,
  FineTuning,
  isEvalRunWebhookEvent,
  isFineTuningWebhookEvent,
  PagePromise,
  type WebhookEvent,
} from '../../src/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const API_KEY = 'sk-test-api-key';
const ft = new FineTuning({ apiKey: API_KEY, baseUrl: BASE_URL, maxRetries: 0 });
const api = () => nock(BASE, { reqheaders: { authorization: `Bearer ${API_KEY}` } });

const evalObject = (id: string) => ({
  object: 'eval',
  id,
  name: 'capitals',
  data_source_config: { type: 'custom', schema: { type: 'object' } },
  testing_criteria: [],
  created_at: 1,
  metadata: null,
});
const run = (id: string, status = 'queued') => ({
  object: 'eval.run',
  id,
  eval_id: 'eval_1',
  status,
});
const item = (id: string) => ({ object: 'eval.run.output_item', id, status: 'pass' });
const list = (data: unknown[], has_more = false) => ({
  object: 'list',
  data,
  first_id: (data[0] as { id?: string } | undefined)?.id ?? null,
  last_id: (data[data.length - 1] as { id?: string } | undefined)?.id ?? null,
  has_more,
});

describe('ft.evals', () => {
  it('create POSTs the eval', async () => {
    const body = {
      name: 'capitals',
      data_source_config: { type: 'custom' as const, item_schema: { type: 'object' } },
      testing_criteria: [],
    };
    api().post('/v1/evals', body).reply(200, evalObject('eval_1'));
    const created = await ft.evals.create(body);
    expectTypeOf(created).toEqualTypeOf<Eval>();
    expect(created.id).toBe('eval_1');
  });

  it('retrieve, update and delete address the eval by id', async () => {
    api().get('/v1/evals/eval_1').reply(200, evalObject('eval_1'));
    api()
      .post('/v1/evals/eval_1', { name: 'renamed' })
      .reply(200, { ...evalObject('eval_1'), name: 'renamed' });
    api()
      .delete('/v1/evals/eval_1')
      .reply(200, { object: 'eval.deleted', deleted: true, eval_id: 'eval_1' });
    expect((await ft.evals.retrieve('eval_1')).id).toBe('eval_1');
    expect((await ft.evals.update('eval_1', { name: 'renamed' })).name).toBe('renamed');
    expect(await ft.evals.delete('eval_1')).toEqual({
      object: 'eval.deleted',
      deleted: true,
      eval_id: 'eval_1',
    });
  });

  it('withResponse gives the response and request id', async () => {
    api().get('/v1/evals/eval_1').reply(200, evalObject('eval_1'), { 'x-request-id': 'req_9' });
    const { data, requestId, response } = await ft.evals.retrieve('eval_1').withResponse();
    expect(data.id).toBe('eval_1');
    expect(requestId).toBe('req_9');
    expect(response.status).toBe(200);
  });

  it('list is a page when awaited and every eval when iterated, keeping the query', async () => {
    api()
      .get('/v1/evals')
      .query({ order: 'desc', limit: '2' })
      .twice()
      .reply(200, list([evalObject('eval_3'), evalObject('eval_2')], true));
    api()
      .get('/v1/evals')
      .query({ order: 'desc', limit: '2', after: 'eval_2' })
      .reply(200, list([evalObject('eval_1')]));
    const listing = ft.evals.list({ order: 'desc', limit: 2 });
    expect(listing).toBeInstanceOf(PagePromise);
    const page = await listing;
    expect(page.data.map((e) => e.id)).toEqual(['eval_3', 'eval_2']);
    expect(page.hasMore).toBe(true);
    const ids: string[] = [];
    for await (const e of ft.evals.list({ order: 'desc', limit: 2 })) ids.push(e.id);
    expect(ids).toEqual(['eval_3', 'eval_2', 'eval_1']);
  });

  it('sends nothing until a list is used', async () => {
    ft.evals.list();
    ft.evals.runs.list('eval_1');
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('is not thenable: awaiting ft.evals gives the group back', async () => {
    const group = await ft.evals;
    expect(typeof group.create).toBe('function');
  });
});

describe('ft.evals.runs', () => {
  it('create, retrieve, cancel and delete', async () => {
    const body = {
      name: 'base',
      data_source: {
        type: 'completions' as const,
        model: 'gpt-4o-mini',
        source: { type: 'file_id' as const, id: 'file-1' },
      },
    };
    api().post('/v1/evals/eval_1/runs', body).reply(200, run('evalrun_1'));
    api().get('/v1/evals/eval_1/runs/evalrun_1').reply(200, run('evalrun_1', 'in_progress'));
    api().post('/v1/evals/eval_1/runs/evalrun_1').reply(200, run('evalrun_1', 'canceled'));
    api()
      .delete('/v1/evals/eval_1/runs/evalrun_1')
      .reply(200, { object: 'eval.run.deleted', deleted: true, run_id: 'evalrun_1' });
    const created = await ft.evals.runs.create('eval_1', body);
    expectTypeOf(created).toEqualTypeOf<EvalRun>();
    expect(created.status).toBe('queued');
    expect((await ft.evals.runs.retrieve('eval_1', 'evalrun_1')).status).toBe('in_progress');
    expect((await ft.evals.runs.cancel('eval_1', 'evalrun_1')).status).toBe('canceled');
    expect((await ft.evals.runs.delete('eval_1', 'evalrun_1')).deleted).toBe(true);
  });

  it('list filters by status and iterates across pages', async () => {
    api()
      .get('/v1/evals/eval_1/runs')
      .query({ status: 'completed' })
      .reply(200, list([run('evalrun_2', 'completed')], true));
    api()
      .get('/v1/evals/eval_1/runs')
      .query({ status: 'completed', after: 'evalrun_2' })
      .reply(200, list([run('evalrun_1', 'completed')]));
    const all = await ft.evals.runs.list('eval_1', { status: 'completed' }).toArray();
    expect(all.map((r) => r.id)).toEqual(['evalrun_2', 'evalrun_1']);
  });
});

describe('ft.evals.runs.outputItems', () => {
  it('list iterates every output item across pages; retrieve gets one', async () => {
    api()
      .get('/v1/evals/eval_1/runs/evalrun_1/output_items')
      .query({ limit: '2', status: 'pass' })
      .reply(200, list([item('oi_1'), item('oi_2')], true));
    api()
      .get('/v1/evals/eval_1/runs/evalrun_1/output_items')
      .query({ limit: '2', status: 'pass', after: 'oi_2' })
      .reply(200, list([item('oi_3')]));
    api().get('/v1/evals/eval_1/runs/evalrun_1/output_items/oi_3').reply(200, item('oi_3'));
    const ids: string[] = [];
    for await (const i of ft.evals.runs.outputItems.list('eval_1', 'evalrun_1', {
      limit: 2,
      status: 'pass',
    })) {
      expectTypeOf(i).toEqualTypeOf<EvalRunOutputItem>();
      ids.push(i.id);
    }
    expect(ids).toEqual(['oi_1', 'oi_2', 'oi_3']);
    const one = await ft.evals.runs.outputItems.retrieve('eval_1', 'evalrun_1', 'oi_3');
    expect(one.id).toBe('oi_3');
  });

  it('an API error is the typed error of the rest of the facade', async () => {
    api()
      .get('/v1/evals/eval_1/runs/nope')
      .reply(404, { error: { message: 'Run not found', type: 'invalid_request_error' } });
    const error = await ft.evals.runs.retrieve('eval_1', 'nope').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NotFoundError', status: 404 });
  });

  it('a bad list argument rejects with the typed error when used', async () => {
    const error = await ft.evals
      .list('bad' as never)
      .then(() => null)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidArgumentError' });
  });
});

describe('eval run webhook events', () => {
  it('are typed and told apart from the fine-tuning events', () => {
    const event: WebhookEvent = {
      id: 'evt_1',
      type: 'eval.run.succeeded',
      created_at: 1,
      object: 'event',
      data: { id: 'evalrun_1' },
    };
    expect(isEvalRunWebhookEvent(event)).toBe(true);
    expect(isFineTuningWebhookEvent(event)).toBe(false);
    if (isEvalRunWebhookEvent(event)) expectTypeOf(event.data.id).toEqualTypeOf<string>();
  });
});
