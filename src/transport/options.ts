// Client options: what a user may pass, and the one normalised object the rest of the code reads.
// Long because every option is documented here (JSDoc with @default), beside the one function that
// checks and normalises it.
import { ConfigurationError, type FineTuningError } from '../errors/base.ts';
import { isSecretName, REDACTED } from '../errors/redact.ts';
import { describeValue, isObject } from './args.ts';
import { checkHeaders, checkHeaderValue } from './headers.ts';
import { LOG_LEVELS, makeLog, type Log, type Logger, type LogLevel } from './log.ts';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT, mergePolicy, type RetryPolicy } from './policy.ts';

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
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

const blankToUndefined = (value: string | undefined) => (value?.trim() ? value : undefined);

// The type each option must have, when given: checked before anything else reads it.
const TYPES: Record<string, string> = {
  apiKey: 'string function',
  adminApiKey: 'string function',
  organization: 'string',
  project: 'string',
  baseUrl: 'string',
  fetch: 'function',
  headers: 'object',
  retry: 'object',
  logger: 'object',
  jobMarker: 'boolean',
  logLevel: 'string',
};

/** A key given as a function is kept as is; a blank string falls back to the environment. */
function headerOption(
  value: string | KeySource | undefined,
  option: string,
  env: string,
): KeySource | undefined {
  const given = typeof value === 'string' ? blankToUndefined(value)?.trim() : value;
  const result = given ?? readEnv(env);
  if (typeof result === 'string')
    checkHeaderValue(
      result,
      given === undefined ? `${env} (read for \`${option}\`)` : `\`${option}\``,
      ConfigurationError,
    );
  return result;
}

/**
 * An absolute http: or https: URL without credentials, or a ConfigurationError saying what to do.
 * The value is not echoed: a URL with credentials in it carries a secret.
 */
function checkBaseUrl(value: string, from: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (url?.username || url?.password) {
    throw new ConfigurationError(
      `${from} must not contain credentials (user:password@): remove them and pass the key as \`apiKey\` (or OPENAI_API_KEY).`,
    );
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw new ConfigurationError(
      `${from} must be an absolute http: or https: URL without a query or fragment: the API root, e.g. 'https://api.openai.com/v1'.`,
    );
  }
  return value.trim().replace(/\/+$/, '');
}

