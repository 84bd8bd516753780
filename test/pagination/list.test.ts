// Pagination through the facade's list methods, against nock: what is sent page after page (the
// cursor rules of each operation) and how iteration ends at the edges.
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  FineTuning,
  InvalidArgumentError,
  PaginationError,
  listFineTuningEvents,
  paginate,
  type FineTuningCheckpointPermission,
  type FineTuningJob,
  type FineTuningJobCheckpoint,
  type FineTuningJobEvent,
  type OpenAiFile,
  type Page,
  type ListFineTuningJobEventsResponse,
} from '../../src/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

// Every request the client sends, as "path?query" with the query decoded: the request log.
const sent: string[] = [];
const ft = new FineTuning({
  apiKey: 'sk-test',
  adminApiKey: 'sk-admin',
  baseUrl: BASE_URL,
  fetch: (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push(decodeURIComponent(url.pathname + url.search));
    return fetch(input, init);
  },
});
afterEach(() => {
  sent.length = 0;
});

const api = () => nock(BASE);
const list = (data: unknown[], extra: Record<string, unknown> = {}) => ({
  object: 'list',
  data,
  ...extra,
});
const event = (n: number) => ({
  object: 'fine_tuning.job.event',
  id: `ev-${n}`,
  created_at: n,
  level: 'info',
  message: `Step ${n}`,
  type: 'message',
});
const job = (n: number) => ({
  object: 'fine_tuning.job',
  id: `ftjob-${n}`,
  model: 'gpt-4o-mini',
  created_at: n,
  status: 'queued',
});
const checkpoint = (n: number) => ({
  object: 'fine_tuning.job.checkpoint',
  id: `ftckpt-${n}`,
  step_number: n,
});
const permission = (n: number) => ({
  object: 'checkpoint.permission',
  id: `cp_${n}`,
  created_at: n,
  project_id: 'proj_a',
});
const file = (n: number) => ({
  object: 'file',
  id: `file-${n}`,
  bytes: n,
  created_at: n,
  filename: `f${n}.jsonl`,
  purpose: 'fine-tune',
});
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

const EVENTS = '/v1/fine_tuning/jobs/ftjob-1/events';

describe('awaiting a list call gives the first page', () => {
  it('with data, hasMore, the next cursor, the raw response and the body fields', async () => {
    api()
      .get(EVENTS)
      .query({ limit: '2' })
      .reply(200, list([event(1), event(2)], { has_more: true }), { 'x-request-id': 'req_1' });
    const page = await ft.jobs.listEvents('ftjob-1', { limit: 2 });
    expectTypeOf(page.data).toEqualTypeOf<FineTuningJobEvent[]>();
    expect(ids(page.data)).toEqual(['ev-1', 'ev-2']);
    expect(page.hasMore).toBe(true);
    expect(page.has_more).toBe(true);
    expect(page.hasNextPage()).toBe(true);
    expect(page.nextCursor).toBe('ev-2');
    expect(page.response.status).toBe(200);
    expect(page.requestId).toBe('req_1');
    expect(JSON.parse(JSON.stringify(page))).toEqual(
      list([event(1), event(2)], { has_more: true }),
    );
    expect(sent).toEqual([`${EVENTS}?limit=2`]);
  });

  it('nextPage() repeats the query with after = the last id, and resolves null on the last page', async () => {
    api()
      .get(EVENTS)
      .query({ limit: '2' })
      .reply(200, list([event(1), event(2)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ limit: '2', after: 'ev-2' })
      .reply(200, list([event(3)], { has_more: false }));
    const first = await ft.jobs.listEvents('ftjob-1', { limit: 2 });
    const second = await first.nextPage();
    expect(second && ids(second.data)).toEqual(['ev-3']);
    expect(second?.hasMore).toBe(false);
    expect(second?.nextCursor).toBeUndefined();
    expect(await second?.nextPage()).toBeNull();
    expect(sent).toEqual([`${EVENTS}?limit=2`, `${EVENTS}?limit=2&after=ev-2`]);
  });

  it('withResponse() gives the first page, the Response and the request id', async () => {
    api()
      .get('/v1/fine_tuning/jobs')
      .reply(200, list([job(1)], { has_more: false }), { 'x-request-id': 'req_9' });
    const { data, response, requestId } = await ft.jobs.list().withResponse();
    expect(ids(data.data)).toEqual(['ftjob-1']);
    expect(response.status).toBe(200);
    expect(requestId).toBe('req_9');
  });

  it('sends nothing until it is awaited or iterated', async () => {
    const pending = ft.jobs.list({ limit: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
    api()
      .get('/v1/fine_tuning/jobs')
      .query({ limit: '5' })
      .reply(200, list([], { has_more: false }));
    expect((await pending).data).toEqual([]);
  });

  it('a page awaited first is reused when the same call is then iterated', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ after: 'ev-1' })
      .reply(200, list([event(2)], { has_more: false }));
    const events = ft.jobs.listEvents('ftjob-1');
    expect(ids((await events).data)).toEqual(['ev-1']);
    expect(ids(await events.toArray())).toEqual(['ev-1', 'ev-2']);
    expect(sent).toHaveLength(2);
  });
});

