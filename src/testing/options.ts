// The local server's options, normalised once into the object the rest of the server reads.
import type { JobLimits } from './job-limits.ts';
import type { Timing } from './job-simulation.ts';
import {
  checkEndpoints,
  DEFAULT_WEBHOOK_RETRY,
  type WebhookEndpoint,
  type WebhookRetry,
} from './webhooks.ts';

/** Faults the local server injects: rate limits, random 5xx, latency. */
export interface FaultOptions {
  /**
   * Send the `x-ratelimit-*` headers (limit, remaining, reset for requests and tokens) on every
   * answer. The real API sends none on the fine-tuning, files, uploads and models routes (none of
   * the recorded answers has one), so neither does this server unless a test asks.
   * @default false
   */
  rateLimitHeaders?: boolean | undefined;
  /**
   * Answer 429 (with `retry-after`) once more than `requests` arrive within `windowMs`. With
   * `rateLimitHeaders`, every answer reports the window in `x-ratelimit-*` headers (`tokens` is
   * only reported). The window
   * runs on wall time, or on the server's clock with `clock: 'server'` (with a manual clock, time
   * then moves only with `advance`); a server with a `seed` counts on its own clock by default, so
   * its answers replay exactly.
   * @default no rate limit (with `rateLimitHeaders`, the headers report 10,000 requests and 10,000,000 tokens per minute)
   */
  rateLimit?:
    | { requests: number; windowMs?: number; tokens?: number; clock?: 'wall' | 'server' }
    | undefined;
  /** The share of requests (0..1) that get a random 5xx instead of an answer. @default 0 */
  errorRate?: number | undefined;
  /** Which 5xx statuses `errorRate` picks from. @default [500, 502, 503] */
  errorStatuses?: number[] | undefined;
  /** Delay before answering: a fixed number of ms or a `[min, max]` range. @default 0 */
  latencyMs?: number | [number, number] | undefined;
  /** Seed for the random faults, so a failing test can be replayed. @default 1 */
  seed?: number | undefined;
  /**
   * Cut event streams (legacy `events?stream=true`) in the middle of their message number
   * `after + 1` (the first `after` arrive whole), for the next `times` streams.
   * @default undefined (never); times 1
   */
  streamDrop?: { after: number; times?: number | undefined } | undefined;
}

/** Options of `startLocalServer`. */
export interface LocalServerOptions {
  /**
   * The API's job caps, for testing code that meets them: active jobs per base model, jobs per
   * model per 24 hours of server time (429 `daily_rate_limit_exceeded`). `server.setJobLimits()`
   * changes them later.
   * @default no limits
   */
  jobLimits?: JobLimits | undefined;
  /** @default 0 (any free port) */
  port?: number | undefined;
  /** @default '127.0.0.1' */
  host?: string | undefined;
  /** The API key the server accepts. @default 'sk-local-test' */
  apiKey?: string | undefined;
  /** The admin key the checkpoint-permission operations accept. @default 'sk-admin-local-test' */
  adminApiKey?: string | undefined;
  /** @default 'org-local' */
  organization?: string | undefined;
  /**
   * `'real'`: jobs move with wall-clock time (scaled by `timing`). `'manual'`: time stands still
   * until `server.advance(ms)` or `server.settle()`.
   * @default 'real'
   */
  clock?: 'real' | 'manual' | undefined;
  /**
   * How long each phase of a job takes, in server milliseconds.
   * @default DEFAULT_TIMING: `{ validatingMs: 400, queuedMs: 400, stepMs: 100 }`
   */
  timing?: Partial<Timing> | undefined;
  /**
   * Keep everything (files and their content, jobs with their events and checkpoints, permissions,
   * legacy fine-tunes, the manual clock) in this directory, so a restart with the same `dataDir`
   * carries on where the server stopped. Every change is on disk (fsynced) before the server answers
   * it; a second server on the same directory is refused.
   * @default in memory
   */
  dataDir?: string | undefined;
  /**
   * Make ids (and a job's default `seed`) the same on every run: with `clock: 'manual'`, the same
   * requests then get the same answers, byte for byte. The manual clock then starts at
   * `SEEDED_START` (2025-01-01T00:00:00Z).
   * @default random ids
   */
  seed?: number | undefined;
  /**
   * Faults to inject (rate limits, random 5xx, latency); `server.setFaults()` changes them later.
   * @default none
   */
  faults?: FaultOptions | undefined;
  /** How long an open event stream stays silent before it sends a `: keep-alive` comment. @default 15000 */
  keepAliveMs?: number | undefined;
  /**
   * Endpoints the server POSTs signed webhooks to when a job succeeds, fails or is cancelled (and
   * on `server.sendWebhook()`), as OpenAI does.
   * @default none
   */
  webhooks?: WebhookEndpoint[] | undefined;
  /** How failed deliveries are retried (on the server's clock). @default DEFAULT_WEBHOOK_RETRY: 5 attempts, waits of 1 s, 5 s, 25 s, 125 s */
  webhookRetry?: Partial<WebhookRetry> | undefined;
  /**
   * The largest file `POST /files` takes, in bytes (larger ones need an Upload in parts).
   * @default 536870912 (512 MB, the Files API's limit)
   */
  maxFileBytes?: number | undefined;
  /**
   * Speak Azure OpenAI instead: both data-plane shapes under `/openai/` (dated, with
   * `?api-version=`; and `/openai/v1/`), `api-key` or Entra auth, Azure's statuses and answers, job
   * deletion, checkpoint copy and a simulated ARM deployments endpoint (`server.azure` has the
   * endpoint and credentials).
   * @default false
   */
  azure?: boolean | undefined;
  /**
   * Emit a SERVER span per request through `@opentelemetry/api` (which must be installed, with a
   * tracer provider registered), the child of the request's `traceparent`: with the SDK's client
   * spans, one trace shows both sides of every call.
   * @default false
   */
  tracing?: boolean | undefined;
}