/** The fields of a `retry` policy (client or call): millisecond counts >= 0 and a status function. */
export function checkRetryFields(
  value: Record<string, unknown>,
  name: string,
  Err: new (m: string) => FineTuningError,
): void {
  for (const field of ['initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'retryStatus']) {
    const v = value[field];
    if (
      v !== undefined &&
      (field === 'retryStatus' ? typeof v !== 'function' : typeof v !== 'number' || !(v >= 0))
    ) {
      throw new Err(
        `\`${name}.${field}\` must be ${field === 'retryStatus' ? 'a function of the status' : 'a number of milliseconds >= 0'}, got ${describeValue(v)}.`,
      );
    }
  }
}

export function resolveOptions(given: ClientOptions = {}): ResolvedOptions {
  if (!isObject(given as unknown))
    throw new ConfigurationError(
      `new FineTuning() takes an options object, got ${describeValue(given)}.`,
    );
  const options: ClientOptions = given;
  for (const name in TYPES) {
    const value = (options as Record<string, unknown>)[name];
    if (
      value !== undefined &&
      !(TYPES[name]!.includes(typeof value) && (typeof value !== 'object' || isObject(value)))
    ) {
      throw new ConfigurationError(
        `\`${name}\` must be ${TYPES[name]!.split(' ')
          .map((t) => (t === 'object' ? 'an object' : `a ${t}`))
          .join(' or ')}, got ${describeValue(value)}.`,
      );
    }
  }
  const fromOption = blankToUndefined(options.baseUrl);
  const fromEnv = fromOption === undefined ? readEnv('OPENAI_BASE_URL') : undefined;
  const baseUrl = checkBaseUrl(
    fromOption ?? fromEnv ?? DEFAULT_BASE_URL,
    fromEnv !== undefined ? 'OPENAI_BASE_URL' : '`baseUrl`',
  );
  // The global fetch is looked up when a request is sent, not here: reading it makes Node load its
  // fetch implementation, which would cost every process that builds a client ~25 ms at startup.
  if (options.fetch === undefined && !('fetch' in globalThis)) {
    throw new ConfigurationError(
      'No fetch implementation: this runtime has no global fetch. Pass one as `new FineTuning({ fetch })`.',
    );
  }
  if (options.headers)
    checkHeaders(options.headers as Record<string, unknown>, 'headers', ConfigurationError);
  const timeout = checkTimeout(options.timeout, 'timeout') ?? DEFAULT_TIMEOUT;
  const maxRetries = checkRetries(options.maxRetries, 'maxRetries');
  if (options.retry)
    checkRetryFields(options.retry as Record<string, unknown>, 'retry', ConfigurationError);
  const logLevel = checkLevel(options.logLevel ?? readEnv('OPENAI_LOG')?.toLowerCase()) ?? 'off';
  const logger = options.logger ?? (globalThis.console as Logger);
  for (const name of LOG_LEVELS.slice(1, LOG_LEVELS.indexOf(logLevel) + 1)) {
    if (typeof logger[name as 'error'] !== 'function')
      throw new ConfigurationError(
        `\`logger\` has no \`${name}\` method, which \`logLevel: '${logLevel}'\` writes with.`,
      );
  }
  const organization = headerOption(options.organization, 'organization', 'OPENAI_ORG_ID') as
    | string
    | undefined;
  const project = headerOption(options.project, 'project', 'OPENAI_PROJECT_ID') as
    | string
    | undefined;
  return {
    apiKey: headerOption(options.apiKey, 'apiKey', 'OPENAI_API_KEY'),
    adminApiKey: headerOption(options.adminApiKey, 'adminApiKey', 'OPENAI_ADMIN_KEY'),
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
    retry: mergePolicy(DEFAULT_RETRY, options.retry, maxRetries),
    jobMarker: options.jobMarker ?? true,
    logger,
    logLevel,
    log: makeLog(logger, logLevel),
  };
}

/**
 * `ft.options` as shown: the options in force, with every credential replaced by '[redacted]'
 * (strings and key functions alike), so printing, logging, serialising or cloning the client
 * never shows a key. The transport keeps the real values to itself.
 */
export function redactedOptions<T extends object>(resolved: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(resolved)) {
    if (
      value !== undefined &&
      isSecretName(name) &&
      (typeof value === 'string' || typeof value === 'function')
    )
      out[name] = REDACTED;
    else if (name === 'headers' && isObject(value)) {
      const headers: Record<string, unknown> = {};
      for (const [h, v] of Object.entries(value)) headers[h] = isSecretName(h) ? REDACTED : v;
      out[name] = headers;
    } else out[name] = value;
  }
  return out as T;
}

/** A positive number of milliseconds, or undefined; anything else is a ConfigurationError. */
export function checkTimeout(
  value: unknown,
  name: string,
  Err: new (m: string) => FineTuningError = ConfigurationError,
): number | undefined {
  if (value === undefined) return undefined;
  // Timers cannot wait longer than 2^31 - 1 ms (about 24.8 days): a longer timeout would fire at once.
  if (typeof value !== 'number' || !(value > 0 && value <= 2_147_483_647)) {
    throw new Err(
      `\`${name}\` must be a positive number of milliseconds, got ${describeValue(value)}; the most a timer can wait is 2147483647 ms.`,
    );
  }
  return value;
}

/** A whole number >= 0, or undefined; anything else is a ConfigurationError. */
export function checkRetries(
  value: unknown,
  name: string,
  Err: new (m: string) => FineTuningError = ConfigurationError,
): number | undefined {
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
