// Webhooks adapter: `openai-ft webhooks listen|trigger` use `ft.webhooks` (verify, parse) and the
// SDK's Standard Webhooks signing (the one the local server signs with), loaded on first use.
import { FineTuning } from '../../client.ts';
import type { WebhookEvent } from '../../webhooks/events.ts';

export { isFineTuningWebhookEvent, type WebhookEvent } from '../../webhooks/events.ts';

/** Verifies a delivery with `secret` and parses it (rejects with InvalidWebhookSignatureError). */
export function unwrapWebhook(
  secret: string,
): (
  body: Uint8Array,
  headers: Record<string, string | string[] | undefined>,
) => Promise<WebhookEvent> {
  const ft = new FineTuning({ webhookSecret: secret });
  return (body, headers) => ft.webhooks.unwrap(body, headers);
}

/** The `webhook-*` headers of `body` signed with `secret`, and a new id of the given prefix. */
export async function signWebhook(body: string, secret: string): Promise<Record<string, string>> {
  const [{ sign }, { randomId }] = await Promise.all([
    import('../../webhooks/verify.ts'),
    import('../../testing/shared.ts'),
  ]);
  return sign(body, secret, randomId('wh_', 32));
}

export async function newId(prefix: string): Promise<string> {
  return (await import('../../testing/shared.ts')).randomId(prefix);
}
