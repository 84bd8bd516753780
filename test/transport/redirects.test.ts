// The redirect policy (src/transport/redirect.ts), against two real servers on 127.0.0.1: A, the
// API's origin, and B, another origin (another port). A redirect on A is followed like fetch would;
// one to B is refused with a RedirectError naming both origins, and B never sees a request, so no
// credential (the key, OpenAI-Organization, OpenAI-Project, an `api-key` or gateway header) reaches
// it; a loop or a chain past 10 ends in a RedirectError. Calls, lists, uploads, Upload parts and
// the legacy event stream all go through it.
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FineTuning, RedirectError, isRedirectError } from '../../src/index.ts';
import { LegacyFineTunes } from '../../src/legacy/index.ts';
import { leaks } from '../fuzz/helpers.ts';
import {
  json,
  startFaultServer,
  trackUnhandled,
  type FaultServer,
} from '../helpers/fault-server.ts';

const API_KEY = 'sk-proj-redirects0123456789';
const AZURE_KEY = 'azure-4c1f0e9b7a2d';
const GATEWAY = 'gw-5e8d2c7a1b3f';
const SECRETS = [API_KEY, AZURE_KEY, GATEWAY, 'org-redirects', 'proj_redirects'];

let a: FaultServer;
let b: FaultServer;
const unhandled = trackUnhandled();
beforeAll(async () => {
  [a, b] = await Promise.all([startFaultServer(), startFaultServer()]);
  // B answers anything: a request reaching it is what the tests look for.
  b.handle = (_req, res) => json(res, 200, { id: 'from-b' });
});
beforeEach(() => {
  a.requests.length = 0;
  b.requests.length = 0;
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  unhandled.stop();
  expect(unhandled.list).toEqual([]);
});

