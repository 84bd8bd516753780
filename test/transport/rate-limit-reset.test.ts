// `x-ratelimit-reset-*` comes in the two shapes OpenAI sends: seconds with a fraction (`59.994s`)
// and Go durations with several units (`1m0s`, `6ms`, `1h2m3.5s`). Any duration written either way
// parses to the same milliseconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseRateLimit } from '../../src/errors/rate-limit.ts';

/** Go's `time.Duration.String()` for a whole number of microseconds: `1h2m3.5s`, `1m0s`, `6ms`. */
function goDuration(us: number): string {
  if (us === 0) return '0s';
  if (us < 1000) return `${us}µs`;
  if (us < 1_000_000) return `${trim(us / 1000)}ms`;
  const h = Math.floor(us / 3_600_000_000);
  const m = Math.floor((us % 3_600_000_000) / 60_000_000);
  const s = (us % 60_000_000) / 1_000_000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${trim(s)}s`;
}
const trim = (n: number) => String(Number(n.toFixed(6)));

describe('x-ratelimit-reset-* durations', () => {
  it.each([
    ['59.994s', 59_994],
    ['1m0s', 60_000],
    ['6ms', 6],
    ['1h2m3.5s', 3_723_500],
    ['0s', 0],
    ['20ms', 20],
    ['6m0s', 360_000],
    ['1.5ms', 1.5],
    ['250µs', 0.25],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 9);
  });

  it('parses any duration written as Go writes it, or as seconds with a fraction, to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 48 * 3_600_000_000 }), (us) => {
        const ms = us / 1000;
        expect(parseDuration(goDuration(us))).toBeCloseTo(ms, 6);
        expect(parseDuration(`${trim(us / 1_000_000)}s`)).toBeCloseTo(ms, 6);
        const headers = new Headers({
          'x-ratelimit-reset-requests': goDuration(us),
          'x-ratelimit-reset-tokens': `${trim(us / 1_000_000)}s`,
        });
        const { requests, tokens } = parseRateLimit(headers);
        expect(requests.resetMs).toBeCloseTo(ms, 6);
        expect(tokens.resetMs).toBeCloseTo(ms, 6);
        expect(requests.reset).toBe(goDuration(us));
      }),
      { numRuns: 500 },
    );
  });

  it('gives undefined, not a wrong number, for text that is not a duration', () => {
    for (const text of ['', 'soon', '1m0', 'm0s', '1x', '-1s', '1s1', '1 m', 'NaNs'])
      expect(parseDuration(text)).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const ms = parseDuration(text);
        expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
