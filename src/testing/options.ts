// The local server's options, normalised once into the object the rest of the server reads.
import type { Timing } from './job-simulation.ts';

/** Faults the local server injects: rate limits, random 5xx, latency. */
export interface FaultOptions {
  /**
   * Answer 429 (with `retry-after`) once more than `requests` arrive within `windowMs`. Every
   * answer reports the window in `x-ratelimit-*` headers (`tokens` is only reported). The window
   * runs on wall time, or on the server's clock with `clock: 'server'` (with a manual clock, time
   * then moves only with `advance`).
   * @default no rate limit (the headers report 10,000 requests and 10,000,000 tokens per minute)
   */
  rateLimit?: { requests: number; windowMs?: number; tokens?: number; clock?: 'wall' | 'server' } | undefined;
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
   * Keep uploaded files in this directory instead of in memory.
   * @default in memory
   */
  dataDir?: string | undefined;
  /**
   * Faults to inject (rate limits, random 5xx, latency); `server.setFaults()` changes them later.
   * @default none
   */
  faults?: FaultOptions | undefined;
  /** How long an open event stream stays silent before it sends a `: keep-alive` comment. @default 15000 */
  keepAliveMs?: number | undefined;
}

/** The local server options in force after defaults (`server.options`). */
export interface ResolvedServerOptions {
  port: number;
  host: string;
  apiKey: string;
  adminApiKey: string;
  organization: string;
  clock: 'real' | 'manual';
  timing: Timing;
  dataDir: string | undefined;
  faults: FaultOptions;
  keepAliveMs: number;
}

/** A job with 10 examples and 3 epochs takes about 4 s. */
export const DEFAULT_TIMING: Timing = { validatingMs: 400, queuedMs: 400, stepMs: 100 };

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`startLocalServer: ${name} must be a number >= 0, got ${value}.`);
  return value;
}

export function resolveServerOptions(options: LocalServerOptions = {}): ResolvedServerOptions {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  for (const [name, value] of Object.entries(timing)) nonNegative(`timing.${name}`, value);
  const clock = options.clock ?? 'real';
  if (clock !== 'real' && clock !== 'manual') throw new RangeError(`startLocalServer: clock must be 'real' or 'manual', got '${String(clock)}'.`);
  const errorRate = options.faults?.errorRate ?? 0;
  if (!(errorRate >= 0 && errorRate <= 1)) throw new RangeError(`startLocalServer: faults.errorRate must be between 0 and 1, got ${errorRate}.`);
  return {
    port: nonNegative('port', options.port ?? 0),
    host: options.host ?? '127.0.0.1',
    apiKey: options.apiKey ?? 'sk-local-test',
    adminApiKey: options.adminApiKey ?? 'sk-admin-local-test',
    organization: options.organization ?? 'org-local',
    clock,
    timing,
    dataDir: options.dataDir,
    faults: { ...options.faults },
    keepAliveMs: nonNegative('keepAliveMs', options.keepAliveMs ?? 15_000),
  };
}
