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
//
// Long because the request's named steps (arguments, route and query, headers, body, the first
// attempt) stay beside the one function that runs them, in the order a request takes; the retry
// loop and the redirect policy are apart (./recover.ts, ./redirect.ts), loaded on first use.
import { FineTuningError, InvalidArgumentError } from '../errors/base.ts';
import { AbortError } from '../errors/connection.ts';
import { parseRateLimit, type RateLimit } from '../errors/rate-limit.ts';
import { authorization } from './auth.ts';
import { checkSignal, describeValue, isSignal } from './args.ts';
import { checkPathParams } from './path.ts';
import { serializeQuery } from './query.ts';
import type { ResolvedOptions } from './options.ts';
import { checkHeaders } from './headers.ts';
import { answerLine, finish, sendAttempt } from './call.ts';
import { mergePolicy } from './policy.ts';
import type {
  Attempt,
  CallSettings,
  ClientRequest,
  Exchange,
  ParseAs,
  Sending,
} from './sending.ts';

export type { Attempt, CallSettings, ClientRequest, Exchange, ParseAs, Sending };

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

/** `headers` with lower-cased names written into `into`; a `null` or `undefined` value removes one. */
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
  const { baseUrl } = options;
  // The path part of baseUrl, so error messages and logs name `/v1/files` without the host.
  const basePath = baseUrl.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  const defaults = lowerCased(options.headers, {});
  let rateLimit: ObservedRateLimit | undefined;
  // An answer from another origin than baseUrl's is a redirect a custom fetch followed by itself,
  // unless the fetch is the SDK's own that strips credentials before it follows one (azure/fetch.ts).
  const originPrefix = (options.fetch as { vetsRedirects?: boolean } | undefined)?.vetsRedirects
    ? ''
    : `${baseUrl.slice(0, baseUrl.length - basePath.length)}/`;
  const observe = (headers: Headers) => {
    if (
      headers.has('x-ratelimit-remaining-requests') ||
      headers.has('x-ratelimit-remaining-tokens')
    )
      rateLimit = { ...parseRateLimit(headers), at: Date.now() };
  };

  async function request<T>(call: ClientRequest, method: string): Promise<Exchange<T>> {
    checkArguments(call, method);
    const [route, query] = routeAndQuery(call, method);
    const url = baseUrl + route + query;
    const caller = call.signal ?? undefined;
    const headers = await headersOf(call, method, defaults, options);
    const body = bodyOf(call, method);
    // fetch writes a FormData with a boundary of its own, which the Content-Type must name; a body
    // made for each attempt as a stream names its own (src/upload/calls.ts).
    if (body instanceof FormData || typeof body === 'function') {
      delete headers['content-type'];
      const type = (body as { contentType?: string }).contentType;
      if (type) headers['content-type'] = type;
    }
    // fetch never follows a redirect by itself: ./redirect.ts follows same-origin ones and refuses
    // the rest, so no credential header reaches another origin.
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      body: body ?? null,
      redirect: 'manual',
    };
    // A body made per attempt may be a stream (an Upload part sent from memory, src/upload/calls.ts).
    if (
      typeof body === 'function' ||
      (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream)
    )
      init.duplex = 'half';
    const path = basePath + route;
    if (caller?.aborted) throw new AbortError(method, path, caller.reason);
    // Telemetry hook (src/telemetry/, loaded only once OpenTelemetry is in use): a span per attempt.
    const traced =
      OTEL in globalThis
        ? await (traceRequest ??= (await import('../telemetry/request.ts')).traceRequest)({
            method,
            url,
            headers,
            caller,
            o: call,
          })
        : undefined;
    const settings = call.settings;
    const policy = settings
      ? mergePolicy(options.retry, settings.retry, settings.maxRetries)
      : options.retry;
    const parseAs = call.parseAs;
    const sending: Sending = {
      method,
      path,
      url,
      init,
      headers,
      settings,
      caller,
      log: options.log,
      send: options.fetch ?? globalThis.fetch,
      policy,
      timeout: settings?.timeout ?? options.timeout,
      parseAs,
      // Bytes for a file's content, a Blob or FormData; text for JSON and text.
      binary: !!parseAs && parseAs !== 'json' && parseAs !== 'text' && parseAs !== 'auto',
      attempts: policy.maxRetries + 1,
      // A body made per attempt is made again for a retry; a stream given whole cannot be.
      streamed: init.duplex === 'half' && typeof body !== 'function',
      bodyFor: typeof body === 'function' ? (body as (attempt: number) => BodyInit) : undefined,
      traced,
      originPrefix,
      observe,
    };
    // An answer its caller reads as a stream that stays open (an event stream): ./recover.ts.
    if (parseAs === 'stream' && !settings?.streamResponse)
      return (await import('./recover.ts')).openStream<T>(sending);
    return sendWithRetries<T>(sending);
  }

  const method =
    (name: string): ClientMethod =>
    (call) =>
      request(call, name);
  return {
    get rateLimit() {
      return rateLimit;
    },
    request: (call) => request(call, (call.method ?? 'GET').toUpperCase()),
    get: method('GET'),
    post: method('POST'),
    put: method('PUT'),
    patch: method('PATCH'),
    delete: method('DELETE'),
    head: method('HEAD'),
    options: method('OPTIONS'),
  };
}

