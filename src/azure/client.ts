// AzureFineTuning: the FineTuning client with Azure OpenAI's addressing and credentials. Nothing is
// forked: the same transport, resources and helpers run over a `fetch` (./fetch.ts) that speaks
// Azure's dialect, and the Azure-only operations are added beside them.
import { FineTuning } from '../client.ts';
import { ConfigurationError } from '../errors/base.ts';
import { createRequestClient } from '../transport/transport.ts';
import {
  readEnv,
  resolveOptions,
  type ClientOptions,
  type KeySource,
} from '../transport/options.ts';
import { Deployments, managementPath, type ManagementOptions } from './deployments.ts';
import { azureFetch, type TokenProvider } from './fetch.ts';
import { AzureJobs } from './jobs.ts';

/** Options of `new AzureFineTuning()`, named as the official `AzureOpenAI` client names them. */
export interface AzureClientOptions
  extends Omit<ClientOptions, 'apiKey' | 'adminApiKey' | 'baseUrl' | 'organization' | 'project'> {
  /**
   * The resource's endpoint, e.g. `https://my-resource.openai.azure.com` (a Foundry project
   * endpoint `https://…/api/projects/<name>` works too).
   * @default process.env.AZURE_OPENAI_ENDPOINT
   */
  endpoint?: string | undefined;
  /**
   * The resource's key, sent as the `api-key` header (never as Authorization). Not with
   * `azureADTokenProvider`.
   * @default process.env.AZURE_OPENAI_API_KEY
   */
  apiKey?: KeySource | undefined;
  /**
   * Returns a Microsoft Entra ID token for `https://cognitiveservices.azure.com/.default`; called
   * on every attempt, so a retry carries a fresh token. Not with `apiKey`.
   * @default none
   */
  azureADTokenProvider?: TokenProvider | undefined;
  /**
   * A dated API version (`2025-04-01-preview`): requests go to `{endpoint}/openai/…?api-version=…`.
   * Without one, the v1 API: `{endpoint}/openai/v1/…`.
   * @default process.env.OPENAI_API_VERSION, else the v1 API
   */
  apiVersion?: string | undefined;
  /**
   * Azure Resource Manager: where the account is and a management-scope token, for `ft.deployments`.
   * @default none (`ft.deployments` then says what is missing)
   */
  management?: ManagementOptions | undefined;
  /**
   * Whether `jobs.create` may add its idempotency marker to the job's `metadata` (see
   * `FineTuning`'s `jobMarker`). Off on Azure: its job listing is not known to filter by metadata,
   * which the marker's recovery needs; without it a create whose answer was lost is not re-sent.
   * @default false
   */
  jobMarker?: boolean | undefined;
}

/** How an AzureFineTuning client addresses the service (no secrets). */
export interface AzureSettings {
  endpoint: string;
  /** `dated`: `/openai/…?api-version=…`; `v1`: `/openai/v1/…`. */
  api: 'dated' | 'v1';
  apiVersion: string | undefined;
  auth: 'api-key' | 'entra';
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim());

function checkEndpoint(value: string, from: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    // reported below
  }
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  )
    throw new ConfigurationError(
      `${from} must be the resource's endpoint, an absolute https: URL without credentials or query, e.g. 'https://my-resource.openai.azure.com'.`,
    );
  // An endpoint given with the API's own prefix (`…/openai` or `…/openai/v1`) is taken as the resource's.
  return url.href.replace(/\/+$/, '').replace(/\/openai(?:\/v1)?$/, '');
}

