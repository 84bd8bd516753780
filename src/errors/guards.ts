// Type guards that hold across copies of the package (see base.ts); `instanceof` works as well.
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
import { isKind, type ConfigurationError, type FineTuningError, type InvalidArgumentError } from './base.ts';
import type { AbortError, ConnectionError, TimeoutError } from './connection.ts';
import type { InvalidResponseError } from './invalid-response.ts';

const guard =
  <T>(kind: string) =>
  (value: unknown): value is T =>
    isKind(value, kind);

export const isFineTuningError = guard<FineTuningError>('FineTuningError');
export const isConfigurationError = guard<ConfigurationError>('ConfigurationError');
export const isInvalidArgumentError = guard<InvalidArgumentError>('InvalidArgumentError');
export const isAPIError = guard<APIError>('APIError');
export const isBadRequestError = guard<BadRequestError>('BadRequestError');
export const isAuthenticationError = guard<AuthenticationError>('AuthenticationError');
export const isPermissionDeniedError = guard<PermissionDeniedError>('PermissionDeniedError');
export const isNotFoundError = guard<NotFoundError>('NotFoundError');
export const isConflictError = guard<ConflictError>('ConflictError');
export const isUnprocessableEntityError = guard<UnprocessableEntityError>('UnprocessableEntityError');
export const isRateLimitError = guard<RateLimitError>('RateLimitError');
export const isInternalServerError = guard<InternalServerError>('InternalServerError');
export const isConnectionError = guard<ConnectionError>('ConnectionError');
export const isTimeoutError = guard<TimeoutError>('TimeoutError');
export const isAbortError = guard<AbortError>('AbortError');
export const isInvalidResponseError = guard<InvalidResponseError>('InvalidResponseError');
