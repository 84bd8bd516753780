// Standard Webhooks signatures (https://www.standardwebhooks.com), as OpenAI signs its webhooks:
// `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, keyed
// with the bytes of the secret (the base64 after `whsec_`). Web-standard code (WebCrypto,
// TextEncoder, atob), so it runs in any runtime; loaded on first use of `ft.webhooks`.
// Long because signing, reading the headers, the timestamp tolerance and the constant-time compare
// are one scheme, read together against the specification.
import { InvalidArgumentError } from '../errors/base.ts';
import { InvalidWebhookSignatureError } from '../errors/base.ts';
import type { WebhookEvent } from './events.ts';
import { withSpan } from '../telemetry/spans.ts';

/** The raw body exactly as received: a string, or its bytes. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** Request headers as `Headers`, a plain object, or Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

/** One secret, or several while rotating (a signature made with any of them is accepted). */
export type WebhookSecret = string | readonly string[];

/** How far a timestamp may be from now, in seconds, in either direction. */
export const DEFAULT_TOLERANCE = 300;

/** More signatures than this in one header are refused without computing anything. */
const MAX_SIGNATURES = 32;
const SIGNATURE_BYTES = 32;

const encoder = new TextEncoder();

const fail = (check: InvalidWebhookSignatureError['check'], message: string): never => {
  throw new InvalidWebhookSignatureError(check, message);
};

/** The body's bytes; an object (already parsed JSON) is refused, since re-serialising changes them. */
export function bodyBytes(body: unknown): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new InvalidArgumentError(
    `The webhook body must be the raw body as received (a string or bytes), got ${body === null ? 'null' : typeof body}. ` +
      'Pass the request body before any JSON parsing (e.g. `await request.text()`, or express.raw()), since re-serialised JSON changes the signed bytes.',
  );
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  let value: string | readonly string[] | null | undefined;
  if (typeof (headers as Headers)?.get === 'function') value = (headers as Headers).get(name);
  else if (headers && typeof headers === 'object') {
    const record = headers as Record<string, string | readonly string[] | undefined>;
    value = record[name] ?? Object.entries(record).find(([k]) => k.toLowerCase() === name)?.[1];
  } else {
    throw new InvalidArgumentError(
      "The webhook headers must be a Headers object, a plain object or Node's IncomingHttpHeaders.",
    );
  }
  const text = Array.isArray(value) ? value.join(' ') : (value as string | null | undefined);
  return text?.trim() || undefined;
}

function base64ToBytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** The key bytes of a secret: the base64 after `whsec_`, or the text's UTF-8 bytes (as the official package). */
function secretBytes(secret: string, index: number, count: number): Uint8Array {
  const which = count > 1 ? `Webhook secret number ${index + 1}` : 'The webhook secret';
  if (secret.startsWith('whsec_')) {
    const bytes = base64ToBytes(secret.slice(6));
    if (!bytes?.length)
      return fail(
        'invalid_secret',
        `${which} starts with whsec_ but what follows is not base64. Copy the whole secret from the dashboard.`,
      );
    return bytes;
  }
  return encoder.encode(secret);
}

/**
 * The secrets to try: the argument (or the client's `webhookSecret`), else OPENAI_WEBHOOK_SECRET;
 * none at all is an error naming where to set one.
 */
export function secretsOf(secret: WebhookSecret | null | undefined): string[] {
  const given = (
    typeof secret === 'string' ? [secret] : Array.isArray(secret) ? [...secret] : []
  ).filter((s) => typeof s === 'string' && s.trim());
  // Read here, not through options.ts, so this lazily loaded chunk shares no module with the client's.
  const env = (
    globalThis as { process?: { env?: Record<string, string | undefined> } }
  ).process?.env?.OPENAI_WEBHOOK_SECRET?.trim();
  const list = (given.length ? given : env ? [env] : []).filter(
    (s): s is string => typeof s === 'string' && s.trim() !== '',
  );
  if (!list.length) {
    return fail(
      'missing_secret',
      'No webhook secret: pass `webhookSecret` to new FineTuning(), set OPENAI_WEBHOOK_SECRET, or pass the secret to unwrap()/verifySignature().',
    );
  }
  return list.map((s) => s.trim());
}

function signedContent(id: string, timestamp: string, body: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix);
  content.set(body, prefix.length);
  return content;
}

async function hmac(key: Uint8Array, content: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new InvalidArgumentError(
      'Verifying webhooks needs WebCrypto (globalThis.crypto.subtle), which this runtime lacks.',
    );
  const cryptoKey = await subtle.importKey(
    'raw',
    key as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await subtle.sign('HMAC', cryptoKey, content as Uint8Array<ArrayBuffer>));
}

/** Compares every byte whatever the first difference, so the time taken says nothing about the expected value. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ b[i]!;
  return difference === 0;
}

/** Options of `verify`. */
export interface VerifyOptions {
  /** Seconds a timestamp may be from now, either way. @default 300 */
  tolerance?: number | undefined;
  /** Now, in ms since the epoch (for tests). @default Date.now() */
  now?: number | undefined;
}

/**
 * Verifies a webhook's signature and timestamp; resolves with its `webhook-id` or rejects with an
 * InvalidWebhookSignatureError saying which check failed.
 */
