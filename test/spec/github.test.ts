// The pieces of scripts/lib/github.ts that read open-ended input: the pinned repository's name, and
// rateLimitOf, which reads whatever headers a server sends (it never throws, and its message names a
// real reset time or says there is none; fast-check, 300 runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseRepository,
  RateLimitError,
  rateLimitOf,
  UpstreamError,
} from '../../scripts/lib/github.ts';

const NOW = Date.UTC(2026, 11, 7, 22, 0, 0);

const header = fc.oneof(
  fc.constant(undefined),
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.string({ maxLength: 12 }),
);

describe('rateLimitOf', () => {
  it('never throws and never prints an invalid time, whatever the headers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(200, 403, 404, 429, 500),
        fc.record({
          'retry-after': header,
          'x-ratelimit-reset': header,
          'x-ratelimit-remaining': fc.oneof(
            fc.constant(undefined),
            fc.constantFrom('0', '1', ' 0 '),
          ),
          'x-ratelimit-limit': fc.oneof(fc.constant(undefined), fc.constantFrom('60', '5000')),
        }),
        (status, values) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(values))
            if (value !== undefined) headers.set(name, value);
          const error = rateLimitOf(
            new Response(null, { status, headers }),
            'a request',
            true,
            NOW,
          );
          if (status !== 403 && status !== 429) {
            expect(error).toBeUndefined();
            return;
          }
          if (status === 429) expect(error).toBeInstanceOf(RateLimitError);
          if (!error) return;
          expect(error.message).not.toMatch(/Invalid|NaN|undefined/);
          if (error.resetAt) {
            expect(Number.isFinite(error.resetAt.getTime())).toBe(true);
            expect(error.message).toContain(`it resets at ${error.resetAt.toISOString()}`);
          } else expect(error.message).toContain('GitHub did not say when it resets');
          expect(error.message).toMatch(/set GITHUB_TOKEN for a higher one$/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('prefers retry-after to x-ratelimit-reset, as GitHub asks', () => {
    const headers = {
      'retry-after': '120',
      'x-ratelimit-reset': '1',
      'x-ratelimit-remaining': '0',
    };
    const error = rateLimitOf(
      new Response(null, { status: 403, headers }),
      'a request',
      false,
      NOW,
    );
    expect(error?.resetAt).toEqual(new Date(NOW + 120_000));
    expect(error?.message).toBe(
      "GitHub's rate limit stopped a request (HTTP 403): it resets at 2026-12-07T22:02:00.000Z (in 2 minutes); run again after then",
    );
  });

  it('a 403 that is not the rate limit is left to the caller', () => {
    const headers = { 'x-ratelimit-remaining': '59' };
    expect(
      rateLimitOf(new Response(null, { status: 403, headers }), 'a request', true, NOW),
    ).toBeUndefined();
  });
});

describe('parseRepository', () => {
  it('reads owner and name from the forms upstream.json may hold', () => {
    for (const form of [
      'https://github.com/openai/openai-openapi',
      'https://github.com/openai/openai-openapi/',
      'https://github.com/openai/openai-openapi.git',
      'http://www.github.com/openai/openai-openapi',
      'openai/openai-openapi',
    ])
      expect(parseRepository(form), form).toEqual({ owner: 'openai', repo: 'openai-openapi' });
  });

  it('rejects anything else, saying where to fix it', () => {
    for (const bad of ['https://gitlab.com/openai/openai-openapi', 'openai', 'a/b/c', ''])
      expect(() => parseRepository(bad), bad).toThrow(UpstreamError);
    expect(() => parseRepository('openai')).toThrow(
      'the pinned repository "openai" is not a GitHub repository (https://github.com/<owner>/<name>); fix "repository" in openapi/upstream/upstream.json',
    );
  });
});
