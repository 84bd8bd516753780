// Deployments of fine-tuned models: a control-plane (Azure Resource Manager) resource with its own
// credential, a token for the management scope, not the data-plane key.
import type { RequestOptions } from '../calls/call.ts';
import { ConfigurationError, InvalidArgumentError } from '../errors/base.ts';
import { isKind } from '../errors/base.ts';
import type { RequestClient } from '../transport/transport.ts';
import { AzureManagementError, DeploymentFailedError } from './errors.ts';
import { poll } from './poll.ts';
import { send } from './send.ts';

/** Where the Azure OpenAI resource lives in Azure Resource Manager, and the credential for it. */
export interface ManagementOptions {
  /** @default process.env.AZURE_SUBSCRIPTION_ID */
  subscriptionId?: string | undefined;
  /** @default process.env.AZURE_RESOURCE_GROUP */
  resourceGroup?: string | undefined;
  /** The Azure OpenAI (Cognitive Services) account name. @default process.env.AZURE_OPENAI_ACCOUNT, else the first label of `endpoint`'s host */
  accountName?: string | undefined;
  /**
   * Returns an access token for `https://management.azure.com/.default` (e.g.
   * `getBearerTokenProvider(new DefaultAzureCredential(), 'https://management.azure.com/.default')`);
   * called on every attempt. The identity needs the Cognitive Services Contributor role (or Owner) on the account.
   */
  tokenProvider?: (() => string | Promise<string>) | undefined;
  /** @default 'https://management.azure.com' */
  endpoint?: string | undefined;
  /** The ARM API version of `Microsoft.CognitiveServices`. @default '2024-10-01' */
  apiVersion?: string | undefined;
}

