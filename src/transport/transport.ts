// The transport: a fetch wrapper the generated client calls with each Request. It adds the
// Idempotency-Key to POSTs, runs each attempt under its own timeout (headers and body), retries
// what is safe to retry, reconciles before re-sending a create whose fate is unknown, and logs.
import { APIError } from '../errors/api-error.ts';
import { FineTuningError, isKind } from '../errors/base.ts';
import { AbortError, ConnectionError, TimeoutError } from '../errors/connection.ts';
import { headersForLog, secretsOf } from '../internal/redact.ts';
import type { Log } from './log.ts';
import { backoffMs, isRetryableResponse, mergePolicy, retryAfterMs, type RetryPolicy } from './policy.ts';
import { buffered } from './buffered-response.ts';
import { sleep } from './sleep.ts';

export interface TransportConfig {
  fetch: typeof fetch;
  timeout: number;
  retry: RetryPolicy;
  log: Log;
}

/** Settings for one call, over the client's. */
export interface CallSettings {
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Sent as `Idempotency-Key` when the request is a POST without one. */
  idempotencyKey?: string | undefined;
  /**
   * Called before re-sending after an ambiguous failure (the request may have reached the
   * server): resolves with the response the lost attempt would have given, if it can be found.
   */
  reconcile?: ((signal: AbortSignal | undefined) => Promise<Response | undefined>) | undefined;
  /** Why an ambiguous failure must not be re-sent; undefined when re-sending is safe. */
  unsafeToResend?: string | undefined;
  /** The body is handed on as a stream (files.content), so it is kept as a plain Response. */
  streamResponse?: boolean | undefined;
}

export type FetchLike = (request: Request) => Promise<Response>;

export interface Transport {
  /** The client-wide transport, for any Request (its own `signal` is the caller's). */
  fetch: FetchLike;
  /**
   * The fetch for one call: the caller's signal is given here rather than to the Request, so
   * the first attempt can go out as the generated client built it, with the attempt's own signal.
   */
  forCall(callerSignal: AbortSignal | undefined, settings: CallSettings | undefined): FetchLike;
  /** Marks a request whose body is a stream: sent once, never buffered or retried. */
  markStreamed(request: Request): void;
  /**
   * Records the body a request was built from (a string, Blob, FormData, bytes) so each attempt
   * sends it again as it is, without reading it into memory first: a disk-backed file stays
   * streamed from disk on every attempt.
   */
  keepBody(request: Request, body: BodyInit): void;
  /**
   * Marks a request whose answer is read as a stream by its caller (an event stream that stays
   * open): it is passed to fetch as it is, with no timeout over the body and no retry, since the
   * caller owns reconnection. A call that asks for `streamResponse` is not affected.
   */
  markPassthrough(request: Request): void;
}

// Statuses whose Response may not carry a body.
const NULL_BODY = new Set([101, 204, 205, 304]);

const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

const newIdempotencyKey = (): string => `idem-${crypto.randomUUID()}`;

