// The API's error body, `{"error": {"message", "type", "param", "code"}}`, as a throwable value the
// router turns into a response.

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
  /** The files routes repeat the message and code here (recorded 2026). */
  detail?: { message: string; code: string | null };
}

export class HttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;
  /** Whether the body carries the top-level `detail` the files routes send. */
  readonly detail: boolean;

  constructor(
    status: number,
    message: string,
    init: {
      type?: string;
      param?: string | null;
      code?: string | null;
      headers?: Record<string, string>;
      detail?: boolean;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.type = init.type ?? 'invalid_request_error';
    this.param = init.param ?? null;
    this.code = init.code ?? null;
    this.headers = init.headers ?? {};
    this.detail = init.detail ?? false;
  }

  toBody(): ErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
      ...(this.detail ? { detail: { message: this.message, code: this.code } } : {}),
    };
  }
}

/** 400 naming the field that was wrong. */
export const invalid = (message: string, param: string | null, code: string | null = null) =>
  new HttpError(400, message, { param, code });

/** 404 for an id the server does not know, in the words the API uses. */
export const notFound = (kind: string, id: string, param: string | null = null) =>
  new HttpError(404, `No such ${kind}: '${id}'.`, { param, code: null });
