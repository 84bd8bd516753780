// The local fine-tuning API server: node:http on 127.0.0.1, routes from openapi/fine-tuning.yaml and
// openapi/legacy-fine-tunes.yaml, every request validated against its spec before a handler sees it.
// Long because `startLocalServer` wires the routes, the clock, the store and the listener; issue
// #29 asks for it in named steps.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAuth } from './auth.ts';
import {
  azureDataRoute,
  azureError,
  azureHandler,
  azurePath,
  isManagementPath,
  LOCAL_API_VERSION,
  LOCAL_ENTRA_TOKEN,
  LOCAL_MANAGEMENT_TOKEN,
  LOCAL_READER_TOKEN,
  managementRoute,
} from './azure/index.ts';
import { ManualClock, RealClock } from './clock.ts';
import { HttpError } from './errors.ts';
import { Faults } from './faults.ts';
import { DirectoryFileStore, SpillingFileStore } from './file-store.ts';
import { evalsOf } from './evals.ts';
import { type JobLimits, setJobLimits } from './job-limits.ts';
import * as evalHandlers from './handlers/evals.ts';
import * as fileHandlers from './handlers/files.ts';
import * as graderHandlers from './handlers/graders.ts';
import * as jobHandlers from './handlers/jobs.ts';
import * as legacyHandlers from './handlers/legacy.ts';
import * as modelHandlers from './handlers/models.ts';
import * as permissionHandlers from './handlers/permissions.ts';
import * as uploadHandlers from './handlers/uploads.ts';
import type { Handler, HandlerContext, Reply } from './handlers/types.ts';
import { Ids } from './ids.ts';
import { readMultipartStream, type MultipartLimits, type SpooledFile } from './multipart.ts';
import {
  resolveServerOptions,
  SEEDED_START,
  type FaultOptions,
  type LocalServerOptions,
  type ResolvedServerOptions,
} from './options.ts';
import {
  bodyLimit,
  checkRequestHead,
  clientErrorReply,
  expectationFailed,
  MAX_HEADERS,
  readBytes,
  readJson,
  readPath,
  readQuery,
} from './request.ts';
import { MAX_PART_BYTES } from './uploads.ts';
import { loadSpec, type Operation, type Spec } from './spec.ts';
import { pipe } from './stream-reply.ts';
import { ServerState } from './state.ts';
import { Store } from './store.ts';
import { check } from './validate.ts';
import {
  checkEndpoints as checkWebhookEndpoints,
  WebhookDeliveries,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
  type WebhookEventBody,
} from './webhooks.ts';

// Handlers are named after the spec's operationIds.
const HANDLERS: Record<string, Handler> = {
  ...evalHandlers,
  ...fileHandlers,
  ...graderHandlers,
  ...jobHandlers,
  ...modelHandlers,
  ...permissionHandlers,
  ...uploadHandlers,
};
const LEGACY_HANDLERS: Record<string, Handler> = { ...legacyHandlers };

const MAX_RECORDED = 10_000;

// The most one file part of a multipart request may carry: `maxFileBytes` (the Files API's 512 MB), an Upload part's 64 MB.
const multipartLimits = (maxFileBytes: number): Record<string, MultipartLimits> => ({
  createFile: {
    maxFileBytes,
    describe: `${maxFileBytes} bytes (the Files API limit; use an Upload for larger files)`,
  },
  addUploadPart: { maxFileBytes: MAX_PART_BYTES, describe: '64 MB (the Uploads API part limit)' },
});

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

/**
 * A running local server (from `startLocalServer`).
 * @example
 * const server = await startLocalServer({ clock: 'manual' });
 * const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
 * server.advance(60_000); // jobs move a minute on
 * await server.close();
 */
