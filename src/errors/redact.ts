// Keeps secrets out of error messages, error bodies and log lines. The values actually sent are
// known (they are on the request), so they are removed wherever they appear, however a server or
// proxy echoes them; key-shaped and bearer-shaped strings are removed as well, for secrets this
// request did not carry.

const SENSITIVE = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'openai-admin-key',
  'cookie',
  'set-cookie',
]);

const REDACTED = '[redacted]';
const KEY_SHAPED = /\bsk-[A-Za-z0-9_*.-]{6,}/g;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;

/**
 * The one list of secret header names: those above, and any gateway's `…-key`, `…-token` or
 * `…-secret` header (`x-gateway-key`, `ocp-apim-subscription-key`), but not `Idempotency-Key`.
 */
export const isSensitiveHeader = (name: string): boolean =>
  SENSITIVE.has(name.toLowerCase()) || /^(?!idempotency-).+-(?:key|token|secret)$/i.test(name);

/** The secret values a request carries: each sensitive header, and the token after its scheme. */
export function secretsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    const value = isSensitiveHeader(name) && headers[name]?.trim();
    if (!value) continue;
    secrets.push(value);
    const token = value.replace(/^(Bearer|Basic)\s+/i, '');
    if (token !== value) secrets.push(token);
  }
  // Longest first, so a token inside a header value is not left half-replaced.
  return secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `$1 ${REDACTED}`).replace(KEY_SHAPED, `sk-${REDACTED}`);
}

/** A copy of a parsed JSON body with every string redacted. */
export function redactDeep(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, secrets);
    return out;
  }
  return value;
}

/** A copy of `headers` with sensitive ones replaced and secrets removed from the rest. */
export function redactHeaders(headers: Headers, secrets: readonly string[] = []): Headers {
  const out = new Headers();
  headers.forEach((value, name) => {
    out.append(name, isSensitiveHeader(name) ? REDACTED : redactText(value, secrets));
  });
  return out;
}

/** Request headers (lower-case names) as a log line shows them, redacted. */
export function headersForLog(
  headers: Record<string, string>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = isSensitiveHeader(name) ? REDACTED : redactText(value, secrets);
  return out;
}
