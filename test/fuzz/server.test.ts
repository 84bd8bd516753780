// Property-based tests of the local server: arbitrary methods, paths, query strings, headers and
// body bytes, sent raw over a socket. Invariant: a 2xx, or a 4xx whose body is the API's error
// shape; never a 5xx, never a bare status; and the server still answers the next request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/testing/spec.ts';
import { useLocalServer } from '../helpers/local-server.ts';
import { rawHttp } from '../helpers/raw-http.ts';
import { fuzzParameters } from './helpers.ts';

const ctx = useLocalServer();
const spec = loadSpec();

// Bytes as a latin1 string, so every byte value can appear on the wire.
const bytes = (maxLength: number) =>
  fc.uint8Array({ maxLength }).map((b) => Buffer.from(b).toString('latin1'));
const segment = fc.oneof(
  fc.constantFrom('ftjob-1', 'file-1', '..', '%2e', '%', '%zz', '%C0%AF', 'a%00b', ''),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  bytes(8),
);

const method = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'),
  },
  { weight: 1, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), bytes(6)) },
);
const path = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...spec.operations.map((o) => o.path)),
        fc.array(segment, { minLength: 4, maxLength: 4 }),
      )
      .map(([p, segs]) => `/v1${p.replace(/\{[^}]+\}/g, () => segs.pop() ?? 'x')}`),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      bytes(20),
      fc.webPath(),
      fc.constantFrom('*', '//', '/v1', 'http://x/v1/files', '/v1/../v1/files'),
    ),
  },
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'limit',
            'after',
            'metadata[k]',
            'metadata',
            'purpose',
            'order',
            'stream',
          ),
          fc.string({ maxLength: 6 }),
        ),
        fc.oneof(
          fc.string({ maxLength: 8 }),
          bytes(8),
          fc.constantFrom('null', '-1', '1e999', '%'),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
);
const headerName = fc.oneof(
  fc.constantFrom(
    'content-type',
    'authorization',
    'openai-organization',
    'idempotency-key',
    'last-event-id',
    'expect',
    'x-a',
  ),
  fc.string({ minLength: 1, maxLength: 10 }),
  bytes(6),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    'application/json',
    'multipart/form-data; boundary=x',
    'text/plain',
    '100-continue',
    '',
  ),
  fc.string({ maxLength: 20 }),
  bytes(20),
);
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 }).map((pairs) =>
  // The server would rightly wait for a body that a wrong length promises: lengths are set below.
  pairs.filter(([name]) => !/^(content-length|transfer-encoding|connection)$/i.test(name.trim())),
);
const jsonish = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.constantFrom(
    '{"model":"gpt-4o-mini","training_file":"file-1"}',
    '{"grader":{"type":"string_check"}}',
    '{"project_ids":[]}',
    '[[[[[[[[[[',
    '{"a":"\ud800"}',
  ),
  bytes(64),
);

