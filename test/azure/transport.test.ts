// What AzureFineTuning sends, on real loopback servers that misbehave on purpose: a fresh Entra
// token on every attempt of a retried request, and no credential carried to another origin by a
// redirect (same-origin redirects keep it).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AzureFineTuning } from '../../src/azure/index.ts';
import { ConfigurationError } from '../../src/index.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => new Promise((r) => s.close(r)).then(() => undefined)),
  );
});

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A loopback server answering with `answer(hitNumber)`; `hits` records what arrived. */
async function serve(
  answer: (
    n: number,
    hit: Hit,
  ) => { status: number; headers?: Record<string, string>; body?: string },
  host = '127.0.0.1',
): Promise<{ origin: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const hit = { method: req.method!, url: req.url!, headers: req.headers };
      hits.push(hit);
      const a = answer(hits.length, hit);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://${host === '::1' ? '[::1]' : host}:${port}`, hits };
}

const LIST = JSON.stringify({ object: 'list', data: [], has_more: false });

describe('azureADTokenProvider', () => {
  it('is called on every attempt, so a retry carries a fresh token', async () => {
    const { origin, hits } = await serve((n) =>
      n < 3
        ? { status: 503, body: '{"error":{"code":"503","message":"busy"}}' }
        : { status: 200, body: LIST },
    );
    let calls = 0;
    const ft = new AzureFineTuning({
      endpoint: origin,
      apiVersion: '2025-04-01-preview',
      azureADTokenProvider: async () => `token-${++calls}`,
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    expect(ft.azure.auth).toBe('entra');
    await ft.jobs.list();
    expect(hits.map((h) => h.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-3',
    ]);
    for (const h of hits) expect(h.headers['api-key']).toBeUndefined();
  });

  it('a provider that throws or returns no token is a ConfigurationError, and nothing is sent', async () => {
    const { origin, hits } = await serve(() => ({ status: 200, body: LIST }));
    for (const provider of [
      () => {
        throw new Error('no az login');
      },
      () => '',
      () => 42 as unknown as string,
    ]) {
      const ft = new AzureFineTuning({ endpoint: origin, azureADTokenProvider: provider });
      const error = await ft.jobs.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/azureADTokenProvider/);
    }
    expect(hits).toEqual([]);
  });
});

describe('redirects', () => {
  it('never carry api-key (or a token) to another origin; the same origin keeps them', async () => {
    // 127.0.0.1 and localhost on other ports: other origins.
    const other = await serve(() => ({ status: 200, body: LIST }), 'localhost');
    const key = 'azure-key-redirect-0123456789';
    const first = await serve((n, hit) =>
      n === 1
        ? { status: 307, headers: { location: `/moved${hit.url}` } }
        : n === 2
          ? { status: 307, headers: { location: `${other.origin}/elsewhere${hit.url}` } }
          : { status: 500 },
    );
    const ft = new AzureFineTuning({
      endpoint: first.origin,
      apiKey: key,
      apiVersion: '2024-10-21',
    });
    const page = await ft.jobs.list();
    expect(page.data).toEqual([]);
    // Same origin: followed with the key.
    expect(first.hits[1]!.url).toMatch(/^\/moved\/openai\/fine_tuning\/jobs\?/);
    expect(first.hits[1]!.headers['api-key']).toBe(key);
    // Another origin: followed without any credential.
    expect(other.hits).toHaveLength(1);
    expect(other.hits[0]!.headers['api-key']).toBeUndefined();
    expect(other.hits[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(other.hits)).not.toContain(key);

    const tokenOther = await serve(() => ({ status: 200, body: LIST }), 'localhost');
    const tokenFirst = await serve(() => ({
      status: 302,
      headers: { location: `${tokenOther.origin}/x` },
    }));
    await new AzureFineTuning({
      endpoint: tokenFirst.origin,
      azureADTokenProvider: () => 'eyJ-secret-token',
    }).jobs.list();
    expect(tokenOther.hits[0]!.headers.authorization).toBeUndefined();
  });
});

describe('addressing, for any id and query', () => {
  it('puts exactly one api-version on every URL, keeps the rest, and sends the key as api-key only', async () => {
    const fc = await import('fast-check');
    const seen: { url: URL; headers: Record<string, string> }[] = [];
    const ft = new AzureFineTuning({
      endpoint: 'https://r.openai.azure.com/',
      apiKey: 'azure-key-property',
      apiVersion: '2024-10-21',
      maxRetries: 0,
      fetch: async (input, init) => {
        seen.push({
          url: new URL(String(input)),
          headers: init!.headers as Record<string, string>,
        });
        return new Response(LIST, { headers: { 'content-type': 'application/json' } });
      },
    });
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ minLength: 1, maxLength: 40 })
          // '.' and '..' are dot-segments a URL parser removes (the transport's path check, not Azure's).
          .filter((s) => s.trim() !== '' && s !== '.' && s !== '..'),
        fc.string({ maxLength: 40 }),
        async (id, after) => {
          seen.length = 0;
          await ft.jobs.listEvents(id, after ? { after } : {});
          const [s] = seen;
          expect(s!.url.origin).toBe('https://r.openai.azure.com');
          expect(s!.url.pathname).toMatch(/^\/openai\/fine_tuning\/jobs\/[^/]+\/events$/);
          expect(decodeURIComponent(s!.url.pathname.split('/')[4]!)).toBe(id);
          expect(s!.url.searchParams.getAll('api-version')).toEqual(['2024-10-21']);
          if (after) expect(s!.url.searchParams.get('after')).toBe(after);
          expect(s!.headers['api-key']).toBe('azure-key-property');
          expect(s!.headers.authorization).toBeUndefined();
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 10_000 },
    );
  });
});
