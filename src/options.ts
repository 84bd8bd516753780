// Client options: what a user may pass, and the one normalised object the rest of the code reads.
import { ConfigurationError, type FineTuningError } from './errors/base.ts';
import { LOG_LEVELS, makeLog, type Log, type Logger, type LogLevel } from './transport/log.ts';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT, mergePolicy, type RetryPolicy } from './transport/policy.ts';

/** A key, or a function that returns one (called before every request, so keys can rotate). */
export type KeySource = string | (() => string | Promise<string>);

/** Options of `new FineTuning()`; every one falls back to an environment variable or a default. */
export interface ClientOptions {
  /**
   * The API key sent as `Authorization: Bearer <key>`.
   * @default process.env.OPENAI_API_KEY
   */
  apiKey?: KeySource | undefined;
  /**
   * The admin API key, sent instead of `apiKey` on the operations that require it (the
   * checkpoint-permission operations).
   * @default process.env.OPENAI_ADMIN_KEY
   */
  adminApiKey?: KeySource | undefined;
  /**
   * Sent as the `OpenAI-Organization` header.
   * @default process.env.OPENAI_ORG_ID
   */
  organization?: string | undefined;
  /**
   * Sent as the `OpenAI-Project` header.
   * @default process.env.OPENAI_PROJECT_ID
   */
  project?: string | undefined;
  /**
   * The API root that the spec's paths are appended to.
   * @default process.env.OPENAI_BASE_URL, else 'https://api.openai.com/v1'
   */
  baseUrl?: string | undefined;
  /**
   * The `fetch` implementation to use.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch | undefined;
  /**
   * Headers sent with every request (after the SDK's own, so they can override them).
   * @default none
   */
  headers?: Record<string, string> | undefined;
  /**
   * Milliseconds one attempt may take, response headers and body together. Per call as well.
   * @default 600000 (10 minutes)
   */
  timeout?: number | undefined;
  /**
   * Retries after a connection error, a timeout, 408, 409, 429 or >= 500. Per call as well.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * The rest of the retry policy: backoff delays, the longest `retry-after` honoured, which
   * statuses are retried. Per call as well.
   * @default the defaults of each field (see RetryPolicy)
   * @example { initialDelayMs: 250, maxRetryAfterMs: 30_000, retryStatus: (s) => s === 429 }
   */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>> | undefined;
  /**
   * Whether `jobs.create` may add an `openai_fine_tuning_idempotency_key` entry to the job's
   * `metadata`, so that after a lost response it can find the job it created instead of creating
   * a second one. Without it, a create whose response was lost is not sent again. Per call as well.
   * @default true
   */
  jobMarker?: boolean | undefined;
  /**
   * Where log lines go (anything with console's methods).
   * @default console
   */
  logger?: Logger | undefined;
  /**
   * Which lines are written: `debug` every request and response (headers redacted), `info`
   * retries too, `warn` failures, `error`, or `off`.
   * @default process.env.OPENAI_LOG, else 'off' (nothing is written unless asked for)
   */
  logLevel?: LogLevel | undefined;
  /**
   * The secret (`whsec_…`) that `ft.webhooks` verifies deliveries with; several while rotating. A
   * client used only for webhooks needs no API key. Kept out of `ft.options`, so it is never printed.
   * @default process.env.OPENAI_WEBHOOK_SECRET
   */
  webhookSecret?: string | readonly string[] | undefined;
}

/** The options in force after environment fallbacks and defaults (`ft.options`). */
export interface ResolvedOptions {
  apiKey: KeySource | undefined;
  adminApiKey: KeySource | undefined;
  organization: string | undefined;
  project: string | undefined;
  baseUrl: string;
  /** The `fetch` option; undefined means the global `fetch`, looked up at each request. */
  fetch: typeof fetch | undefined;
  headers: Record<string, string>;
  timeout: number;
  retry: RetryPolicy;
  jobMarker: boolean;
  logger: Logger;
  logLevel: LogLevel;
  /** The log writers for `logger` at `logLevel`. */
  log: Log;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Reads an environment variable where there is an environment; empty or blank counts as unset. */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

const blankToUndefined = (value: string | undefined) => (value?.trim() ? value : undefined);

/** A key given as a function is kept as is; a blank string falls back to the environment. */
function keyOption(value: KeySource | undefined, env: string): KeySource | undefined {
  return (typeof value === 'string' ? blankToUndefined(value) : value) ?? readEnv(env);
}

export function resolveOptions(options: ClientOptions = {}): ResolvedOptions {
  const baseUrl = blankToUndefined(options.baseUrl) ?? readEnv('OPENAI_BASE_URL') ?? DEFAULT_BASE_URL;
  // The global fetch is looked up when a request is sent, not here: reading it makes Node load its
  // fetch implementation, which would cost every process that builds a client ~25 ms at startup.
  if (options.fetch !== undefined ? typeof options.fetch !== 'function' : !('fetch' in globalThis)) {
    throw new TypeError(
      'No fetch implementation: this runtime has no global fetch. Pass one as `new FineTuning({ fetch })`.',
    );
  }
  const timeout = checkTimeout(options.timeout, 'timeout') ?? DEFAULT_TIMEOUT;
  const maxRetries = checkRetries(options.maxRetries, 'maxRetries');
  const logLevel = checkLevel(options.logLevel ?? readEnv('OPENAI_LOG')?.toLowerCase()) ?? 'off';
  const logger = options.logger ?? (globalThis.console as Logger);
  const organization = blankToUndefined(options.organization) ?? readEnv('OPENAI_ORG_ID');
  const project = blankToUndefined(options.project) ?? readEnv('OPENAI_PROJECT_ID');
  return {
    apiKey: keyOption(options.apiKey, 'OPENAI_API_KEY'),
    adminApiKey: keyOption(options.adminApiKey, 'OPENAI_ADMIN_KEY'),
    organization,
    project,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetch: options.fetch,
    headers: {
      ...(organization ? { 'OpenAI-Organization': organization } : {}),
      ...(project ? { 'OpenAI-Project': project } : {}),
      ...options.headers,
    },
    timeout,
    retry: mergePolicy(DEFAULT_RETRY, options.retry, maxRetries),
    jobMarker: options.jobMarker ?? true,
    logger,
    logLevel,
    log: makeLog(logger, logLevel),
  };
}

/** A positive number of milliseconds, or undefined; anything else is a ConfigurationError. */
export function checkTimeout(value: unknown, name: string, Err: new (m: string) => FineTuningError = ConfigurationError): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new Err(`\`${name}\` must be a positive number of milliseconds, got ${String(value)}.`);
  }
  return value;
}

/** A whole number >= 0, or undefined; anything else is a ConfigurationError. */
export function checkRetries(value: unknown, name: string, Err: new (m: string) => FineTuningError = ConfigurationError): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Err(`\`${name}\` must be a whole number >= 0, got ${String(value)}.`);
  }
  return value;
}

function checkLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigurationError(
      `\`logLevel\` (or OPENAI_LOG) must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}.`,
    );
  }
  return value as LogLevel;
}
