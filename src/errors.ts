// The errors the SDK throws. Every one says what happened, what was sent (method and path, never a
// secret) and, where it can, what to do. The whole tree, with when each is thrown, what to do and
// its guard, is the table in docs/client-and-errors.md ("Errors").
//
// Adding an error touches two source files:
//   1. its family's file: the class (a `static kind` equal to its name), and its guard `is<Name>`
//      made with `guardFor` among the guards at the end of that file (src/errors/*.ts for the
//      transport's errors, src/<feature>/errors.ts for a feature's, so it loads with that feature);
//   2. the entry that exports the family (src/index.ts, or the feature's index.ts), which lists
//      the pair by name, as every public name is listed.
// Its row in the table of docs/client-and-errors.md goes with them: test/errors/tree.test.ts fails
// until the class, its guard and its row are all there.
export {
  BRAND,
  ConfigurationError,
  FineTuningError,
  InvalidArgumentError,
  guardFor,
  isConfigurationError,
  isFineTuningError,
  isInvalidArgumentError,
} from './errors/base.ts';
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
  isAPIError,
  isAuthenticationError,
  isBadRequestError,
  isConflictError,
  isInternalServerError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isUnprocessableEntityError,
  type APIErrorInit,
  type OpenAIErrorBody,
} from './errors/api-error.ts';
export {
  AbortError,
  ConnectionError,
  TimeoutError,
  UnsendableRequestError,
  isAbortError,
  isConnectionError,
  isTimeoutError,
  isUnsendableRequestError,
} from './errors/connection.ts';
export { InvalidResponseError, isInvalidResponseError } from './errors/invalid-response.ts';
export {
  RedirectError,
  isRedirectError,
  type RedirectErrorInit,
  type RedirectRefusal,
} from './errors/redirect.ts';
export {
  parseDuration,
  parseRateLimit,
  type RateLimit,
  type RateLimitWindow,
} from './errors/rate-limit.ts';
