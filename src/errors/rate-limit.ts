// The `x-ratelimit-*` response headers, parsed. OpenAI sends a limit, what remains and when the
// window resets, for requests and for tokens; the reset is a Go-style duration ("6m0s", "20ms").

/** One rate-limit window from the `x-ratelimit-*` headers: limit, remaining, reset. */
export interface RateLimitWindow {
  limit: number | undefined;
  remaining: number | undefined;
  /** The header as sent, e.g. "6m0s". */
  reset: string | undefined;
  /** `reset` in milliseconds. */
  resetMs: number | undefined;
}

/** The request and token rate-limit windows a response reported. */
export interface RateLimit {
  requests: RateLimitWindow;
  tokens: RateLimitWindow;
}

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/** "1h2m3.5s" → 3723500; undefined when the text is not a duration. */
export function parseDuration(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = trimmed.match(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g);
  if (!parts || parts.join('') !== trimmed) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, n, unit] = part.match(/^(\d+(?:\.\d+)?)(.*)$/)!;
    total += Number(n) * UNIT_MS[unit!]!;
  }
  return total;
}

const int = (value: string | null): number | undefined => {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

function windowOf(headers: Headers, what: 'requests' | 'tokens'): RateLimitWindow {
  const reset = headers.get(`x-ratelimit-reset-${what}`) ?? undefined;
  return {
    limit: int(headers.get(`x-ratelimit-limit-${what}`)),
    remaining: int(headers.get(`x-ratelimit-remaining-${what}`)),
    reset,
    resetMs: parseDuration(reset),
  };
}

export function parseRateLimit(headers: Headers): RateLimit {
  return { requests: windowOf(headers, 'requests'), tokens: windowOf(headers, 'tokens') };
}
