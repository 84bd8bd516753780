// Property-based tests of the facade: arbitrary values to every public method and to every
// constructor option. Invariants: each call settles with a result or a FineTuningError (never a
// TypeError from inside the SDK, never a synchronous throw except where documented: the
// constructor and jobs.follow's options), nothing waits forever, and no key appears in any
// rendering of the client, of what it returns or throws, or in its log lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FineTuning,
  FineTuningError,
  retrieveFineTuningJob,
  type ClientOptions,
} from '../../src/index.ts';
import { fuzzParameters, leaks } from './helpers.ts';

// Not key-shaped (no `sk-`), so only the exact-value redaction can hide them.
const API_KEY = 'fuzzapikey-7Q2W9E4R';
const ADMIN_KEY = 'fuzzadminkey-3Z8X1C6V';
const SECRETS = [API_KEY, ADMIN_KEY];

/** A fetch that answers every request at once with a body every operation can read. */
const answering: typeof fetch = async (input, init) => {
  void input;
  // Read the body as fetch would, so a body that cannot be read fails here as it would there.
  if (init?.body instanceof ReadableStream) await new Response(init.body).arrayBuffer();
  const body = {
    object: 'list',
    data: [
      {
        id: 'item-1',
        object: 'fine_tuning.job.event',
        created_at: 1,
        level: 'info',
        message: 'm',
        metrics: {},
      },
    ],
    has_more: false,
    id: 'ftjob-1',
    status: 'succeeded',
    model: 'gpt-4o-mini',
    fine_tuned_model: 'ft:m',
    reward: 1,
    deleted: true,
  };
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' },
  });
};

function client(extra: Partial<ClientOptions> = {}, lines: string[] = []): FineTuning {
  const log = (line: string, ...rest: unknown[]) =>
    void lines.push([line, ...rest].map(String).join(' '));
  return new FineTuning({
    apiKey: API_KEY,
    adminApiKey: ADMIN_KEY,
    baseUrl: 'http://127.0.0.1:9/v1',
    fetch: answering,
    maxRetries: 0,
    logger: { error: log, warn: log, info: log, debug: log },
    logLevel: 'debug',
    ...extra,
  });
}

/** Settles `value` (awaiting a thenable, draining an async iterable a few items), bounded in time. */
async function settle(
  value: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  const work = (async () => {
    if (
      value &&
      typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' &&
      typeof (value as PromiseLike<unknown>).then !== 'function'
    ) {
      const items: unknown[] = [];
      for await (const item of value as AsyncIterable<unknown>) if (items.push(item) >= 5) break;
      return items;
    }
    return await (value as PromiseLike<unknown>);
  })();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('did not settle within 3 s')), 3_000);
  });
  try {
    return { ok: true, value: await Promise.race([work, limit]) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

// Values a careless or hostile caller passes: anything at all, plus the shapes that reach deeper
// (ids, bodies, options with odd signals, headers, timeouts).
const anyValue = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
    }),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('ftjob-1', 'file-1', '', '.', '..', '%2e', 'a/b', 'a\r\nb'),
  },
);
const anyHeaders = fc.oneof(
  fc.dictionary(
    fc.string({ maxLength: 8, unit: 'binary' }),
    fc.oneof(fc.string({ maxLength: 8, unit: 'binary' }), fc.anything({ maxDepth: 1 })),
    { maxKeys: 3 },
  ),
  anyValue,
);
const anyOptions = fc.oneof(
  anyValue,
  fc.record(
    {
      signal: fc.oneof(
        fc.constant(AbortSignal.abort()),
        fc.constant(new AbortController().signal),
        anyValue,
      ),
      headers: anyHeaders,
      timeout: fc.oneof(fc.integer({ min: -5, max: 2_000 }), fc.double(), anyValue),
      maxRetries: fc.oneof(fc.integer({ min: -2, max: 2 }), fc.double(), anyValue),
      retry: fc.oneof(
        fc.record(
          {
            initialDelayMs: fc.oneof(fc.integer({ min: -1, max: 5 }), anyValue),
            retryStatus: anyValue,
          },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
      idempotencyKey: anyValue,
      jobMarker: anyValue,
      pollInterval: fc.oneof(fc.integer({ min: -1, max: 5 }), anyValue),
      pageSize: anyValue,
      history: anyValue,
      maxPollFailures: anyValue,
      metric: anyValue,
    },
    { requiredKeys: [] },
  ),
);
const anyBody = fc.oneof(
  anyValue,
  fc.record(
    {
      model: anyValue,
      training_file: anyValue,
      metadata: fc.oneof(
        anyValue,
        fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 17 }),
      ),
      grader: anyValue,
      file: anyValue,
      purpose: anyValue,
      project_ids: anyValue,
    },
    { requiredKeys: [] },
  ),
);