/** A deployment as ARM describes it. */
export interface Deployment {
  id: string;
  name: string;
  type?: string;
  sku?: { name: string; capacity?: number };
  properties: {
    model: { format: string; name: string; version: string };
    /** `Creating`, `Accepted`, then `Succeeded`, or `Failed` / `Canceled` / `Deleting`. */
    provisioningState: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** What `deployments.create` deploys. */
export interface CreateDeploymentParams {
  /** The fine-tuned model (`fine_tuned_model` of a succeeded job). */
  model: string;
  /** @default '1' */
  version?: string | undefined;
  /** @default { name: 'standard', capacity: 1 } */
  sku?: { name: string; capacity?: number } | undefined;
}

/** Options of `deployments.wait`. */
export interface WaitForDeploymentOptions extends RequestOptions {
  /** @default 15000 */
  intervalMs?: number | undefined;
  /** @default 3600000 */
  timeoutMs?: number | undefined;
}

const PATH =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.CognitiveServices/accounts/{accountName}/deployments';

function named(name: unknown, method: string): string {
  if (typeof name !== 'string' || !/^[\w.-]{2,64}$/.test(name))
    throw new InvalidArgumentError(
      `${method}: the deployment name must be 2 to 64 letters, digits, '_', '.' or '-', got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}.`,
    );
  return name;
}

/** ARM's 401 and 403 as AzureManagementError naming the credential or role; other errors unchanged. */
function explain(error: unknown): never {
  const e = error as { status?: number; code?: string | null };
  if (isKind(error, 'APIError') && (e.status === 401 || e.status === 403)) {
    const code = e.code ?? undefined;
    if (e.status === 401)
      throw new AzureManagementError(
        `Azure Resource Manager did not accept the management token (${code ?? '401'}): \`management.tokenProvider\` must return a token for the scope https://management.azure.com/.default (not the data-plane key, not a Cognitive Services token).`,
        'credential',
        401,
        code,
        { cause: error },
      );
    throw new AzureManagementError(
      `Azure Resource Manager refused the deployment call (${code ?? '403'}): the identity behind \`management.tokenProvider\` needs the "Cognitive Services Contributor" role (or Owner) on the Azure OpenAI account.`,
      'role',
      403,
      code,
      { cause: error },
    );
  }
  throw error;
}

/**
 * Deployments of fine-tuned models on the Azure OpenAI account (Azure Resource Manager).
 * @example
 * const d = await ft.deployments.create('my-model', { model: job.fine_tuned_model! });
 * await ft.deployments.wait(d.name);
 */
export class Deployments {
  readonly #client: RequestClient;
  readonly #path: Record<string, string>;
  constructor(client: RequestClient, path: Record<string, string>) {
    this.#client = client;
    this.#path = path;
  }

  /** Creates (or updates) a deployment; it is ready once `wait` resolves. */
  create(
    name: string,
    params: CreateDeploymentParams,
    options?: RequestOptions,
  ): Promise<Deployment> {
    const method = 'deployments.create';
    if (typeof params?.model !== 'string' || !params.model.trim())
      throw new InvalidArgumentError(
        `${method}: \`model\` must be the fine-tuned model to deploy (a succeeded job's \`fine_tuned_model\`).`,
      );
    return send<Deployment>(
      this.#client,
      {
        method: 'PUT',
        url: `${PATH}/{name}`,
        path: { ...this.#path, name: named(name, method) },
        headers: { 'content-type': 'application/json' },
        body: {
          sku: params.sku ?? { name: 'standard', capacity: 1 },
          properties: {
            model: { format: 'OpenAI', name: params.model, version: params.version ?? '1' },
          },
        },
      },
      options,
    ).then(undefined, explain);
  }

  /** Gets a deployment by name. */
  retrieve(name: string, options?: RequestOptions): Promise<Deployment> {
    return send<Deployment>(
      this.#client,
      {
        method: 'GET',
        url: `${PATH}/{name}`,
        path: { ...this.#path, name: named(name, 'deployments.retrieve') },
      },
      options,
    ).then(undefined, explain);
  }

  /** Every deployment of the account (all of ARM's pages). */
  async list(options?: RequestOptions): Promise<Deployment[]> {
    const all: Deployment[] = [];
    let page = await send<{ value: Deployment[]; nextLink?: string }>(
      this.#client,
      { method: 'GET', url: PATH, path: this.#path },
      options,
    ).then(undefined, explain);
    all.push(...page.value);
    while (page.nextLink) {
      const next = new URL(page.nextLink);
      page = await send<{ value: Deployment[]; nextLink?: string }>(
        this.#client,
        {
          method: 'GET',
          url: PATH,
          path: this.#path,
          query: Object.fromEntries([...next.searchParams].filter(([k]) => k !== 'api-version')),
        },
        options,
      ).then(undefined, explain);
      all.push(...page.value);
    }
    return all;
  }

  /** Deletes a deployment (the fine-tuned model stays; only its endpoint goes). */
  delete(name: string, options?: RequestOptions): Promise<void> {
    return send<string>(
      this.#client,
      {
        method: 'DELETE',
        url: `${PATH}/{name}`,
        path: { ...this.#path, name: named(name, 'deployments.delete') },
        parseAs: 'text',
      },
      options,
    ).then(() => undefined, explain);
  }

  /**
   * Polls a deployment until its `provisioningState` is `Succeeded`; rejects with
   * DeploymentFailedError on `Failed` or `Canceled`, AzureWaitTimeoutError after `timeoutMs`.
   */
  wait(name: string, options: WaitForDeploymentOptions = {}): Promise<Deployment> {
    return poll(
      'deployments.wait',
      options,
      { intervalMs: 15_000, timeoutMs: 3_600_000 },
      (o) => this.retrieve(name, o),
      (d) => {
        const state = d.properties?.provisioningState;
        if (state === 'Failed' || state === 'Canceled')
          throw new DeploymentFailedError(
            `Deployment ${name} ended ${state}: check the model name and version, the SKU and the account's quota, then create it again.`,
            d,
          );
        return state === 'Succeeded';
      },
      (timeoutMs) => `deployment ${name} had not succeeded after ${timeoutMs} ms.`,
    );
  }
}

/** The ARM path parameters, or a ConfigurationError naming every one that is missing. */
export function managementPath(
  m: ManagementOptions,
  readEnv: (name: string) => string | undefined,
  endpoint: string | undefined,
): Record<string, string> {
  const fromHost = endpoint ? new URL(endpoint).hostname.split('.')[0] : undefined;
  const path = {
    subscriptionId: m.subscriptionId ?? readEnv('AZURE_SUBSCRIPTION_ID'),
    resourceGroup: m.resourceGroup ?? readEnv('AZURE_RESOURCE_GROUP'),
    accountName: m.accountName ?? readEnv('AZURE_OPENAI_ACCOUNT') ?? fromHost,
  };
  const missing = [
    ...Object.entries(path)
      .filter(([, v]) => !v)
      .map(([k]) => `\`management.${k}\``),
    ...(typeof m.tokenProvider === 'function'
      ? []
      : ['`management.tokenProvider` (a token for https://management.azure.com/.default)']),
  ];
  if (missing.length)
    throw new ConfigurationError(
      `ft.deployments needs ${missing.join(', ')}: pass them as \`new AzureFineTuning({ management: { … } })\` (subscription and resource group also from AZURE_SUBSCRIPTION_ID and AZURE_RESOURCE_GROUP).`,
    );
  return path as Record<string, string>;
}