const origin = (s: FaultServer) => `http://127.0.0.1:${s.port}`;
const client = (extra: object = {}) =>
  new FineTuning({
    apiKey: API_KEY,
    organization: 'org-redirects',
    project: 'proj_redirects',
    baseUrl: a.baseUrl,
    headers: { 'api-key': AZURE_KEY, 'X-Gateway-Key': GATEWAY },
    maxRetries: 2,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
const redirect = (res: ServerResponse, status: number, location: string) => {
  res.writeHead(status, { location, 'content-length': '0' });
  res.end();
};
const caught = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => undefined,
    (e: unknown) => e,
  );

describe('same origin: followed', () => {
  it('307 and 308 send the same method, body and headers again', async () => {
    for (const status of [307, 308]) {
      a.requests.length = 0;
      a.handle = (req, res) =>
        req.url === '/v1/fine_tuning/jobs'
          ? redirect(res, status, '/v1/moved/jobs')
          : json(res, 200, { id: 'ftjob-1', object: 'fine_tuning.job' });
      const job = await client().jobs.create({ model: 'gpt-4o-mini', training_file: 'file-1' });
      expect(job.id).toBe('ftjob-1');
      const [first, second] = a.requests;
      expect(a.requests).toHaveLength(2);
      expect(second).toMatchObject({ method: 'POST', url: '/v1/moved/jobs', body: first!.body });
      for (const h of [
        'authorization',
        'openai-organization',
        'openai-project',
        'api-key',
        'x-gateway-key',
        'idempotency-key',
      ])
        expect(second!.headers[h]).toBe(first!.headers[h]);
    }
  });

  it('303, and 301/302 after a POST, become a GET without a body, as fetch does', async () => {
    for (const status of [301, 302, 303]) {
      a.requests.length = 0;
      a.handle = (req, res) =>
        req.method === 'POST'
          ? redirect(res, status, `${origin(a)}/v1/fine_tuning/jobs/ftjob-1`)
          : json(res, 200, { id: 'ftjob-1' });
      await client().jobs.create({ model: 'gpt-4o-mini', training_file: 'file-1' });
      expect(a.requests.map((r) => `${r.method} ${r.url} ${r.body.length}`)[1]).toBe(
        'GET /v1/fine_tuning/jobs/ftjob-1 0',
      );
      expect(a.requests[1]!.headers['content-type']).toBeUndefined();
    }
  });

  it('a 3xx without a Location is an answer (an APIError), not followed', async () => {
    a.handle = (_req, res) => json(res, 300, { error: { message: 'choose' } });
    const error = await caught(client().jobs.retrieve('ftjob-1'));
    expect(error).toMatchObject({ name: 'APIError', status: 300 });
  });
});

describe('another origin: refused, nothing sent there', () => {
  it.each([301, 302, 303, 307, 308])(
    '%i to another port: RedirectError naming both origins, not retried',
    async (status) => {
      a.handle = (_req, res) => redirect(res, status, `${origin(b)}/v1/fine_tuning/jobs`);
      const error = await caught(client().jobs.list());
      expect(error).toBeInstanceOf(RedirectError);
      expect(isRedirectError(error)).toBe(true);
      expect(error).toMatchObject({
        reason: 'cross-origin',
        status,
        from: origin(a),
        to: origin(b),
        hops: 0,
      });
      expect((error as Error).message).toContain(
        `from ${origin(a)} to another origin, ${origin(b)}`,
      );
      expect((error as Error).message).toContain('set baseUrl');
      expect(a.requests).toHaveLength(1);
      expect(b.requests).toHaveLength(0);
      expect(leaks(error, SECRETS)).toEqual([]);
    },
  );

  it('another host name for the same address, and https -> http, are other origins', async () => {
    for (const to of [
      `http://localhost:${b.port}/v1/x`,
      `https://127.0.0.1:${a.port}/v1/x`,
      'ftp://127.0.0.1/x',
    ]) {
      a.handle = (_req, res) => redirect(res, 302, to);
      const error = await caught(client().jobs.retrieve('ftjob-1'));
      expect(error).toMatchObject({ name: 'RedirectError', reason: 'cross-origin' });
    }
    expect(b.requests).toHaveLength(0);
  });

  it('a Location that is not a URL: RedirectError (invalid-location)', async () => {
    a.handle = (_req, res) => redirect(res, 302, 'http://[::1');
    expect(await caught(client().jobs.retrieve('ftjob-1'))).toMatchObject({
      reason: 'invalid-location',
    });
  });

  it('a file upload (multipart) and an Upload part are refused the same way', async () => {
    a.handle = (_req, res) => redirect(res, 307, `${origin(b)}/v1/files`);
    const ft = client();
    const upload = await caught(
      ft.files.create({ file: new File(['{"a":1}\n'], 't.jsonl'), purpose: 'fine-tune' }),
    );
    expect(upload).toMatchObject({ name: 'RedirectError', reason: 'cross-origin', to: origin(b) });
    const part = await caught(ft.uploads.addPart('upload_1', new Blob(['abc'])));
    expect(part).toMatchObject({ name: 'RedirectError', reason: 'cross-origin' });
    expect(b.requests).toHaveLength(0);
  });

  it('the legacy event stream (an answer handed over open) is refused the same way', async () => {
    a.handle = (_req, res) => redirect(res, 302, `${origin(b)}/v1/fine-tunes/ft-1/events`);
    const legacy = new LegacyFineTunes({ apiKey: API_KEY, baseUrl: a.baseUrl });
    const error = await caught(
      (async () => {
        for await (const _ of legacy.listEvents('ft-1', { stream: true })) break;
      })(),
    );
    expect(error).toMatchObject({ name: 'RedirectError', reason: 'cross-origin' });
    expect(b.requests).toHaveLength(0);
  });
});

describe('a custom fetch that follows redirects itself', () => {
  // fetch with `redirect: 'manual'` ignored, as some wrappers and older polyfills do: it follows.
  const following: typeof fetch = (input, init) => fetch(input, { ...init, redirect: 'follow' });

  it('its answer from another origin is refused on the call path: a RedirectError, not the data', async () => {
    a.handle = (_req, res) => redirect(res, 302, `${origin(b)}/v1/fine_tuning/jobs/ftjob-1`);
    const ft = client({ fetch: following, maxRetries: 0 });
    const error = await caught(ft.jobs.retrieve('ftjob-1'));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ reason: 'cross-origin', from: origin(a), to: origin(b) });
    expect(leaks(error, SECRETS)).toEqual([]);
    // The custom fetch did go there (the SDK cannot stop it), and the answer was not used.
    expect(b.requests).toHaveLength(1);
  });

  it('an answer whose final URL is on another origin, without `redirected`, is refused too', async () => {
    a.handle = (_req, res) => json(res, 200, { id: 'from-a' });
    // A fetch that reports where it ended up but not that it redirected (a proxy's rewrite).
    const elsewhere: typeof fetch = async () => {
      const response = new Response('{"id":"from-b"}', { status: 200 });
      Object.defineProperty(response, 'url', { value: `${origin(b)}/v1/files/file-1` });
      return response;
    };
    const error = await caught(client({ fetch: elsewhere }).files.retrieve('file-1'));
    expect(error).toMatchObject({ name: 'RedirectError', reason: 'cross-origin', to: origin(b) });
  });

  it('a redirect it followed on the same origin is used as fetch would', async () => {
    a.handle = (req, res) =>
      req.url === '/v1/fine_tuning/jobs/ftjob-1'
        ? redirect(res, 302, '/v1/fine_tuning/jobs/ftjob-2')
        : json(res, 200, { id: 'ftjob-2' });
    const job = await client({ fetch: following }).jobs.retrieve('ftjob-1');
    expect(job).toMatchObject({ id: 'ftjob-2' });
    expect(b.requests).toHaveLength(0);
  });
});

