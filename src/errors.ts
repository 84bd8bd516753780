// The errors the SDK throws. Every one says what happened, what was sent (method and path, never a
// secret) and, where it can, what to do. One file per family under ./errors/.
export { BRAND, ConfigurationError, FineTuningError, InvalidArgumentError } from './errors/base.ts';
export {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  excerpt,
  type APIErrorInit,
  type OpenAIErrorBody,
} from './errors/api-error.ts';
export {
  AbortError,
  ConnectionError,
  TimeoutError,
  UnsendableRequestError,
} from './errors/connection.ts';
export { InvalidResponseError } from './errors/invalid-response.ts';
export {
  parseDuration,
  parseRateLimit,
  type RateLimit,
  type RateLimitWindow,
} from './errors/rate-limit.ts';
export * from './errors/guards.ts';
