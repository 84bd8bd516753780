// A request as transport.ts built it and sends it, and one attempt's outcome: what the retry loop
// (recover.ts, loaded at the first failure) takes over from transport.ts.
import type { Log } from './log.ts';
import type { Security } from './auth.ts';
import type { RetryPolicy } from './policy.ts';
import type { RequestTrace } from '../telemetry/types.ts';

/**
 * How the body of a 2xx answer is handed back; JSON (strictly parsed) unless asked otherwise.
 * @internal Plumbing between the generated functions and the transport.
 */
export type ParseAs = 'json' | 'text' | 'arrayBuffer' | 'blob' | 'formData' | 'stream' | 'auto';

/**
 * What a generated operation function passes to its client, plus the facade's per-call settings.
 * @internal Plumbing between the generated functions and the transport.
 */
export interface ClientRequest {
  method?: string | undefined;
  /** The spec's path template, e.g. `/fine_tuning/jobs/{fine_tuning_job_id}`. */
  url: string;
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  /**
   * Turns `body` into what is sent, or into a function making it for each attempt (given its
   * number, from 1); `null` sends it as it is; JSON when absent.
   */
  bodySerializer?: ((body: never) => unknown) | null | undefined;
  /** `null` removes a header set before it. */
  headers?: Record<string, string | null | undefined> | undefined;
  security?: readonly Security[] | undefined;
  parseAs?: ParseAs | undefined;
  signal?: AbortSignal | null | undefined;
  settings?: CallSettings | undefined;
}

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
  /** `performance.now()` when it started (0 when nothing logs durations: below `info`). */
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
  parseAs: ParseAs | undefined;
  /** Whether the body is read as bytes (`parseAs` other than JSON or text). */
  binary: boolean;
  /** How many attempts the retry policy allows (`maxRetries + 1`). */
  attempts: number;
  /** Whether the body is a ReadableStream (which cannot be sent twice). */
  streamed: boolean;
  /** A body made for each attempt (an Upload part, given the attempt's number). */
  bodyFor: ((attempt: number) => BodyInit) | undefined;
  /** The request's spans, when an OpenTelemetry provider is registered (src/telemetry/). */
  traced: RequestTrace | undefined;
  /** The base URL's origin followed by `/`: an answer from anywhere else went through a redirect. */
  originPrefix: string;
  /** Records an answer's `x-ratelimit-*` figures on the client (any status). */
  observe: (headers: Headers) => void;
  /** The attempt in flight, so the caller's abort reaches it. */
  controller?: AbortController | undefined;
}

const decoder = new TextDecoder();
/** A body read as text or bytes, as text. */
export const textOf = (raw: string | ArrayBuffer): string =>
  typeof raw === 'string' ? raw : decoder.decode(raw);
