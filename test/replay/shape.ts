// Comparing two answers in shape, not in value: the status, which keys are present and absent,
// null against {} against [], strings against numbers, list envelopes (an array's items compared to
// the recorded first item), error type/code/param, and the headers that matter.

/** One way the local answer differs from the recorded one: where, and the two shapes. */
export interface Difference {
  /** `status`, `header x-ratelimit-*`, `body.data[].error`, `body.error.param`… */
  at: string;
  recorded: string;
  local: string;
}

const kind = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? v.length
        ? 'array'
        : '[]'
      : typeof v === 'object'
        ? Object.keys(v as object).length
          ? 'object'
          : '{}'
        : typeof v;

/** Where two bodies differ in shape. Error `type`, `code` and `param` are compared by value. */
export function bodyDifferences(recorded: unknown, local: unknown, at = 'body'): Difference[] {
  const a = kind(recorded);
  const b = kind(local);
  if (a === 'array' && b === 'array')
    return bodyDifferences((recorded as unknown[])[0], (local as unknown[])[0], `${at}[]`);
  // An empty list against a full one is a matter of state, not shape.
  if ((a === '[]' && b === 'array') || (a === 'array' && b === '[]')) return [];
  if (a === 'object' && b === 'object') {
    const r = recorded as Record<string, unknown>;
    const l = local as Record<string, unknown>;
    const out: Difference[] = [];
    for (const key of new Set([...Object.keys(r), ...Object.keys(l)])) {
      const path = `${at}.${key}`;
      if (!(key in l)) out.push({ at: path, recorded: kind(r[key]), local: 'absent' });
      else if (!(key in r)) out.push({ at: path, recorded: 'absent', local: kind(l[key]) });
      else if (/^body\.error\.(type|code|param)$/.test(path) && r[key] !== l[key])
        out.push({ at: path, recorded: JSON.stringify(r[key]), local: JSON.stringify(l[key]) });
      else out.push(...bodyDifferences(r[key], l[key], path));
    }
    return out;
  }
  return a === b ? [] : [{ at, recorded: a, local: b }];
}

/** The headers whose presence matters to a client: rate-limit figures, organization, version. */
export const HEADERS_THAT_MATTER = [
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
  'openai-organization',
  'openai-version',
  'x-request-id',
  'retry-after',
];

export function headerDifferences(recorded: Record<string, string>, local: Headers): Difference[] {
  const out: Difference[] = [];
  for (const name of HEADERS_THAT_MATTER) {
    const r = name in recorded;
    const l = local.has(name);
    if (r !== l)
      out.push({
        at: `header ${name}`,
        recorded: r ? 'present' : 'absent',
        local: l ? 'present' : 'absent',
      });
  }
  const type = (v: string | null | undefined) => (v ?? '').split(';')[0]!.trim();
  if (type(recorded['content-type']) !== type(local.get('content-type')))
    out.push({
      at: 'header content-type',
      recorded: type(recorded['content-type']),
      local: type(local.get('content-type')),
    });
  return out;
}
