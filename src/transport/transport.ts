// The request client the generated operation functions call (`client.get({ url, path, query,
// security, … })`). It builds the URL and headers, adds the key the operation's `security` asks
// for and an Idempotency-Key to every POST, runs each attempt under its own timeout (headers and
// body), retries what is safe to retry, reconciles before re-sending a create whose fate is
// unknown, turns every failure into a typed error, and logs.
//
// It replaces the generated fetch client on the facade's path (that client stays in
// generated/client/ for direct use): one pass from the options to `fetch(url, init)`, with no
// Request built and read back per attempt, is most of what makes a call cost little more than a
// bare fetch, and it is a fraction of the generated client's size.
// Long because a request's path from the options to `fetch` is one pass; issue #29 asks for
// `request` in named steps.
import { FineTuningError, InvalidArgumentError } from '../errors/base.ts';
import { AbortError } from '../errors/connection.ts';
import { InvalidResponseError } from '../errors/invalid-response.ts';
import { parseRateLimit, type RateLimit } from '../errors/rate-limit.ts';
import { authorization, type Security } from './auth.ts';
import { checkSignal, describeValue, isSignal } from './args.ts';
import { checkPathParams } from './path.ts';
import { serializeQuery } from './query.ts';
import { headersForLog, redactResponse, secretsOf } from '../errors/redact.ts';
import type { ResolvedOptions } from './options.ts';
import { checkHeaders } from './headers.ts';
import { mergePolicy } from './policy.ts';
import { textOf, type Attempt, type CallSettings, type Exchange, type Sending } from './sending.ts';

export type { Attempt, CallSettings, Exchange, Sending };

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
 * One method of the request client: sends a request and resolves with the exchange.
 * @internal Plumbing between the generated functions and the transport.
 */
export type ClientMethod = <T = unknown>(options: ClientRequest) => Promise<Exchange<T>>;

/**
 * The facade's request client (`ft.client`): what the generated functions call when the facade (or
 * `ft.request()`, or `paginate()`) runs them, with the facade's keys, retries, timeouts and typed
 * errors. It always throws on failure. Pass it whole (`{ client: ft.client }`); its methods are the
 * generated code's plumbing, not an API.
 */
export interface RequestClient {
  /** @internal */
  request: ClientMethod;
  /** @internal */
  get: ClientMethod;
  /** @internal */
  post: ClientMethod;
  /** @internal */
  put: ClientMethod;
  /** @internal */
  patch: ClientMethod;
  /** @internal */
  delete: ClientMethod;
  /** @internal */
  head: ClientMethod;
  /** @internal */
  options: ClientMethod;
  /**
   * The rate-limit figures of the latest answer that carried `x-ratelimit-*` headers (any status),
   * with when it arrived; undefined until one did.
   */
  readonly rateLimit: ObservedRateLimit | undefined;
}

/** `x-ratelimit-*` figures as an answer reported them, and when (`Date.now()`) it arrived. */
export interface ObservedRateLimit extends RateLimit {
  at: number;
}

/** Where `@opentelemetry/api` 1.x keeps what an application registered (src/telemetry/switch.ts). */
const OTEL = Symbol.for('opentelemetry.js.api.1');
/** ../telemetry/request.ts's entry, kept once loaded so later requests do not import() again. */
let traceRequest: typeof import('../telemetry/request.ts').traceRequest | undefined;

export const newIdempotencyKey = (): string => `idem-${crypto.randomUUID()}`;
const BINARY = new Set<ParseAs | undefined>(['arrayBuffer', 'blob', 'formData', 'stream']);

function lowerCased(
  headers: Record<string, string | null | undefined> | undefined,
  into: Record<string, string>,
): Record<string, string> {
  for (const name in headers) {
    const value = headers[name];
    if (value === null || value === undefined) delete into[name.toLowerCase()];
    else into[name.toLowerCase()] = String(value);
  }
  return into;
}

