// No duplicate jobs: every POST carries an Idempotency-Key (the same across the retries of one
// call), and jobs.create reconciles through its metadata marker before re-sending after a failure
// that may have reached the fault.server. The fake API below ignores Idempotency-Key on purpose: the
// marker alone must prevent duplicates.
import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  FineTuning,
  InternalServerError,
  JOB_MARKER_KEY,
  TimeoutError,
  type ClientOptions,
} from '../../src/index.ts';
import { jobBody, json, reset, useFaultServer, type Seen } from '../helpers/fault-server.ts';

const fault = useFaultServer();

const client = (options: ClientOptions = {}) =>
  new FineTuning({
    apiKey: 'sk-test-idem-key',
    baseUrl: fault.server.baseUrl,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    logLevel: 'off',
    ...options,
  });

const keys = (method = 'POST') =>
  fault.server.requests.filter((r) => r.method === method).map((r) => r.headers['idempotency-key']);

/** A fake jobs API that stores what it creates and answers the create in the way `deliver` says. */
function jobsApi(deliver: (res: Parameters<typeof json>[0], job: object, n: number) => void) {
  const jobs: Array<{ id: string; metadata: Record<string, string> | null }> = [];
  fault.server.handle = (req: Seen, res, n) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/v1/fine_tuning/jobs') {
      const body = JSON.parse(req.body) as { metadata?: Record<string, string> | null };
      const job = jobBody(`ftjob-${jobs.length + 1}`, { metadata: body.metadata ?? null });
      jobs.push(job as never);
      return deliver(res, job, n);
    }
    if (req.method === 'GET' && url.pathname === '/v1/fine_tuning/jobs') {
      const filters = [...url.searchParams].filter(([k]) => k.startsWith('metadata['));
      const data = jobs.filter((j) =>
        filters.every(([k, v]) => j.metadata?.[k.slice(9, -1)] === v),
      );
      return json(res, 200, { object: 'list', data, has_more: false });
    }
    json(res, 404, {});
  };
  return jobs;
}

describe('Idempotency-Key', () => {
  it('is sent on every POST, never on GET or DELETE', async () => {
    fault.server.handle = (req, res) =>
      req.url.startsWith('/v1/files') && req.method === 'POST'
        ? json(res, 200, { id: 'file-1', object: 'file' })
        : req.url.includes('graders')
          ? json(res, 200, { grader: {} })
          : json(
              res,
              200,
              req.method === 'DELETE' ? { id: 'file-1', deleted: true } : jobBody('ftjob-1'),
            );
    const ft = client();
    await ft.jobs.create({ model: 'm', training_file: 'file-1' });
    await ft.jobs.cancel('ftjob-1');
    await ft.graders.validate({
      grader: { type: 'string_check', name: 'g', input: 'a', reference: 'b', operation: 'eq' },
    });
    await ft.files.create({ file: '{}\n', purpose: 'fine-tune' });
    await ft.jobs.retrieve('ftjob-1');
    await ft.files.delete('file-1');
    const posts = keys();
    expect(posts).toHaveLength(4);
    for (const key of posts) expect(key).toMatch(/^idem-[0-9a-f-]{36}$/);
    expect(new Set(posts).size).toBe(4);
    expect(keys('GET')).toEqual([undefined]);
    expect(keys('DELETE')).toEqual([undefined]);
  });

  it('is the same on every retry of one call, and the uploaded file is re-sent whole', async () => {
    const jsonl = '{"messages":[{"role":"user","content":"hi"}]}\n'.repeat(50);
    fault.server.handle = (_req, res, n) =>
      n < 3 ? json(res, 503, {}) : json(res, 200, { id: 'file-1', object: 'file' });
    await client().files.create({ file: new File([jsonl], 'train.jsonl'), purpose: 'fine-tune' });
    expect(fault.server.requests).toHaveLength(3);
    expect(new Set(keys()).size).toBe(1);
    for (const r of fault.server.requests) expect(r.body).toContain(jsonl);
  });

  it('the caller can pass its own, as an option or a header', async () => {
    fault.server.handle = (_req, res) => json(res, 200, jobBody('ftjob-1'));
    await client().jobs.cancel('ftjob-1', { idempotencyKey: 'mine-1' });
    await client().jobs.cancel('ftjob-1', { headers: { 'Idempotency-Key': 'mine-2' } });
    expect(keys()).toEqual(['mine-1', 'mine-2']);
  });
});

