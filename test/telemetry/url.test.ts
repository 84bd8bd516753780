// url.full never holds a secret: the value of a query parameter named like a credential is
// replaced, and the request's own secrets and key-shaped strings are removed anywhere in the URL.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeUrl } from '../../src/telemetry/otel.ts';

const BASE = 'https://api.openai.com/v1/files';

describe('safeUrl', () => {
  it('keeps an ordinary URL as it is', () => {
    expect(safeUrl(`${BASE}?purpose=fine-tune&limit=2`, [])).toBe(
      `${BASE}?purpose=fine-tune&limit=2`,
    );
  });

  it('replaces the values of secret-named parameters, encoded names too', () => {
    expect(safeUrl(`${BASE}?api_key=abc123&limit=2&X-Amz-Signature=zzz`, [])).toBe(
      `${BASE}?api_key=REDACTED&limit=2&X-Amz-Signature=REDACTED`,
    );
    expect(safeUrl(`${BASE}?access%5Ftoken=abc123`, [])).toBe(`${BASE}?access%5Ftoken=REDACTED`);
  });

  it('removes the request’s secrets and key-shaped strings wherever they are', () => {
    expect(
      safeUrl(`${BASE}/plainsecret-ABCDEF-123456?q=sk-proj-abcdef123456`, [
        'plainsecret-ABCDEF-123456',
      ]),
    ).not.toMatch(/plainsecret|sk-proj-abcdef/);
  });

  it('no value of a secret-named parameter survives (property, 300 runs)', () => {
    const name = fc.constantFrom(
      'key',
      'api_key',
      'token',
      'client_secret',
      'password',
      'sig',
      'Signature',
    );
    const value = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/);
    fc.assert(
      fc.property(
        name,
        value,
        fc.constantFrom('limit', 'purpose', 'after', 'order'),
        (n, v, other) => {
          const out = safeUrl(`${BASE}?${other}=1&${n}=${v}`, []);
          expect(out).not.toContain(v);
          expect(out).toContain(`${other}=1`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
