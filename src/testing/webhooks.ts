// The local server's webhook deliveries: when a job succeeds, fails or is cancelled it POSTs the
// signed event (the JSON and headers OpenAI sends, signed per Standard Webhooks) to each endpoint,
// retrying a non-2xx answer or an unreachable URL with backoff on the server's clock. Every
// attempt is recorded here; this object is the one store of delivery state.
import type { FineTuningJob } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import { randomId } from './ids.ts';

/** Where the local server delivers webhooks. */
export interface WebhookEndpoint {
  /** The endpoint the events are POSTed to (http or https). */
  url: string;
  /** The endpoint's signing secret: `whsec_` and base64 bytes (as the dashboard gives them), or any text. */
  secret: string;
  /** Which event types go to this endpoint. @default every type */
  events?: readonly string[] | undefined;
}

/** How the local server retries a delivery that failed. */
export interface WebhookRetry {
  /** Attempts per delivery, the first included. @default 5 */
  maxAttempts: number;
  /** Server ms before the second attempt; each later wait is 5 times the one before. @default 1000 */
  initialDelayMs: number;
  /** Real ms one attempt may take before it counts as failed. @default 10000 */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  timeoutMs: 10_000,
};

/** A webhook event as the server sends it. */
export interface WebhookEventBody {
  id: string;
  object: 'event';
  created_at: number;
  type: string;
  data: Record<string, unknown>;
}

/** One delivery attempt (`server.webhookDeliveries`). */
export interface WebhookDeliveryAttempt {
  /** The event's `id` (the same in every attempt and to every endpoint). */
  eventId: string;
  type: string;
  /** The `webhook-id` header: the same for every attempt of this event to this endpoint. */
  webhookId: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Server time of the attempt (ms since the epoch). */
  at: number;
  /** The endpoint's answer, or null when there was none (see `error`). */
  status: number | null;
  /** Why the attempt failed without an answer (connection refused, timeout), or null. */
  error: string | null;
  /** Whether the endpoint answered 2xx. */
  ok: boolean;
  /** Server time of the next attempt, or null when there is none (delivered, or out of attempts). */
  nextAttemptAt: number | null;
  /** The event as sent. */
  event: WebhookEventBody;
}

interface Pending {
  event: WebhookEventBody;
  body: string;
  endpoint: WebhookEndpoint;
  webhookId: string;
  attempt: number;
  dueAt: number;
}

const MAX_RECORDED = 10_000;

// The SDK's signing code, loaded the way ft.webhooks loads it (dynamically): a static import here
// would make the bundler give that chunk a namespace object and split its runtime helper into what
// the main entry loads at start (npm run size).
const signed = (body: string, secret: string, id: string, seconds?: number) =>
  import('../webhooks/verify.ts').then((m) => m.sign(body, secret, id, seconds));
const USER_AGENT = 'OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)';

