// `ft.webhooks`: verify and parse the webhooks OpenAI sends. This class is all the client carries;
// the verification (./verify.ts) and the handler (./handler.ts) load on first use, so a service
// that never receives a webhook does not load them.
import type { WebhookEvent } from './events.ts';
import type { WebhookHandler, WebhookHandlerOptions, OnWebhookEvent } from './handler.ts';
import type { WebhookBody, WebhookHeaders, WebhookSecret } from './verify.ts';

/**
 * Webhooks: `unwrap` verifies a delivery and parses it, `verifySignature` only verifies, `handler`
 * makes a `(request: Request) => Promise<Response>` endpoint. Same names and arguments as the
 * official `openai` package's `client.webhooks`.
 * @example
 * const ft = new FineTuning({ webhookSecret: process.env.OPENAI_WEBHOOK_SECRET });
 * const event = await ft.webhooks.unwrap(await request.text(), request.headers);
 */
export class Webhooks {
  readonly #secret: () => WebhookSecret | undefined;

  /** @param secret reads the client's `webhookSecret` (kept where no rendering of the client shows it). */
  constructor(secret: () => WebhookSecret | undefined) {
    this.#secret = secret;
  }

  /**
   * Verifies the signature and timestamp, then parses the body into an event (one of the three
   * fine-tuning events, or an event of another type). Rejects with InvalidWebhookSignatureError.
   * @param body the raw body as received (string or bytes), never re-serialised JSON
   * @param headers the request's headers (`Headers`, a plain object or `IncomingHttpHeaders`)
   * @param secret the endpoint's secret, or several while rotating @default the client's `webhookSecret`, else OPENAI_WEBHOOK_SECRET
   * @param tolerance seconds the `webhook-timestamp` may be from now, either way @default 300
   */
  unwrap(
    body: WebhookBody,
    headers: WebhookHeaders,
    secret: WebhookSecret | null | undefined = this.#secret(),
    tolerance?: number,
  ): Promise<WebhookEvent> {
    return import('./verify.ts').then((m) => m.unwrap(body, headers, secret, { tolerance }));
  }

  /** Only verifies (see `unwrap`); resolves when the webhook is genuine. */
  verifySignature(
    body: WebhookBody,
    headers: WebhookHeaders,
    secret: WebhookSecret | null | undefined = this.#secret(),
    tolerance?: number,
  ): Promise<void> {
    return import('./verify.ts')
      .then((m) => m.verify(body, headers, secret, { tolerance }))
      .then(() => {});
  }

  /**
   * A fetch-style endpoint (`(request: Request) => Promise<Response>`, for frameworks built on web
   * `Request`): 400 when a delivery fails verification (saying which check), 200 once `onEvent`
   * has resolved, 500 when it throws (so the sender retries). A delivery whose `webhook-id` was
   * handled before is answered 200 without calling `onEvent` (`options.dedupe`).
   * @example
   * export const POST = ft.webhooks.handler(async (event) => {
   *   if (event.type === 'fine_tuning.job.succeeded') console.log('done:', event.data.id);
   * });
   */
  handler(onEvent: OnWebhookEvent, options: WebhookHandlerOptions = {}): WebhookHandler {
    const state = {}; // this handler's own de-duplication store, made at its first delivery
    return (request) =>
      import('./handler.ts').then((m) => m.handle(this, request, onEvent, options, state));
  }
}
