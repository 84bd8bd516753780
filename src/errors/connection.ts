// Failures with no HTTP answer to show: the network, the per-attempt timeout, the caller's abort.
import { redactText } from '../internal/redact.ts';
import { FineTuningError } from './base.ts';

function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' && !inner.message.includes(code) ? `${code}: ${inner.message}` : inner.message;
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
  constructor(method: string, path: string, cause: unknown, options: { attempts?: number; note?: string; message?: string } = {}) {
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
  constructor(method: string, path: string, timeout: number, options: { attempts?: number; note?: string } = {}) {
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
  constructor(method: string, path: string, reason: unknown) {
    super(`${method} ${path} was aborted by the caller's signal.`, { cause: reason });
    this.method = method;
    this.path = path;
  }
}
