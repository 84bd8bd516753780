// The events a fine-tuning webhook carries: the three the spec's `webhooks:` section describes, and
// a fallback for any other type, so a new event never crashes a handler.
import type {
  WebhookEvalRunCanceled,
  WebhookEvalRunFailed,
  WebhookEvalRunSucceeded,
  WebhookFineTuningJobCancelled,
  WebhookFineTuningJobFailed,
  WebhookFineTuningJobSucceeded,
} from '../../generated/types.gen.ts';

/** A fine-tuning job ended: `fine_tuning.job.succeeded`, `.failed` or `.cancelled`; `data.id` is the job's id. */
export type FineTuningWebhookEvent =
  | WebhookFineTuningJobSucceeded
  | WebhookFineTuningJobFailed
  | WebhookFineTuningJobCancelled;

/** The three fine-tuning event types. */
export type FineTuningWebhookEventType = FineTuningWebhookEvent['type'];

/** An event of a type this version of the package does not know (OpenAI sends other products' events too). */
export interface UnknownWebhookEvent {
  id: string;
  type: string;
  created_at: number;
  object?: 'event';
  data: Record<string, unknown>;
}

/** An eval run ended: `eval.run.succeeded`, `.failed` or `.canceled`; `data.id` is the run's id. */
export type EvalRunWebhookEvent =
  | WebhookEvalRunSucceeded
  | WebhookEvalRunFailed
  | WebhookEvalRunCanceled;

/** The three eval run event types. */
export type EvalRunWebhookEventType = EvalRunWebhookEvent['type'];

/**
 * What `ft.webhooks.unwrap` resolves with. Narrow it with `isFineTuningWebhookEvent` or
 * `isEvalRunWebhookEvent`, then switch on `type`.
 */
export type WebhookEvent = FineTuningWebhookEvent | EvalRunWebhookEvent | UnknownWebhookEvent;

/** The fine-tuning event types, in the order the spec lists them. */
export const FINE_TUNING_WEBHOOK_EVENTS: readonly FineTuningWebhookEventType[] = [
  'fine_tuning.job.succeeded',
  'fine_tuning.job.failed',
  'fine_tuning.job.cancelled',
];

/**
 * Whether an unwrapped event is one of the three fine-tuning events (after which `switch (event.type)`
 * narrows to each one, with `data.id` the job's id).
 * @example
 * const event = await ft.webhooks.unwrap(body, headers);
 * if (isFineTuningWebhookEvent(event) && event.type === 'fine_tuning.job.succeeded') console.log(event.data.id);
 */
export function isFineTuningWebhookEvent(event: WebhookEvent): event is FineTuningWebhookEvent {
  return (FINE_TUNING_WEBHOOK_EVENTS as readonly string[]).includes(event.type);
}

/** The eval run event types, in the order the spec lists them. */
export const EVAL_RUN_WEBHOOK_EVENTS: readonly EvalRunWebhookEventType[] = [
  'eval.run.succeeded',
  'eval.run.failed',
  'eval.run.canceled',
];

/**
 * Whether an unwrapped event is one of the three eval run events (`data.id` is the run's id).
 * @example
 * const event = await ft.webhooks.unwrap(body, headers);
 * if (isEvalRunWebhookEvent(event) && event.type === 'eval.run.failed') console.log(event.data.id);
 */
export function isEvalRunWebhookEvent(event: WebhookEvent): event is EvalRunWebhookEvent {
  return (EVAL_RUN_WEBHOOK_EVENTS as readonly string[]).includes(event.type);
}
