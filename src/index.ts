// The package entry: the facade, its errors, and every generated function and type.
export { FineTuning, type OperationArgs } from './client.ts';
export type {
  CallSettings,
  ClientMethod,
  ClientRequest,
  Exchange,
  ObservedRateLimit,
  ParseAs,
  RequestClient,
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
// The Evals operations are generated apart (generated/evals/) and not re-exported as functions
// here: `ft.evals` loads them on first use, and a function exported from this entry would load at
// start in every bundle (esbuild splits at file granularity). Their schema types (Eval, EvalRun,
// EvalRunOutputItem, …) come with generated/index.ts above.
export type {
  CancelEvalRunData,
  CreateEvalData,
  CreateEvalRunData,
  DeleteEvalData,
  DeleteEvalResponse,
  DeleteEvalRunData,
  DeleteEvalRunResponse,
  GetEvalData,
  GetEvalRunData,
  GetEvalRunOutputItemData,
  GetEvalRunOutputItemsData,
  GetEvalRunsData,
  ListEvalsData,
  UpdateEvalData,
} from '../generated/evals/types.gen.ts';
export type { ListFineTunedOptions, Models } from './resources/models.ts';
export * from '../generated/index.ts';
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
// Exported from here, not through errors.ts, so the eagerly loaded modules never import it.
export {
  InvalidWebhookSignatureError,
  isInvalidWebhookSignatureError,
  type WebhookCheck,
} from './errors/webhook.ts';
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