describe('jobs.create never makes two jobs', () => {
  it('1,000 creates whose response is lost after the job was made end with exactly 1,000 jobs, one per call', async () => {
    const jobs = jobsApi((res) => reset(res));
    const ft = client();
    const results: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        const i = next++;
        const job = await ft.jobs.create({
          model: 'gpt-4o-mini',
          training_file: 'file-abc',
          metadata: { call: String(i) },
        });
        expect(job.metadata?.call).toBe(String(i));
        results.push(job.id);
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    expect(results).toHaveLength(1000);
    expect(jobs).toHaveLength(1000);
    expect(new Set(results).size).toBe(1000);
    expect(fault.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1000);
  });

  it.each([
    ['a timeout', (_res: unknown) => {}, { timeout: 100 }],
    ['a 500 after the job was made', (res: Parameters<typeof json>[0]) => json(res, 500, {}), {}],
  ] as const)('after %s the job is found, not created again', async (_name, deliver, options) => {
    const jobs = jobsApi(deliver as never);
    const job = await client(options).jobs.create({ model: 'm', training_file: 'file-1' });
    expect(jobs).toHaveLength(1);
    expect(job.id).toBe(jobs[0]!.id);
    expect(job.metadata?.[JOB_MARKER_KEY]).toBe(
      fault.server.requests[0]!.headers['idempotency-key'],
    );
  });

  it('when the first attempt made nothing, the create is sent again (reconcile finds nothing)', async () => {
    const jobs = jobsApi((res, job) => json(res, 200, job));
    const real = fault.server.handle;
    fault.server.handle = (req, res, n) => (n === 1 ? reset(res) : real(req, res, n));
    const job = await client().jobs.create({ model: 'm', training_file: 'file-1' });
    expect(jobs).toHaveLength(1);
    expect(job.id).toBe('ftjob-1');
    expect(fault.server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('when the lookup fails too, the create is not sent again and the error says so', async () => {
    const jobs = jobsApi((res) => json(res, 500, {}));
    const real = fault.server.handle;
    fault.server.handle = (req, res, n) =>
      req.method === 'GET' ? json(res, 503, {}) : real(req, res, n);
    const error = await client({ maxRetries: 1 })
      .jobs.create({ model: 'm', training_file: 'f' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toMatch(
      /status 500.*The request may have been processed: looking for its result failed, so it was not sent again \(Idempotency-Key idem-/,
    );
    expect(jobs).toHaveLength(1);
    expect(fault.server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('with the marker turned off, a lost create is not sent again and the error says why', async () => {
    const jobs = jobsApi((res) => reset(res));
    const error = await client({ jobMarker: false })
      .jobs.create({ model: 'm', training_file: 'file-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /Not retried: the job may have been created \(Idempotency-Key idem-[0-9a-f-]+\); allow the metadata marker/,
    );
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(fault.server.requests[0]!.body).metadata).toBeUndefined();
  });

  it('per call too: jobMarker false on one create', async () => {
    const jobs = jobsApi((res) => json(res, 500, {}));
    const error = await client()
      .jobs.create({ model: 'm', training_file: 'f' }, { jobMarker: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toMatch(/Not retried: the job may have been created/);
    expect(jobs).toHaveLength(1);
  });

  it('with no room left in metadata (16 entries), a lost create is not sent again', async () => {
    const jobs = jobsApi((_res) => {});
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v']));
    const error = await client({ timeout: 50 })
      .jobs.create({ model: 'm', training_file: 'f', metadata })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/leave room in `metadata` \(at most 15 entries\)/);
    expect(jobs).toHaveLength(1);
  });

  it('failures that prove nothing was made (429) are retried even without the marker', async () => {
    const jobs = jobsApi((res, job) => json(res, 200, job));
    const real = fault.server.handle;
    fault.server.handle = (req, res, n) =>
      n === 1 ? json(res, 429, {}, { 'retry-after-ms': '1' }) : real(req, res, n);
    await client({ jobMarker: false }).jobs.create({ model: 'm', training_file: 'f' });
    expect(jobs).toHaveLength(1);
    expect(fault.server.requests).toHaveLength(2);
  });
});

describe('a streamed request body', () => {
  it('is sent once and not retried; the error says why', async () => {
    fault.server.handle = (_req, res) => reset(res);
    const ft = client();
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":1}\n'));
        controller.close();
      },
    });
    const error = await ft.client
      .post({
        url: '/files',
        body,
        bodySerializer: null,
        duplex: 'half',
        headers: { 'content-type': 'application/jsonl' },
        throwOnError: true,
      } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /Not retried: the request body is a stream, which cannot be sent twice/,
    );
    expect(fault.server.requests).toHaveLength(1);
  });
});

describe('a request body made for each attempt', () => {
  it('is made again for a retry, given the attempt number, with the FormData boundary fetch chose', async () => {
    fault.server.handle = (_req, res, n) => (n === 1 ? reset(res) : json(res, 200, { ok: true }));
    const made: number[] = [];
    const body = (attempt: number) => {
      made.push(attempt);
      const form = new FormData();
      form.append('data', new Blob([`attempt ${attempt}`]), 'part-0');
      return form;
    };
    const answer = await client({ retry: { initialDelayMs: 1, maxDelayMs: 2 } }).client.post({
      url: '/uploads/u/parts',
      body: {},
      bodySerializer: () => body,
      throwOnError: true,
    } as never);
    expect((answer as { data: unknown }).data).toEqual({ ok: true });
    expect(made).toEqual([1, 2]);
    const second = fault.server.requests[1];
    expect(second!.body).toContain('attempt 2');
    expect(second!.body).toContain('filename="part-0"');
    expect(second!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(second!.body).toContain(String(second!.headers['content-type']).split('boundary=')[1]);
  });
});