export function verify(
  body: unknown,
  headers: WebhookHeaders,
  secret: WebhookSecret | null | undefined,
  options: VerifyOptions = {},
): Promise<string> {
  // One span per verification (when an OpenTelemetry provider is registered): the delivery's id,
  // or which check failed. Never the signature or the secret.
  return withSpan('webhooks.verify', {}, async (span) => {
    try {
      const id = await check(body, headers, secret, options);
      span.set({ 'openai.webhook.id': id });
      return id;
    } catch (error) {
      if (error instanceof InvalidWebhookSignatureError)
        span.set({ 'openai.webhook.failed_check': error.check });
      throw error;
    }
  });
}

async function check(
  body: unknown,
  headers: WebhookHeaders,
  secret: WebhookSecret | null | undefined,
  options: VerifyOptions,
): Promise<string> {
  const bytes = bodyBytes(body);
  const secrets = secretsOf(secret);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tolerance !== 'number' || !(tolerance >= 0))
    throw new InvalidArgumentError(
      `The tolerance must be a number of seconds >= 0, got ${String(tolerance)}.`,
    );
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  const missing = [
    !id && 'webhook-id',
    !timestamp && 'webhook-timestamp',
    !signature && 'webhook-signature',
  ].filter(Boolean);
  if (missing.length) {
    fail(
      'missing_header',
      `The webhook has no ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}: it was not sent by a Standard Webhooks sender, or a proxy removed ${missing.length > 1 ? 'them' : 'it'}.`,
    );
  }
  if (!/^\d{1,15}$/.test(timestamp!))
    fail(
      'malformed_header',
      'The webhook-timestamp header is not a whole number of seconds since the epoch.',
    );
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const age = nowSeconds - Number(timestamp);
  if (age > tolerance) {
    fail(
      'too_old',
      `The webhook timestamp is ${age} s old, more than the tolerance of ${tolerance} s: a replayed delivery, or this machine's clock is wrong.`,
    );
  }
  if (-age > tolerance) {
    fail(
      'from_the_future',
      `The webhook timestamp is ${-age} s in the future, more than the tolerance of ${tolerance} s: check this machine's clock.`,
    );
  }
  const entries = signature!.split(/\s+/);
  if (entries.length > MAX_SIGNATURES)
    fail(
      'malformed_header',
      `The webhook-signature header has ${entries.length} signatures; at most ${MAX_SIGNATURES} are read.`,
    );
  const candidates: Uint8Array[] = [];
  let v1 = 0;
  for (const entry of entries) {
    const comma = entry.indexOf(',');
    if (comma < 0) continue;
    if (entry.slice(0, comma) !== 'v1') continue;
    v1 += 1;
    const decoded = base64ToBytes(entry.slice(comma + 1));
    if (decoded?.length === SIGNATURE_BYTES) candidates.push(decoded);
  }
  if (!v1) fail('malformed_header', 'The webhook-signature header has no `v1,<base64>` signature.');
  if (!candidates.length)
    fail(
      'malformed_header',
      'No signature in the webhook-signature header is a base64 HMAC-SHA256 (32 bytes).',
    );
  const content = signedContent(id!, timestamp!, bytes);
  let matched = false;
  for (const [index, s] of secrets.entries()) {
    const expected = await hmac(secretBytes(s, index, secrets.length), content);
    for (const candidate of candidates) matched = equalBytes(candidate, expected) || matched;
  }
  if (!matched) {
    fail(
      'no_match',
      `No signature in the webhook-signature header matches the body under the ${secrets.length > 1 ? `${secrets.length} secrets given` : 'secret given'}: ` +
        "the secret is not this endpoint's, or the body was changed (pass the raw body, not re-serialised JSON).",
    );
  }
  return id!;
}

/** Verifies, then parses the body into an event. */
export async function unwrap(
  body: unknown,
  headers: WebhookHeaders,
  secret: WebhookSecret | null | undefined,
  options: VerifyOptions = {},
): Promise<WebhookEvent> {
  await verify(body, headers, secret, options);
  const text = typeof body === 'string' ? body : new TextDecoder().decode(bodyBytes(body));
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return fail('invalid_json', 'The webhook is signed correctly but its body is not JSON.');
  }
  if (
    !event ||
    typeof event !== 'object' ||
    typeof (event as { type?: unknown }).type !== 'string'
  ) {
    return fail(
      'invalid_json',
      'The webhook is signed correctly but its body is not an event (an object with a string `type`).',
    );
  }
  return event as WebhookEvent;
}

/** The headers a Standard Webhooks sender adds to a delivery of `body`, signed with `secret`. */
export async function sign(
  body: string,
  secret: string,
  id: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(timestampSeconds));
  const signature = await hmac(
    secretBytes(secretsOf(secret)[0]!, 0, 1),
    signedContent(id, timestamp, encoder.encode(body)),
  );
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${bytesToBase64(signature)}`,
  };
}

/** A new `whsec_` secret: 32 random bytes, base64. */
export function generateSecret(): string {
  return `whsec_${bytesToBase64(globalThis.crypto.getRandomValues(new Uint8Array(32)))}`;
}