export interface LocalServer {
  /**
   * Pass to `new FineTuning({ baseUrl })`: `http://127.0.0.1:<port>/v1` (in Azure mode the v1 API's
   * `http://127.0.0.1:<port>/openai/v1`).
   */
  readonly baseUrl: string;
  /** In Azure mode (`azure: true`): what `new AzureFineTuning()` needs to talk to this server. */
  readonly azure: LocalAzure | undefined;
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
  /**
   * Every webhook delivery attempt, oldest first (event, URL, status or error, attempt number, when
   * the next one is due); the last 10,000.
   */
  readonly webhookDeliveries: readonly WebhookDeliveryAttempt[];
  /**
   * Sends an event now, signed, to every configured endpoint subscribed to its type (or to the
   * endpoints given), with the same retries; resolves with the first attempts. Missing `id`,
   * `object` and `created_at` are filled in. For testing a handler's paths (an unknown type, a
   * failed job) without running a job.
   */
  sendWebhook(
    event: { type: string; data?: Record<string, unknown>; id?: string; created_at?: number },
    endpoints?: WebhookEndpoint[],
  ): Promise<WebhookDeliveryAttempt[]>;
  /** Resolves once no webhook delivery attempt is in flight (retries not yet due are not waited for). */
  webhooksIdle(): Promise<void>;
  /** Replaces the fault-injection settings. */
  setFaults(faults: FaultOptions): void;
  /** Replaces the job limits (`jobLimits`); `{}` lifts them. */
  setJobLimits(limits: JobLimits): void;
  /** Stops the server: closes every connection and resolves when it no longer listens. */
  close(): Promise<void>;
}

/** The Azure-mode server's endpoint and credentials (`server.azure`). */
export interface LocalAzure {
  /** `AZURE_OPENAI_ENDPOINT`: `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** `AZURE_OPENAI_API_KEY`: the key accepted as `api-key` (the server's `apiKey`). */
  apiKey: string;
  /** A dated API version the server accepts (any `YYYY-MM-DD[-preview]` is). */
  apiVersion: string;
  /** The Entra ID token accepted as `Authorization: Bearer …` (what a token provider would return). */
  entraToken: string;
  /** The simulated Azure Resource Manager, for `ft.deployments`. */
  management: {
    endpoint: string;
    /** A management-scope token with a role on the account. */
    token: string;
    /** A management-scope token of an identity without a role: reads, but cannot deploy (403). */
    readerToken: string;
    subscriptionId: string;
    resourceGroup: string;
    accountName: string;
  };
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string,
): void {
  res.writeHead(status, { ...CORS, ...headers });
  res.end(body);
}

/** A spec the server serves and the handlers of its operations. */
interface Api {
  spec: Spec;
  handlers: Record<string, Handler>;
}

function route(
  apis: Api[],
  method: string,
  path: string,
): { api: Api; operation: Operation; match: RegExpMatchArray } | undefined {
  for (const api of apis) {
    for (const operation of api.spec.operations) {
      if (operation.method !== method) continue;
      const match = path.match(operation.pattern);
      if (match) return { api, operation, match };
    }
  }
  return undefined;
}

type Answer = { status: number; headers: Record<string, string> } & (
  | { body: Uint8Array | string }
  | { stream: NonNullable<Reply['stream']> }
);

/**
 * Starts a stateful local fine-tuning API server.
 * @example
 * const server = await startLocalServer({ port: 0 });
 * const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey, adminApiKey: server.adminApiKey });
 * // …
 * await server.close();
 */
/**
 * Without a `dataDir`, uploaded contents from this size on go to a temporary directory (removed by
 * `close()`) rather than memory: a few large uploads do not grow the server's memory.
 */
