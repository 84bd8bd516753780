// The package entry: the facade, its errors, and every generated function and type.
export { FineTuning } from './client.ts';
export { ApiPromise, type WithResponse } from './api-promise.ts';
export {
  APIError,
  ConfigurationError,
  ConnectionError,
  FineTuningError,
  InvalidArgumentError,
  InvalidResponseError,
  type OpenAIErrorBody,
} from './errors.ts';
export type { ClientOptions, KeySource, ResolvedOptions } from './options.ts';
export type { RequestOptions } from './internal/call.ts';
export type { ListJobsParams, ListEventsParams, ListCheckpointsParams, Jobs } from './resources/jobs.ts';
export type { CreateFileParams, ListFilesParams, Files } from './resources/files.ts';
export type { ListPermissionsParams, Permissions, Checkpoints } from './resources/checkpoints.ts';
export type { Graders } from './resources/graders.ts';
export * from '../generated/index.ts';
export { createClient, createConfig, type Client } from '../generated/client/index.ts';
export { PagePromise, type ToArrayOptions } from './pagination/page-promise.ts';
export type { Page, PageView } from './pagination/page.ts';
export type { ItemOf, ListBody } from './pagination/cursor.ts';
export { PaginationError } from './pagination/errors.ts';
export { paginate, type PaginateOptions } from './pagination/paginate.ts';