/** ECONNREFUSED means nothing reached the server: re-sending cannot duplicate anything. */
function neverSent(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

export function createTransport(config: TransportConfig): Transport {
  const inner = config.fetch;
  // fetch(request, { signal }) makes one Request, like fetch(request); a custom fetch may read
  // only its first argument, so it gets a Request that carries the attempt's signal.
  const native = inner === globalThis.fetch;
  const sendOnce = native
    ? (input: Request | string, init: RequestInit) => inner(input, init)
    : (input: Request | string, init: RequestInit) => inner(new Request(input, init));
  const log = config.log;
  const streamed = new WeakSet<Request>();
  const passthrough = new WeakSet<Request>();
  const kept = new WeakMap<Request, BodyInit>();

  /**
   * One attempt: fetch and read the whole body, both under `timeout`. `controller` is the
   * attempt's own; the caller's abort reaches it through the listener `send` keeps.
   */
  async function attemptOnce(
    input: Request | string,
    init: RequestInit,
    method: string,
    controller: AbortController,
    caller: AbortSignal | undefined,
    timeout: number,
    attempt: number,
    stream: boolean,
  ): Promise<Response> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    try {
      const response = await sendOnce(input, init);
      const bytes = NULL_BODY.has(response.status) ? new ArrayBuffer(0) : await response.arrayBuffer();
      if (stream) {
        return new Response(bytes.byteLength > 0 ? bytes : null, response);
      }
      return buffered(response, bytes);
    } catch (error) {
      const url = typeof input === 'string' ? input : input.url;
      if (caller?.aborted) throw new AbortError(method, pathOf(url), caller.reason);
      if (timedOut) throw new TimeoutError(method, pathOf(url), timeout, { attempts: attempt });
      if (error instanceof FineTuningError) throw error;
      throw new ConnectionError(method, pathOf(url), error, { attempts: attempt });
    } finally {
      clearTimeout(timer);
    }
  }

  async function finalAPIError(request: Request, response: Response, note: string): Promise<APIError> {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the text is the body
    }
    return APIError.from({
      status: response.status,
      headers: response.headers,
      method: request.method,
      path: pathOf(request.url),
      body,
      secrets: secretsOf(request.headers),
      note,
    });
  }

  function withNote(error: ConnectionError, note: string): ConnectionError {
    if (isKind(error, 'TimeoutError')) {
      return new TimeoutError(error.method, error.path, (error as TimeoutError).timeout, { attempts: error.attempts, note });
    }
    return new ConnectionError(error.method, error.path, error.cause, { attempts: error.attempts, note });
  }

  async function send(
    request: Request,
    settings: CallSettings | undefined,
    caller: AbortSignal | undefined,
  ): Promise<Response> {
    if (!settings?.streamResponse && passthrough.has(request)) return inner(request);
    const method = request.method;
    const url = request.url;
    if (caller?.aborted) throw new AbortError(method, pathOf(url), caller.reason);
    const policy = settings ? mergePolicy(config.retry, settings.retry, settings.maxRetries) : config.retry;
    const timeout = settings?.timeout ?? config.timeout;
    const stream = settings?.streamResponse === true;
    const headers = request.headers;
    if (method === 'POST' && !headers.has('idempotency-key')) {
      headers.set('Idempotency-Key', settings?.idempotencyKey ?? newIdempotencyKey());
    }
    const isStream = request.body !== null && streamed.has(request);
    // A body is buffered once, so every attempt sends the same bytes (JSON and in-memory uploads
    // alike); a streamed body is sent as it is, once.
    const source = request.body === null || isStream ? undefined : kept.get(request);
    const body = request.body === null || isStream ? null : (source ?? (await request.arrayBuffer()));
    // fetch writes a FormData with a boundary of its own each time, so the Content-Type naming
    // the first boundary must not be sent with it.
    const sendHeaders = source instanceof FormData ? withoutContentType(headers) : headers;
    const attempts = policy.maxRetries + 1;
    let current: AbortController | undefined;
    const onAbort = () => current?.abort(caller!.reason);
    caller?.addEventListener('abort', onAbort);
    try {
      let ambiguous = false;
      // The last failure, to throw when looking for the earlier attempt's result fails too.
      let failure: ConnectionError | Response | undefined;
      for (let attempt = 1; ; attempt++) {
        if (caller?.aborted) throw new AbortError(method, pathOf(url), caller.reason);
        const started = performance.now();

        if (ambiguous && settings?.reconcile) {
          try {
            const found = await settings.reconcile(caller);
            if (found) {
              log.info?.(`reconciled ${method} ${pathOf(url)} attempt=${attempt}/${attempts}: the earlier attempt had succeeded, not re-sending`);
              return found;
            }
          } catch (error) {
            if (caller?.aborted) throw new AbortError(method, pathOf(url), caller.reason);
            log.warn?.(`reconcile ${method} ${pathOf(url)} attempt=${attempt}/${attempts} failed: ${(error as Error).message}`);
            if (attempt >= attempts) {
              throw failure instanceof Response
                ? await finalAPIError(request, failure, UNCONFIRMED(headers))
                : withNote(failure!, UNCONFIRMED(headers));
            }
            await wait(backoffMs(attempt, policy), caller, method, url);
            continue;
          }
        }

        // A bodiless request goes out as the generated client built it; one with a body is
        // rebuilt from its parts, since the bytes were read once above. Either way with the
        // attempt's own signal.
        current = new AbortController();
        let input: Request | string = request;
        let init: RequestInit & { duplex?: 'half' } = { signal: current.signal };
        if (request.body !== null) {
          input = url;
          init = { method, headers: sendHeaders, redirect: request.redirect, signal: current.signal, body: isStream ? request.body : body };
          if (isStream) init.duplex = 'half';
        }

        log.debug?.(`request ${method} ${pathOf(url)} attempt=${attempt}/${attempts} headers=${JSON.stringify(headersForLog(headers, secretsOf(headers)))}`);
        let response: Response;
        try {
          response = await attemptOnce(input, init, method, current, caller, timeout, attempt, stream);
        } catch (error) {
          const ms = Math.round(performance.now() - started);
          if (!(error instanceof ConnectionError)) {
            log.warn?.(`failed ${method} ${pathOf(url)} attempt=${attempt}/${attempts} duration=${ms}ms: ${(error as Error).message}`);
            throw error;
          }
          failure = error;
          const mayHaveArrived = !neverSent(error);
          const refusal =
            attempt >= attempts
              ? undefined
              : isStream
                ? STREAM_NOTE
                : mayHaveArrived && settings?.unsafeToResend && !settings.reconcile
                  ? settings.unsafeToResend
                  : undefined;
          if (attempt >= attempts || refusal) {
            log.warn?.(`failed ${method} ${pathOf(url)} attempt=${attempt}/${attempts} duration=${ms}ms: ${error.message}`);
            throw refusal ? withNote(error, refusal) : error;
          }
          ambiguous ||= mayHaveArrived;
          const delay = backoffMs(attempt, policy);
          log.info?.(`retry ${method} ${pathOf(url)} error=${error.name} attempt=${attempt}/${attempts} duration=${ms}ms, retrying in ${Math.round(delay)}ms`);
          current = undefined;
          await wait(delay, caller, method, url);
          continue;
        }

        const status = response.status;
        if (response.ok) {
          log.debug?.(`response ${method} ${pathOf(url)} status=${status} attempt=${attempt}/${attempts} duration=${Math.round(performance.now() - started)}ms request_id=${response.headers.get('x-request-id') ?? '-'}`);
          return response;
        }
        const requestId = response.headers.get('x-request-id');
        const ms = Math.round(performance.now() - started);
        let delay: number | undefined;
        if (attempt < attempts && isRetryableResponse(response, policy)) {
          delay = retryAfterMs(response.headers) ?? backoffMs(attempt, policy);
          if (delay > policy.maxRetryAfterMs) delay = undefined;
        }
        if (delay !== undefined) {
          const refusal = isStream ? STREAM_NOTE : status >= 500 && settings?.unsafeToResend && !settings.reconcile ? settings.unsafeToResend : undefined;
          if (refusal) {
            log.warn?.(`response ${method} ${pathOf(url)} status=${status} attempt=${attempt}/${attempts} duration=${ms}ms request_id=${requestId ?? '-'} (not retried)`);
            throw await finalAPIError(request, response, refusal);
          }
          ambiguous ||= status >= 500;
          failure = response;
          log.info?.(`retry ${method} ${pathOf(url)} status=${status} attempt=${attempt}/${attempts} duration=${ms}ms request_id=${requestId ?? '-'}, retrying in ${Math.round(delay)}ms`);
          current = undefined;
          await wait(delay, caller, method, url);
          continue;
        }
        log.warn?.(`response ${method} ${pathOf(url)} status=${status} attempt=${attempt}/${attempts} duration=${ms}ms request_id=${requestId ?? '-'}`);
        return response;
      }
    } finally {
      caller?.removeEventListener('abort', onAbort);
    }
  }

  return {
    fetch: (request) => send(request, undefined, request.signal),
    forCall: (callerSignal, settings) => (request) => send(request, settings, callerSignal),
    markStreamed: (request) => void streamed.add(request),
    markPassthrough: (request) => void passthrough.add(request),
    keepBody: (request, body) => void kept.set(request, body),
  };
}

/** The backoff wait; the caller's abort ends it at once. */
function wait(ms: number, caller: AbortSignal | undefined, method: string, url: string): Promise<void> {
  return sleep(ms, caller).catch(() => {
    throw new AbortError(method, pathOf(url), caller!.reason);
  });
}

// Copied entry by entry: `new Headers(headers)` drops entries when `headers` comes from another
// fetch implementation than the global Headers (seen with an interceptor such as nock installed).
function withoutContentType(headers: Headers): Headers {
  const copy = new Headers();
  headers.forEach((value, name) => {
    if (name !== 'content-type') copy.append(name, value);
  });
  return copy;
}

const STREAM_NOTE =
  'Not retried: the request body is a stream, which cannot be sent twice; pass a Blob, File, string or ArrayBuffer to make the request retriable.';

const UNCONFIRMED = (headers: Headers) =>
  `The request may have been processed: looking for its result failed, so it was not sent again (Idempotency-Key ${headers.get('idempotency-key')}).`;
