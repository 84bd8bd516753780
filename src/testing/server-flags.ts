// The flags, banner and lifetime of the local server's two command lines, `openai-fine-tuning-server`
// (src/testing/cli.ts) and `openai-ft server` (src/cli/commands/server.ts): one table, so both take
// the same flags, start the same server and print the same lines. No import of the server itself:
// `openai-ft` reads this table at start-up and loads the server only for its `server` command.
import type { LocalServerOptions } from './options.ts';

/** A flag of the server commands; its value is a string (`--host`) or a number (`--port`). */
export interface ServerFlag {
  /** Without the dashes: `port`. */
  name: string;
  /** `<n>`, `<key>`: how the help shows the value. */
  value: string;
  help: string;
  numeric: boolean;
  /** Given any number of times (`--webhook-url`); its values are applied as a list. */
  multiple?: boolean;
  /** A switch without a value (`--azure`). */
  boolean?: boolean;
  apply(options: LocalServerOptions, value: string | number): void;
}

/** The port both commands listen on by default, so the `export` line they print stays the same. */
export const DEFAULT_PORT = 4010;

const timing =
  (key: 'stepMs' | 'validatingMs' | 'queuedMs') => (o: LocalServerOptions, v: string | number) => {
    o.timing = { ...o.timing, [key]: v as number };
  };

export const SERVER_FLAGS: readonly ServerFlag[] = [
  {
    name: 'port',
    value: '<n>',
    help: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    numeric: true,
    apply: (o, v) => (o.port = v as number),
  },
  {
    name: 'host',
    value: '<addr>',
    help: 'address to listen on (default 127.0.0.1)',
    numeric: false,
    apply: (o, v) => (o.host = v as string),
  },
  {
    name: 'api-key',
    value: '<key>',
    help: 'API key to accept (default sk-local-test)',
    numeric: false,
    apply: (o, v) => (o.apiKey = v as string),
  },
  {
    name: 'admin-key',
    value: '<key>',
    help: 'admin key to accept (default sk-admin-local-test)',
    numeric: false,
    apply: (o, v) => (o.adminApiKey = v as string),
  },
  {
    name: 'data-dir',
    value: '<dir>',
    help: 'keep everything (files, jobs, events, checkpoints, permissions) in this directory: a restart with the same directory carries on (default: memory)',
    numeric: false,
    apply: (o, v) => (o.dataDir = v as string),
  },
  {
    name: 'seed',
    value: '<n>',
    help: 'the same ids and answers on every run (replayable)',
    numeric: true,
    apply: (o, v) => (o.seed = v as number),
  },
  {
    name: 'step-ms',
    value: '<n>',
    help: 'ms per training step (default 100)',
    numeric: true,
    apply: timing('stepMs'),
  },
  {
    name: 'validating-ms',
    value: '<n>',
    help: 'ms a job spends validating files (default 400)',
    numeric: true,
    apply: timing('validatingMs'),
  },
  {
    name: 'queued-ms',
    value: '<n>',
    help: 'ms a job spends queued (default 400)',
    numeric: true,
    apply: timing('queuedMs'),
  },
  {
    name: 'rate-limit',
    value: '<n>',
    help: 'answer 429 after n requests per minute',
    numeric: true,
    apply: (o, v) => (o.faults = { ...o.faults, rateLimit: { requests: v as number } }),
  },
  {
    name: 'error-rate',
    value: '<p>',
    help: 'answer a random 5xx to this share of requests (0..1)',
    numeric: true,
    apply: (o, v) => (o.faults = { ...o.faults, errorRate: v as number }),
  },
  {
    name: 'latency-ms',
    value: '<n>',
    help: 'delay every answer by n ms',
    numeric: true,
    apply: (o, v) => (o.faults = { ...o.faults, latencyMs: v as number }),
  },
  {
    name: 'azure',
    value: '',
    help: 'speak Azure OpenAI: /openai/ (dated, ?api-version=) and /openai/v1/, api-key auth, simulated ARM deployments',
    numeric: false,
    boolean: true,
    apply: (o) => (o.azure = true),
  },
  {
    name: 'tracing',
    value: '',
    help: 'export a SERVER span per request over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318), in the trace of its traceparent; needs the @opentelemetry packages installed',
    numeric: false,
    boolean: true,
    apply: (o) => (o.tracing = true),
  },
  // Paired by position in serverOptions: the n-th secret signs what goes to the n-th URL.
  {
    name: 'webhook-url',
    value: '<url>',
    help: 'POST signed webhooks here when a job ends (repeatable; pair each with --webhook-secret)',
    numeric: false,
    multiple: true,
    apply: () => {},
  },
  {
    name: 'webhook-secret',
    value: '<s>',
    help: 'the secret (whsec_…) for the --webhook-url at the same position',
    numeric: false,
    multiple: true,
    apply: () => {},
  },
];

