// The error tree against nock: the class per status family, the fields an APIError carries, the
// messages (method and path, readable, never a secret), and guards that work across two copies
// of the package.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DailyRateLimitError,
  FineTuning,
  FineTuningError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  isAPIError,
  isDailyRateLimitError,
  isNotFoundError,
  isRateLimitError,
} from '../../src/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const API_KEY = 'sk-proj-secretAPIkey0123456789';
const ADMIN_KEY = 'sk-admin-secretADMINkey987654';
const ft = new FineTuning({
  apiKey: API_KEY,
  adminApiKey: ADMIN_KEY,
  baseUrl: BASE_URL,
  maxRetries: 0,
  logLevel: 'off',
});

const fail = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => expect.fail('should have thrown'),
    (e: unknown) => e,
  );

describe('the class for each status family', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ] as const)('%d → %o', async (status, Class) => {
    nock(BASE)
      .get('/v1/files/file-1')
      .reply(status, { error: { message: 'nope', type: 't', param: 'p', code: 'c' } });
    const error = await fail(ft.files.retrieve('file-1'));
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(FineTuningError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe(Class.name);
    expect(isAPIError(error)).toBe(true);
  });
});

describe('APIError fields', () => {
  it('carries status, headers, request id, the OpenAI error body and the rate-limit headers', async () => {
    nock(BASE)
      .post('/v1/fine_tuning/jobs/ftjob-1/cancel')
      .reply(
        429,
        {
          error: {
            message: 'Rate limit reached',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
        {
          'x-request-id': 'req_123',
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '6m0s',
          'x-ratelimit-limit-tokens': '150000',
          'x-ratelimit-remaining-tokens': '149000',
          'x-ratelimit-reset-tokens': '20ms',
        },
      );
    const error = (await fail(ft.jobs.cancel('ftjob-1'))) as RateLimitError;
    expect(isRateLimitError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      requestId: 'req_123',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
      method: 'POST',
      path: '/v1/fine_tuning/jobs/ftjob-1/cancel',
    });
    expect(error.headers.get('x-request-id')).toBe('req_123');
    expect(error.rateLimit).toEqual({
      requests: { limit: 500, remaining: 0, reset: '6m0s', resetMs: 360_000 },
      tokens: { limit: 150_000, remaining: 149_000, reset: '20ms', resetMs: 20 },
    });
    expect(error.message).toBe(
      'POST /v1/fine_tuning/jobs/ftjob-1/cancel failed with status 429: Rate limit reached (request id req_123)',
    );
  });

  it('a plain-text error body gives the right class and its text as the message', async () => {
    nock(BASE)
      .get('/v1/files/file-1')
      .reply(404, 'no such route\n', { 'content-type': 'text/plain' });
    const error = (await fail(ft.files.retrieve('file-1'))) as NotFoundError;
    expect(isNotFoundError(error)).toBe(true);
    expect(error.message).toBe('GET /v1/files/file-1 failed with status 404: no such route');
    expect(error.body).toBe('no such route\n');
  });
});

describe('the daily cap on job creation (429 daily_rate_limit_exceeded)', () => {
  const capBody = (message: string) => ({
    error: {
      message,
      type: 'invalid_request_error',
      param: null,
      code: 'daily_rate_limit_exceeded',
    },
  });

  it('is a DailyRateLimitError, still a RateLimitError, sent once even with retries left, naming the cap', async () => {
    const retrying = new FineTuning({
      apiKey: API_KEY,
      baseUrl: BASE_URL,
      maxRetries: 2,
      logLevel: 'off',
    });
    const scope = nock(BASE)
      .post('/v1/fine_tuning/jobs')
      .once()
      .reply(
        429,
        capBody(
          "This fine-tune request has been rate-limited. Your organization has reached the maximum of 3 fine-tuning requests per day for the model 'gpt-4.1-2025-04-14'.",
        ),
        { 'retry-after': '1' },
      );
    const error = (await fail(
      retrying.jobs.create({ model: 'gpt-4.1-2025-04-14', training_file: 'file-1' }),
    )) as DailyRateLimitError;
    expect(scope.isDone()).toBe(true);
    expect(error).toBeInstanceOf(DailyRateLimitError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(isDailyRateLimitError(error)).toBe(true);
    expect(isRateLimitError(error)).toBe(true);
    expect(error.name).toBe('DailyRateLimitError');
    expect(error).toMatchObject({
      status: 429,
      code: 'daily_rate_limit_exceeded',
      param: null,
      cap: 3,
      model: 'gpt-4.1-2025-04-14',
    });
    expect(error.message).toContain(
      'Not retried: the organization reached the daily cap of 3 fine-tuning job creations for gpt-4.1-2025-04-14, which resets within 24 hours',
    );
  });

  it('a cap message without a number still says what happened; other 429s keep being RateLimitError', async () => {
    nock(BASE).post('/v1/fine_tuning/jobs').reply(429, capBody('Too many fine-tuning jobs today.'));
    const error = (await fail(
      ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-1' }),
    )) as DailyRateLimitError;
    expect(error).toBeInstanceOf(DailyRateLimitError);
    expect(error.cap).toBeUndefined();
    expect(error.message).toContain('reached the daily cap on fine-tuning job creations');
    nock(BASE)
      .get('/v1/files/file-1')
      .reply(429, {
        error: { message: 'slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' },
      });
    const plain = await fail(ft.files.retrieve('file-1'));
    expect(plain).toBeInstanceOf(RateLimitError);
    expect(isDailyRateLimitError(plain)).toBe(false);
  });
});

describe('2xx bodies that are not JSON', () => {
  it.each([
    ['empty', '', /its body is empty/],
    ['HTML', '<html>hello</html>', /its body is not valid JSON/],
  ])('%s → InvalidResponseError, not undefined data', async (_name, body, problem) => {
    nock(BASE).get('/v1/files/file-1').reply(200, body, { 'content-type': 'text/html' });
    const error = await fail(ft.files.retrieve('file-1'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/^GET \/v1\/files\/file-1 answered 200, but /);
    expect((error as Error).message).toMatch(problem);
  });
});

describe('secrets never appear in errors', () => {
  it('an API key echoed in the body, the message and a header is removed', async () => {
    nock(BASE)
      .get('/v1/files/file-1')
      .reply(
        401,
        {
          error: {
            message: `Incorrect API key provided: ${API_KEY}. Header was Authorization: Bearer ${API_KEY}`,
          },
          echo: { authorization: `Bearer ${API_KEY}` },
        },
        {
          'x-echo-authorization': `Bearer ${API_KEY}`,
          'www-authenticate': `Bearer realm="${API_KEY}"`,
        },
      );
    const error = (await fail(ft.files.retrieve('file-1'))) as AuthenticationError;
    const everything = [
      error.message,
      String(error.stack),
      JSON.stringify(error.body),
      JSON.stringify([...error.headers]),
      JSON.stringify(error.error),
    ].join('\n');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain('secretAPIkey');
    expect(error.message).toContain('[redacted]');
  });

  it('the admin key echoed back from a permissions call is removed', async () => {
    const checkpoint = 'ft:gpt-4o-mini:org::ckpt';
    nock(BASE)
      .get(`/v1/fine_tuning/checkpoints/${encodeURIComponent(checkpoint)}/permissions`)
      .reply(403, `<html><body>Forbidden for ${ADMIN_KEY}</body></html>`, {
        'content-type': 'text/html',
      });
    const error = (await fail(
      ft.checkpoints.permissions.list(checkpoint),
    )) as PermissionDeniedError;
    expect(`${error.message} ${JSON.stringify(error.body)}`).not.toContain('secretADMINkey');
    expect(error.message).toMatch(
      /^GET \/v1\/fine_tuning\/checkpoints\/[^ ]+\/permissions failed with status 403: Forbidden for \[redacted\]/,
    );
  });

  it('a key that is not key-shaped is still removed, because it is what was sent', async () => {
    const odd = 'plainpassword-xyz';
    const client = new FineTuning({
      apiKey: odd,
      baseUrl: BASE_URL,
      maxRetries: 0,
      logLevel: 'off',
    });
    nock(BASE)
      .get('/v1/files/file-1')
      .reply(400, { error: { message: `bad token ${odd}` } });
    const error = (await fail(client.files.retrieve('file-1'))) as BadRequestError;
    expect(error.message).not.toContain(odd);
    expect(JSON.stringify(error.body)).not.toContain(odd);
  });
});

describe('guards and instanceof across two copies of the package', () => {
  it('an error from one copy is recognised by the other', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ft-copy-'));
    try {
      await cp(new URL('../../src/errors.ts', import.meta.url), join(dir, 'src/errors.ts'));
      await cp(new URL('../../src/errors/', import.meta.url), join(dir, 'src/errors'), {
        recursive: true,
      });
      const copy = (await import(
        join(dir, 'src/errors.ts')
      )) as typeof import('../../src/errors.ts');
      expect(copy.RateLimitError).not.toBe(RateLimitError);

      const theirs = new copy.RateLimitError({
        status: 429,
        headers: new Headers(),
        method: 'GET',
        path: '/v1/x',
        body: {},
      });
      expect(theirs).toBeInstanceOf(RateLimitError);
      expect(theirs).toBeInstanceOf(APIError);
      expect(theirs).toBeInstanceOf(FineTuningError);
      expect(theirs).not.toBeInstanceOf(NotFoundError);
      expect(isRateLimitError(theirs)).toBe(true);

      nock(BASE).get('/v1/files/file-1').reply(404, {});
      const ours = await fail(ft.files.retrieve('file-1'));
      expect(ours).toBeInstanceOf(copy.NotFoundError);
      expect(copy.isNotFoundError(ours)).toBe(true);
      expect(copy.isRateLimitError(ours)).toBe(false);
      expect({}).not.toBeInstanceOf(copy.APIError);
      expect(null).not.toBeInstanceOf(copy.FineTuningError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('guards narrow to the class', () => {
    expectTypeOf(isRateLimitError).guards.toEqualTypeOf<RateLimitError>();
    expectTypeOf(isAPIError).guards.toEqualTypeOf<APIError>();
    const error: unknown = APIError.from({
      status: 429,
      headers: new Headers({ 'x-ratelimit-remaining-tokens': '7' }),
      method: 'GET',
      path: '/v1/x',
      body: {},
    });
    expect(isRateLimitError(error) && error.rateLimit.tokens.remaining).toBe(7);
  });

  it('a subclass of the caller keeps ordinary instanceof', () => {
    class Mine extends NotFoundError {}
    const mine = new Mine({
      status: 404,
      headers: new Headers(),
      method: 'GET',
      path: '/v1/x',
      body: {},
    });
    const plain = APIError.from({
      status: 404,
      headers: new Headers(),
      method: 'GET',
      path: '/v1/x',
      body: {},
    });
    expect(mine).toBeInstanceOf(Mine);
    expect(mine).toBeInstanceOf(NotFoundError);
    expect(plain).not.toBeInstanceOf(Mine);
  });
});
