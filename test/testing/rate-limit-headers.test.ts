// The local server's x-ratelimit-* headers: none by default (the real API sends none on these
// routes: ../shared/real-traffic/, docs/local-server.md); with `faults.rateLimitHeaders`, on every
// answer (successes, errors, 429s), from the configured limit, counting down within the window and
// whole again once it has passed.
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NAMES = ['limit', 'remaining', 'reset'].flatMap((k) => [
  `x-ratelimit-${k}-requests`,
  `x-ratelimit-${k}-tokens`,
]);

async function get(s: LocalServer, path: string, key = s.apiKey): Promise<Response> {
  const res = await fetch(`${s.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  await res.arrayBuffer();
  return res;
}

const figures = (res: Response) =>
  Object.fromEntries(NAMES.map((n) => [n.slice('x-ratelimit-'.length), res.headers.get(n)]));

describe('x-ratelimit-* headers', () => {
  it('are sent on no answer unless asked for, as on the API; a 429 still names retry-after', async () => {
    server = await startLocalServer({
      clock: 'manual',
      faults: { rateLimit: { requests: 1, windowMs: 60_000, clock: 'server' } },
    });
    const ok = await get(server, '/models');
    const refused = await get(server, '/models');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    for (const res of [ok, refused, await get(server, '/nothing')])
      for (const name of NAMES) expect(res.headers.get(name), name).toBeNull();
  });

  it('are on every answer when asked for, with the defaults when no limit is set', async () => {
    server = await startLocalServer({ clock: 'manual', faults: { rateLimitHeaders: true } });
    const ok = await get(server, '/models');
    expect(figures(ok)).toEqual({
      'limit-requests': '10000',
      'limit-tokens': '10000000',
      'remaining-requests': '9999',
      'remaining-tokens': '10000000',
      'reset-requests': expect.stringMatching(/^(59\.\d+s|1m0s)$/),
      'reset-tokens': '0s',
    });
    for (const res of [
      await get(server, '/models/ft:none'),
      await get(server, '/models', 'sk-wrong'),
      await get(server, '/nothing'),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      for (const name of NAMES) expect(res.headers.get(name), name).not.toBeNull();
    }
    expect(ok.headers.get('access-control-expose-headers')).toContain('x-ratelimit-reset-tokens');
  });

  it('count down within the window, carry the figures on a 429, and are whole again after it (server clock)', async () => {
    server = await startLocalServer({
      clock: 'manual',
      faults: {
        rateLimitHeaders: true,
        rateLimit: { requests: 3, windowMs: 90_000, tokens: 5_000, clock: 'server' },
      },
    });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++)
      remaining.push((await get(server, '/models')).headers.get('x-ratelimit-remaining-requests'));
    expect(remaining).toEqual(['2', '1', '0']);
    server.advance(30_000);
    const refused = await get(server, '/models');
    expect(refused.status).toBe(429);
    expect(figures(refused)).toMatchObject({
      'limit-requests': '3',
      'remaining-requests': '0',
      'reset-requests': '1m0s',
      'limit-tokens': '5000',
    });
    expect(refused.headers.get('retry-after')).toBe('60');
    server.advance(60_000);
    const again = await get(server, '/models');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining-requests')).toBe('2');
  });
});
