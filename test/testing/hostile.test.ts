// The local server against malformed and hostile requests: each gets a 4xx in the API's error
// shape (never a 5xx, never Node's bare status), and the server answers the next request.
import { describe, expect, it } from 'vitest';
import {
  JSON_BODY_LIMIT,
  MAX_HEADERS,
  MAX_JSON_DEPTH,
  MAX_URL_LENGTH,
} from '../../src/testing/request.ts';
import { useLocalServer } from '../helpers/local-server.ts';
import { rawHttp, rawRequest as request } from '../helpers/raw-http.ts';

const ctx = useLocalServer();
const raw = (bytes: string | Buffer) => rawHttp(ctx.server.port, bytes);

const auth = () => ({ authorization: `Bearer ${ctx.server.apiKey}` });
const json = (body: Buffer | string) => ({
  ...auth(),
  'content-type': 'application/json',
  'content-length': Buffer.byteLength(body),
});

async function expectApiError(
  answer: { status: number; body: string },
  status: number,
  message: RegExp,
) {
  expect(answer.status).toBe(status);
  const parsed = JSON.parse(answer.body) as { error: { message: string; type: string } };
  expect(parsed.error.message).toMatch(message);
  expect(typeof parsed.error.type).toBe('string');
  // And the server is still up.
  expect((await fetch(`${ctx.server.baseUrl}/fine_tuning/jobs`, { headers: auth() })).status).toBe(
    200,
  );
}

describe('the local server refuses hostile requests with a 4xx in the API shape', () => {
  it('invalid UTF-8 in a JSON body: 400, not U+FFFD and 200', async () => {
    const body = Buffer.concat([
      Buffer.from('{"grader":{"type":"string_check","name":"n","input":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","reference":"x","operation":"eq"}}'),
    ]);
    await expectApiError(
      await raw(request('POST', '/v1/fine_tuning/alpha/graders/validate', json(body), body)),
      400,
      /not valid UTF-8/,
    );
  });

  it('JSON nested too deep (in a grader item): 400 before any walk, not 500', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = `{"grader":{"type":"string_check","name":"n","input":"{{item.a}}","reference":"x","operation":"eq"},"model_sample":"x","item":{"a":${deep}}}`;
    await expectApiError(
      await raw(request('POST', '/v1/fine_tuning/alpha/graders/run', json(body), body)),
      400,
      new RegExp(`more than ${MAX_JSON_DEPTH} levels`),
    );
  });

  it('accepts JSON nested up to the limit (brackets inside strings do not count)', async () => {
    const nested = `${'['.repeat(MAX_JSON_DEPTH - 3)}"[[[[{{{{"${']'.repeat(MAX_JSON_DEPTH - 3)}`;
    const body = `{"grader":{"type":"string_check","name":"n","input":"a","reference":"a","operation":"eq"},"model_sample":"a","item":{"deep":${nested}}}`;
    const answer = await raw(
      request('POST', '/v1/fine_tuning/alpha/graders/run', json(body), body),
    );
    expect(answer.status).toBe(200);
  });

  it('headers over the size limit: 431 with an API error body, not a bare 431', async () => {
    await expectApiError(
      await raw(request('GET', '/v1/fine_tuning/jobs', { ...auth(), 'x-big': 'a'.repeat(40_000) })),
      431,
      /headers are too large/,
    );
  });

  it('too many headers: 431', async () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_HEADERS + 5 }, (_, i) => [`x-h${i}`, 'v']),
    );
    await expectApiError(
      await raw(request('GET', '/v1/fine_tuning/jobs', { ...auth(), ...many })),
      431,
      /too many headers/,
    );
  });

  it('a query string over the limit: 414', async () => {
    await expectApiError(
      await raw(request('GET', `/v1/fine_tuning/jobs?after=${'a'.repeat(MAX_URL_LENGTH)}`, auth())),
      414,
      /URL is too long/,
    );
  });

  it('a malformed request line: 400 in the API shape', async () => {
    await expectApiError(await raw('GARBAGE\r\n\r\n'), 400, /could not be parsed/);
  });

  it('a body declared over the route limit: 413 before the body is read', async () => {
    // Only the head is sent: the answer cannot depend on reading the body.
    const head = request('POST', '/v1/fine_tuning/jobs', {
      ...auth(),
      'content-type': 'application/json',
      'content-length': JSON_BODY_LIMIT + 1,
    });
    await expectApiError(await raw(head), 413, /too large/);
  });

  it('a streamed (chunked) body passing the limit: 413 as soon as it passes, the rest not read', async () => {
    const chunk = `{"pad":"${'x'.repeat(64 * 1024)}"}`;
    const pieces: string[] = [];
    // 1.5 times the limit in 64 KB chunks, then no terminating chunk: the server must answer
    // without waiting for the end of the body.
    for (let sent = 0; sent < JSON_BODY_LIMIT * 1.5; sent += chunk.length)
      pieces.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const head = request('POST', '/v1/fine_tuning/jobs', {
      ...auth(),
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    await expectApiError(
      await raw(Buffer.concat([head, Buffer.from(pieces.join(''))])),
      413,
      /more than \d+ bytes were sent/,
    );
  });

  it('a body over the limit sent with fetch: the client gets the 413', async () => {
    const response = await fetch(`${ctx.server.baseUrl}/fine_tuning/jobs`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        training_file: 'file-1',
        pad: 'x'.repeat(JSON_BODY_LIMIT),
      }),
    }).catch((error: unknown) => error);
    // The server answers before reading the whole body and closes; the client either reads the
    // 413 or sees the connection closed under its upload. Either way the server stays up.
    if (response instanceof Response) {
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'request_too_large',
      );
    }
    expect(
      (await fetch(`${ctx.server.baseUrl}/fine_tuning/jobs`, { headers: auth() })).status,
    ).toBe(200);
  });
});
