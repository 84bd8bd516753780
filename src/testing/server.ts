// The local fine-tuning API server: node:http on 127.0.0.1. `startLocalServer` puts the parts
// together: the state (state.ts), what answers a request (answer.ts), what sends the answer
// (respond.ts), what keeps jobs and webhook retries up to the clock (timekeeper.ts).
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Answerer, loadApis } from './answer.ts';
import { ManualClock, RealClock } from './clock.ts';
import { Faults } from './faults.ts';
import { DirectoryFileStore, SpillingFileStore } from './file-store.ts';
import { evalsOf } from './evals.ts';
import { type JobLimits, setJobLimits } from './job-limits.ts';
import { Ids } from './ids.ts';
import { type LocalAzure, localAzure } from './local-azure.ts';
import {
  resolveServerOptions,
  SEEDED_START,
  type FaultOptions,
  type LocalServerOptions,
  type ResolvedServerOptions,
} from './options.ts';
import { clientErrorReply, expectationFailed, MAX_HEADERS } from './request.ts';
import { type RequestRecord, respond, type ServerParts } from './respond.ts';
import { ServerState } from './state.ts';
import { Store } from './store.ts';
import { Timekeeper } from './timekeeper.ts';
import {
  checkEndpoints as checkWebhookEndpoints,
  WebhookDeliveries,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
  type WebhookEventBody,
} from './webhooks.ts';

export type { LocalAzure } from './local-azure.ts';
export type { RequestRecord } from './respond.ts';

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

/**
 * Without a `dataDir`, uploaded contents from this size on go to a temporary directory (removed by
 * `close()`) rather than memory: a few large uploads do not grow the server's memory.
 */
const SPILL_BYTES = 8 * 2 ** 20;

/**
 * Starts a stateful local fine-tuning API server.
 * @example
 * const server = await startLocalServer({ port: 0 });
 * const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey, adminApiKey: server.adminApiKey });
 * // …
 * await server.close();
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const parts = await assemble(resolveServerOptions(options));
  const { options: resolved, store } = parts;
  const server = createServer((req, res) => respond(parts, req, res));
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
  parts.timekeeper.schedule();
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  return handle(parts, `http://${host}:${port}`, port, () => closeServer(parts, server));
}

/** The state, the store and the rest of a server's parts, from its options; nothing listens yet. */
async function assemble(options: ResolvedServerOptions): Promise<ServerParts> {
  const tracing = options.tracing
    ? await (await import('./tracing.ts')).loadServerTracing()
    : undefined;
  const apis = loadApis();
  const clock =
    options.clock === 'manual'
      ? new ManualClock(options.seed === undefined ? Date.now() : SEEDED_START)
      : new RealClock();
  const store = options.dataDir ? Store.open(options.dataDir) : Store.memory();
  let contents: DirectoryFileStore | SpillingFileStore;
  let state: ServerState;
  try {
    contents = fileContents(options.dataDir);
    state = new ServerState(
      clock,
      store,
      contents,
      new Ids(options.seed),
      options.organization,
      options.timing,
      uploadPartContents(options.dataDir),
    );
  } catch (error) {
    store.close();
    throw error;
  }
  // A seeded server replays its answers, rate-limit headers included: its window counts server time.
  const faults = new Faults(options.faults, () => clock.now(), options.seed !== undefined);
  // Webhooks: sent when a job or an eval run ends; the timekeeper brings jobs and retries up to
  // time, so a job nobody polls still ends and is announced.
  const deliveries = new WebhookDeliveries(
    clock,
    options.webhooks,
    options.webhookRetry,
    (prefix, length) => state.ids.id(prefix, length),
  );
  state.onJobEnd = (job, at) => deliveries.jobEnded(job, at);
  evalsOf(state).onRunEnd = (run, at) => deliveries.evalRunEnded(run, at);
  setJobLimits(state, options.jobLimits);
  return {
    options,
    clock,
    store,
    contents,
    state,
    faults,
    deliveries,
    timekeeper: new Timekeeper(clock, state, deliveries, options.webhooks.length > 0),
    answerer: new Answerer(apis, options, state, faults),
    tracing,
    requests: [],
  };
}

/** Where uploaded file contents live: `dataDir/files` (spooled in `dataDir/.spool`), or memory that spills. */
function fileContents(dataDir: string | undefined): DirectoryFileStore | SpillingFileStore {
  return dataDir
    ? new DirectoryFileStore(join(dataDir, 'files'), join(dataDir, '.spool'))
    : new SpillingFileStore(SPILL_BYTES, () => mkdtempSync(join(tmpdir(), 'openai-ft-server-')));
}

/** Accepted Upload parts with a `dataDir`: moved from the spool (same file system) into `dataDir/parts`. */
function uploadPartContents(dataDir: string | undefined) {
  if (!dataDir) return undefined;
  const dir = join(dataDir, 'parts');
  return { dir, store: new DirectoryFileStore(dir, join(dataDir, '.spool')) };
}

/** Stops listening, closes every connection, then writes the state and closes the stores. */
function closeServer(
  { timekeeper, state, store, contents }: ServerParts,
  server: ReturnType<typeof createServer>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    timekeeper.stop();
    server.closeAllConnections();
    server.close((error) => {
      let failure: Error | undefined = error;
      try {
        state.commit();
      } catch (commitError) {
        failure ??= commitError instanceof Error ? commitError : new Error(String(commitError));
      } finally {
        store.close();
        if (contents instanceof SpillingFileStore) contents.close();
      }
      return failure ? reject(failure) : resolve();
    });
  });
}

/** The `LocalServer` handed to the caller. */
function handle(
  parts: ServerParts,
  origin: string,
  port: number,
  close: () => Promise<void>,
): LocalServer {
  const { options, state, deliveries, timekeeper, clock } = parts;
  return {
    baseUrl: options.azure ? `${origin}/openai/v1` : `${origin}/v1`,
    azure: options.azure ? localAzure(origin, options.apiKey) : undefined,
    port,
    apiKey: options.apiKey,
    adminApiKey: options.adminApiKey,
    options,
    requests: parts.requests,
    now: () => clock.now(),
    advance: (ms) => timekeeper.advance(ms),
    settle: () => timekeeper.settle(),
    webhookDeliveries: deliveries.attempts,
    sendWebhook: async (event, endpoints) => {
      const targets = endpoints ? checkWebhookEndpoints(endpoints) : options.webhooks;
      if (!targets.length)
        throw new Error(
          'sendWebhook: no webhook endpoint: start the server with { webhooks: [{ url, secret }] } or pass endpoints.',
        );
      const complete: WebhookEventBody = {
        id: event.id ?? deliveries.eventId(),
        object: 'event',
        created_at: event.created_at ?? Math.floor(clock.now() / 1000),
        type: event.type,
        data: event.data ?? {},
      };
      return deliveries.send(complete, targets);
    },
    webhooksIdle: () => deliveries.idle(),
    setFaults: (faults) => parts.faults.set(faults),
    setJobLimits: (limits) => setJobLimits(state, limits),
    close,
  };
}