describe('cursor rules per operation', () => {
  it('jobs.list repeats limit and the metadata filter, after = the last job id', async () => {
    const base = { limit: '2', 'metadata[team]': 'ml' };
    api()
      .get('/v1/fine_tuning/jobs')
      .query(base)
      .reply(200, list([job(1), job(2)], { has_more: true }));
    api()
      .get('/v1/fine_tuning/jobs')
      .query({ ...base, after: 'ftjob-2' })
      .reply(200, list([job(3), job(4)], { has_more: true }));
    api()
      .get('/v1/fine_tuning/jobs')
      .query({ ...base, after: 'ftjob-4' })
      .reply(200, list([job(5)], { has_more: false }));
    const seen: string[] = [];
    for await (const j of ft.jobs.list({ limit: 2, metadata: { team: 'ml' } })) {
      expectTypeOf(j).toEqualTypeOf<FineTuningJob>();
      seen.push(j.id);
    }
    expect(seen).toEqual(['ftjob-1', 'ftjob-2', 'ftjob-3', 'ftjob-4', 'ftjob-5']);
  });

  it('jobs.list keeps metadata=null literally on every page', async () => {
    api()
      .get('/v1/fine_tuning/jobs?metadata=null')
      .reply(200, list([job(1)], { has_more: true }));
    api()
      .get('/v1/fine_tuning/jobs?after=ftjob-1&metadata=null')
      .reply(200, list([job(2)], { has_more: false }));
    expect(ids(await ft.jobs.list({ metadata: null }).toArray())).toEqual(['ftjob-1', 'ftjob-2']);
  });

  it("jobs.listEvents starts from the caller's after and moves it to the last event id", async () => {
    api()
      .get(EVENTS)
      .query({ after: 'ev-0', limit: '2' })
      .reply(200, list([event(1), event(2)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ after: 'ev-2', limit: '2' })
      .reply(200, list([event(3)], { has_more: false }));
    const seen: string[] = [];
    for await (const e of ft.jobs.listEvents('ftjob-1', { after: 'ev-0', limit: 2 })) {
      expectTypeOf(e).toEqualTypeOf<FineTuningJobEvent>();
      seen.push(e.id);
    }
    expect(seen).toEqual(['ev-1', 'ev-2', 'ev-3']);
  });

  it('jobs.listCheckpoints follows the response last_id', async () => {
    const path = '/v1/fine_tuning/jobs/ftjob-1/checkpoints';
    api()
      .get(path)
      .query({ limit: '2' })
      .reply(
        200,
        list([checkpoint(1), checkpoint(2)], {
          has_more: true,
          first_id: 'ftckpt-1',
          last_id: 'ftckpt-2b',
        }),
      );
    api()
      .get(path)
      .query({ limit: '2', after: 'ftckpt-2b' })
      .reply(
        200,
        list([checkpoint(3)], { has_more: false, first_id: 'ftckpt-3', last_id: 'ftckpt-3' }),
      );
    const items = await ft.jobs.listCheckpoints('ftjob-1', { limit: 2 }).toArray();
    expectTypeOf(items).toEqualTypeOf<FineTuningJobCheckpoint[]>();
    expect(ids(items)).toEqual(['ftckpt-1', 'ftckpt-2', 'ftckpt-3']);
  });

  it('checkpoints.permissions.list keeps order and project_id, with the admin key, after = last_id', async () => {
    const ckpt = 'ft:gpt-4o-mini:org::ckpt';
    const path = `/v1/fine_tuning/checkpoints/${encodeURIComponent(ckpt)}/permissions`;
    const base = { order: 'ascending', project_id: 'proj_a', limit: '1' };
    const admin = () => nock(BASE, { reqheaders: { authorization: 'Bearer sk-admin' } });
    admin()
      .get(path)
      .query(base)
      .reply(200, list([permission(1)], { has_more: true, first_id: 'cp_1', last_id: 'cp_1' }));
    admin()
      .get(path)
      .query({ ...base, after: 'cp_1' })
      .reply(200, list([permission(2)], { has_more: true, first_id: 'cp_2', last_id: 'cp_2' }));
    admin()
      .get(path)
      .query({ ...base, after: 'cp_2' })
      .reply(200, list([], { has_more: false, first_id: null, last_id: null }));
    const items: FineTuningCheckpointPermission[] = [];
    for await (const p of ft.checkpoints.permissions.list(ckpt, {
      order: 'ascending',
      project_id: 'proj_a',
      limit: 1,
    }))
      items.push(p);
    expect(ids(items)).toEqual(['cp_1', 'cp_2']);
  });

  it('files.list keeps purpose and order, after = last_id', async () => {
    const base = { purpose: 'fine-tune', order: 'asc', limit: '2' };
    api()
      .get('/v1/files')
      .query(base)
      .reply(
        200,
        list([file(1), file(2)], { has_more: true, first_id: 'file-1', last_id: 'file-2' }),
      );
    api()
      .get('/v1/files')
      .query({ ...base, after: 'file-2' })
      .reply(200, list([file(3)], { has_more: false, first_id: 'file-3', last_id: 'file-3' }));
    const pages: Array<Page<{ data: OpenAiFile[]; has_more: boolean }>> = [];
    for await (const page of ft.files
      .list({ purpose: 'fine-tune', order: 'asc', limit: 2 })
      .pages())
      pages.push(page);
    expect(pages.map((p) => ids(p.data))).toEqual([['file-1', 'file-2'], ['file-3']]);
  });
});

describe('where a list ends', () => {
  it('has_more: false ends iteration after that page', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1), event(2)], { has_more: false }));
    expect(ids(await ft.jobs.listEvents('ftjob-1').toArray())).toEqual(['ev-1', 'ev-2']);
    expect(sent).toHaveLength(1);
  });

  it('a missing has_more ends iteration too', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1), event(2)]));
    const page = await ft.jobs.listEvents('ftjob-1');
    expect(page.hasMore).toBe(false);
    expect(await page.nextPage()).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('an empty page with has_more: true and a last_id continues', async () => {
    api()
      .get('/v1/files')
      .reply(
        200,
        list([file(1), file(2)], { has_more: true, first_id: 'file-1', last_id: 'file-2' }),
      );
    api()
      .get('/v1/files')
      .query({ after: 'file-2' })
      .reply(200, list([], { has_more: true, first_id: 'file-3', last_id: 'file-4' }));
    api()
      .get('/v1/files')
      .query({ after: 'file-4' })
      .reply(200, list([file(5)], { has_more: false, first_id: 'file-5', last_id: 'file-5' }));
    expect(ids(await ft.files.list().toArray())).toEqual(['file-1', 'file-2', 'file-5']);
  });

  it('an empty page with has_more: true and no cursor fails with a PaginationError, earlier items delivered', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ after: 'ev-1' })
      .reply(200, list([], { has_more: true }));
    const seen: string[] = [];
    const run = async () => {
      for await (const e of ft.jobs.listEvents('ftjob-1')) seen.push(e.id);
    };
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ operation: 'jobs.listEvents', cursor: undefined });
    expect((error as Error).message).toMatch(
      /jobs\.listEvents: the server said has_more is true but gave no cursor/,
    );
    expect(seen).toEqual(['ev-1']);
    expect(sent).toHaveLength(2);
  });

  it('the same cursor twice stops with an error naming the operation and the cursor', async () => {
    api()
      .get(EVENTS)
      .query({ limit: '2' })
      .reply(200, list([event(1), event(2)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ limit: '2', after: 'ev-2' })
      .reply(200, list([event(1), event(2)], { has_more: true }));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of ft.jobs.listEvents('ftjob-1', { limit: 2 })) seen.push(e.id);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ operation: 'jobs.listEvents', cursor: 'ev-2' });
    expect((error as Error).message).toContain(
      'jobs.listEvents: the server returned the cursor "ev-2" again',
    );
    expect(seen).toEqual(['ev-1', 'ev-2', 'ev-1', 'ev-2']);
    expect(sent).toHaveLength(2);
  });

  it("a cursor that comes back after a detour (A, B, A) is caught too, and so is the caller's own after", async () => {
    api()
      .get('/v1/files')
      .query({ after: 'file-0' })
      .reply(200, list([file(1)], { has_more: true, last_id: 'file-1' }));
    api()
      .get('/v1/files')
      .query({ after: 'file-1' })
      .reply(200, list([file(2)], { has_more: true, last_id: 'file-0' }));
    await expect(ft.files.list({ after: 'file-0' }).toArray()).rejects.toMatchObject({
      name: 'PaginationError',
      operation: 'files.list',
      cursor: 'file-0',
    });
  });

  it('nextPage() may be called twice on the same page', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ after: 'ev-1' })
      .times(2)
      .reply(200, list([event(2)], { has_more: false }));
    const first = await ft.jobs.listEvents('ftjob-1');
    const [a, b] = [await first.nextPage(), await first.nextPage()];
    expect([a && ids(a.data), b && ids(b.data)]).toEqual([['ev-2'], ['ev-2']]);
  });

  it('breaking out of for await after the first item fetches no further page', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1), event(2)], { has_more: true }));
    for await (const e of ft.jobs.listEvents('ftjob-1')) {
      expect(e.id).toBe('ev-1');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([EVENTS]);
  });

  it('overlapping next() calls get the items in order, one request per page', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ after: 'ev-1' })
      .reply(200, list([event(2)], { has_more: false }));
    const iterator = ft.jobs.listEvents('ftjob-1')[Symbol.asyncIterator]();
    const results = await Promise.all([
      iterator.next(),
      iterator.next(),
      iterator.next(),
      iterator.next(),
    ]);
    expect(results.map((r) => (r.done ? 'done' : r.value.id))).toEqual([
      'ev-1',
      'ev-2',
      'done',
      'done',
    ]);
    expect(sent).toHaveLength(2);
  });

  it('toArray({ max }) stops fetching once it has max items', async () => {
    api()
      .get(EVENTS)
      .query({ limit: '2' })
      .reply(200, list([event(1), event(2)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ limit: '2', after: 'ev-2' })
      .reply(200, list([event(3), event(4)], { has_more: true }));
    expect(ids(await ft.jobs.listEvents('ftjob-1', { limit: 2 }).toArray({ max: 3 }))).toEqual([
      'ev-1',
      'ev-2',
      'ev-3',
    ]);
    expect(sent).toHaveLength(2);
  });

  it('toArray({ max: 0 }) sends nothing; a max that is not a whole number is refused', async () => {
    expect(await ft.jobs.listEvents('ftjob-1').toArray({ max: 0 })).toEqual([]);
    await expect(ft.jobs.listEvents('ftjob-1').toArray({ max: -1 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(ft.jobs.listEvents('ftjob-1').toArray({ max: 2.5 })).rejects.toThrow(
      /jobs\.listEvents: toArray\(\{ max \}\) needs a whole number >= 0/,
    );
    expect(sent).toEqual([]);
  });

  it('a 2xx body that is not a list page is a PaginationError, not an empty list', async () => {
    api().get(EVENTS).reply(200, { object: 'list' });
    await expect(ft.jobs.listEvents('ftjob-1').toArray()).rejects.toThrow(
      /jobs\.listEvents: the response is not a list page/,
    );
  });
});

describe('paginate() over a generated function', () => {
  it('iterates every item with the facade client and the same cursor rules', async () => {
    api()
      .get(EVENTS)
      .query({ limit: '1' })
      .reply(200, list([event(1)], { has_more: true }));
    api()
      .get(EVENTS)
      .query({ limit: '1', after: 'ev-1' })
      .reply(200, list([event(2)], { has_more: false }));
    const events = paginate(listFineTuningEvents, {
      client: ft.client,
      path: { fine_tuning_job_id: 'ftjob-1' },
      query: { limit: 1 },
    });
    const seen: string[] = [];
    for await (const e of events) {
      expectTypeOf(e).toEqualTypeOf<FineTuningJobEvent>();
      seen.push(e.id);
    }
    expect(seen).toEqual(['ev-1', 'ev-2']);
  });

  it('awaits to the first page and names the generated function in its errors', async () => {
    api()
      .get(EVENTS)
      .reply(200, list([event(1)], { has_more: true }));
    const page = await paginate(listFineTuningEvents, {
      client: ft.client,
      path: { fine_tuning_job_id: 'ftjob-1' },
    });
    expectTypeOf(page).toEqualTypeOf<Page<ListFineTuningJobEventsResponse>>();
    api()
      .get(EVENTS)
      .query({ after: 'ev-1' })
      .reply(200, list([event(1)], { has_more: true }));
    const again = await page.nextPage();
    await expect(again?.nextPage()).rejects.toMatchObject({
      operation: 'listFineTuningEvents',
      cursor: 'ev-1',
    });
    expect(sent).toEqual([EVENTS, `${EVENTS}?after=ev-1`]);
  });
});