const SPILL_BYTES = 8 * 2 ** 20;

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const resolved = resolveServerOptions(options);
  // `tracing: true`: a SERVER span per request (./tracing.ts, loaded only then).
  const tracing = resolved.tracing
    ? await (await import('./tracing.ts')).loadServerTracing()
    : undefined;
  // Each spec has its own schema id, so names both define (`OpenAIFile`) do not clash.
  const apis: Api[] = [
    { spec: loadSpec(), handlers: HANDLERS },
    { spec: loadSpec('legacy-fine-tunes.yaml'), handlers: LEGACY_HANDLERS },
  ];
  for (const { spec, handlers } of apis) {
    const unhandled = spec.operations
      .filter((o) => !handlers[o.operationId])
      .map((o) => o.operationId);
    if (unhandled.length)
      throw new Error(`The local server has no handler for ${unhandled.join(', ')}.`);
  }
  const clock =
    resolved.clock === 'manual'
      ? new ManualClock(resolved.seed === undefined ? Date.now() : SEEDED_START)
      : new RealClock();
  const store = resolved.dataDir ? Store.open(resolved.dataDir) : Store.memory();
  let state: ServerState;
  let content: DirectoryFileStore | SpillingFileStore;
  try {
    const spool = resolved.dataDir ? join(resolved.dataDir, '.spool') : undefined;
    content = resolved.dataDir
      ? new DirectoryFileStore(join(resolved.dataDir, 'files'), spool)
      : new SpillingFileStore(SPILL_BYTES, () => mkdtempSync(join(tmpdir(), 'openai-ft-server-')));
    // Accepted Upload parts: moved from the spool (same file system) into dataDir/parts.
    const parts = resolved.dataDir
      ? {
          dir: join(resolved.dataDir, 'parts'),
          store: new DirectoryFileStore(join(resolved.dataDir, 'parts'), spool),
        }
      : undefined;
    state = new ServerState(
      clock,
      store,
      content,
      new Ids(resolved.seed),
      resolved.organization,
      resolved.timing,
      parts,
    );
  } catch (error) {
    store.close();
    throw error;
  }
  // A seeded server replays its answers, rate-limit headers included: its window counts server time.
  const faults = new Faults(resolved.faults, () => clock.now(), resolved.seed !== undefined);
  const requests: RequestRecord[] = [];
  // Webhooks: sent when a job ends; with a real clock a timer brings jobs and retries up to time,
  // so a job nobody polls still ends and is announced.
  const deliveries = new WebhookDeliveries(
    clock,
    resolved.webhooks,
    resolved.webhookRetry,
    (prefix, length) => state.ids.id(prefix, length),
  );
  state.onJobEnd = (job, at) => deliveries.jobEnded(job, at);
  evalsOf(state).onRunEnd = (run, at) => deliveries.evalRunEnded(run, at);
  setJobLimits(state, resolved.jobLimits);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const schedule = () => {
    if (closed || resolved.clock !== 'real') return;
    clearTimeout(timer);
    const jobsDue = resolved.webhooks.length ? state.nextDue() : undefined;
    const retryDue = deliveries.nextDue();
    const next =
      jobsDue === undefined
        ? retryDue
        : retryDue === undefined
          ? jobsDue
          : Math.min(jobsDue, retryDue);
    if (next === undefined) return;
    timer = setTimeout(
      () => {
        state.catchUp();
        deliveries.run();
        state.notify();
        schedule();
      },
      Math.min(Math.max(0, next - clock.now()), 60_000),
    );
    timer.unref?.();
  };
  deliveries.onScheduled = schedule;
  const limits = multipartLimits(resolved.maxFileBytes);

  async function answer(req: IncomingMessage, url: URL): Promise<Answer> {
    const method = req.method ?? 'GET';
    let path: string | undefined;
    if (resolved.azure) {
      // Azure mode (./azure/): ARM deployments, then /openai/[v1/] with its own auth and version rule.
      if (isManagementPath(url.pathname)) return replied(await managementRoute(req, url, state));
      path = azurePath(url, req.headers, resolved).path;
      const only = await azureDataRoute(req, method, path, state);
      if (only) {
        state.commit();
        return replied(only);
      }
    } else path = url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : undefined;
    const found = path === undefined ? undefined : route(apis, method, path);
    if (!found)
      throw resolved.azure
        ? azureError(404, '404', 'Resource not found')
        : new HttpError(404, `Invalid URL (${method} ${url.pathname})`, { code: null });
    const {
      api: { spec, handlers },
      operation,
      match,
    } = found;
    if (!resolved.azure) checkAuth(req.headers.authorization, operation.admin, resolved);
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
      if (operation.body.contentType === 'multipart/form-data') {
        // Streamed: file parts are spooled as they arrive (see multipart.ts), never buffered whole.
        const key = operation.operationId === 'addUploadPart' ? 'data' : 'file';
        const form = await readMultipartStream(
          req,
          req.headers['content-type'],
          () => state.files.spool(),
          limits[operation.operationId] ?? limits.createFile!,
        );
        const file = form[key];
        const spooled = typeof file === 'object' && file !== null;
        // The schema says `file: string, format: binary`: the validator sees a stand-in for the
        // File. Ajv coerces the text fields (e.g. `expires_after[seconds]`) in place.
        const fields = spooled ? { ...form, [key]: 'binary' } : form;
        try {
          check(operation.body.validate(), fields, '', spec.def);
          if (!spooled) {
            throw new HttpError(
              400,
              `Invalid value for '${key}': send the file as a multipart file part, not a text field.`,
              { param: key, code: 'invalid_value' },
            );
          }
        } catch (error) {
          if (spooled) (file as SpooledFile).content.discard();
          throw operation.operationId === 'createFile' ? filePurposeError(error, form) : error;
        }
        ctx.body = { ...fields, [key]: file };
      } else {
        const bytes = await readBytes(req, bodyLimit(operation));
        ctx.body = readJson(bytes, req.headers['content-type']);
        check(operation.body.validate(), ctx.body, '', spec.def);
      }
    }
    const handler = handlers[operation.operationId]!;
    const result = await (resolved.azure ? azureHandler(operation.operationId, handler) : handler)(
      ctx,
    );
    // On disk before it is answered.
    state.commit();
    return replied(result);
  }

  /** A handler's reply as the answer the server sends. */
  function replied(result: Reply): Answer {
    if (result.stream) {
      return {
        status: result.status ?? 200,
        headers: { 'content-type': result.stream.contentType, 'cache-control': 'no-cache' },
        stream: result.stream,
      };
    }
    if (result.raw)
      return {
        status: result.status ?? 200,
        headers: { 'content-type': result.raw.contentType },
        body: result.raw.bytes,
      };
    return {
      status: result.status ?? 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result.json),
    };
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    // A request line or headers the server will not take (too long, too many, not a URL) get a
    // 4xx in the API's shape, like every other malformed request.
    const refused = checkRequestHead(req);
    const url = refused ? new URL('http://local/') : new URL(req.url!, 'http://local');
    if (!refused && req.method === 'OPTIONS') return send(res, 204, {}, '');
    const span = tracing?.(
      req,
      url,
      url.pathname.startsWith('/v1/')
        ? route(apis, req.method ?? 'GET', url.pathname.slice(3))?.operation.path
        : undefined,
    );
    const finish = (
      status: number,
      headers: Record<string, string>,
      body: Uint8Array | string | NonNullable<Reply['stream']>,
    ) => {
      span?.end(status);
      requests.push({
        method: req.method ?? 'GET',
        path: `${url.pathname.replace(/^\/v1/, '')}${url.search}`,
        status,
      });
      // A long-running server (the CLI) must not grow without bound.
      if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
      const all = {
        'x-request-id': state.ids.requestId(),
        'openai-version': '2020-10-01',
        // The API sends no organization on GET /models and /models/{id}, even on their 404 (recorded).
        ...(req.method === 'GET' && /^(?:\/v1)?\/models(?:\/|$|\?)/.test(url.pathname)
          ? {}
          : { 'openai-organization': resolved.organization }),
        // Server time: with a manual clock no time passes while answering, so a replay is identical.
        'openai-processing-ms': String(
          clock instanceof ManualClock ? 0 : Math.round(performance.now() - started),
        ),
        ...faults.headers(),
        ...headers,
      };
      // A request may have changed a job (cancel): open streams look again.
      state.notify();
      schedule();
      if (typeof body === 'string' || body instanceof Uint8Array)
        return send(res, status, all, body);
      res.writeHead(status, { ...CORS, ...all });
      res.flushHeaders();
      pipe(res, body, faults.streamDrop()).catch((error: unknown) =>
        res.destroy(error instanceof Error ? error : undefined),
      );
    };
    const delay = faults.latency();
    void new Promise((resolve) => setTimeout(resolve, delay))
      .then(() => {
        if (refused) throw refused;
        return answer(req, url);
      })
      .then(
        (r) => finish(r.status, r.headers, 'stream' in r ? r.stream : r.body),
        (error: unknown) => {
          // What the request changed before it failed (a job that moved on) is kept too; if that
          // cannot be written the answer is the server's failure.
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
          finish(
            httpError.status,
            { 'content-type': 'application/json', ...httpError.headers },
            JSON.stringify(httpError.toBody()),
          );
        },
      );
  });

  // Headers past the count are not kept by Node; one more than the limit is enough to refuse.
  server.maxHeadersCount = MAX_HEADERS + 1;
  // What Node's parser refuses itself (headers over its size limit, a malformed request line) is
  // answered in the API's shape too, instead of a bare status.
  server.on('clientError', clientErrorReply);
  server.on('checkExpectation', expectationFailed);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => resolve());
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  schedule();
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;

  const manual = () => {
    if (!(clock instanceof ManualClock))
      throw new Error(
        "advance() and settle() need a manual clock: start the server with { clock: 'manual' }.",
      );
    return clock;
  };

  const origin = `http://${host}:${port}`;
  return {
    baseUrl: resolved.azure ? `${origin}/openai/v1` : `${origin}/v1`,
    azure: resolved.azure
      ? {
          endpoint: origin,
          apiKey: resolved.apiKey,
          apiVersion: LOCAL_API_VERSION,
          entraToken: LOCAL_ENTRA_TOKEN,
          management: {
            endpoint: origin,
            token: LOCAL_MANAGEMENT_TOKEN,
            readerToken: LOCAL_READER_TOKEN,
            subscriptionId: '00000000-0000-0000-0000-000000000000',
            resourceGroup: 'local-group',
            accountName: 'local-account',
          },
        }
      : undefined,
    port,
    apiKey: resolved.apiKey,
    adminApiKey: resolved.adminApiKey,
    options: resolved,
    requests,
    now: () => clock.now(),
    advance: (ms) => {
      manual().advance(ms);
      if (resolved.webhooks.length) state.catchUp();
      deliveries.run();
      state.commit();
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
      deliveries.run();
      state.commit();
      state.notify();
      return c.now() - start;
    },
    webhookDeliveries: deliveries.attempts,
    sendWebhook: async (event, endpoints) => {
      const targets = endpoints ? checkWebhookEndpoints(endpoints) : resolved.webhooks;
      if (!targets.length)
        throw new Error(
          'sendWebhook: no webhook endpoint: start the server with { webhooks: [{ url, secret }] } or pass endpoints.',
        );
      const full: WebhookEventBody = {
        id: event.id ?? deliveries.eventId(),
        object: 'event',
        created_at: event.created_at ?? Math.floor(clock.now() / 1000),
        type: event.type,
        data: event.data ?? {},
      };
      return deliveries.send(full, targets);
    },
    webhooksIdle: () => deliveries.idle(),
    setFaults: (f) => faults.set(f),
    setJobLimits: (limits) => setJobLimits(state, limits),
    close: () =>
      new Promise<void>((resolve, reject) => {
        closed = true;
        clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => {
          let failure: Error | undefined = error;
          try {
            state.commit();
          } catch (commitError) {
            failure ??= commitError instanceof Error ? commitError : new Error(String(commitError));
          } finally {
            store.close();
            if (content instanceof SpillingFileStore) content.close();
          }
          return failure ? reject(failure) : resolve();
        });
      }),
  };
}

/** The purposes `POST /files` takes, as the API lists them in its refusal (recorded 2026). */
const FILE_PURPOSES = ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'];

/**
 * A refused file purpose in the API's words: "'x' is not one of [...] - 'purpose'", `code: null`,
 * with the top-level `detail` (recorded: openai-dotnet__FilesTests__UploadFileCanParseServiceError).
 */
function filePurposeError(error: unknown, form: Record<string, unknown>): unknown {
  if (!(error instanceof HttpError) || error.param !== 'purpose' || error.code !== 'invalid_value')
    return error;
  const list = FILE_PURPOSES.map((p) => `'${p}'`).join(', ');
  return new HttpError(400, `'${String(form.purpose)}' is not one of [${list}] - 'purpose'`, {
    param: 'purpose',
    code: null,
    detail: true,
  });
}
