// The doors a hostile review found open, each closed: keys through renderings of the client, header
// injection through options, credentials and bad URLs in baseUrl, fetch's refusals reported as
// network failures, TypeErrors from bad arguments, and a bare DOMException from an aborted list.
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ConfigurationError,
  ConnectionError,
  FineTuning,
  InvalidArgumentError,
  UnsendableRequestError,
  isUnsendableRequestError,
} from '../../src/index.ts';
import { leaks } from '../fuzz/helpers.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const API_KEY = 'sk-proj-hardening0123456789';
const ADMIN_KEY = 'sk-admin-hardening9876543210';
const PLAIN_KEY = 'plainsecret-ABCDEF-123456';

const caught = async (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => undefined,
    (e: unknown) => e,
  );
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('no key through any rendering of the client', () => {
  it('console.log, util.inspect, JSON.stringify and String show no key; the options stay readable, keys redacted', () => {
    const keyFunction = () => PLAIN_KEY;
    const ft = new FineTuning({
      apiKey: API_KEY,
      adminApiKey: keyFunction,
      baseUrl: BASE_URL,
      headers: { Authorization: `Bearer ${ADMIN_KEY}` },
    });
    const lines: string[] = [];
    const spy = vi
      .spyOn(console, 'log')
      .mockImplementation(
        (...args: unknown[]) =>
          void lines.push(args.map((a) => inspect(a, { depth: 6 })).join(' ')),
      );
    console.log(ft);
    spy.mockRestore();
    for (const text of [
      ...lines,
      inspect(ft, { depth: 10, showHidden: true }),
      JSON.stringify(ft),
      String(ft),
    ]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(ADMIN_KEY);
      expect(text).not.toContain(PLAIN_KEY);
    }
    expect(leaks(ft, [API_KEY, ADMIN_KEY, PLAIN_KEY])).toEqual([]);
    expect(ft.options.apiKey).toBe('[redacted]');
    expect(ft.options.adminApiKey).toBe('[redacted]');
    expect(ft.options.headers.Authorization).toBe('[redacted]');
    expect(ft.options.baseUrl).toBe(BASE_URL);
    expect(ft.options.retry.maxRetries).toBe(2);
  });

  it('a key read from the environment is redacted the same way, and still sent', async () => {
    vi.stubEnv('OPENAI_API_KEY', PLAIN_KEY);
    try {
      const ft = new FineTuning({ baseUrl: BASE_URL });
      expect(JSON.stringify(ft.options)).not.toContain(PLAIN_KEY);
      nock(BASE, { reqheaders: { authorization: `Bearer ${PLAIN_KEY}` } })
        .get('/v1/fine_tuning/jobs/ftjob-1')
        .reply(200, { id: 'ftjob-1' });
      expect((await ft.jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('any option named like a credential (…Key, …Secret) is redacted, so later options are covered', async () => {
    const { redactedOptions } = await import('../../src/transport/options.ts');
    const shown = redactedOptions({
      apiKey: 'a-key-value',
      webhookSecret: 'whsec_value',
      someToken: () => 'x',
      timeout: 5,
    });
    expect(shown).toEqual({
      apiKey: '[redacted]',
      webhookSecret: '[redacted]',
      someToken: '[redacted]',
      timeout: 5,
    });
  });
});

describe('header values are checked when the client is built, never sent, never retried', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'a key with CR/LF',
      { apiKey: `${PLAIN_KEY}\r\nX-Injected: 1` },
      /`apiKey` contains a line break, NUL or other control character/,
    ],
    [
      'an admin key with a NUL',
      { adminApiKey: `${PLAIN_KEY}\0` },
      /`adminApiKey` contains a line break, NUL or other control character/,
    ],
    [
      'an organization placeholder outside Latin-1',
      { organization: 'org-…' },
      /`organization` contains a character outside Latin-1 at index 4 \(a placeholder such as '…' must be replaced/,
    ],
    ['a project with LF', { project: 'proj\nx' }, /`project` contains a line break/],
    [
      'a header value with CR',
      { headers: { 'X-Trace': 'a\rb' } },
      /`headers`: the value of the header "X-Trace" contains a line break/,
    ],
    [
      'a header name that is not a token',
      { headers: { 'X Bad': 'v' } },
      /`headers`: header name number 1 is not a valid header name/,
    ],
    [
      'a header value that is not a string',
      { headers: { 'X-Obj': {} } },
      /must be a string, got an object/,
    ],
  ];
  for (const [what, options, message] of cases) {
    it(`${what}: ConfigurationError naming the option, without the value`, () => {
      const fetchSpy = vi.fn();
      const error = thrown(
        () => new FineTuning({ apiKey: 'k-valid', baseUrl: BASE_URL, fetch: fetchSpy, ...options }),
      );
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(message);
      expect(leaks(error, [PLAIN_KEY, 'X-Injected'])).toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
    });
  }

  it('the same check when a key function resolves: ConfigurationError, not sent, not retried', async () => {
    const fetchSpy = vi.fn();
    const ft = new FineTuning({
      apiKey: () => `${PLAIN_KEY}\r\nX-Injected: 1`,
      baseUrl: BASE_URL,
      fetch: fetchSpy,
    });
    const error = await caught(ft.jobs.retrieve('ftjob-1'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /The key returned by the `apiKey` function contains a line break/,
    );
    expect(leaks(error, [PLAIN_KEY])).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('a key function that returns a non-string: ConfigurationError', async () => {
    const ft = new FineTuning({ apiKey: (() => 42) as never, baseUrl: BASE_URL, fetch: vi.fn() });
    expect(await caught(ft.jobs.retrieve('ftjob-1'))).toBeInstanceOf(ConfigurationError);
  });

  it("a call's own headers are checked at the call: InvalidArgumentError, not sent", async () => {
    const fetchSpy = vi.fn();
    const ft = new FineTuning({ apiKey: 'k-valid', baseUrl: BASE_URL, fetch: fetchSpy });
    const error = await caught(
      ft.jobs.retrieve('ftjob-1', { headers: { 'X-Trace': `${PLAIN_KEY}\n` } }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(leaks(error, [PLAIN_KEY])).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('baseUrl is checked when the client is built', () => {
  it('credentials in baseUrl are refused, with how to pass a key instead, and never echoed', () => {
    const error = thrown(
      () => new FineTuning({ apiKey: 'k', baseUrl: 'https://user:hunter2pass@api.example.com/v1' }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/must not contain credentials.*`apiKey`/);
    expect(leaks(error, ['hunter2pass'])).toEqual([]);
  });

  it.each([['not a url'], ['ftp://x'], ['/v1'], ['https://api.example.com/v1?x=1']])(
    '%j: ConfigurationError at construction, not a retried request',
    (baseUrl) => {
      expect(thrown(() => new FineTuning({ apiKey: 'k', baseUrl }))).toBeInstanceOf(
        ConfigurationError,
      );
    },
  );

  it('OPENAI_BASE_URL is checked the same way, and named', () => {
    vi.stubEnv('OPENAI_BASE_URL', 'ftp://x');
    try {
      const error = thrown(() => new FineTuning({ apiKey: 'k' }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(
        /^OPENAI_BASE_URL must be an absolute http: or https: URL/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('a fetch rejection that is not a network failure is its own, non-retried error', () => {
  it("fetch's refusal of a header: UnsendableRequestError after one attempt, the value removed from the cause", async () => {
    // A custom fetch that refuses as Node's does (the SDK's own checks never let such a value through).
    const refusing = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const value = (init!.headers as Record<string, string>)['x-trace']!;
      throw new TypeError(`Headers.append: "${value}" is an invalid header value.`);
    });
    const ft = new FineTuning({
      apiKey: 'k-valid',
      baseUrl: BASE_URL,
      fetch: refusing as typeof fetch,
      headers: { 'X-Trace': PLAIN_KEY },
    });
    const error = await caught(ft.jobs.retrieve('ftjob-1'));
    expect(error).toBeInstanceOf(UnsendableRequestError);
    expect(isUnsendableRequestError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(refusing).toHaveBeenCalledTimes(1);
    expect((error as Error).message).toMatch(
      /^GET \/v1\/fine_tuning\/jobs\/ftjob-1 was not sent: fetch refused the request/,
    );
    expect(leaks(error, [PLAIN_KEY])).toEqual([]);
  });

  it('undici\'s refusal reported as "fetch failed" (a control character): UnsendableRequestError, not retried', async () => {
    const refusing = vi.fn(async () => {
      throw new TypeError('fetch failed', { cause: new Error('invalid x-trace header') });
    });
    const ft = new FineTuning({
      apiKey: 'k-valid',
      baseUrl: BASE_URL,
      fetch: refusing as typeof fetch,
    });
    expect(await caught(ft.jobs.retrieve('ftjob-1'))).toBeInstanceOf(UnsendableRequestError);
    expect(refusing).toHaveBeenCalledTimes(1);
  });

  it('a real network failure is still a retried ConnectionError', async () => {
    const failing = vi.fn(async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
          code: 'ECONNREFUSED',
        }),
      });
    });
    const ft = new FineTuning({
      apiKey: 'k-valid',
      baseUrl: BASE_URL,
      fetch: failing as typeof fetch,
      retry: { initialDelayMs: 1 },
    });
    expect(await caught(ft.jobs.retrieve('ftjob-1'))).toBeInstanceOf(ConnectionError);
    expect(failing).toHaveBeenCalledTimes(3);
  });
});

describe('bad arguments are typed rejections, never a TypeError', () => {
  it('jobs.create(null) rejects with InvalidArgumentError instead of throwing a TypeError', async () => {
    const ft = new FineTuning({ apiKey: 'k', baseUrl: BASE_URL, fetch: vi.fn() });
    let returned: PromiseLike<unknown> | undefined;
    expect(() => {
      returned = ft.jobs.create(null as never);
    }).not.toThrow();
    const error = await caught(returned!);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe('jobs.create: `body` must be an object, got null.');
  });

  it('a body that JSON cannot serialise (a BigInt) is an InvalidArgumentError, nothing sent', async () => {
    const fetchSpy = vi.fn();
    const ft = new FineTuning({ apiKey: 'k', baseUrl: BASE_URL, fetch: fetchSpy });
    const error = await caught(ft.graders.run({ model_sample: 'x', grader: { n: 1n } } as never));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /the body cannot be serialized \(Do not know how to serialize a BigInt\)/,
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('a signal that is not an AbortSignal is an InvalidArgumentError', async () => {
    const ft = new FineTuning({ apiKey: 'k', baseUrl: BASE_URL, fetch: vi.fn() });
    expect(await caught(ft.files.retrieve('file-1', { signal: 'stop' as never }))).toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});

describe('aborting gives AbortError everywhere, iteration included', () => {
  it('an aborted for await over a list rejects with AbortError, not a bare DOMException', async () => {
    const controller = new AbortController();
    nock(BASE)
      .get('/v1/fine_tuning/jobs')
      .query(true)
      .reply(200, { object: 'list', data: [{ id: 'ftjob-1' }, { id: 'ftjob-2' }], has_more: true });
    const ft = new FineTuning({ apiKey: 'k', baseUrl: BASE_URL });
    const error = await (async () => {
      for await (const job of ft.jobs.list({}, { signal: controller.signal })) {
        void job;
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).message).toBe("jobs.list was aborted by the caller's signal.");
    expect(((error as AbortError).cause as Error).name).toBe('AbortError');
  });

  it('a list whose signal is already aborted rejects with AbortError when awaited', async () => {
    const ft = new FineTuning({ apiKey: 'k', baseUrl: BASE_URL });
    expect(await caught(ft.files.list({}, { signal: AbortSignal.abort() }))).toBeInstanceOf(
      AbortError,
    );
  });
});
