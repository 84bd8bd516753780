// Other hosts: the `dataResidency` option (the official packages' regional roots), and the
// OpenAI-compatible gateway recipe of docs/azure.md: extra headers and query per client and per
// call, unknown fields passed through both ways.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, FineTuning } from '../../src/index.ts';

describe('dataResidency', () => {
  it('picks the regional API root as the official packages do', () => {
    const cases = {
      global: 'https://api.openai.com/v1',
      us: 'https://us.api.openai.com/v1',
      eu: 'https://eu.api.openai.com/v1',
      ae: 'https://ae.api.openai.com/v1',
      au: 'https://au.api.openai.com/v1',
      in: 'https://in.api.openai.com/v1',
      jp: 'https://jp.api.openai.com/v1',
    } as const;
    for (const [region, root] of Object.entries(cases))
      expect(
        new FineTuning({ apiKey: 'k', dataResidency: region as keyof typeof cases }).options
          .baseUrl,
      ).toBe(root);
  });

  it('wins over OPENAI_BASE_URL, and is refused with baseUrl or an unknown region', () => {
    const env = { ...process.env };
    try {
      process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
      expect(new FineTuning({ apiKey: 'k', dataResidency: 'eu' }).options.baseUrl).toBe(
        'https://eu.api.openai.com/v1',
      );
    } finally {
      process.env = env;
    }
    expect(
      () => new FineTuning({ apiKey: 'k', dataResidency: 'eu', baseUrl: 'https://x/v1' }),
    ).toThrow(ConfigurationError);
    expect(() => new FineTuning({ apiKey: 'k', dataResidency: 'mars' as never })).toThrow(
      /one of global, us, eu, ae, au, in, jp/,
    );
  });
});

describe('an OpenAI-compatible gateway', () => {
  const seen: { url: URL; headers: Record<string, string | string[] | undefined>; body: string }[] =
    [];
  let origin = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: new URL(req.url!, 'http://x'), headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          req.method === 'GET'
            ? { object: 'list', data: [], has_more: false }
            : {
                object: 'fine_tuning.job',
                id: 'ftjob-1',
                status: 'queued',
                gateway_route: 'eu-west',
                x_cost: { usd: 0 },
              },
        ),
      );
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('takes headers and query per client and per call, and passes unknown fields through', async () => {
    const gatewayKey = 'gw-secret-0123456789';
    // The recipe: client headers in `headers`; client query added by a `fetch` wrapper.
    const ft = new FineTuning({
      baseUrl: `${origin}/gateway/openai/v1`,
      apiKey: 'sk-upstream-0123456789',
      headers: { 'x-gateway-key': gatewayKey, 'x-team': 'ml' },
      fetch: (input, init) => {
        const url = new URL(String(input));
        url.searchParams.set('route', 'eu-west');
        return fetch(url, init);
      },
      jobMarker: false,
    });
    const job = await ft.jobs.create(
      {
        model: 'gpt-4o-mini',
        training_file: 'file-1',
        // A field the spec does not know yet: sent as given.
        ...({ gateway_priority: 'high' } as object),
      },
      { headers: { 'x-trace': 'call-1' }, query: { cache: 'off' } },
    );
    // Fields the spec does not know come back as the gateway sent them.
    expect(job).toMatchObject({ gateway_route: 'eu-west', x_cost: { usd: 0 } });
    const [s] = seen;
    expect(s!.url.pathname).toBe('/gateway/openai/v1/fine_tuning/jobs');
    expect(Object.fromEntries(s!.url.searchParams)).toEqual({ route: 'eu-west', cache: 'off' });
    expect(s!.headers).toMatchObject({
      'x-gateway-key': gatewayKey,
      'x-team': 'ml',
      'x-trace': 'call-1',
      authorization: 'Bearer sk-upstream-0123456789',
    });
    expect(JSON.parse(s!.body)).toMatchObject({ gateway_priority: 'high' });
    // A call's query never replaces the operation's own parameters, and pagination keeps it.
    await ft.jobs.list({ limit: 2 }, { query: { limit: '99', cache: 'off' } });
    expect(Object.fromEntries(seen[1]!.url.searchParams)).toEqual({
      route: 'eu-west',
      cache: 'off',
      limit: '2',
    });
    // The gateway key is a secret header: never shown.
    expect(JSON.stringify(ft.options)).not.toContain(gatewayKey);
    await expect(ft.jobs.retrieve('ftjob-1', { query: 'x' as never })).rejects.toThrow(
      /`query` must be an object/,
    );
  });
});
