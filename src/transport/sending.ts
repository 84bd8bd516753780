// A request as transport.ts built it and sends it, and one attempt's outcome: what the retry loop
// (recover.ts, loaded at the first failure) takes over from transport.ts.
import type { Log } from './log.ts';
import type { RetryPolicy } from './policy.ts';
import type { RequestTrace } from '../telemetry/types.ts';

/**
 * Settings for one call, over the client's.
 * @internal Set by the facade's calls (RequestOptions is the public form).
 */
export interface CallSettings {
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Query parameters for this call (RequestOptions `query`), over the client's. */
  query?: Record<string, string> | undefined;
  /** Sent as `Idempotency-Key` when the request is a POST without one. */
  idempotencyKey?: string | undefined;
  /**
   * Called before re-sending after an ambiguous failure (the request may have reached the
   * server): resolves with the response the lost attempt would have given, if it can be found.
   */
  reconcile?: ((signal: AbortSignal | undefined) => Promise<Response | undefined>) | undefined;
  /** Why an ambiguous failure must not be re-sent; undefined when re-sending is safe. */
  unsafeToResend?: string | undefined;
  /**
   * A `parseAs: 'stream'` answer is read whole under the timeout (and retried like any other)
   * rather than handed over open: files.content.
   */
  streamResponse?: boolean | undefined;
}

/**
 * A settled call: the parsed body and the answer it came from (its body already read).
 * @internal Plumbing between the transport and the generated functions.
 */
export interface Exchange<T = unknown> {
  data: T;
  response: Response;
  /** What was sent, as error messages name it. */
  request: { method: string; url: string };
}

/** One attempt as sent: its answer (read whole), or what fetch or the body read threw. */
export interface Attempt {
  /** `performance.now()` when it started (0 when nothing logs durations). */
  started: number;
  response?: Response;
  raw?: string | ArrayBuffer;
  thrown?: unknown;
  timedOut: boolean;
  /** Whether fetch had resolved with a response (a failure after is the body's). */
  answered: boolean;
}

/** A request as built, with what the retry loop (./recover.ts) needs to go on after a failure. */
export interface Sending {
  method: string;
  /** The path as error messages and logs name it (base URL's path included, no host). */
  path: string;
  url: string;
  init: RequestInit & { duplex?: 'half' };
  headers: Record<string, string>;
  settings: CallSettings | undefined;
  caller: AbortSignal | undefined;
  log: Log;
  send: typeof fetch;
  policy: RetryPolicy;
  timeout: number;
  binary: boolean;
  attempts: number;
  /** Whether the body is a ReadableStream (which cannot be sent twice). */
  streamed: boolean;
  /** The request's spans, when an OpenTelemetry provider is registered (src/telemetry/). */
  traced: RequestTrace | undefined;
  /** Sends one more attempt. */
  attempt(attempt: number): Promise<Attempt>;
  /** The log line naming an answer: method, path, status, attempt, duration, request id. */
  outcome(attempt: number, answered: Attempt): string;
  /** The exchange for a 2xx answer, its body parsed as `parseAs` asks. */
  finish<T>(response: Response, raw: string | ArrayBuffer): Exchange<T> | Promise<Exchange<T>>;
}

const decoder = new TextDecoder();
/** A body read as text or bytes, as text. */
export const textOf = (raw: string | ArrayBuffer): string =>
  typeof raw === 'string' ? raw : decoder.decode(raw);
