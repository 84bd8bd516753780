// Keeps secrets out of every rendering: error messages, error bodies, log lines, `ft.options`,
// `withResponse()`, telemetry attributes and everything the CLI prints. The values actually sent
// are known (they are on the request, or in the CLI's flags and environment), so they are removed
// wherever they appear, however a server or proxy echoes them; key-shaped and bearer-shaped
// strings are removed as well, for secrets this request did not carry.

/**
 * The well-known credential headers, lower-case. Every one also passes `isSecretName`; the list
 * names them for the redirect policy (src/transport/redirect.ts) and the docs.
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

export const REDACTED = '[redacted]';
const KEY_SHAPED = /\bsk-[A-Za-z0-9_*.-]{6,}/g;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
// The one rule for names whose value is a secret: headers (`Authorization`, `x-gateway-key`,
// `ocp-apim-subscription-key`), query parameters (`api_key`, `X-Amz-Signature`, `sig`), options
// and body fields (`apiKey`, `webhookSecret`, `client_secret`) and environment variables
// (`OPENAI_API_KEY`, `OPENAI_WEBHOOK_SECRET`). A new credential named like one of these is
// covered everywhere without a change; one named otherwise is added here. An idempotency key is
// not a secret (it is shown so a retry can be traced).
const SECRET_NAME =
  /(key|secret|token|password|signature|credentials?|authorization|cookie|session|^auth|^sig)$/i;

/** Whether the value of a header, query parameter, option, body field or variable so named is a secret. */
export const isSecretName = (name: string): boolean =>
  SECRET_NAME.test(name) && !/^idempotency[-_]?key$/i.test(name);

/**
 * The secret values among `named` (request headers, options, environment variables): the value of
 * each secret-named entry, and the token after its scheme (`Bearer …`), as `redactText` takes them.
 */
export function secretsOf(named: Record<string, string | undefined>): string[] {
  const secrets: string[] = [];
  for (const name in named) {
    const value = isSecretName(name) && named[name]?.trim();
    if (!value) continue;
    secrets.push(value);
    const token = value.replace(/^(Bearer|Basic)\s+/i, '');
    if (token !== value) secrets.push(token);
  }
  // Longest first, so a token inside a header value is not left half-replaced.
  return secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** `text` without `secrets` (as `secretsOf` gives them) and without any key- or bearer-shaped string. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `$1 ${REDACTED}`).replace(KEY_SHAPED, `sk-${REDACTED}`);
}

/** A copy of a parsed JSON body with every string redacted, and the value of every secret-named field. */
export function redactDeep(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = typeof v === 'string' && isSecretName(k) ? REDACTED : redactDeep(v, secrets);
    return out;
  }
  return value;
}

/** A copy of `headers` with sensitive ones replaced and secrets removed from the rest. */
export function redactHeaders(headers: Headers, secrets: readonly string[] = []): Headers {
  const out = new Headers();
  headers.forEach((value, name) => {
    out.append(name, isSecretName(name) ? REDACTED : redactText(value, secrets));
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
    out[name] = isSecretName(name) ? REDACTED : redactText(value, secrets);
  return out;
}

/**
 * `response` with its `headers` redacted as an error's are: credential
 * headers replaced, the request's secrets and key-shaped strings removed from the rest. What
 * `withResponse()` and every other answer handed to a caller carry. Computed at each read.
 */
export function redactResponse(response: Response, request: Record<string, string>): Response {
  const { headers } = response;
  // (A Response from fetch, or from any custom fetch that does not freeze it, takes the properties.)
  return Object.defineProperties(response, {
    headers: { get: () => redactHeaders(headers, secretsOf(request)) },
  });
}
