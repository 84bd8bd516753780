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