describe('fuzz: arbitrary requests to the local server', () => {
  it('answers 2xx or a 4xx in the API shape, and keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        query,
        headers,
        jsonish,
        fc.boolean(),
        async (m, p, q, hs, body, withKey) => {
          const head = [`${m} ${p}${q} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close'];
          if (withKey) head.push(`authorization: Bearer ${ctx.server.apiKey}`);
          for (const [name, value] of hs) head.push(`${name}: ${value}`);
          const payload = Buffer.from(body, /^[\x00-\xff]*$/.test(body) ? 'latin1' : 'utf8');
          head.push(`content-length: ${payload.length}`);
          const answer = await rawHttp(
            ctx.server.port,
            Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]),
          );
          const where = `${m} ${p}${q} -> ${answer.text.slice(0, 300)}`;
          expect(answer.status, where).toBeGreaterThanOrEqual(200);
          expect(answer.status, where).toBeLessThan(500);
          expect(answer.status >= 300 && answer.status < 400, where).toBe(false);
          if (answer.status >= 400 && m !== 'HEAD') {
            const parsed = JSON.parse(answer.body) as {
              error: { message: unknown; type: unknown };
            };
            expect(typeof parsed.error.message, where).toBe('string');
            expect(typeof parsed.error.type, where).toBe('string');
          }
          const next = await fetch(`${ctx.server.baseUrl}/fine_tuning/jobs?limit=1`, {
            headers: { authorization: `Bearer ${ctx.server.apiKey}` },
          });
          expect(next.status).toBe(200);
          await next.arrayBuffer();
        },
      ),
      fuzzParameters(300),
    );
  });
});

// What the server parses or walks beyond the body itself: grader templates rendered against
// `sample.output_json` (parsed from the `model_sample` text) and `item`. Each request is answered
// 2xx or a 4xx in the API's shape, quickly, and the server keeps answering.
async function post(
  path: string,
  body: string,
  key = ctx.server.apiKey,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${ctx.server.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const RUN = '/fine_tuning/alpha/graders/run';
const nested = (depth: number, open: string, close: string, inner = '1') =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
const container = fc.constantFrom(['[', ']'], ['{"a":', '}']);
// Depths of every size up to 100,000: small ones near the limit of 64 more often.
const depth = fc.oneof(
  fc.integer({ min: 1, max: 80 }),
  fc.integer({ min: 80, max: 100_000 }),
  fc.constant(100_000),
);
function expectApiAnswer(answer: { status: number; body: any }, where: string) {
  expect(answer.status, where).toBeGreaterThanOrEqual(200);
  expect(answer.status, where).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(typeof answer.body.error.message, where).toBe('string');
    expect(typeof answer.body.error.type, where).toBe('string');
  }
}

describe('fuzz: grader and template paths', () => {
  it('a model_sample of JSON nested 100,000 deep used as sample.output_json: 400 naming model_sample, not a 500', async () => {
    for (const [open, close] of [
      ['[', ']'],
      ['{"a":', '}'],
    ] as const) {
      const answer = await post(
        RUN,
        JSON.stringify({
          grader: {
            type: 'string_check',
            name: 'deep',
            operation: 'eq',
            input: '{{ sample.output_json }}',
            reference: 'x',
          },
          model_sample: nested(100_000, open, close),
        }),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ param: 'model_sample', code: 'invalid_value' });
    }
    // 64 levels is still a sample.
    const ok = await post(
      RUN,
      JSON.stringify({
        grader: {
          type: 'string_check',
          name: 'd',
          operation: 'eq',
          input: '{{ sample.output_json }}',
          reference: nested(64, '[', ']'),
        },
        model_sample: nested(64, '[', ']'),
      }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.reward).toBe(1);
  });

  it('templates that never close, or close a million characters later, are answered at once', async () => {
    for (const template of [
      `{{${' '.repeat(1_000_000)}x`,
      '{{'.repeat(500_000),
      `{{ item.a${'}'.repeat(100_000)}`,
      `${'{{ item.a }}'.repeat(50_000)}`,
    ]) {
      const started = performance.now();
      const answer = await post(
        RUN,
        JSON.stringify({
          grader: {
            type: 'string_check',
            name: 't',
            operation: 'like',
            input: template,
            reference: 'b',
          },
          model_sample: 'b',
          item: { a: 'b' },
        }),
      );
      expectApiAnswer(answer, template.slice(0, 20));
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });

  it('any template, sample and item: 2xx or a 4xx in the API shape', async () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '{{',
        '}}',
        '{',
        '}',
        ' ',
        '.',
        'sample',
        'output_json',
        'output_text',
        'item',
        '__proto__',
        'constructor',
        'a',
        '0',
      ),
      fc.string({ maxLength: 6 }),
    );
    const template = fc.array(piece, { maxLength: 24 }).map((p) => p.join(''));
    const sample = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.json({ maxDepth: 4 }),
      fc.tuple(depth, container).map(([d, [o, c]]) => nested(d, o!, c!)),
    );
    await fc.assert(
      fc.asyncProperty(
        template,
        template,
        sample,
        fc.constantFrom('string_check', 'text_similarity'),
        fc.jsonValue({ maxDepth: 5 }),
        async (input, reference, modelSample, type, item) => {
          const grader =
            type === 'string_check'
              ? { type, name: 'g', operation: 'ilike', input, reference }
              : { type, name: 'g', evaluation_metric: 'fuzzy_match', input, reference };
          const answer = await post(
            RUN,
            JSON.stringify({ grader, model_sample: modelSample, item: { x: item, a: 'b' } }),
          );
          expectApiAnswer(answer, `${input} | ${reference} | ${String(modelSample).slice(0, 40)}`);
        },
      ),
      fuzzParameters(150),
    );
  });
});

describe('fuzz: nesting of any depth in every JSON field the server reads', () => {
  const operations = spec.operations.filter((o) => o.body?.contentType === 'application/json');
  // Every top-level field any JSON operation names, plus a few it does not.
  const fields = [
    ...new Set(
      operations.flatMap((o) => {
        const schema = o.body!.validate().schema as { properties?: Record<string, unknown> };
        return Object.keys(schema?.properties ?? {});
      }),
    ),
    'metadata',
    'grader',
    'item',
    'model_sample',
    'hyperparameters',
    'method',
    'integrations',
    'unknown_field',
  ];

  it('a value nested 1 to 100,000 deep anywhere: 400 past 64 levels, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.constantFrom(...fields),
        depth,
        container,
        fc.boolean(),
        async (operation, field, d, [open, close], asText) => {
          const path = operation.path.replace(/\{[^}]+\}/g, 'x');
          const value = nested(d, open!, close!);
          // As a value (the body's own depth), or as a string the server may parse itself.
          const body = `{"${field}":${asText ? JSON.stringify(value) : value}}`;
          const key = operation.admin ? ctx.server.adminApiKey : ctx.server.apiKey;
          const answer = await post(path, body, key);
          const where = `${operation.method} ${path} ${field} depth=${d} text=${asText}`;
          expectApiAnswer(answer, where);
          if (!asText && d + 1 > 64) {
            expect(answer.status, where).toBe(400);
            expect(answer.body.error.message, where).toContain('64 levels');
          }
        },
      ),
      fuzzParameters(120),
    );
    const next = await fetch(`${ctx.server.baseUrl}/fine_tuning/jobs?limit=1`, {
      headers: { authorization: `Bearer ${ctx.server.apiKey}` },
    });
    expect(next.status).toBe(200);
  });
});