export function createRequestClient(options: ResolvedOptions): RequestClient {
  const { baseUrl, log } = options;
  // The path part of baseUrl, so error messages and logs name `/v1/files` without the host.
  const basePath = baseUrl.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  const defaults = lowerCased(options.headers, {});
  let rateLimit: ObservedRateLimit | undefined;
  const observe = (headers: Headers) => {
    if (
      headers.has('x-ratelimit-remaining-requests') ||
      headers.has('x-ratelimit-remaining-tokens')
    )
      rateLimit = { ...parseRateLimit(headers), at: Date.now() };
  };

  async function request<T>(o: ClientRequest): Promise<Exchange<T>> {
    const method = (o.method ?? 'GET').toUpperCase();
    checkPathParams(o.path);
    if (
      o.query !== undefined &&
      o.query !== null &&
      (typeof o.query !== 'object' || Array.isArray(o.query))
    ) {
      throw new InvalidArgumentError(
        `${method} ${o.url}: the query parameters must be an object, got ${describeValue(o.query)}.`,
      );
    }
    if (o.signal != null && !isSignal(o.signal)) checkSignal(o.signal);
    let route: string;
    let url: string;
    try {
      route = o.url.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = o.path?.[name];
        if (value === undefined)
          throw new InvalidArgumentError(`\`${name}\` is missing: ${o.url} needs it in \`path\`.`);
        return encodeURIComponent(String(value));
      });
      // A call's `query` (RequestOptions), then the operation's own parameters.
      const callQuery = o.settings?.query;
      url = baseUrl + route + serializeQuery(callQuery ? { ...callQuery, ...o.query } : o.query);
    } catch (error) {
      // encodeURIComponent refuses a lone surrogate; String() an object without a prototype.
      throw unbuildable(error, method, o.url, 'a path or query parameter cannot be put in a URL');
    }
    const path = basePath + route;
    const where = { method, url };
    const settings = o.settings;
    const caller = o.signal ?? undefined;
    // The client's own headers were checked when it was built; a call's are checked here.
    if (o.headers) checkHeaders(o.headers, 'headers', InvalidArgumentError);
    const headers = lowerCased(o.headers, { ...defaults });
    // An Authorization header given explicitly wins over the configured key.
    if (!headers.authorization) {
      const auth = authorization(options, o.security);
      const value = typeof auth === 'object' ? await auth : auth;
      if (value) headers.authorization = value;
    }
    let body: BodyInit | undefined;
    try {
      body = (
        o.body === undefined
          ? undefined
          : o.bodySerializer === null
            ? o.body
            : o.bodySerializer
              ? o.bodySerializer(o.body as never)
              : JSON.stringify(o.body)
      ) as BodyInit | undefined;
    } catch (error) {
      // JSON.stringify refuses a BigInt and a cycle.
      throw unbuildable(error, method, o.url, 'the body cannot be serialized');
    }
    // A body given as a function is made for each attempt (an Upload part: from memory first, then
    // read from disk again after a failure, so a failed part is not held in memory).
    const perAttempt =
      typeof body === 'function' ? (body as (attempt: number) => BodyInit) : undefined;
    // fetch writes a FormData with a boundary of its own, which the Content-Type must name.
    if (body instanceof FormData || perAttempt) delete headers['content-type'];
    const streamed = typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
    if (method === 'POST')
      headers['idempotency-key'] ??= settings?.idempotencyKey ?? newIdempotencyKey();
    const send = options.fetch ?? globalThis.fetch;
    // fetch never follows a redirect by itself: ./redirect.ts follows same-origin ones and refuses
    // the rest, so no credential header reaches another origin.
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      body: body ?? null,
      redirect: 'manual',
    };
    if (streamed) init.duplex = 'half';
    if (caller?.aborted) throw new AbortError(method, path, caller.reason);
    // Telemetry hook (src/telemetry/, loaded only once OpenTelemetry is in use): a span per attempt.
    const traced =
      OTEL in globalThis
        ? await (traceRequest ??= (await import('../telemetry/request.ts')).traceRequest)({
            method,
            url,
            headers,
            caller,
            o,
          })
        : undefined;

    const sending: Sending = {
      method,
      path,
      url,
      init,
      headers,
      settings,
      caller,
      log,
      send,
      policy: settings
        ? mergePolicy(options.retry, settings.retry, settings.maxRetries)
        : options.retry,
      timeout: settings?.timeout ?? options.timeout,
      binary: BINARY.has(o.parseAs),
      attempts: 0,
      streamed,
      traced,
      attempt: (attempt) => once(attempt),
      outcome: (attempt, { started, response }) =>
        `${method} ${path} status=${response!.status} attempt=${attempt}/${sending.attempts} duration=${Math.round(performance.now() - started)}ms request_id=${response!.headers.get('x-request-id') ?? '-'}`,
      finish: <R>(
        response: Response,
        raw: string | ArrayBuffer,
      ): Exchange<R> | Promise<Exchange<R>> => {
        const parsed = parse(o.parseAs, raw, response, method, path);
        // The caller sees the answer's headers redacted, as in every error and log line.
        const shown = redactResponse(parsed.response, headers);
        const exchange = { data: parsed.data as R, response: shown, request: where };
        // Only a FormData answer is parsed asynchronously.
        return parsed.data instanceof Promise
          ? parsed.data.then((data: R) => ({ ...exchange, data }))
          : exchange;
      },
    };
    // An answer its caller reads as a stream that stays open (an event stream): ./recover.ts.
    if (o.parseAs === 'stream' && !settings?.streamResponse)
      return (await import('./recover.ts')).openStream<T>(sending);
    sending.attempts = sending.policy.maxRetries + 1;
    const timed = log.warn !== undefined;

    let current: AbortController | undefined;
    // One attempt: the answer read whole under the timeout, or what was thrown. Never throws.
    const once = async (attempt: number): Promise<Attempt> => {
      const result: Attempt = {
        started: timed ? performance.now() : 0,
        timedOut: false,
        answered: false,
      };
      log.debug?.(
        `request ${method} ${path} attempt=${attempt}/${sending.attempts} headers=${JSON.stringify(headersForLog(headers, secretsOf(headers)))}`,
      );
      const span = traced?.attempt(attempt); // telemetry hook
      const controller = (current = new AbortController());
      const timer = setTimeout(() => {
        result.timedOut = true;
        controller.abort();
      }, sending.timeout);
      try {
        init.signal = controller.signal;
        if (perAttempt) init.body = perAttempt(attempt);
        let response = await send(url, init);
        // A redirect (rare) loads the redirect policy (./redirect.ts, through ./recover.ts, which the
        // transport loads anyway at a failure): it follows the redirect or throws a RedirectError.
        // (not ok and < 400: a 3xx, or status 0, a browser's opaque redirect)
        if (!response.ok && response.status < 400)
          response = await (await import('./recover.ts')).followRedirects(sending, response);
        result.answered = true;
        result.raw = sending.binary ? await response.arrayBuffer() : await response.text();
        result.response = response;
        observe(response.headers);
      } catch (thrown) {
        result.thrown = thrown;
      } finally {
        clearTimeout(timer);
        if (perAttempt) init.body = null;
      }
      span?.end(result); // telemetry hook
      return result;
    };
    const onAbort = () => current?.abort(caller!.reason);
    caller?.addEventListener('abort', onAbort);
    try {
      const first = await once(1);
      if (first.response?.ok) {
        log.debug?.(`response ${sending.outcome(1, first)}`);
        return await sending.finish<T>(first.response, first.raw!);
      }
      // A failure: the retries and the typed errors load now (./recover.ts).
      return await (await import('./recover.ts')).recover<T>(sending, first);
    } finally {
      caller?.removeEventListener('abort', onAbort);
    }
  }

  const method =
    (name: string): ClientMethod =>
    (o) =>
      request({ ...o, method: name });
  return {
    get rateLimit() {
      return rateLimit;
    },
    request: (o) => request(o),
    get: method('GET'),
    post: method('POST'),
    put: method('PUT'),
    patch: method('PATCH'),
    delete: method('DELETE'),
    head: method('HEAD'),
    options: method('OPTIONS'),
  };
}

