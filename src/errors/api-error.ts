// Non-2xx answers: one class per status family, picked by `APIError.from`.
import { redactDeep, redactHeaders, redactText } from './redact.ts';
import { FineTuningError, guardFor } from './base.ts';
import { parseRateLimit, type RateLimit } from './rate-limit.ts';

/** The `error` object of an OpenAI error response. */
export interface OpenAIErrorBody {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

/** What an `APIError` is built from: the exchange and the parsed error body. */
export interface APIErrorInit {
  status: number;
  headers: Headers;
  method: string;
  path: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** Values to remove from the message, body and headers (the keys the request carried). */
  secrets?: readonly string[];
  /** A sentence appended to the message (e.g. why the request was not retried). */
  note?: string;
}

const MAX_MESSAGE = 300;

export function errorBodyOf(body: unknown): OpenAIErrorBody | undefined {
  if (body && typeof body === 'object' && 'error' in body) {
    const inner = (body as { error: unknown }).error;
    if (inner && typeof inner === 'object') return inner as OpenAIErrorBody;
  }
  return undefined;
}

/** A readable one-line excerpt of a body: HTML tags, scripts and runs of space removed, truncated. */
export function excerpt(body: unknown): string {
  const raw = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
  const text = raw
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/**
 * The server answered with a non-2xx status.
 * @example
 * try {
 *   await ft.jobs.retrieve('ftjob-missing');
 * } catch (error) {
 *   if (error instanceof APIError && error.status === 404) console.log(error.requestId, error.message);
 *   else throw error;
 * }
 */
export class APIError extends FineTuningError {
  static override readonly kind: string = 'APIError';
  readonly status: number;
  /** The response headers (secrets removed). */
  readonly headers: Headers;
  /** The `x-request-id` response header: quote it when asking OpenAI for help. */
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The OpenAI error object, when the body had one. */
  readonly error: OpenAIErrorBody | undefined;
  readonly type: string | undefined;
  readonly param: string | null | undefined;
  readonly code: string | null | undefined;
  /** The parsed body (or its text when it was not JSON), secrets removed. */
  readonly body: unknown;
  /** The `x-ratelimit-*` headers, parsed. */
  readonly rateLimit: RateLimit;

  constructor(init: APIErrorInit) {
    const secrets = init.secrets ?? [];
    const body = redactDeep(init.body, secrets);
    const error = errorBodyOf(body);
    const detail = error?.message ? excerpt(error.message) : excerpt(body);
    const requestId = init.headers.get('x-request-id') ?? undefined;
    super(
      redactText(
        `${init.method} ${init.path} failed with status ${init.status}` +
          (detail ? `: ${detail}` : '') +
          (requestId ? ` (request id ${requestId})` : '') +
          (init.note ? `. ${init.note}` : ''),
        secrets,
      ),
    );
    this.status = init.status;
    this.headers = redactHeaders(init.headers, secrets);
    this.requestId = requestId;
    this.method = init.method;
    this.path = init.path;
    this.error = error;
    this.type = error?.type;
    this.param = error?.param;
    this.code = error?.code;
    this.body = body;
    this.rateLimit = parseRateLimit(init.headers);
  }

  /** The subclass for the status family (400, 401, 403, 404, 409, 422, 429, >= 500), else APIError. */
  static from(init: APIErrorInit): APIError {
    // A 429 for the daily cap is a DailyRateLimitError; the transport picks it (recover.ts).
    const Class = classFor(init.status);
    return new Class(init);
  }
}

/** 400: the request was malformed; fix it before sending it again. */
export class BadRequestError extends APIError {
  static override readonly kind: string = 'BadRequestError';
}

/** 401: the key is missing, wrong or revoked. */
export class AuthenticationError extends APIError {
  static override readonly kind: string = 'AuthenticationError';
}

/** 403: the key may not do this (wrong project, or an admin key is needed). */
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = 'PermissionDeniedError';
}

/** 404: no such job, file, checkpoint or permission (or not visible to this key). */
export class NotFoundError extends APIError {
  static override readonly kind: string = 'NotFoundError';
}

/** 409: the resource is not in a state that allows this. */
export class ConflictError extends APIError {
  static override readonly kind: string = 'ConflictError';
}

/** 422: the request was well-formed but cannot be processed. */
export class UnprocessableEntityError extends APIError {
  static override readonly kind: string = 'UnprocessableEntityError';
}

/** 429: too many requests or tokens; `rateLimit` says when the window resets. */
export class RateLimitError extends APIError {
  static override readonly kind: string = 'RateLimitError';
}

/** >= 500: the server (or a proxy in front of it) failed. */
export class InternalServerError extends APIError {
  static override readonly kind: string = 'InternalServerError';
}

function classFor(status: number): new (init: APIErrorInit) => APIError {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? InternalServerError : APIError;
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is an APIError (from any copy of the package); `instanceof` works as well. */
export const isAPIError = /* @__PURE__ */ guardFor<APIError>('APIError');
/** Whether `value` is a BadRequestError (from any copy of the package); `instanceof` works as well. */
export const isBadRequestError = /* @__PURE__ */ guardFor<BadRequestError>('BadRequestError');
/** Whether `value` is an AuthenticationError (from any copy of the package); `instanceof` works as well. */
export const isAuthenticationError =
  /* @__PURE__ */ guardFor<AuthenticationError>('AuthenticationError');
/** Whether `value` is a PermissionDeniedError (from any copy of the package); `instanceof` works as well. */
export const isPermissionDeniedError =
  /* @__PURE__ */ guardFor<PermissionDeniedError>('PermissionDeniedError');
/** Whether `value` is a NotFoundError (from any copy of the package); `instanceof` works as well. */
export const isNotFoundError = /* @__PURE__ */ guardFor<NotFoundError>('NotFoundError');
/** Whether `value` is a ConflictError (from any copy of the package); `instanceof` works as well. */
export const isConflictError = /* @__PURE__ */ guardFor<ConflictError>('ConflictError');
/** Whether `value` is an UnprocessableEntityError (from any copy of the package); `instanceof` works as well. */
export const isUnprocessableEntityError = /* @__PURE__ */ guardFor<UnprocessableEntityError>(
  'UnprocessableEntityError',
);
/** Whether `value` is a RateLimitError (from any copy of the package); `instanceof` works as well. */
export const isRateLimitError = /* @__PURE__ */ guardFor<RateLimitError>('RateLimitError');
/** Whether `value` is an InternalServerError (from any copy of the package); `instanceof` works as well. */
export const isInternalServerError =
  /* @__PURE__ */ guardFor<InternalServerError>('InternalServerError');
