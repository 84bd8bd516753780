// The fetch-style webhook endpoint behind `ft.webhooks.handler()` (and, through a Request/Response
// bridge, the node:http one in `openai-fine-tuning/node`).
import { isKind } from '../errors/base.ts';
import type { WebhookEvent } from './events.ts';
import type { WebhookBody, WebhookHeaders, WebhookSecret } from './verify.ts';

/** What the handler needs of `ft.webhooks`: its `unwrap`. */
interface Unwrapper {
  unwrap(
    body: WebhookBody,
    headers: WebhookHeaders,
    secret?: WebhookSecret | null,
    tolerance?: number,
  ): Promise<WebhookEvent>;
}

/** What the handler tells `onEvent` besides the event. */
export interface WebhookDelivery {
  /** The `webhook-id` header: the same for every retry of one delivery (de-duplicate on it or on `event.id`). */
  webhookId: string;
  /** The request, for its other headers. */
  request: Request;
}

/** Called with each verified event; the sender gets 200 once it resolves, 500 if it throws. */
export type OnWebhookEvent = (event: WebhookEvent, delivery: WebhookDelivery) => unknown;

export type WebhookHandler = (request: Request) => Promise<Response>;

/**
 * Where a webhook handler records the `webhook-id`s it has accepted, to turn away a delivery that
 * comes again (the sender's retry of one already handled, or a replay by someone who captured it,
 * which verifies until its timestamp leaves the tolerance). Standard Webhooks asks receivers to
 * de-duplicate on `webhook-id`. Back it with a shared store (Redis, a database) when several
 * instances receive deliveries: `claim` is Redis's `SET key 1 NX EX ttl`, `release` its `DEL`.
 */
export interface WebhookDedupeStore {
  /**
   * Records `id` for `ttlSeconds` unless it is recorded already, in one atomic step; true when it
   * was not (the delivery is new), false when it was (a duplicate).
   */
  claim(id: string, ttlSeconds: number): boolean | Promise<boolean>;
  /** Forgets `id`: `onEvent` failed, so the sender's retry must be handled, not turned away. */
  release(id: string): unknown;
}

export interface WebhookHandlerOptions {
  /**
   * Turns away a delivery whose `webhook-id` was accepted before: it is verified, then answered
   * 200 `{ received: true, id, duplicate: true }` (so the sender stops retrying) without calling
   * `onEvent`; `onDuplicate` hears of it. `false` calls `onEvent` for every verified delivery.
   * @default an in-memory store per handler: the last 10,000 ids, each kept `dedupeTtlSeconds`
   */
  dedupe?: WebhookDedupeStore | false | undefined;
  /**
   * How long an accepted `webhook-id` is remembered. OpenAI retries a delivery for up to 72 hours.
   * @default 259200 (72 hours)
   */
  dedupeTtlSeconds?: number | undefined;
  /** Called with a duplicate delivery turned away (see `dedupe`). @default nothing */
  onDuplicate?: ((event: WebhookEvent, delivery: WebhookDelivery) => unknown) | undefined;
  /** The endpoint's secret(s). @default the client's `webhookSecret` */
  secret?: WebhookSecret | undefined;
  /** Seconds a timestamp may be from now, either way. @default 300 */
  tolerance?: number | undefined;
  /** Called when `onEvent` throws (the sender gets 500 and retries). @default console.error */
  onError?: ((error: unknown, event?: WebhookEvent) => void) | undefined;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** One handler's own state: its in-memory de-duplication store, made at its first delivery. */
export interface HandlerState {
  store?: WebhookDedupeStore;
}

export async function handle(
  webhooks: Unwrapper,
  request: Request,
  onEvent: OnWebhookEvent,
  options: WebhookHandlerOptions,
  state: HandlerState = {},
): Promise<Response> {
  state.store ??= memoryDedupeStore();
  if (request.method !== 'POST')
    return json(405, {
      error: { message: 'Webhooks are delivered with POST.', type: 'method_not_allowed' },
    });
  const body = new Uint8Array(await request.arrayBuffer());
  let event: WebhookEvent;
  try {
    // An undefined secret falls back to the client's `webhookSecret` (unwrap's default).
    event = await webhooks.unwrap(body, request.headers, options.secret, options.tolerance);
  } catch (error) {
    // A delivery that fails verification is the sender's problem (400); anything else (no secret
    // configured) is this service's, and the sender should retry later (500).
    const check = isKind(error, 'InvalidWebhookSignatureError')
      ? (error as { check: string }).check
      : undefined;
    if (check && check !== 'missing_secret' && check !== 'invalid_secret') {
      return json(400, {
        error: {
          message: (error as Error).message,
          type: 'invalid_webhook_signature',
          code: check,
        },
      });
    }
    (options.onError ?? console.error)(error);
    return json(500, {
      error: {
        message: 'The webhook endpoint is not configured to verify deliveries.',
        type: 'server_error',
      },
    });
  }
  const delivery = { webhookId: request.headers.get('webhook-id')!, request };
  const store = options.dedupe === false ? undefined : (options.dedupe ?? state.store);
  const ttl = options.dedupeTtlSeconds ?? 259_200;
  try {
    if (store && !(await store.claim(delivery.webhookId, ttl))) {
      await options.onDuplicate?.(event, delivery);
      return json(200, { received: true, id: event.id, duplicate: true });
    }
  } catch (error) {
    // The store failed: the sender should retry later, when it may answer.
    (options.onError ?? console.error)(error, event);
    return json(500, {
      error: { message: 'The webhook de-duplication store failed.', type: 'server_error' },
    });
  }
  try {
    await onEvent(event, delivery);
  } catch (error) {
    // Not handled: its retry must not be turned away as a duplicate.
    await (async () => store?.release(delivery.webhookId))().catch(() => {});
    (options.onError ?? ((e: unknown) => console.error('The webhook handler failed:', e)))(
      error,
      event,
    );
    return json(500, { error: { message: 'The webhook handler failed.', type: 'server_error' } });
  }
  return json(200, { received: true, id: event.id });
}

/**
 * The default store: ids in insertion order with their expiry, at most `max` (the oldest are
 * forgotten first), each forgotten `ttlSeconds` after it was claimed. One process only.
 */
export function memoryDedupeStore(max = 10_000, now = Date.now): WebhookDedupeStore {
  const ids = new Map<string, number>();
  return {
    claim(id, ttlSeconds) {
      const at = now();
      // Claimed with one ttl, ids expire in about the order they were claimed: drop the expired.
      for (const [old, expires] of ids) {
        if (expires > at) break;
        ids.delete(old);
      }
      const expires = ids.get(id);
      if (expires !== undefined && expires > at) return false;
      ids.delete(id);
      ids.set(id, at + ttlSeconds * 1000);
      if (ids.size > max) ids.delete(ids.keys().next().value!);
      return true;
    },
    release(id) {
      ids.delete(id);
    },
  };
}