/** The body of a 2xx answer as `parseAs` asks; JSON must parse, or the call fails. */
function parse(
  parseAs: ParseAs | undefined,
  raw: string | ArrayBuffer,
  response: Response,
  method: string,
  path: string,
): { data: unknown; response: Response } {
  if (parseAs === 'text' || parseAs === 'arrayBuffer') return { data: raw, response };
  if (parseAs === 'blob')
    return {
      data: new Blob([raw], { type: response.headers.get('content-type') ?? '' }),
      response,
    };
  if (parseAs === 'stream' || parseAs === 'formData') {
    // A fresh Response over the bytes already read, so whoever holds it can read it as usual.
    const copy = new Response((raw as ArrayBuffer).byteLength > 0 ? raw : null, response);
    return { data: parseAs === 'stream' ? copy.body : copy.formData(), response: copy };
  }
  const text = textOf(raw);
  try {
    return { data: JSON.parse(text), response };
  } catch (error) {
    throw new InvalidResponseError(
      method,
      path,
      response,
      text.trim() === ''
        ? 'its body is empty'
        : `its body is not valid JSON (${(error as Error).message})`,
    );
  }
}

/** An argument that cannot be turned into a request, as an InvalidArgumentError (typed errors pass through). */
function unbuildable(error: unknown, method: string, url: string, what: string): Error {
  if (error instanceof FineTuningError) return error;
  const reason = error instanceof Error ? error.message : describeValue(error);
  return new InvalidArgumentError(`${method} ${url}: ${what} (${reason}). Nothing was sent.`, {
    cause: error,
  });
}