/**
 * Sends the first attempt; a 2xx answer is the exchange. A failure loads the retry loop and the
 * typed errors (./recover.ts), which go on from it. The caller's abort reaches every attempt.
 */
async function sendWithRetries<T>(call: Sending): Promise<Exchange<T>> {
  const { caller } = call;
  const onAbort = () => call.controller?.abort(caller!.reason);
  caller?.addEventListener('abort', onAbort);
  try {
    const first = await sendAttempt(call, 1);
    if (first.response?.ok) {
      call.log.debug?.(`response ${answerLine(call, 1, first)}`);
      return await finish<T>(call, first.response, first.raw!);
    }
    return await (await import('./recover.ts')).recover<T>(call, first);
  } finally {
    caller?.removeEventListener('abort', onAbort);
  }
}

/** Throws before anything is built for path parameters, a query or a signal that cannot be used. */
function checkArguments(call: ClientRequest, method: string): void {
  checkPathParams(call.path);
  const { query } = call;
  if (query != null && (typeof query !== 'object' || Array.isArray(query))) {
    throw new InvalidArgumentError(
      `${method} ${call.url}: the query parameters must be an object, got ${describeValue(query)}.`,
    );
  }
  if (call.signal != null && !isSignal(call.signal)) checkSignal(call.signal);
}

/**
 * The route (the path template with its parameters filled in, percent-encoded:
 * `/fine_tuning/jobs/ftjob-1`) and the query string: a call's `query` (RequestOptions), then the
 * operation's own parameters.
 */
function routeAndQuery(call: ClientRequest, method: string): [route: string, query: string] {
  try {
    const route = call.url.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = call.path?.[name];
      if (value === undefined)
        throw new InvalidArgumentError(`\`${name}\` is missing: ${call.url} needs it in \`path\`.`);
      return encodeURIComponent(String(value));
    });
    const callQuery = call.settings?.query;
    return [route, serializeQuery(callQuery ? { ...callQuery, ...call.query } : call.query)];
  } catch (error) {
    // encodeURIComponent refuses a lone surrogate; String() an object without a prototype.
    throw unbuildable(error, method, call.url, 'a path or query parameter cannot be put in a URL');
  }
}

/**
 * The headers sent: the client's, the call's (checked here; the client's were checked when it was
 * built), the key the operation's `security` asks for (an explicit Authorization wins), and an
 * Idempotency-Key on every POST.
 */
async function headersOf(
  call: ClientRequest,
  method: string,
  defaults: Record<string, string>,
  options: ResolvedOptions,
): Promise<Record<string, string>> {
  if (call.headers) checkHeaders(call.headers, 'headers', InvalidArgumentError);
  const headers = lowerCased(call.headers, { ...defaults });
  if (!headers.authorization) {
    const auth = authorization(options, call.security);
    const value = typeof auth === 'object' ? await auth : auth;
    if (value) headers.authorization = value;
  }
  if (method === 'POST')
    headers['idempotency-key'] ??= call.settings?.idempotencyKey ?? newIdempotencyKey();
  return headers;
}

/**
 * The body as sent: JSON unless the operation serializes it itself (`null`: as it is). A function
 * makes the body for each attempt (an Upload part: from memory first, then read from disk again
 * after a failure, so a failed part is not held in memory).
 */
function bodyOf(call: ClientRequest, method: string): BodyInit | undefined {
  try {
    return (
      call.body === undefined
        ? undefined
        : call.bodySerializer === null
          ? call.body
          : call.bodySerializer
            ? call.bodySerializer(call.body as never)
            : JSON.stringify(call.body)
    ) as BodyInit | undefined;
  } catch (error) {
    // JSON.stringify refuses a BigInt and a cycle.
    throw unbuildable(error, method, call.url, 'the body cannot be serialized');
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
