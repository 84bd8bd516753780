// Client options: what a user may pass, and the one normalised object the rest of the code reads.
import { ConfigurationError, type FineTuningError } from './errors/base.ts';
import { describeValue } from './internal/args.ts';
import { checkHeaders, checkHeaderValue, kindOf } from './transport/headers.ts';
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
function keyOption(value: unknown, option: string, env: string): KeySource | undefined {
  if (value !== undefined && typeof value !== 'string' && typeof value !== 'function') {
    throw new ConfigurationError(`\`${option}\` must be a string or a function that returns one, got ${kindOf(value)}.`);
  }
  const key = (typeof value === 'string' ? blankToUndefined(value)?.trim() : value) ?? readEnv(env);
  const fromEnv = value === undefined || (typeof value === 'string' && !value.trim());
  if (typeof key === 'string') checkHeaderValue(key, fromEnv ? `${env} (read for \`${option}\`)` : `\`${option}\``, ConfigurationError);
  return key as KeySource | undefined;
}

/** A string option sent as a header (organization, project), checked once here. */
function headerOption(value: unknown, option: string, env: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new ConfigurationError(`\`${option}\` must be a string, got ${kindOf(value)}.`);
  }
  const given = blankToUndefined(value as string | undefined)?.trim();
  const result = given ?? readEnv(env);
  if (result !== undefined) checkHeaderValue(result, given === undefined ? `${env} (read for \`${option}\`)` : `\`${option}\``, ConfigurationError);
  return result;
}

/**
 * An absolute http: or https: URL without credentials, or a ConfigurationError saying what to do.
 * The value is not echoed: a URL with credentials in it carries a secret.
 */
function checkBaseUrl(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${from} is not an absolute URL: pass the API root, e.g. 'https://api.openai.com/v1'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`${from} must be an http: or https: URL, got a ${JSON.stringify(url.protocol)} URL. Pass the API root, e.g. 'https://api.openai.com/v1'.`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      `${from} must not contain credentials (user:password@). Remove them, and pass the key as \`apiKey\` (or OPENAI_API_KEY); other headers go in \`headers\`.`,
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(`${from} must not have a query string or a fragment: the operation's path and query are appended to it.`);
  }
  return value.trim().replace(/\/+$/, '');
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkRetry(value: unknown): ClientOptions['retry'] {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new ConfigurationError(`\`retry\` must be an object, got ${kindOf(value)}.`);
  checkRetryFields(value, 'retry', ConfigurationError);
  return value as ClientOptions['retry'];
}

/** The fields of a `retry` policy (client or call): millisecond counts >= 0 and a status function. */
export function checkRetryFields(value: Record<string, unknown>, name: string, Err: new (m: string) => FineTuningError): void {
  for (const field of ['initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const v = value[field];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) {
      throw new Err(`\`${name}.${field}\` must be a number of milliseconds >= 0, got ${typeof v === 'number' ? String(v) : kindOf(v)}.`);
    }
  }
  if (value.retryStatus !== undefined && typeof value.retryStatus !== 'function') {
    throw new Err(`\`${name}.retryStatus\` must be a function of the status, got ${kindOf(value.retryStatus)}.`);
  }
  if ('maxRetries' in value && value.maxRetries !== undefined) checkRetries(value.maxRetries, `${name}.maxRetries`, Err);
}

function checkLogger(value: unknown, level: LogLevel): Logger | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new ConfigurationError(`\`logger\` must be an object with console's methods, got ${kindOf(value)}.`);
  for (const name of LOG_LEVELS.slice(1, LOG_LEVELS.indexOf(level) + 1)) {
    if (typeof (value as Record<string, unknown>)[name] !== 'function') {
      throw new ConfigurationError(`\`logger\` has no \`${name}\` method, which \`logLevel: '${level}'\` writes with.`);
    }
  }
  return value as Logger;
}

