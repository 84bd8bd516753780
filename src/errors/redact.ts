// Keeps secrets out of error messages, error bodies and log lines. The values actually sent are
// known (they are on the request), so they are removed wherever they appear, however a server or
// proxy echoes them; key-shaped and bearer-shaped strings are removed as well, for secrets this
// request did not carry.

/**
 * The one list of credential headers, lower-case: their values are removed from every rendering
 * (errors, logs, `ft.options`, `withResponse()`), and the transport never sends them to another
 * origin (a redirect there is refused: src/transport/redirect.ts). A new credential header (a
 * gateway's key header, say) is added here, and every one of those places covers it.
 */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
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
 * A header whose value is a secret: one of `CREDENTIAL_HEADERS`, or any gateway's `…-key`,
 * `…-token` or `…-secret` header (`x-gateway-key`, `ocp-apim-subscription-key`), but not
 * `Idempotency-Key`.
 */
export const isSensitiveHeader = (name: string): boolean =>
  CREDENTIAL_HEADERS.has(name.toLowerCase()) ||
  /^(?!idempotency-).+-(?:key|token|secret)$/i.test(name);

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

/**
 * `response` with its `headers` redacted as an error's are: credential
 * headers replaced, the request's secrets and key-shaped strings removed from the rest. What
 * `withResponse()` and every other answer handed to a caller carry. Computed at each read.
 */
export function redactResponse(response: Response, request: Record<string, string>): Response {
  const { headers, clone } = response;
  // (A Response from fetch, or from any custom fetch that does not freeze it, takes the properties.)
  // A clone is redacted too: Response's own clone() copies the raw headers.
  return Object.defineProperties(response, {
    headers: { get: () => redactHeaders(headers, secretsOf(request)) },
    clone: { value: () => redactResponse(clone.call(response), request) },
  });
}