/** A flag value the server cannot use; the message names the flag and the value. */
export class ServerFlagError extends Error {
  override name = 'ServerFlagError';
}

/** The port is taken (EADDRINUSE): says which, and that `--port` picks another. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  readonly code = 'EADDRINUSE';
  constructor(host: string, port: number, options?: ErrorOptions) {
    super(
      `port ${port} on ${host} is already in use (EADDRINUSE), perhaps by another \`openai-ft server\`. Stop that one, or pass --port with another port (--port 0 picks a free one).`,
      options,
    );
  }
}

/** A listen error as the two server commands report it: a busy port becomes PortInUseError. */
export function listenError(
  error: unknown,
  options: Pick<LocalServerOptions, 'host' | 'port'>,
): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') return error;
  return new PortInUseError(options.host ?? '127.0.0.1', options.port ?? DEFAULT_PORT, {
    cause: error,
  });
}

/** A numeric flag's value, or a ServerFlagError naming the flag. */
export function flagNumber(name: string, value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ServerFlagError(`--${name} must be a number >= 0, got '${value}'.`);
  return n;
}

/** `startLocalServer` options from the flags given (by their names without dashes, camelCase or not). */
export function serverOptions(
  values: Readonly<Record<string, string | string[] | undefined>>,
): LocalServerOptions {
  const options: LocalServerOptions = { port: DEFAULT_PORT };
  const list = (name: string): string[] => {
    const raw = values[name] ?? values[camel(name)];
    return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  };
  for (const flag of SERVER_FLAGS) {
    if (flag.multiple) continue;
    const raw = values[flag.name] ?? values[camel(flag.name)];
    if (raw === undefined) continue;
    if (flag.boolean) {
      if ((raw as unknown) === true || raw === 'true') flag.apply(options, 1);
      continue;
    }
    const one = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
    flag.apply(options, flag.numeric ? flagNumber(flag.name, one) : one);
  }
  const urls = list('webhook-url');
  const secrets = list('webhook-secret');
  if (urls.length !== secrets.length) {
    throw new ServerFlagError(
      `Give one --webhook-secret for each --webhook-url (got ${urls.length} URL(s) and ${secrets.length} secret(s)).`,
    );
  }
  if (urls.length > 0) options.webhooks = urls.map((url, i) => ({ url, secret: secrets[i]! }));
  return options;
}

export const camel = (name: string) =>
  name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** What both commands print once the server listens. */
export function serverBanner(
  server: {
    baseUrl: string;
    apiKey: string;
    adminApiKey: string;
    azure?: { endpoint: string; apiVersion: string } | undefined;
  },
  options: Pick<LocalServerOptions, 'webhooks'> = {},
): string {
  const point = server.azure
    ? `  export AZURE_OPENAI_ENDPOINT=${server.azure.endpoint} AZURE_OPENAI_API_KEY=${server.apiKey} OPENAI_API_VERSION=${server.azure.apiVersion}\n` +
      '  (without OPENAI_API_VERSION: the v1 API; openai-ft takes --azure)\n'
    : `  export OPENAI_BASE_URL=${server.baseUrl} OPENAI_API_KEY=${server.apiKey} OPENAI_ADMIN_KEY=${server.adminApiKey}\n`;
  return (
    `Local ${server.azure ? 'Azure OpenAI ' : ''}fine-tuning API listening on ${server.azure?.endpoint ?? server.baseUrl}\n` +
    'Point the SDK and openai-ft at it (in another shell):\n' +
    point +
    (options.webhooks ?? []).map((w) => `Webhooks go to ${w.url} when a job ends.\n`).join('') +
    'Ctrl-C stops it.\n'
  );
}

/**
 * With `--tracing`, registers the provider that exports the server's spans (./otlp.ts, loaded only
 * then); resolves with what flushes it once the server is closed.
 */
export async function exportSpansIfAsked(
  options: Pick<LocalServerOptions, 'tracing'>,
): Promise<() => Promise<void>> {
  if (!options.tracing) return async () => {};
  const { exportServerSpans } = await import('./otlp.ts');
  return exportServerSpans();
}

/**
 * Resolves on the first SIGINT or SIGTERM. Call it before printing the banner: a Ctrl-C sent as soon
 * as the banner shows must find the handler in place, or it would kill the process.
 */
export function stopRequested(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Resolves once a stop was requested (`stopRequested()`, made before the banner) and the server is closed. */
export async function serveUntilStopped(
  server: { close(): Promise<void> },
  stopped: Promise<void> = stopRequested(),
): Promise<void> {
  await stopped;
  await server.close();
}
