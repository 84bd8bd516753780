// openai-fine-tuning/testing: a stateful local fine-tuning API server for tests and demos.
// Node-only, and the only part of the package that needs `ajv`, `ajv-formats`, `yaml` and
// `@fastify/busboy`.
export {
  startLocalServer,
  type LocalAzure,
  type LocalServer,
  type RequestRecord,
} from './server.ts';
export {
  DEFAULT_TIMING,
  SEEDED_START,
  type FaultOptions,
  type LocalServerOptions,
  type ResolvedServerOptions,
} from './options.ts';
export type { Timing } from './job-simulation.ts';
export type { JobLimits } from './job-limits.ts';
export { SIMILARITY } from './graders/similarity.ts';
export {
  DEFAULT_WEBHOOK_RETRY,
  signWebhook,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
  type WebhookEventBody,
  type WebhookRetry,
} from './webhooks.ts';
