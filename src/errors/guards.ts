// Type guards that hold across copies of the package (see base.ts); `instanceof` works as well.
// Marked pure so a bundler drops the ones an application does not use.
import type {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from './api-error.ts';
import {
  isKind,
  type ConfigurationError,
  type FineTuningError,
  type InvalidArgumentError,
  type InvalidWebhookSignatureError,
} from './base.ts';
import type {
  AbortError,
  ConnectionError,
  TimeoutError,
  UnsendableRequestError,
} from './connection.ts';
import type { DailyRateLimitError } from './daily-rate-limit.ts';
import type { InvalidResponseError } from './invalid-response.ts';
import type { RedirectError } from './redirect.ts';

const guard =
  <T>(kind: string) =>
  (value: unknown): value is T =>
    isKind(value, kind);

/** Whether `value` is a FineTuningError (from any copy of the package). */
export const isFineTuningError = /* @__PURE__ */ guard<FineTuningError>('FineTuningError');
/** Whether `value` is a ConfigurationError (from any copy of the package). */
export const isConfigurationError = /* @__PURE__ */ guard<ConfigurationError>('ConfigurationError');
/** Whether `value` is a InvalidArgumentError (from any copy of the package). */
export const isInvalidArgumentError =
  /* @__PURE__ */ guard<InvalidArgumentError>('InvalidArgumentError');
/** Whether `value` is a APIError (from any copy of the package). */
export const isAPIError = /* @__PURE__ */ guard<APIError>('APIError');
/** Whether `value` is a BadRequestError (from any copy of the package). */
export const isBadRequestError = /* @__PURE__ */ guard<BadRequestError>('BadRequestError');
/** Whether `value` is a AuthenticationError (from any copy of the package). */
export const isAuthenticationError =
  /* @__PURE__ */ guard<AuthenticationError>('AuthenticationError');
/** Whether `value` is a PermissionDeniedError (from any copy of the package). */
export const isPermissionDeniedError =
  /* @__PURE__ */ guard<PermissionDeniedError>('PermissionDeniedError');
/** Whether `value` is a NotFoundError (from any copy of the package). */
export const isNotFoundError = /* @__PURE__ */ guard<NotFoundError>('NotFoundError');
/** Whether `value` is a ConflictError (from any copy of the package). */
export const isConflictError = /* @__PURE__ */ guard<ConflictError>('ConflictError');
/** Whether `value` is a UnprocessableEntityError (from any copy of the package). */
export const isUnprocessableEntityError = /* @__PURE__ */ guard<UnprocessableEntityError>(
  'UnprocessableEntityError',
);
/** Whether `value` is a RateLimitError (from any copy of the package). */
export const isRateLimitError = /* @__PURE__ */ guard<RateLimitError>('RateLimitError');
/** Whether `value` is a DailyRateLimitError (from any copy of the package). */
export const isDailyRateLimitError =
  /* @__PURE__ */ guard<DailyRateLimitError>('DailyRateLimitError');
/** Whether `value` is a InternalServerError (from any copy of the package). */
export const isInternalServerError =
  /* @__PURE__ */ guard<InternalServerError>('InternalServerError');
/** Whether `value` is a ConnectionError (from any copy of the package). */
export const isConnectionError = /* @__PURE__ */ guard<ConnectionError>('ConnectionError');
/** Whether `value` is a TimeoutError (from any copy of the package). */
export const isTimeoutError = /* @__PURE__ */ guard<TimeoutError>('TimeoutError');
/** Whether `value` is a AbortError (from any copy of the package). */
export const isAbortError = /* @__PURE__ */ guard<AbortError>('AbortError');
/** Whether `value` is an UnsendableRequestError (from any copy of the package). */
export const isUnsendableRequestError =
  /* @__PURE__ */ guard<UnsendableRequestError>('UnsendableRequestError');
/** Whether `value` is a InvalidResponseError (from any copy of the package). */
export const isInvalidResponseError =
  /* @__PURE__ */ guard<InvalidResponseError>('InvalidResponseError');
/** Whether `value` is a RedirectError (from any copy of the package). */
export const isRedirectError = /* @__PURE__ */ guard<RedirectError>('RedirectError');
/** Whether `value` is a InvalidWebhookSignatureError (from any copy of the package). */
export const isInvalidWebhookSignatureError = /* @__PURE__ */ guard<InvalidWebhookSignatureError>(
  'InvalidWebhookSignatureError',
);