/** The FineTuning options an Azure configuration comes to, and what it shows. */
function resolveAzure(options: AzureClientOptions): {
  base: ClientOptions;
  settings: AzureSettings;
  apiVersion: string | undefined;
  provider: TokenProvider | undefined;
} {
  if (typeof options !== 'object' || options === null)
    throw new ConfigurationError('new AzureFineTuning() takes an options object.');
  const { endpoint, apiKey, azureADTokenProvider, apiVersion, management: _m, ...rest } = options;
  for (const name of ['baseUrl', 'adminApiKey', 'dataResidency'])
    if (!blank((options as Record<string, unknown>)[name]))
      throw new ConfigurationError(
        `AzureFineTuning does not take \`${name}\`: ${name === 'adminApiKey' ? 'Azure has no admin keys (checkpoint permissions are OpenAI-only)' : 'the resource is named by `endpoint` (or AZURE_OPENAI_ENDPOINT)'}.`,
      );
  if (azureADTokenProvider !== undefined && typeof azureADTokenProvider !== 'function')
    throw new ConfigurationError(
      '`azureADTokenProvider` must be a function returning an access token, e.g. getBearerTokenProvider(credential, "https://cognitiveservices.azure.com/.default").',
    );
  if (!blank(apiKey) && azureADTokenProvider)
    throw new ConfigurationError(
      'The `apiKey` and `azureADTokenProvider` options are mutually exclusive: pass one of them (a key is sent as `api-key`, a token provider as a Bearer token).',
    );
  const key = azureADTokenProvider
    ? undefined
    : blank(apiKey)
      ? readEnv('AZURE_OPENAI_API_KEY')
      : apiKey;
  if (!azureADTokenProvider && key === undefined)
    throw new ConfigurationError(
      'Missing credentials: pass `apiKey` or `azureADTokenProvider` to new AzureFineTuning(), or set AZURE_OPENAI_API_KEY.',
    );
  const given = blank(endpoint) ? undefined : endpoint;
  const raw = given ?? readEnv('AZURE_OPENAI_ENDPOINT');
  if (raw === undefined)
    throw new ConfigurationError(
      "Missing endpoint: pass `endpoint` (e.g. 'https://my-resource.openai.azure.com') to new AzureFineTuning(), or set AZURE_OPENAI_ENDPOINT.",
    );
  if (typeof raw !== 'string') throw new ConfigurationError('`endpoint` must be a string URL.');
  const root = checkEndpoint(raw, given === undefined ? 'AZURE_OPENAI_ENDPOINT' : '`endpoint`');
  if (apiVersion !== undefined && typeof apiVersion !== 'string')
    throw new ConfigurationError("`apiVersion` must be a string such as '2025-04-01-preview'.");
  const version =
    (blank(apiVersion) ? readEnv('OPENAI_API_VERSION') : apiVersion!.trim()) || undefined;
  if (version !== undefined && !/^[\w.-]+$/.test(version))
    throw new ConfigurationError(
      "`apiVersion` (or OPENAI_API_VERSION) must look like '2025-04-01-preview'; leave it unset for the v1 API.",
    );
  return {
    base: {
      ...rest,
      // The token provider's placeholder: the real token is written on each attempt (./fetch.ts).
      apiKey: azureADTokenProvider ? 'entra-token' : key,
      baseUrl: `${root}/openai${version ? '' : '/v1'}`,
      jobMarker: options.jobMarker ?? false,
      fetch: azureFetch({
        apiVersion: version,
        tokenProvider: azureADTokenProvider,
        providerName: 'azureADTokenProvider',
        fetch: options.fetch,
      }),
    },
    settings: {
      endpoint: root,
      api: version ? 'dated' : 'v1',
      apiVersion: version,
      auth: azureADTokenProvider ? 'entra' : 'api-key',
    },
    apiVersion: version,
    provider: azureADTokenProvider,
  };
}

/**
 * The client for fine-tuning on Azure OpenAI: every resource and helper of `FineTuning`, with
 * Azure's addressing (`endpoint`, `apiVersion`) and credentials (`apiKey` as `api-key`, or
 * `azureADTokenProvider`), plus the Azure-only operations: `jobs.delete`, `jobs.copyCheckpoint`,
 * `jobs.waitForCopy` and `deployments`.
 * @example
 * import { AzureFineTuning } from 'openai-fine-tuning/azure';
 * // reads AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION
 * const ft = new AzureFineTuning();
 * const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-abc123' });
 */
export class AzureFineTuning extends FineTuning {
  /** Jobs, with Azure's `delete` and checkpoint copy. */
  declare readonly jobs: AzureJobs;
  /** How this client addresses the service: endpoint, dated or v1 API, key or Entra token. */
  readonly azure: AzureSettings;
  readonly #management: ManagementOptions | undefined;
  readonly #fetch: typeof fetch | undefined;
  #deployments: Deployments | undefined;

  constructor(options: AzureClientOptions = {}) {
    const azure = resolveAzure(options);
    super(azure.base);
    this.azure = azure.settings;
    (this as { jobs: AzureJobs }).jobs = new AzureJobs(this.client, this.options.jobMarker);
    this.#management = options.management;
    this.#fetch = options.fetch;
  }

  /**
   * Deployments of fine-tuned models (Azure Resource Manager), with the `management` credential.
   * @example
   * const d = await ft.deployments.create('my-model', { model: 'gpt-4o-mini-2024-07-18.ft-abc' });
   * await ft.deployments.wait(d.name);
   */
  get deployments(): Deployments {
    if (this.#deployments) return this.#deployments;
    const m = this.#management ?? {};
    const path = managementPath(m, readEnv, this.azure.endpoint);
    const endpoint = (m.endpoint ?? 'https://management.azure.com').replace(/\/+$/, '');
    const resolved = resolveOptions({
      baseUrl: endpoint,
      apiKey: 'management-token',
      timeout: this.options.timeout,
      maxRetries: this.options.retry.maxRetries,
      logger: this.options.logger,
      logLevel: this.options.logLevel,
      fetch: azureFetch({
        apiVersion: m.apiVersion ?? '2024-10-01',
        tokenProvider: m.tokenProvider,
        providerName: 'management.tokenProvider',
        fetch: this.#fetch,
      }),
    });
    this.#deployments = new Deployments(createRequestClient(resolved), path);
    return this.#deployments;
  }
}
