// The webhook error (defined in base.ts, so it adds no chunk of its own to what loads at start).
export {
  InvalidWebhookSignatureError,
  isInvalidWebhookSignatureError,
  type WebhookCheck,
} from './base.ts';
