// The error a webhook that fails verification throws. Its message says which check failed and what
// to do; it never contains a secret (only the headers' names and the time figures are quoted).
import { FineTuningError } from './base.ts';

/** Which check a webhook failed. */
export type WebhookCheck =
  | 'missing_secret'
  | 'invalid_secret'
  | 'invalid_body'
  | 'missing_header'
  | 'malformed_header'
  | 'too_old'
  | 'from_the_future'
  | 'no_match'
  | 'invalid_json';

/**
 * A webhook did not pass verification (`ft.webhooks.unwrap`, `ft.webhooks.verifySignature`, the
 * webhook handlers): a header is missing or malformed, its timestamp is outside the tolerance, or
 * no signature matched the body under any of the secrets. Answer the sender 400 and do not act on it.
 * @example
 * try {
 *   const event = await ft.webhooks.unwrap(rawBody, request.headers);
 * } catch (error) {
 *   if (error instanceof InvalidWebhookSignatureError) console.error(error.check, error.message);
 * }
 */
export class InvalidWebhookSignatureError extends FineTuningError {
  static override readonly kind: string = 'InvalidWebhookSignatureError';
  /** Which check failed. */
  readonly check: WebhookCheck;

  constructor(check: WebhookCheck, message: string) {
    super(message);
    this.check = check;
  }
}
