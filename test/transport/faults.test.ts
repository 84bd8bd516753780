// The fault-injection suite: a real server on 127.0.0.1 misbehaves in one way per test, and the
// client must end with the right error class, or the right success after the right number of
// attempts, without hanging and without an unhandled rejection.
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionError,
  FineTuning,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  TimeoutError,
  retrieveFineTuningJob,
  type ClientOptions,
} from '../../src/index.ts';
import {
  jobBody,
  json,
  reset,
  startFaultServer,
  useFaultServer,
  type FaultServer,
} from '../helpers/fault-server.ts';

const fault = useFaultServer();

const client = (options: ClientOptions = {}) =>
  new FineTuning({
    apiKey: 'sk-test-fault-key',
    baseUrl: fault.server.baseUrl,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    logLevel: 'off',
    ...options,
  });

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Answers `first` for the first `times` requests, then the job. */
const failThenJob = (times: number, first: (res: Parameters<typeof json>[0]) => void) =>
  ((_req, res, n) =>
    n <= times ? first(res) : json(res, 200, jobBody('ftjob-1'))) as FaultServer['handle'];

describe('connection faults', () => {
  it('reset before the response: retried, then succeeds on attempt 2', async () => {
    fault.server.handle = failThenJob(1, reset);
    expect((await client().jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
    expect(fault.server.requests).toHaveLength(2);
  });

  it('reset every time: ConnectionError after 1 + maxRetries attempts', async () => {
    fault.server.handle = (_req, res) => reset(res);
    const error = await client()
      .jobs.retrieve('ftjob-1')
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as ConnectionError).message).toMatch(
      /^GET \/v1\/fine_tuning\/jobs\/ftjob-1 failed/,
    );
    expect((error as ConnectionError).cause).toBeDefined();
    expect((error as ConnectionError).attempts).toBe(3);
    expect(fault.server.requests).toHaveLength(3);
  });

  it('reset mid-body: the half-read answer is discarded and the call retried', async () => {
    fault.server.handle = (_req, res, n) => {
      if (n > 1) return json(res, 200, jobBody('ftjob-1'));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4000' });
      res.write('{"object":"fine_tuning.job","id":"ftj');
      setTimeout(() => reset(res), 10);
    };
    expect((await client().jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
    expect(fault.server.requests).toHaveLength(2);
  });

  it('connection refused: ConnectionError naming the refusal, after 3 attempts', async () => {
    const closed = await startFaultServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const error = await client({ baseUrl })
      .files.retrieve('file-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/ECONNREFUSED/);
    expect((error as ConnectionError).attempts).toBe(3);
  });
});

describe('bodies', () => {
  it('truncated JSON in a 200: InvalidResponseError saying so, never undefined data', async () => {
    fault.server.handle = (_req, res) => {
      const text = '{"object":"fine_tuning.job","id":"ftjob-1","sta';
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(text.length),
        'x-request-id': 'req_t',
      });
      res.end(text);
    };
    const error = await client()
      .jobs.retrieve('ftjob-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      /^GET \/v1\/fine_tuning\/jobs\/ftjob-1 answered 200, but its body is not valid JSON/,
    );
    expect((error as Error).message).toContain('req_t');
    expect(fault.server.requests).toHaveLength(1);
  });

  it('an HTML 502 from a proxy: InternalServerError with a readable, truncated message', async () => {
    const page = `<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${'<p>filler</p>'.repeat(200)}</body></html>`;
    fault.server.handle = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    };
    const error = await client()
      .jobs.retrieve('ftjob-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    const message = (error as InternalServerError).message;
    expect(message).toMatch(
      /^GET \/v1\/fine_tuning\/jobs\/ftjob-1 failed with status 502: 502 Bad Gateway 502 Bad Gateway nginx filler/,
    );
    expect(message).not.toMatch(/[<>{}]/);
    expect(message.length).toBeLessThan(450);
    expect((error as InternalServerError).status).toBe(502);
    expect(fault.server.requests).toHaveLength(3);
  });

  it.each(['json', 'text', 'arrayBuffer', 'blob', 'stream'] as const)(
    'a generated function called through ft.request reads the answer as %s',
    async (parseAs) => {
      const text = JSON.stringify(jobBody('ftjob-1'));
      fault.server.handle = (_req, res) => json(res, 200, jobBody('ftjob-1'));
      const data: unknown = await client().request(retrieveFineTuningJob, {
        path: { fine_tuning_job_id: 'ftjob-1' },
        parseAs,
      });
      const read =
        data instanceof ReadableStream
          ? await new Response(data).text()
          : data instanceof Blob
            ? await data.text()
            : data instanceof ArrayBuffer
              ? new TextDecoder().decode(data)
              : typeof data === 'string'
                ? data
                : JSON.stringify(data);
      expect(JSON.parse(read)).toEqual(JSON.parse(text));
    },
  );

  it('a huge response (about 24 MB) is read whole and parsed', async () => {
    const data = Array.from({ length: 60_000 }, (_, i) =>
      jobBody(`ftjob-${i}`, { suffix: 'x'.repeat(100) }),
    );
    const text = JSON.stringify({ object: 'list', data, has_more: false });
    fault.server.handle = (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    expect(text.length).toBeGreaterThan(20_000_000);
    const page = await client().jobs.list({ limit: 100 });
    expect(page.data).toHaveLength(60_000);
    expect(page.data[59_999]?.id).toBe('ftjob-59999');
  });
});

describe('429 and retry-after', () => {
  it.each([
    ['retry-after-ms', () => ({ 'retry-after-ms': '150' }), 140],
    ['retry-after in seconds', () => ({ 'retry-after': '1' }), 950],
    [
      'retry-after as an HTTP date',
      () => ({ 'retry-after': new Date(Date.now() + 2000).toUTCString() }),
      900,
    ],
  ])('%s is honoured, then the call succeeds on attempt 2', async (_name, headers, atLeast) => {
    fault.server.handle = failThenJob(1, (res) =>
      json(res, 429, { error: { message: 'Slow down', type: 'requests' } }, headers()),
    );
    const started = performance.now();
    expect((await client({ retry: { initialDelayMs: 5000 } }).jobs.retrieve('ftjob-1')).id).toBe(
      'ftjob-1',
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(atLeast);
    expect(fault.server.requests).toHaveLength(2);
  });

  it('retry-after-ms wins over retry-after', async () => {
    fault.server.handle = failThenJob(1, (res) =>
      json(res, 429, {}, { 'retry-after-ms': '10', 'retry-after': '30' }),
    );
    const started = performance.now();
    await client().jobs.retrieve('ftjob-1');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(fault.server.requests).toHaveLength(2);
  });

  it('a retry-after beyond maxRetryAfterMs is not waited for: RateLimitError at once', async () => {
    fault.server.handle = (_req, res) =>
      json(
        res,
        429,
        { error: { message: 'Quota', type: 'tokens' } },
        {
          'retry-after': '3600',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '1h0m0s',
        },
      );
    const started = performance.now();
    const error = await client()
      .jobs.retrieve('ftjob-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).rateLimit.requests).toMatchObject({
      remaining: 0,
      resetMs: 3_600_000,
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fault.server.requests).toHaveLength(1);
  });
});

describe('retry budget', () => {
  it('a 500 storm longer than the budget: InternalServerError after 1 + maxRetries attempts', async () => {
    fault.server.handle = (_req, res) =>
      json(res, 500, { error: { message: 'boom', type: 'server_error' } });
    await expect(client().jobs.retrieve('ftjob-1')).rejects.toBeInstanceOf(InternalServerError);
    expect(fault.server.requests).toHaveLength(3);
  });

  it('maxRetries per client and per call', async () => {
    fault.server.handle = (_req, res) => json(res, 503, {});
    await expect(client({ maxRetries: 0 }).jobs.retrieve('ftjob-1')).rejects.toMatchObject({
      status: 503,
    });
    expect(fault.server.requests).toHaveLength(1);
    fault.server.requests.length = 0;
    await expect(
      client({ maxRetries: 0 }).jobs.retrieve('ftjob-1', { maxRetries: 4 }),
    ).rejects.toMatchObject({ status: 503 });
    expect(fault.server.requests).toHaveLength(5);
  });

  it('x-should-retry: false from the server stops retrying', async () => {
    fault.server.handle = (_req, res) => json(res, 500, {}, { 'x-should-retry': 'false' });
    await expect(client().jobs.retrieve('ftjob-1')).rejects.toBeInstanceOf(InternalServerError);
    expect(fault.server.requests).toHaveLength(1);
  });

  it.each([408, 409])('%d is retried', async (status) => {
    fault.server.handle = failThenJob(1, (res) => json(res, status, {}));
    await client().jobs.retrieve('ftjob-1');
    expect(fault.server.requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])('%d is never retried', async (status) => {
    fault.server.handle = (_req, res) => json(res, status, { error: { message: 'no' } });
    await expect(client().jobs.retrieve('ftjob-1')).rejects.toMatchObject({ status });
    expect(fault.server.requests).toHaveLength(1);
  });

  it('the policy per call: retryStatus', async () => {
    fault.server.handle = failThenJob(1, (res) => json(res, 400, {}));
    await client().jobs.retrieve('ftjob-1', { retry: { retryStatus: (s) => s === 400 } });
    expect(fault.server.requests).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('a server that stalls past the timeout: TimeoutError after 3 attempts, no timer left', async () => {
    const before = timers();
    fault.server.handle = () => {};
    const started = performance.now();
    const error = await client({ timeout: 100 })
      .jobs.retrieve('ftjob-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as TimeoutError).message).toMatch(
      /^GET \/v1\/fine_tuning\/jobs\/ftjob-1 timed out after 100 ms/,
    );
    expect(fault.server.requests).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('per-call timeout wins over the client one', async () => {
    fault.server.handle = () => {};
    await expect(
      client({ timeout: 60_000 }).jobs.retrieve('ftjob-1', { timeout: 50, maxRetries: 0 }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(fault.server.requests).toHaveLength(1);
  });

  it('a body that drips slower than the timeout allows: TimeoutError (the timeout covers the body)', async () => {
    const text = JSON.stringify(jobBody('ftjob-1'));
    const drips: NodeJS.Timeout[] = [];
    fault.server.handle = (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(text.length),
      });
      let i = 0;
      const tick = () => {
        if (res.destroyed || i >= text.length) return void res.end();
        res.write(text.slice(i, i + 10));
        i += 10;
        drips.push(setTimeout(tick, 20));
      };
      tick();
    };
    const error = await client({ timeout: 150, maxRetries: 1 })
      .jobs.retrieve('ftjob-1')
      .catch((e: unknown) => e);
    drips.forEach(clearTimeout);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(fault.server.requests).toHaveLength(2);
  });

  it('a body that drips within the timeout succeeds', async () => {
    const text = JSON.stringify(jobBody('ftjob-1'));
    fault.server.handle = (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(text.length),
      });
      let i = 0;
      const tick = () => {
        if (i >= text.length) return void res.end();
        res.write(text.slice(i, i + 100));
        i += 100;
        setTimeout(tick, 5);
      };
      tick();
    };
    expect((await client({ timeout: 5000 }).jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
    expect(fault.server.requests).toHaveLength(1);
  });
});

describe("the caller's abort", () => {
  it('an abort during the backoff wait ends the call at once with AbortError, not retried', async () => {
    const before = timers();
    fault.server.handle = (_req, res) => json(res, 429, {}, { 'retry-after': '20' });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    const started = performance.now();
    const error = await client()
      .jobs.retrieve('ftjob-1', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
    expect((error as AbortError).message).toMatch(
      /^GET \/v1\/fine_tuning\/jobs\/ftjob-1 was aborted/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fault.server.requests).toHaveLength(1);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('an abort while the server stalls: AbortError, not TimeoutError, not retried', async () => {
    fault.server.handle = () => {};
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      client().jobs.retrieve('ftjob-1', { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(fault.server.requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    fault.server.handle = (_req, res) => json(res, 200, jobBody('ftjob-1'));
    await expect(
      client().jobs.retrieve('ftjob-1', { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(fault.server.requests).toHaveLength(0);
  });
});
