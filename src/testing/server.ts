// The local fine-tuning API server: node:http on 127.0.0.1, routes from openapi/fine-tuning.yaml and
// openapi/legacy-fine-tunes.yaml, every request validated against its spec before a handler sees it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAuth } from './auth.ts';
import { ManualClock, RealClock } from './clock.ts';
import { HttpError } from './errors.ts';
import { Faults } from './faults.ts';
import { DirectoryFileStore, MemoryFileStore } from './file-store.ts';
import * as fileHandlers from './handlers/files.ts';
import * as graderHandlers from './handlers/graders.ts';
import * as jobHandlers from './handlers/jobs.ts';
import * as legacyHandlers from './handlers/legacy.ts';
import * as modelHandlers from './handlers/models.ts';
import * as permissionHandlers from './handlers/permissions.ts';
import type { Handler, HandlerContext, Reply } from './handlers/types.ts';
import { randomId } from './ids.ts';
import { resolveServerOptions, type FaultOptions, type LocalServerOptions, type ResolvedServerOptions } from './options.ts';
import { readBytes, readJson, readMultipart, readPath, readQuery } from './request.ts';
import { loadSpec, type Operation, type Spec } from './spec.ts';
import { pipe } from './stream-reply.ts';
import { ServerState } from './state.ts';
import { check } from './validate.ts';

// Handlers are named after the spec's operationIds.
const HANDLERS: Record<string, Handler> = { ...fileHandlers, ...graderHandlers, ...jobHandlers, ...modelHandlers, ...permissionHandlers };
const LEGACY_HANDLERS: Record<string, Handler> = { ...legacyHandlers };

const MAX_RECORDED = 10_000;

// Operations of the trimmed spec this branch does not serve yet: they answer 501. The /uploads
// handlers come with issue 16; merging them empties this set.
const NOT_YET_SERVED: ReadonlySet<string> = new Set(['createUpload', 'cancelUpload', 'completeUpload', 'addUploadPart']);
const notYetServed: Handler = () => {
  throw new HttpError(501, 'The local server does not serve this operation yet.', { type: 'server_error' });
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, openai-organization, openai-project, idempotency-key, x-stainless-retry-count, last-event-id',
  'access-control-expose-headers': 'x-request-id, retry-after, openai-processing-ms, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests, x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens',
  'access-control-max-age': '600',
};

/** One request the local server answered, for assertions in tests. */
export interface RequestRecord {
  method: string;
  /** The path after `/v1`, with the query. */
  path: string;
  status: number;
}

/**
 * A running local server (from `startLocalServer`).
 * @example
 * const server = await startLocalServer({ clock: 'manual' });
 * const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
 * server.advance(60_000); // jobs move a minute on
 * await server.close();
 */
export interface LocalServer {
  /** Pass to `new FineTuning({ baseUrl })`: `http://127.0.0.1:<port>/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly apiKey: string;
  readonly adminApiKey: string;
  readonly options: ResolvedServerOptions;
  /** The requests answered, oldest first (for assertions on what went over the wire); the last 10,000. */
  readonly requests: RequestRecord[];
  /** Server time in ms since the epoch. */
  now(): number;
  /** Moves a manual clock forward; jobs catch up on the next request. */
  advance(ms: number): void;
  /** Moves a manual clock until no job will change by itself (finished or paused); returns the ms moved. */
  settle(): number;
  /** Replaces the fault-injection settings. */
  setFaults(faults: FaultOptions): void;
  /** Stops the server: closes every connection and resolves when it no longer listens. */
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Uint8Array | string): void {
  res.writeHead(status, { ...CORS, ...headers });
  res.end(body);
}

/** A spec the server serves and the handlers of its operations. */
interface Api {
  spec: Spec;
  handlers: Record<string, Handler>;
}

function route(apis: Api[], method: string, path: string): { api: Api; operation: Operation; match: RegExpMatchArray } | undefined {
  for (const api of apis) {
    for (const operation of api.spec.operations) {
      if (operation.method !== method) continue;
      const match = path.match(operation.pattern);
      if (match) return { api, operation, match };
    }
  }
  return undefined;
}

type Answer = { status: number; headers: Record<string, string> } & ({ body: Uint8Array | string } | { stream: NonNullable<Reply['stream']> });