type Method = {
  name: string;
  run: (ft: FineTuning, args: unknown[]) => unknown;
  args: fc.Arbitrary<unknown[]>;
  syncThrows?: boolean;
};
const id = fc.oneof(
  { weight: 2, arbitrary: fc.constant('ftjob-1') },
  { weight: 3, arbitrary: anyValue },
);
const m = (name: string, run: Method['run'], ...args: fc.Arbitrary<unknown>[]): Method => ({
  name,
  run,
  args: fc.tuple(...args),
});
const METHODS: Method[] = [
  m(
    'jobs.create',
    (ft, a) => (ft.jobs.create as (...x: unknown[]) => unknown)(...a),
    anyBody,
    anyOptions,
  ),
  m(
    'jobs.retrieve',
    (ft, a) => (ft.jobs.retrieve as (...x: unknown[]) => unknown)(...a),
    id,
    anyOptions,
  ),
  m(
    'jobs.list',
    (ft, a) => (ft.jobs.list as (...x: unknown[]) => unknown)(...a),
    anyValue,
    anyOptions,
  ),
  m(
    'jobs.list (iterated)',
    (ft, a) =>
      (ft.jobs.list as (...x: unknown[]) => AsyncIterable<unknown>)(...a)[Symbol.asyncIterator](),
    anyValue,
    anyOptions,
  ),
  m(
    'jobs.cancel',
    (ft, a) => (ft.jobs.cancel as (...x: unknown[]) => unknown)(...a),
    id,
    anyOptions,
  ),
  m('jobs.pause', (ft, a) => (ft.jobs.pause as (...x: unknown[]) => unknown)(...a), id, anyOptions),
  m(
    'jobs.resume',
    (ft, a) => (ft.jobs.resume as (...x: unknown[]) => unknown)(...a),
    id,
    anyOptions,
  ),
  m(
    'jobs.listEvents',
    (ft, a) => (ft.jobs.listEvents as (...x: unknown[]) => unknown)(...a),
    id,
    anyValue,
    anyOptions,
  ),
  m(
    'jobs.listCheckpoints (toArray)',
    (ft, a) =>
      (ft.jobs.listCheckpoints as (...x: unknown[]) => { toArray(o?: unknown): unknown })(
        a[0],
        a[1],
        a[2],
      ).toArray(a[3]),
    id,
    anyValue,
    anyOptions,
    anyValue,
  ),
  {
    ...m(
      'jobs.follow',
      (ft, a) => (ft.jobs.follow as (...x: unknown[]) => unknown)(...a),
      id,
      anyOptions,
    ),
    syncThrows: true,
  },
  m('jobs.wait', (ft, a) => (ft.jobs.wait as (...x: unknown[]) => unknown)(...a), id, anyOptions),
  m(
    'jobs.bestCheckpoint',
    (ft, a) => (ft.jobs.bestCheckpoint as (...x: unknown[]) => unknown)(...a),
    id,
    anyOptions,
  ),
  m(
    'files.create',
    (ft, a) => (ft.files.create as (...x: unknown[]) => unknown)(...a),
    anyBody,
    anyOptions,
  ),
  m(
    'files.retrieve',
    (ft, a) => (ft.files.retrieve as (...x: unknown[]) => unknown)(...a),
    id,
    anyOptions,
  ),
  m(
    'files.list',
    (ft, a) => (ft.files.list as (...x: unknown[]) => unknown)(...a),
    anyValue,
    anyOptions,
  ),
  m(
    'files.delete',
    (ft, a) => (ft.files.delete as (...x: unknown[]) => unknown)(...a),
    id,
    anyOptions,
  ),
  m(
    'files.content',
    (ft, a) => (ft.files.content as (...x: unknown[]) => unknown)(...a),
    id,
    anyOptions,
  ),
  m(
    'checkpoints.permissions.create',
    (ft, a) => (ft.checkpoints.permissions.create as (...x: unknown[]) => unknown)(...a),
    id,
    anyBody,
    anyOptions,
  ),
  m(
    'checkpoints.permissions.list',
    (ft, a) => (ft.checkpoints.permissions.list as (...x: unknown[]) => unknown)(...a),
    id,
    anyValue,
    anyOptions,
  ),
  m(
    'checkpoints.permissions.delete',
    (ft, a) => (ft.checkpoints.permissions.delete as (...x: unknown[]) => unknown)(...a),
    id,
    id,
    anyOptions,
  ),
  m(
    'graders.run',
    (ft, a) => (ft.graders.run as (...x: unknown[]) => unknown)(...a),
    anyBody,
    anyOptions,
  ),
  m(
    'graders.validate',
    (ft, a) => (ft.graders.validate as (...x: unknown[]) => unknown)(...a),
    anyBody,
    anyOptions,
  ),
  m(
    'request',
    (ft, a) => (ft.request as (...x: unknown[]) => unknown)(retrieveFineTuningJob, ...a),
    anyValue,
    anyOptions,
  ),
  m(
    'withResponse',
    (ft, a) =>
      (ft.jobs.retrieve as (...x: unknown[]) => { withResponse(): unknown })(...a).withResponse(),
    id,
    anyOptions,
  ),
];