/** The local server options in force after defaults (`server.options`). */
export interface ResolvedServerOptions {
  jobLimits: JobLimits;
  port: number;
  host: string;
  apiKey: string;
  adminApiKey: string;
  organization: string;
  clock: 'real' | 'manual';
  timing: Timing;
  dataDir: string | undefined;
  seed: number | undefined;
  faults: FaultOptions;
  keepAliveMs: number;
  webhooks: WebhookEndpoint[];
  webhookRetry: WebhookRetry;
  maxFileBytes: number;
  azure: boolean;
  tracing: boolean;
}

/** Where a manual clock starts when the server has a `seed`: 2025-01-01T00:00:00Z. */
export const SEEDED_START = Date.UTC(2025, 0, 1);

/** A job with 10 examples and 3 epochs takes about 4 s. */
export const DEFAULT_TIMING: Timing = { validatingMs: 400, queuedMs: 400, stepMs: 100 };

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`startLocalServer: ${name} must be a number >= 0, got ${value}.`);
  return value;
}

export function resolveServerOptions(options: LocalServerOptions = {}): ResolvedServerOptions {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  for (const [name, value] of Object.entries(timing)) nonNegative(`timing.${name}`, value);
  const clock = options.clock ?? 'real';
  if (clock !== 'real' && clock !== 'manual')
    throw new RangeError(
      `startLocalServer: clock must be 'real' or 'manual', got '${String(clock)}'.`,
    );
  const seed = options.seed;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new RangeError(
      `startLocalServer: seed must be a whole number from 0 to 4294967295, got ${seed}.`,
    );
  }
  const errorRate = options.faults?.errorRate ?? 0;
  if (!(errorRate >= 0 && errorRate <= 1))
    throw new RangeError(
      `startLocalServer: faults.errorRate must be between 0 and 1, got ${errorRate}.`,
    );
  if (options.azure !== undefined && typeof options.azure !== 'boolean')
    throw new RangeError(
      `startLocalServer: azure must be true or false, got ${String(options.azure)}.`,
    );
  return {
    port: nonNegative('port', options.port ?? 0),
    host: options.host ?? '127.0.0.1',
    apiKey: options.apiKey ?? 'sk-local-test',
    adminApiKey: options.adminApiKey ?? 'sk-admin-local-test',
    organization: options.organization ?? 'org-local',
    clock,
    timing,
    dataDir: options.dataDir,
    seed,
    faults: { ...options.faults },
    keepAliveMs: nonNegative('keepAliveMs', options.keepAliveMs ?? 15_000),
    webhooks: checkEndpoints(options.webhooks),
    webhookRetry: resolveRetry(options.webhookRetry),
    maxFileBytes: nonNegative('maxFileBytes', options.maxFileBytes ?? 512 * 1024 * 1024),
    azure: options.azure === true,
    jobLimits: { ...options.jobLimits },
    tracing: options.tracing === true,
  };
}

function resolveRetry(retry: Partial<WebhookRetry> = {}): WebhookRetry {
  const resolved = { ...DEFAULT_WEBHOOK_RETRY, ...retry };
  if (
    !Number.isInteger(resolved.maxAttempts) ||
    resolved.maxAttempts < 1 ||
    resolved.maxAttempts > 100
  ) {
    throw new RangeError(
      `startLocalServer: webhookRetry.maxAttempts must be a whole number from 1 to 100, got ${resolved.maxAttempts}.`,
    );
  }
  nonNegative('webhookRetry.initialDelayMs', resolved.initialDelayMs);
  if (!(resolved.timeoutMs > 0))
    throw new RangeError(
      `startLocalServer: webhookRetry.timeoutMs must be > 0, got ${resolved.timeoutMs}.`,
    );
  return resolved;
}