/** Checks `webhooks` options: a usable URL and a secret each; anything else is a RangeError saying which. */
export function checkEndpoints(
  endpoints: readonly WebhookEndpoint[] | undefined,
): WebhookEndpoint[] {
  return (endpoints ?? []).map((e, i) => {
    const where = `startLocalServer: webhooks[${i}]`;
    let url: URL;
    try {
      url = new URL(e?.url);
    } catch {
      throw new RangeError(
        `${where}.url must be an absolute http(s) URL, got ${JSON.stringify(e?.url)}.`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new RangeError(`${where}.url must be http or https, got ${url.protocol}.`);
    if (typeof e.secret !== 'string' || !e.secret.trim())
      throw new RangeError(
        `${where}.secret is missing: give the secret the receiving endpoint verifies with (e.g. whsec_…).`,
      );
    if (e.secret.startsWith('whsec_') && !/^[A-Za-z0-9+/]+={0,2}$/.test(e.secret.slice(6)))
      throw new RangeError(`${where}.secret starts with whsec_ but what follows is not base64.`);
    return {
      url: url.href,
      secret: e.secret.trim(),
      ...(e.events ? { events: [...e.events] } : {}),
    };
  });
}

export class WebhookDeliveries {
  /** Every attempt, oldest first (the last 10,000). */
  readonly attempts: WebhookDeliveryAttempt[] = [];
  readonly endpoints: readonly WebhookEndpoint[];
  readonly retry: WebhookRetry;
  readonly #clock: Clock;
  /** Deliveries waiting for their next attempt. */
  #pending: Pending[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  /** Called when a retry has been scheduled (the server sets a timer on a real clock). */
  onScheduled: () => void = () => {};

  /** Event and delivery ids: the server's (seeded when it has a seed), or random. */
  readonly #id: (prefix: string, length?: number) => string;

  constructor(
    clock: Clock,
    endpoints: readonly WebhookEndpoint[],
    retry: WebhookRetry,
    id: (prefix: string, length?: number) => string = randomId,
  ) {
    this.#clock = clock;
    this.endpoints = endpoints;
    this.retry = retry;
    this.#id = id;
  }

  /** A new event id (`evt_…`). */
  eventId(): string {
    return this.#id('evt_');
  }

  /** A job ended (called by the job simulation): send its event to every subscribed endpoint. */
  jobEnded(job: FineTuningJob, at: number): void {
    if (!this.endpoints.length) return;
    void this.send({
      id: this.eventId(),
      object: 'event',
      created_at: Math.floor(at / 1000),
      type: `fine_tuning.job.${job.status}`,
      data: { id: job.id },
    });
  }

  /** Announces an eval run's end: `eval.run.succeeded`, `.failed` or `.canceled`. */
  evalRunEnded(run: { id: string; status: string }, at: number): void {
    if (!this.endpoints.length) return;
    void this.send({
      id: this.eventId(),
      object: 'event',
      created_at: Math.floor(at / 1000),
      type: `eval.run.${run.status === 'completed' ? 'succeeded' : run.status}`,
      data: { id: run.id },
    });
  }

  /** Sends an event now to every endpoint subscribed to its type; resolves with the first attempts. */
  send(
    event: WebhookEventBody,
    endpoints: readonly WebhookEndpoint[] = this.endpoints,
  ): Promise<WebhookDeliveryAttempt[]> {
    const body = JSON.stringify(event);
    const targets = endpoints.filter((e) => !e.events || e.events.includes(event.type));
    return Promise.all(
      targets.map((endpoint) =>
        this.#attempt({
          event,
          body,
          endpoint,
          webhookId: this.#id('wh_', 32),
          attempt: 1,
          dueAt: this.#clock.now(),
        }),
      ),
    );
  }

  /** Starts every retry that is due by the server's clock. */
  run(): void {
    const now = this.#clock.now();
    const due = this.#pending.filter((p) => p.dueAt <= now);
    this.#pending = this.#pending.filter((p) => p.dueAt > now);
    for (const p of due) void this.#attempt(p);
  }

  /** The server time of the earliest retry, or undefined when none is waiting. */
  nextDue(): number | undefined {
    return this.#pending.reduce<number | undefined>(
      (min, p) => (min === undefined || p.dueAt < min ? p.dueAt : min),
      undefined,
    );
  }

  /** Resolves once no attempt is in flight (attempts started meanwhile included). */
  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  #attempt(p: Pending): Promise<WebhookDeliveryAttempt> {
    const run = async (): Promise<WebhookDeliveryAttempt> => {
      const at = this.#clock.now();
      let status: number | null = null;
      let error: string | null = null;
      try {
        // The signature's timestamp is the real time of sending, as a receiver checks it against
        // its own clock: a manual server clock moved hours ahead must not make it "from the future".
        const headers = await signed(p.body, p.endpoint.secret, p.webhookId);
        const response = await fetch(p.endpoint.url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
          body: p.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.retry.timeoutMs),
        });
        status = response.status;
        await response.body?.cancel().catch(() => {});
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        error =
          (e as Error).name === 'TimeoutError'
            ? `no answer within ${this.retry.timeoutMs} ms`
            : (cause?.code ?? cause?.message ?? (e as Error).message);
      }
      const ok = status !== null && status >= 200 && status < 300;
      const retry = !ok && p.attempt < this.retry.maxAttempts;
      const nextAttemptAt = retry
        ? this.#clock.now() + this.retry.initialDelayMs * 5 ** (p.attempt - 1)
        : null;
      const record: WebhookDeliveryAttempt = {
        eventId: p.event.id,
        type: p.event.type,
        webhookId: p.webhookId,
        url: p.endpoint.url,
        attempt: p.attempt,
        at,
        status,
        error,
        ok,
        nextAttemptAt,
        event: p.event,
      };
      this.attempts.push(record);
      if (this.attempts.length > MAX_RECORDED)
        this.attempts.splice(0, this.attempts.length - MAX_RECORDED);
      if (nextAttemptAt !== null) {
        this.#pending.push({ ...p, attempt: p.attempt + 1, dueAt: nextAttemptAt });
        this.onScheduled();
      }
      return record;
    };
    const promise = run();
    const tracked = promise.then(
      () => {},
      () => {},
    );
    this.#inFlight.add(tracked);
    void tracked.then(() => this.#inFlight.delete(tracked));
    return promise;
  }
}

/**
 * The headers a delivery of `body` carries when signed with `secret` (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`), as OpenAI and the local server sign them: for testing
 * a webhook handler without a server.
 * @example
 * const body = JSON.stringify({ id: 'evt_1', object: 'event', created_at: 0, type: 'fine_tuning.job.succeeded', data: { id: 'ftjob-1' } });
 * const response = await handler(new Request('http://localhost/hooks', { method: 'POST', body, headers: await signWebhook(body, secret) }));
 */
export function signWebhook(
  body: string,
  secret: string,
  options: { webhookId?: string; timestamp?: Date } = {},
): Promise<Record<string, string>> {
  const seconds = Math.floor((options.timestamp ?? new Date()).getTime() / 1000);
  return signed(body, secret, options.webhookId ?? randomId('wh_', 32), seconds);
}
