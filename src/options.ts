// Client options: what a user may pass, and the one normalised object the rest of the code reads.

/** A key, or a function that returns one (called before every request, so keys can rotate). */
export type KeySource = string | (() => string | Promise<string>);

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
  /** Headers sent with every request (after the SDK's own, so they can override them). */
  headers?: Record<string, string> | undefined;
}

export interface ResolvedOptions {
  apiKey: KeySource | undefined;
  adminApiKey: KeySource | undefined;
  organization: string | undefined;
  project: string | undefined;
  baseUrl: string;
  fetch: typeof fetch;
  headers: Record<string, string>;
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
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TypeError(
      'No fetch implementation: this runtime has no global fetch. Pass one as `new FineTuning({ fetch })`.',
    );
  }
  const organization = blankToUndefined(options.organization) ?? readEnv('OPENAI_ORG_ID');
  const project = blankToUndefined(options.project) ?? readEnv('OPENAI_PROJECT_ID');
  return {
    apiKey: keyOption(options.apiKey, 'OPENAI_API_KEY'),
    adminApiKey: keyOption(options.adminApiKey, 'OPENAI_ADMIN_KEY'),
    organization,
    project,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetch: fetchImpl,
    headers: {
      ...(organization ? { 'OpenAI-Organization': organization } : {}),
      ...(project ? { 'OpenAI-Project': project } : {}),
      ...options.headers,
    },
  };
}
