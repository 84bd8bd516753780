// The package entry: the facade, its errors, the generated functions, and every generated type in
// the `Schemas` namespace (docs/architecture.md, "The root export").
export { FineTuning, type OperationArgs } from './client.ts';
export type { ObservedRateLimit, RequestClient } from './transport/transport.ts';
// The plumbing between the generated functions and the transport, @internal (not in the API
// reference): still exported so that 0.1 imports compile, leaving the root in 0.3.0.
export type {
  CallSettings,
  ClientMethod,
  ClientRequest,
  Exchange,
  ParseAs,
} from './transport/transport.ts';
export type { Security } from './transport/auth.ts';
export { ApiPromise, type WithResponse } from './calls/api-promise.ts';
export {
  APIError,
  ConfigurationError,
  ConnectionError,
  FineTuningError,
  InvalidArgumentError,
  InvalidResponseError,
  type OpenAIErrorBody,
} from './errors.ts';
export type { ClientOptions, KeySource, ResolvedOptions } from './transport/options.ts';
export type { RequestOptions } from './calls/call.ts';
export type {
  ListJobsParams,
  ListEventsParams,
  ListCheckpointsParams,
  Jobs,
} from './resources/jobs.ts';
export type { CreateFileParams, ListFilesParams, Files } from './resources/files.ts';
export type {
  CompleteUploadParams,
  CreateUploadParams,
  UploadPartData,
  Uploads,
} from './resources/uploads.ts';
export type {
  UploadOptions,
  UploadProgress,
  UploadSource,
  UploadPurpose,
} from './upload/upload.ts';
export {
  SourceChangedError,
  UploadExpiredError,
  UploadInterruptedError,
  isSourceChangedError,
  isUploadExpiredError,
  isUploadInterruptedError,
  type UploadResumeState,
} from './upload/errors.ts';
export type { ListPermissionsParams, Permissions, Checkpoints } from './resources/checkpoints.ts';
export type { Graders } from './resources/graders.ts';
export type {
  CompareJobOptions,
  CompareOptions,
  CriterionResult,
  EvalComparison,
  EvalCriterion,
  ModelResult,
} from './evals/compare.ts';
export {
  EvalDataError,
  EvalRunFailedError,
  isEvalDataError,
  isEvalRunFailedError,
} from './evals/errors.ts';
export type {
  EvalOutputItems,
  EvalRuns,
  Evals,
  ListEvalRunsParams,
  ListEvalsParams,
  ListOutputItemsParams,
  UpdateEvalParams,
} from './resources/evals.ts';
export type { ListFineTunedOptions, Models } from './resources/models.ts';
// Every type generated from the spec (its schemas, each operation's parameters and answers) in one
// namespace, `Schemas.FineTuningJob`, so that no facade name above hides one of them (the facade's
// ClientOptions and Webhooks are not the generated ClientOptions and Webhooks).
export type * as Schemas from './schemas/index.ts';
// The generated operation functions, for calling one without the facade: give it `ft.client`.
export * from '../generated/sdk.gen.ts';
// The generated types under their 0.1 root names, deprecated: use `Schemas` (removed in 0.3.0).
export type * from './schemas/deprecated.ts';
export { createClient, createConfig, type Client } from '../generated/client/index.ts';
export {
  bestCheckpoint,
  type BestCheckpointOptions,
  type CheckpointMetric,
} from './lifecycle/best-checkpoint.ts';
export type { Clock } from './lifecycle/clock.ts';
export {
  JobFailedError,
  JobTimeoutError,
  isJobFailedError,
  isJobTimeoutError,
  type JobError,
} from './lifecycle/errors.ts';
export type { EventUpdate, FollowUpdate, StatusUpdate } from './lifecycle/follow.ts';
export type { FollowOptions, PollIntervals } from './lifecycle/options.ts';
export type { JobProgress } from './lifecycle/progress.ts';
export type { JobStatus } from './lifecycle/status.ts';
export type { WaitOptions } from './lifecycle/wait.ts';
export {
  submitJobs,
  type JobsApi,
  type SubmitJobsOptions,
  type SubmitJobsResult,
} from './lifecycle/submit.ts';
export type { WatchOptions, WatchUpdate } from './lifecycle/watch.ts';
export { PagePromise, type ToArrayOptions } from './pagination/page-promise.ts';
export type { Page, PageView } from './pagination/page.ts';
export type { ItemOf, ListBody } from './pagination/cursor.ts';
export { PaginationError, isPaginationError } from './pagination/errors.ts';
export {
  paginate,
  type AnyOperation,
  type BodyOf,
  type OptionsOf,
  type PaginateOptions,
} from './pagination/paginate.ts';
export {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  TimeoutError,
  UnprocessableEntityError,
  UnsendableRequestError,
  isAPIError,
  isAbortError,
  isAuthenticationError,
  isBadRequestError,
  isConfigurationError,
  isConflictError,
  isConnectionError,
  isFineTuningError,
  isInternalServerError,
  isInvalidArgumentError,
  isInvalidResponseError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isRedirectError,
  isTimeoutError,
  isUnprocessableEntityError,
  isUnsendableRequestError,
  type APIErrorInit,
  type RateLimit,
  type RateLimitWindow,
  type RedirectErrorInit,
  type RedirectRefusal,
} from './errors.ts';
export type { RetryPolicy } from './transport/policy.ts';
export type { Logger, LogLevel } from './transport/log.ts';
export { MARKER_KEY as JOB_MARKER_KEY } from './calls/create-job.ts';
// The webhook error: defined beside the other errors (base.ts), so it adds no chunk of its own.
export {
  InvalidWebhookSignatureError,
  isInvalidWebhookSignatureError,
  type WebhookCheck,
} from './errors/base.ts';
export { DailyRateLimitError, isDailyRateLimitError } from './errors/daily-rate-limit.ts';
export type { Webhooks } from './webhooks/webhooks.ts';
export {
  EVAL_RUN_WEBHOOK_EVENTS,
  isEvalRunWebhookEvent,
  type EvalRunWebhookEvent,
  type EvalRunWebhookEventType,
  FINE_TUNING_WEBHOOK_EVENTS,
  isFineTuningWebhookEvent,
  type FineTuningWebhookEvent,
  type FineTuningWebhookEventType,
  type UnknownWebhookEvent,
  type WebhookEvent,
} from './webhooks/events.ts';
export type {
  OnWebhookEvent,
  WebhookDedupeStore,
  WebhookDelivery,
  WebhookHandler,
  WebhookHandlerOptions,
} from './webhooks/handler.ts';
export type { WebhookBody, WebhookHeaders, WebhookSecret } from './webhooks/verify.ts';
