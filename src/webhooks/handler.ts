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

export interface WebhookHandlerOptions {
  /** The endpoint's secret(s). @default the client's `webhookSecret` */
  secret?: WebhookSecret | undefined;
  /** Seconds a timestamp may be from now, either way. @default 300 */
  tolerance?: number | undefined;
  /** Called when `onEvent` throws (the sender gets 500 and retries). @default console.error */
  onError?: ((error: unknown, event?: WebhookEvent) => void) | undefined;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export async function handle(
  webhooks: Unwrapper,
  request: Request,
  onEvent: OnWebhookEvent,
  options: WebhookHandlerOptions,
): Promise<Response> {
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
  try {
    await onEvent(event, { webhookId: request.headers.get('webhook-id')!, request });
  } catch (error) {
    (options.onError ?? ((e: unknown) => console.error('The webhook handler failed:', e)))(
      error,
      event,
    );
    return json(500, { error: { message: 'The webhook handler failed.', type: 'server_error' } });
  }
  return json(200, { received: true, id: event.id });
}
