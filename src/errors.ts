// The errors the SDK throws. Every one says what happened, what was sent (method and path, never a
// secret) and, where it can, what to do.

/** The base class of every error this package throws. */
export class FineTuningError extends Error {
  override name = 'FineTuningError';
}

/** The client is missing something it needs (a key, a fetch); no request was sent. */
export class ConfigurationError extends FineTuningError {
  override name = 'ConfigurationError';
}

/** An argument the caller passed cannot be sent as it is; no request was sent. */
export class InvalidArgumentError extends FineTuningError {
  override name = 'InvalidArgumentError';
}

/** The `error` object of an OpenAI error response. */
export interface OpenAIErrorBody {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

export interface APIErrorInit {
  status: number;
  headers: Headers;
  method: string;
  path: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

const MAX_MESSAGE = 300;

function errorBodyOf(body: unknown): OpenAIErrorBody | undefined {
  if (body && typeof body === 'object' && 'error' in body) {
    const inner = (body as { error: unknown }).error;
    if (inner && typeof inner === 'object') return inner as OpenAIErrorBody;
  }
  return undefined;
}

function textOf(body: unknown): string {
  const raw = typeof body === 'string' ? body : JSON.stringify(body) ?? '';
  const text = raw.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** The server answered with a non-2xx status. */
export class APIError extends FineTuningError {
  override name = 'APIError';
  readonly status: number;
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
  /** The parsed body (or its text when it was not JSON). */
  readonly body: unknown;

  constructor(init: APIErrorInit) {
    const error = errorBodyOf(init.body);
    const detail = error?.message ?? textOf(init.body);
    const requestId = init.headers.get('x-request-id') ?? undefined;
    super(
      `${init.method} ${init.path} failed with status ${init.status}` +
        (detail ? `: ${detail}` : '') +
        (requestId ? ` (request id ${requestId})` : ''),
    );
    this.status = init.status;
    this.headers = init.headers;
    this.requestId = requestId;
    this.method = init.method;
    this.path = init.path;
    this.error = error;
    this.type = error?.type;
    this.param = error?.param;
    this.code = error?.code;
    this.body = init.body;
  }
}

/** The request could not be sent or its response could not be read (DNS, refused, reset). */
export class ConnectionError extends FineTuningError {
  override name = 'ConnectionError';
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, cause: unknown) {
    const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
    super(`${method} ${path} failed: could not reach the server (${reason}). Check the network and baseUrl.`, { cause });
    this.method = method;
    this.path = path;
  }
}

/** The server answered 2xx, but with a body that cannot be what the operation returns. */
export class InvalidResponseError extends FineTuningError {
  override name = 'InvalidResponseError';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string | undefined;
  constructor(method: string, path: string, response: Response, problem: string) {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    super(
      `${method} ${path} answered ${response.status}, but ${problem}. ` +
        `Nothing was returned as a result${requestId ? ` (request id ${requestId})` : ''}; check baseUrl points at the OpenAI API or a proxy that passes bodies through.`,
    );
    this.method = method;
    this.path = path;
    this.status = response.status;
    this.requestId = requestId;
  }
}