export function resolveOptions(given: ClientOptions = {}): ResolvedOptions {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new ConfigurationError(`new FineTuning() takes an options object, got ${kindOf(given)}.`);
  }
  const options = given;
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string') {
    throw new ConfigurationError(`\`baseUrl\` must be a string, got ${kindOf(options.baseUrl)}.`);
  }
  const fromOption = blankToUndefined(options.baseUrl);
  const fromEnv = fromOption === undefined ? readEnv('OPENAI_BASE_URL') : undefined;
  const baseUrl = checkBaseUrl(fromOption ?? fromEnv ?? DEFAULT_BASE_URL, fromEnv !== undefined ? 'OPENAI_BASE_URL' : '`baseUrl`');
  // The global fetch is looked up when a request is sent, not here: reading it makes Node load its
  // fetch implementation, which would cost every process that builds a client ~25 ms at startup.
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ConfigurationError(`\`fetch\` must be a fetch function, got ${kindOf(options.fetch)}.`);
  }
  if (options.fetch === undefined && !('fetch' in globalThis)) {
    throw new ConfigurationError('No fetch implementation: this runtime has no global fetch. Pass one as `new FineTuning({ fetch })`.');
  }
  if (options.headers !== undefined && !isPlainObject(options.headers)) {
    throw new ConfigurationError(`\`headers\` must be an object of header names to string values, got ${kindOf(options.headers)}.`);
  }
  if (options.headers) checkHeaders(options.headers, 'headers', ConfigurationError);
  if (options.jobMarker !== undefined && typeof options.jobMarker !== 'boolean') {
    throw new ConfigurationError(`\`jobMarker\` must be true or false, got ${kindOf(options.jobMarker)}.`);
  }
  const timeout = checkTimeout(options.timeout, 'timeout') ?? DEFAULT_TIMEOUT;
  const maxRetries = checkRetries(options.maxRetries, 'maxRetries');
  const retry = checkRetry(options.retry);
  if (options.logLevel !== undefined && typeof options.logLevel !== 'string') {
    throw new ConfigurationError(`\`logLevel\` must be one of ${LOG_LEVELS.join(', ')}, got ${kindOf(options.logLevel)}.`);
  }
  const logLevel = checkLevel(options.logLevel ?? readEnv('OPENAI_LOG')?.toLowerCase()) ?? 'off';
  const logger = checkLogger(options.logger, logLevel) ?? (globalThis.console as Logger);
  const organization = headerOption(options.organization, 'organization', 'OPENAI_ORG_ID');
  const project = headerOption(options.project, 'project', 'OPENAI_PROJECT_ID');
  return {
    apiKey: keyOption(options.apiKey, 'apiKey', 'OPENAI_API_KEY'),
    adminApiKey: keyOption(options.adminApiKey, 'adminApiKey', 'OPENAI_ADMIN_KEY'),
    organization,
    project,
    baseUrl,
    fetch: options.fetch,
    headers: {
      ...(organization ? { 'OpenAI-Organization': organization } : {}),
      ...(project ? { 'OpenAI-Project': project } : {}),
      ...options.headers,
    },
    timeout,
    retry: mergePolicy(DEFAULT_RETRY, retry, maxRetries),
    jobMarker: options.jobMarker ?? true,
    logger,
    logLevel,
    log: makeLog(logger, logLevel),
  };
}

const REDACTED = '[redacted]';
// Any option named like a credential: apiKey, adminApiKey, and any later `…Key`, `…Secret`,
// `…Token` or `…Password` option, so a new credential option is covered without a change here.
const SECRET_OPTION = /(?:key|secret|token|password)$/i;
const SECRET_HEADER = /^(?:authorization|proxy-authorization|api-key|x-api-key|openai-admin-key|cookie)$/i;

/**
 * `ft.options` as shown: the options in force, with every credential replaced by '[redacted]'
 * (strings and key functions alike), so printing, logging, serialising or cloning the client
 * never shows a key. The transport keeps the real values to itself.
 */
export function redactedOptions<T extends object>(resolved: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(resolved)) {
    if (value !== undefined && SECRET_OPTION.test(name) && (typeof value === 'string' || typeof value === 'function')) out[name] = REDACTED;
    else if (name === 'headers' && isPlainObject(value)) {
      const headers: Record<string, unknown> = {};
      for (const [h, v] of Object.entries(value)) headers[h] = SECRET_HEADER.test(h) ? REDACTED : v;
      out[name] = headers;
    } else out[name] = value;
  }
  return out as T;
}

/** A positive number of milliseconds, or undefined; anything else is a ConfigurationError. */
export function checkTimeout(value: unknown, name: string, Err: new (m: string) => FineTuningError = ConfigurationError): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new Err(`\`${name}\` must be a positive number of milliseconds, got ${describeValue(value)}.`);
  }
  return value;
}

/** A whole number >= 0, or undefined; anything else is a ConfigurationError. */
export function checkRetries(value: unknown, name: string, Err: new (m: string) => FineTuningError = ConfigurationError): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Err(`\`${name}\` must be a whole number >= 0, got ${describeValue(value)}.`);
  }
  return value;
}

function checkLevel(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigurationError(
      `\`logLevel\` (or OPENAI_LOG) must be one of ${LOG_LEVELS.join(', ')}, got ${describeValue(value)}.`,
    );
  }
  return value as LogLevel;
}