describe('loops and long chains end', () => {
  it('a loop (A -> B -> A on the same origin) is a RedirectError after one round', async () => {
    a.handle = (req, res) => redirect(res, 302, req.url === '/v1/one' ? '/v1/two' : '/v1/one');
    const error = await caught(client().client.get({ url: '/one' }));
    expect(error).toMatchObject({ name: 'RedirectError', reason: 'loop', hops: 1 });
    expect(a.requests.map((r) => r.url)).toEqual(['/v1/one', '/v1/two']);
    const self = await caught(
      client()
        .client.get({ url: '/two' })
        .then(() => undefined),
    );
    expect(self).toMatchObject({ reason: 'loop' });
  });

  it('a chain of new URLs stops after 10 redirects', async () => {
    a.handle = (req, res) => redirect(res, 307, `${req.url!.split('?')[0]}?n=${a.requests.length}`);
    const error = await caught(client().client.get({ url: '/far' }));
    expect(error).toMatchObject({ name: 'RedirectError', reason: 'too-many', hops: 10 });
    expect(a.requests).toHaveLength(11);
  });

  it('a 307 for a stream body is refused: the stream cannot be sent twice', async () => {
    a.handle = (_req, res) => redirect(res, 307, '/v1/files2');
    const body = new Blob(['x'.repeat(10)]).stream();
    const error = await caught(
      client().files.create({ file: body, filename: 't.jsonl', purpose: 'fine-tune' }),
    );
    expect(error).toMatchObject({ name: 'RedirectError', reason: 'body-not-resendable' });
  });
});

describe('any chain of statuses and origins (property)', () => {
  const hop = fc.record({
    status: fc.constantFrom(301, 302, 303, 307, 308),
    toB: fc.boolean(),
    absolute: fc.boolean(),
  });
  it('follows same-origin hops, refuses the first hop to another origin, stops past 10', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hop, { maxLength: 13 }), fc.boolean(), async (chain, post) => {
        a.requests.length = 0;
        b.requests.length = 0;
        a.handle = (req, res) => {
          const n = Number(req.url!.split('/h').pop());
          const next = chain[n];
          if (!next) return json(res, 200, { hops: n, method: req.method, body: req.body });
          const path = `/v1/hop/h${n + 1}`;
          redirect(
            res,
            next.status,
            next.toB ? `${origin(b)}${path}` : next.absolute ? `${origin(a)}${path}` : path,
          );
        };
        const ft = client();
        const sent = post
          ? ft.client.post({ url: '/hop/{n}', path: { n: 'h0' }, body: { x: 1 } })
          : ft.client.get({ url: '/hop/{n}', path: { n: 'h0' } });
        const outcome = await sent.then(
          (r) => r.data as { hops: number; method: string; body: string },
          (e: unknown) => e,
        );
        const firstB = chain.findIndex((h) => h.toB);
        expect(b.requests).toHaveLength(0);
        if (firstB >= 0 && firstB <= 10) {
          expect(outcome).toMatchObject({
            name: 'RedirectError',
            reason: 'cross-origin',
            hops: firstB,
          });
          expect(a.requests).toHaveLength(firstB + 1);
        } else if (chain.length > 10) {
          expect(outcome).toMatchObject({ name: 'RedirectError', reason: 'too-many', hops: 10 });
        } else {
          const becameGet =
            post && chain.some((h) => h.status === 303 || h.status === 301 || h.status === 302);
          expect(outcome).toMatchObject({
            hops: chain.length,
            method: post && !becameGet ? 'POST' : 'GET',
            body: post && !becameGet ? '{"x":1}' : '',
          });
        }
      }),
      { numRuns: 60, interruptAfterTimeLimit: 20_000 },
    );
  });
});