describe('fuzz: every public method of the facade', () => {
  for (const method of METHODS) {
    it(`${method.name}: a result or a FineTuningError, no key anywhere`, async () => {
      await fc.assert(
        fc.asyncProperty(method.args, async (args) => {
          const lines: string[] = [];
          const ft = client({}, lines);
          let returned: unknown;
          try {
            returned = method.run(ft, args);
          } catch (error) {
            // Only documented synchronous throws, and only typed ones.
            expect(method.syncThrows, `${method.name} threw synchronously: ${String(error)}`).toBe(
              true,
            );
            expect(error).toBeInstanceOf(FineTuningError);
            expect(leaks(error, SECRETS)).toEqual([]);
            return;
          }
          const outcome = await settle(returned);
          if (!outcome.ok) {
            expect(
              outcome.error,
              String((outcome.error as Error)?.stack ?? outcome.error),
            ).toBeInstanceOf(FineTuningError);
            expect(leaks(outcome.error, SECRETS)).toEqual([]);
          } else {
            expect(leaks(outcome.value, SECRETS)).toEqual([]);
          }
          expect(leaks(ft, SECRETS)).toEqual([]);
          expect(lines.filter((l) => SECRETS.some((s) => l.includes(s)))).toEqual([]);
        }),
        fuzzParameters(120),
      );
    });
  }
});

describe('fuzz: every constructor option', () => {
  const optionValue = fc.oneof(
    anyValue,
    fc.string({ maxLength: 20, unit: 'binary' }),
    fc.constantFrom(
      'org-…',
      'a\r\nX-Injected: 1',
      'ok\0',
      'https://user:pass@host/v1',
      'ftp://x',
      'not a url',
      'http://127.0.0.1:9/v1',
    ),
  );
  const OPTIONS = [
    'apiKey',
    'adminApiKey',
    'organization',
    'project',
    'baseUrl',
    'fetch',
    'headers',
    'timeout',
    'maxRetries',
    'retry',
    'jobMarker',
    'logger',
    'logLevel',
  ] as const;
  const options = fc.record(
    Object.fromEntries(
      OPTIONS.map((name) => [name, name === 'headers' ? anyHeaders : optionValue]),
    ) as Record<(typeof OPTIONS)[number], fc.Arbitrary<unknown>>,
    { requiredKeys: [] },
  );

  it('new FineTuning(options): a client that sends a correct request, or a ConfigurationError; no key in any rendering', async () => {
    await fc.assert(
      fc.asyncProperty(options, fc.boolean(), async (given, keysAsFunctions) => {
        const lines: string[] = [];
        const log = (line: string) => void lines.push(line);
        // The keys are always the fuzz secrets (plain or as functions), so a leak can be seen;
        // every other option is arbitrary. An arbitrary `fetch` is swapped for the answering one
        // when it is a function, so no request leaves the process.
        const o = {
          ...given,
          apiKey:
            'apiKey' in given && typeof given.apiKey !== 'string'
              ? given.apiKey
              : keysAsFunctions
                ? () => API_KEY
                : API_KEY,
          adminApiKey: keysAsFunctions ? async () => ADMIN_KEY : ADMIN_KEY,
          fetch: typeof given.fetch === 'function' || !('fetch' in given) ? answering : given.fetch,
          logger:
            'logger' in given ? given.logger : { error: log, warn: log, info: log, debug: log },
        } as ClientOptions;
        let ft: FineTuning;
        try {
          ft = new FineTuning(o);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(FineTuningError);
          expect((error as Error).name).toBe('ConfigurationError');
          expect(leaks(error, SECRETS)).toEqual([]);
          return;
        }
        expect(leaks(ft, SECRETS)).toEqual([]);
        const outcome = await settle(
          ft.jobs.retrieve('ftjob-1', { maxRetries: 0, timeout: 2_000 }),
        );
        if (!outcome.ok) {
          expect(outcome.error, String(outcome.error)).toBeInstanceOf(FineTuningError);
          expect(leaks(outcome.error, SECRETS)).toEqual([]);
        }
        expect(lines.filter((l) => SECRETS.some((s) => l.includes(s)))).toEqual([]);
      }),
      fuzzParameters(300),
    );
  });
});
