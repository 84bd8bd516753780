// Sending the local server's answers: each request answered (answer.ts) after the injected latency,
// with the headers every answer carries, recorded for `server.requests`, traced when asked, and an
// error turned into the API's error shape.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Answer, type Answerer, route } from './answer.ts';
import { type Clock, ManualClock } from './clock.ts';
import type { DirectoryFileStore, SpillingFileStore } from './file-store.ts';
import { HttpError } from './errors.ts';
import type { Faults } from './faults.ts';
import type { ResolvedServerOptions } from './options.ts';
import { checkRequestHead } from './request.ts';
import type { ServerState } from './state.ts';
import type { Store } from './store.ts';
import { pipe } from './stream-reply.ts';
import type { Timekeeper } from './timekeeper.ts';
import type { ServerTracing } from './tracing.ts';
import type { WebhookDeliveries } from './webhooks.ts';

/** The requests kept in `server.requests`: a long-running server (the CLI) must not grow without bound. */
const MAX_RECORDED = 10_000;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, openai-organization, openai-project, idempotency-key, x-stainless-retry-count, last-event-id',
  'access-control-expose-headers':
    'x-request-id, retry-after, openai-processing-ms, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens',
  'access-control-max-age': '600',
};

/** One request the local server answered, for assertions in tests. */
export interface RequestRecord {
  method: string;
  /** The path after `/v1`, with the query. */
  path: string;
  status: number;
}

/** What a running server is made of: everything a request and the handle returned use. */
export interface ServerParts {
  options: ResolvedServerOptions;
  clock: Clock;
  store: Store;
  /** Where file contents live: a directory with a `dataDir`, else memory that spills to disk. */
  contents: DirectoryFileStore | SpillingFileStore;
  state: ServerState;
  faults: Faults;
  deliveries: WebhookDeliveries;
  timekeeper: Timekeeper;
  answerer: Answerer;
  /** `tracing: true`: a SERVER span per request (./tracing.ts, loaded only then). */
  tracing: ServerTracing | undefined;
  /** The requests answered, oldest first; the last MAX_RECORDED. */
  requests: RequestRecord[];
}

/** Answers one request: after the injected latency, the answer or the error in the API's shape. */
export function respond(parts: ServerParts, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  // A request line or headers the server will not take (too long, too many, not a URL) get a
  // 4xx in the API's shape, like every other malformed request.
  const refused = checkRequestHead(req);
  const url = refused ? new URL('http://local/') : new URL(req.url!, 'http://local');
  if (!refused && req.method === 'OPTIONS') return send(res, 204, {}, '');
  const span = parts.tracing?.(
    req,
    url,
    url.pathname.startsWith('/v1/')
      ? route(parts.answerer.apis, req.method ?? 'GET', url.pathname.slice(3))?.operation.path
      : undefined,
  );
  const finish = (answer: Answer) => {
    span?.end(answer.status);
    record(parts.requests, {
      method: req.method ?? 'GET',
      path: `${url.pathname.replace(/^\/v1/, '')}${url.search}`,
      status: answer.status,
    });
    const headers = { ...commonHeaders(parts, req, url, started), ...answer.headers };
    // A request may have changed a job (cancel): open streams look again.
    parts.state.notify();
    parts.timekeeper.schedule();
    if ('body' in answer) return send(res, answer.status, headers, answer.body);
    res.writeHead(answer.status, { ...CORS, ...headers });
    res.flushHeaders();
    pipe(res, answer.stream, parts.faults.streamDrop()).catch((error: unknown) =>
      res.destroy(error instanceof Error ? error : undefined),
    );
  };
  const delay = parts.faults.latency();
  void new Promise((resolve) => setTimeout(resolve, delay))
    .then(() => {
      if (refused) throw refused;
      return parts.answerer.answer(req, url);
    })
    .then(finish, (error: unknown) => finish(failed(parts.state, error)));
}

/**
 * The answer to a request that failed. What it changed before it failed (a job that moved on) is
 * kept too; if that cannot be written the answer is the server's failure.
 */
function failed(state: ServerState, error: unknown): Answer {
  try {
    state.commit();
  } catch (commitError) {
    error = commitError;
  }
  const httpError =
    error instanceof HttpError
      ? error
      : new HttpError(
          500,
          `The local server failed: ${error instanceof Error ? error.message : String(error)}`,
          { type: 'server_error' },
        );
  return {
    status: httpError.status,
    headers: { 'content-type': 'application/json', ...httpError.headers },
    body: JSON.stringify(httpError.toBody()),
  };
}

/** The headers every answer carries, before the answer's own. */
function commonHeaders(
  { state, options, clock, faults }: ServerParts,
  req: IncomingMessage,
  url: URL,
  started: number,
): Record<string, string> {
  return {
    'x-request-id': state.ids.requestId(),
    'openai-version': '2020-10-01',
    // The API sends no organization on GET /models and /models/{id}, even on their 404 (recorded).
    ...(req.method === 'GET' && /^(?:\/v1)?\/models(?:\/|$|\?)/.test(url.pathname)
      ? {}
      : { 'openai-organization': options.organization }),
    // Server time: with a manual clock no time passes while answering, so a replay is identical.
    'openai-processing-ms': String(
      clock instanceof ManualClock ? 0 : Math.round(performance.now() - started),
    ),
    ...faults.headers(),
  };
}

function record(requests: RequestRecord[], request: RequestRecord): void {
  requests.push(request);
  if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string,
): void {
  res.writeHead(status, { ...CORS, ...headers });
  res.end(body);
}
