// The transport of AzureFineTuning: a `fetch` that the ordinary FineTuning transport calls once per
// attempt. It adds the dated API's `api-version` to every URL (pagination and uploads included),
// sends the key as `api-key` (never as Authorization), asks the Entra token provider for a token on
// each attempt, and never carries a credential to another origin on a redirect.
import { ConfigurationError } from '../errors/base.ts';

/** A Microsoft Entra ID token provider, as `@azure/identity`'s `getBearerTokenProvider` returns. */
export type TokenProvider = () => string | Promise<string>;

export interface AzureFetchOptions {
  apiVersion: string | undefined;
  /** Called on every attempt; undefined means the key in `authorization` is moved to `api-key`. */
  tokenProvider: TokenProvider | undefined;
  /** The option the token provider came from, for error messages. */
  providerName: string;
  fetch: typeof fetch | undefined;
}

const MAX_REDIRECTS = 5;
const CREDENTIALS = ['api-key', 'authorization', 'proxy-authorization', 'cookie'];

/** A token provider's answer, checked: a non-empty string without line breaks. */
export async function tokenFrom(provider: TokenProvider, option: string): Promise<string> {
  let token: unknown;
  try {
    token = await provider();
  } catch (error) {
    throw new ConfigurationError(
      `The \`${option}\` function failed (${error instanceof Error ? error.name : typeof error}; see \`cause\`); no request was sent. Check the credential it gets tokens from (e.g. \`az login\`, a managed identity).`,
      { cause: error },
    );
  }
  if (typeof token !== 'string' || !token.trim() || /[\r\n]/.test(token))
    throw new ConfigurationError(
      `The \`${option}\` function must return an access token (a non-empty string on one line), got ${typeof token === 'string' ? 'an unusable string' : typeof token}.`,
    );
  return token.trim();
}

export function azureFetch(o: AzureFetchOptions): typeof fetch {
  // Marked as following redirects safely itself, so the transport takes its answer from another
  // origin (src/transport/transport.ts, `originPrefix`).
  return Object.assign(azureSend(o), { vetsRedirects: true });
}

function azureSend(o: AzureFetchOptions): typeof fetch {
  return async (input, init = {}) => {
    const send = o.fetch ?? globalThis.fetch;
    let url = new URL(input instanceof Request ? input.url : String(input));
    if (o.apiVersion && !url.searchParams.has('api-version'))
      url.searchParams.set('api-version', o.apiVersion);
    // The transport's own header record: a fresh token is written into it, so what the transport
    // redacts from errors and logs is the token actually sent.
    const given = (init.headers ?? {}) as Record<string, string>;
    let headers: Record<string, string>;
    if (o.tokenProvider) {
      given.authorization = `Bearer ${await tokenFrom(o.tokenProvider, o.providerName)}`;
      headers = given;
    } else {
      const { authorization, ...rest } = given;
      headers = rest;
      const key = authorization?.replace(/^Bearer\s+/i, '');
      if (key) headers['api-key'] = key;
    }
    // Redirects are followed here, not by fetch: on the same origin with the credentials, to
    // another origin without any (fetch itself would carry `api-key` along).
    let request: RequestInit = { ...init, headers, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      const response = await send(url.href, request);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || !location || hop === MAX_REDIRECTS)
        return response;
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        const stripped = { ...(request.headers as Record<string, string>) };
        for (const name of CREDENTIALS) delete stripped[name];
        request = { ...request, headers: stripped };
      }
      // 303, and 301/302 after a POST, become a GET without a body, as fetch does.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && request.method === 'POST')
      )
        request = { ...request, method: 'GET', body: null };
      await response.body?.cancel();
      url = next;
    }
  };
}
