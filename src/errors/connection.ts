// Failures with no HTTP answer to show: the network, the per-attempt timeout, the caller's abort.
import { redactText } from './redact.ts';
import { FineTuningError, guardFor } from './base.ts';

function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' && !inner.message.includes(code)
      ? `${code}: ${inner.message}`
      : inner.message;
  }
  return cause.message;
}

/** The request could not be sent or its response could not be read (DNS, refused, reset). */
export class ConnectionError extends FineTuningError {
  static override readonly kind: string = 'ConnectionError';
  readonly method: string;
  readonly path: string;
  /** How many attempts were made before giving up. */
  readonly attempts: number;
  constructor(
    method: string,
    path: string,
    cause: unknown,
    options: { attempts?: number; note?: string; message?: string } = {},
  ) {
    const message =
      options.message ??
      `${method} ${path} failed: could not reach the server or read its answer (${reasonOf(cause)}). Check the network and baseUrl.`;
    super(redactText(message + (options.note ? ` ${options.note}` : '')), { cause });
    this.method = method;
    this.path = path;
    this.attempts = options.attempts ?? 1;
  }
}

/** An attempt took longer than `timeout` (headers and body together). */
export class TimeoutError extends ConnectionError {
  static override readonly kind: string = 'TimeoutError';
  readonly timeout: number;
  constructor(
    method: string,
    path: string,
    timeout: number,
    options: { attempts?: number; note?: string } = {},
  ) {
    super(method, path, undefined, {
      ...options,
      message: `${method} ${path} timed out after ${timeout} ms${(options.attempts ?? 1) > 1 ? ` (attempt ${options.attempts})` : ''}. Raise \`timeout\` (per client or per call) if the operation is slow.`,
    });
    this.timeout = timeout;
  }
}

/** The caller aborted the request through its `signal`; `cause` is the signal's reason. */
export class AbortError extends FineTuningError {
  static override readonly kind: string = 'AbortError';
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, reason: unknown, message?: string) {
    super(message ?? `${method} ${path} was aborted by the caller's signal.`, { cause: reason });
    this.method = method;
    this.path = path;
  }
}

/**
 * `fetch` refused to send the request as it was built (a header value, the URL, the method or the
 * body cannot be sent). Nothing reached the server and it was not retried: sending the same
 * request again would fail the same way. `cause` is fetch's error, with every header value of the
 * request removed from its message.
 */
export class UnsendableRequestError extends FineTuningError {
  static override readonly kind: string = 'UnsendableRequestError';
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, cause: unknown, values: readonly string[]) {
    const known = values.filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
    // undici says "fetch failed" and puts what it refused in the cause ("bad port", "invalid … header").
    const inner =
      cause instanceof Error && cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    const reason =
      cause instanceof Error ? redactText(`${cause.message}${inner}`, known) : 'unknown reason';
    const safeCause =
      cause instanceof Error ? Object.assign(new Error(reason), { name: cause.name }) : undefined;
    super(
      `${method} ${path} was not sent: fetch refused the request (${reason}). Nothing reached the server and it was not retried; check the headers, the body and baseUrl, or the \`fetch\` option.`,
      { cause: safeCause },
    );
    this.method = method;
    this.path = path;
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is a ConnectionError (from any copy of the package); `instanceof` works as well. */
export const isConnectionError = /* @__PURE__ */ guardFor<ConnectionError>('ConnectionError');
/** Whether `value` is a TimeoutError (from any copy of the package); `instanceof` works as well. */
export const isTimeoutError = /* @__PURE__ */ guardFor<TimeoutError>('TimeoutError');
/** Whether `value` is an AbortError (from any copy of the package); `instanceof` works as well. */
export const isAbortError = /* @__PURE__ */ guardFor<AbortError>('AbortError');
/** Whether `value` is an UnsendableRequestError (from any copy of the package); `instanceof` works as well. */
export const isUnsendableRequestError =
  /* @__PURE__ */ guardFor<UnsendableRequestError>('UnsendableRequestError');
