// What `server.azure` holds in Azure mode: the endpoint and the credentials `new AzureFineTuning()`
// and `ft.deployments` need to talk to the local server.
import {
  LOCAL_API_VERSION,
  LOCAL_ENTRA_TOKEN,
  LOCAL_MANAGEMENT_TOKEN,
  LOCAL_READER_TOKEN,
} from './azure/index.ts';

/** The Azure-mode server's endpoint and credentials (`server.azure`). */
export interface LocalAzure {
  /** `AZURE_OPENAI_ENDPOINT`: `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** `AZURE_OPENAI_API_KEY`: the key accepted as `api-key` (the server's `apiKey`). */
  apiKey: string;
  /** A dated API version the server accepts (any `YYYY-MM-DD[-preview]` is). */
  apiVersion: string;
  /** The Entra ID token accepted as `Authorization: Bearer …` (what a token provider would return). */
  entraToken: string;
  /** The simulated Azure Resource Manager, for `ft.deployments`. */
  management: {
    endpoint: string;
    /** A management-scope token with a role on the account. */
    token: string;
    /** A management-scope token of an identity without a role: reads, but cannot deploy (403). */
    readerToken: string;
    subscriptionId: string;
    resourceGroup: string;
    accountName: string;
  };
}

/** The Azure-mode handle of a server listening at `origin` that accepts `apiKey`. */
export function localAzure(origin: string, apiKey: string): LocalAzure {
  return {
    endpoint: origin,
    apiKey,
    apiVersion: LOCAL_API_VERSION,
    entraToken: LOCAL_ENTRA_TOKEN,
    management: {
      endpoint: origin,
      token: LOCAL_MANAGEMENT_TOKEN,
      readerToken: LOCAL_READER_TOKEN,
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      resourceGroup: 'local-group',
      accountName: 'local-account',
    },
  };
}