/**
 * Starts a stateful local fine-tuning API server.
 * @example
 * const server = await startLocalServer({ port: 0 });
 * const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey, adminApiKey: server.adminApiKey });
 * // …
 * await server.close();
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const resolved = resolveServerOptions(options);
  // Each spec has its own schema id, so names both define (`OpenAIFile`) do not clash.
  const apis: Api[] = [
    { spec: loadSpec(), handlers: HANDLERS },
    { spec: loadSpec('legacy-fine-tunes.yaml'), handlers: LEGACY_HANDLERS },
  ];
  for (const { spec, handlers } of apis) {
    for (const o of spec.operations) if (!handlers[o.operationId] && NOT_YET_SERVED.has(o.operationId)) handlers[o.operationId] = notYetServed;
    const unhandled = spec.operations.filter((o) => !handlers[o.operationId]).map((o) => o.operationId);
    if (unhandled.length) throw new Error(`The local server has no handler for ${unhandled.join(', ')}.`);
  }
  const clock = resolved.clock === 'manual' ? new ManualClock(Date.now()) : new RealClock();
  const store = resolved.dataDir ? new DirectoryFileStore(resolved.dataDir) : new MemoryFileStore();
  const state = new ServerState(clock, store, resolved.organization, resolved.timing);
  const faults = new Faults(resolved.faults, () => clock.now());
  const requests: RequestRecord[] = [];

  async function answer(req: IncomingMessage, url: URL): Promise<Answer> {
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : undefined;
    const found = path === undefined ? undefined : route(apis, method, path);
    if (!found) throw new HttpError(404, `Invalid URL (${method} ${url.pathname})`, { code: null });
    const { api: { spec, handlers }, operation, match } = found;
    checkAuth(req.headers.authorization, operation.admin, resolved);
    faults.check();
    const ctx: HandlerContext = {
      state,
      path: readPath(operation, match),
      query: readQuery(operation, url.searchParams),
      body: undefined,
      headers: req.headers,
      keepAliveMs: resolved.keepAliveMs,
    };
    check(operation.validatePath(), ctx.path);
    check(operation.validateQuery(), ctx.query);
    if (operation.body) {
      const bytes = await readBytes(req);
      if (operation.body.contentType === 'multipart/form-data') {
        const form = await readMultipart(bytes, req.headers['content-type']);
        const file = form.file;
        // The schema says `file: string, format: binary`: the validator sees a stand-in for the
        // File. Ajv coerces the text fields (e.g. `expires_after[seconds]`) in place.
        const fields = file instanceof File ? { ...form, file: 'binary' } : form;
        check(operation.body.validate(), fields, '', spec.def);
        if (!(file instanceof File)) {
          throw new HttpError(400, "Invalid value for 'file': send the file as a multipart file part, not a text field.", { param: 'file', code: 'invalid_value' });
        }
        ctx.body = { ...fields, file };
      } else {
        ctx.body = readJson(bytes, req.headers['content-type']);
        check(operation.body.validate(), ctx.body, '', spec.def);
      }
    }
    const result = await handlers[operation.operationId]!(ctx);
    if (result.stream) {
      return { status: result.status ?? 200, headers: { 'content-type': result.stream.contentType, 'cache-control': 'no-cache' }, stream: result.stream };
    }
    if (result.raw) return { status: result.status ?? 200, headers: { 'content-type': result.raw.contentType }, body: result.raw.bytes };
    return { status: result.status ?? 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result.json) };
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'OPTIONS') return send(res, 204, {}, '');
    const finish = (status: number, headers: Record<string, string>, body: Uint8Array | string | NonNullable<Reply['stream']>) => {
      requests.push({ method: req.method ?? 'GET', path: `${url.pathname.replace(/^\/v1/, '')}${url.search}`, status });
      // A long-running server (the CLI) must not grow without bound.
      if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
      const all = {
        'x-request-id': randomId('req_', 32),
        'openai-version': '2020-10-01',
        'openai-organization': resolved.organization,
        'openai-processing-ms': String(Math.round(performance.now() - started)),
        ...faults.rateLimitHeaders(),
        ...headers,
      };
      // A request may have changed a job (cancel): open streams look again.
      state.notify();
      if (typeof body === 'string' || body instanceof Uint8Array) return send(res, status, all, body);
      res.writeHead(status, { ...CORS, ...all });
      res.flushHeaders();
      pipe(res, body, faults.streamDrop()).catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
    };
    const delay = faults.latency();
    void new Promise((resolve) => setTimeout(resolve, delay))
      .then(() => answer(req, url))
      .then(
        (r) => finish(r.status, r.headers, 'stream' in r ? r.stream : r.body),
        (error: unknown) => {
          const httpError = error instanceof HttpError
            ? error
            : new HttpError(500, `The local server failed: ${error instanceof Error ? error.message : String(error)}`, { type: 'server_error' });
          finish(httpError.status, { 'content-type': 'application/json', ...httpError.headers }, JSON.stringify(httpError.toBody()));
        },
      );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;

  const manual = () => {
    if (!(clock instanceof ManualClock)) throw new Error("advance() and settle() need a manual clock: start the server with { clock: 'manual' }.");
    return clock;
  };

  return {
    baseUrl: `http://${host}:${port}/v1`,
    port,
    apiKey: resolved.apiKey,
    adminApiKey: resolved.adminApiKey,
    options: resolved,
    requests,
    now: () => clock.now(),
    advance: (ms) => {
      manual().advance(ms);
      state.notify();
    },
    settle: () => {
      const c = manual();
      const start = c.now();
      state.catchUp();
      for (let next = state.nextDue(); next !== undefined; next = state.nextDue()) {
        c.advance(Math.max(0, next - c.now()));
        state.catchUp();
      }
      state.notify();
      return c.now() - start;
    },
    setFaults: (f) => faults.set(f),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
