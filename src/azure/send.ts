// One request outside the generated operations (Azure-only paths) through a facade request client:
// its retries, timeouts, typed errors and redaction, with a call's RequestOptions.
import { ApiPromise } from '../calls/api-promise.ts';
import type { RequestOptions } from '../calls/call.ts';
import type { ClientRequest, RequestClient } from '../transport/transport.ts';

const BEARER = [{ type: 'http', scheme: 'bearer' }] as const;

export function send<T>(
  client: RequestClient,
  request: Omit<ClientRequest, 'security' | 'settings' | 'signal'>,
  options: RequestOptions | undefined,
): ApiPromise<T> {
  const go = async () => {
    const settings =
      options === undefined
        ? undefined
        : (await import('../calls/call-options.ts')).settingsOf(options, undefined);
    return client.request<T>({
      ...request,
      headers: { ...request.headers, ...options?.headers },
      security: BEARER,
      signal: options?.signal,
      settings,
    });
  };
  return new ApiPromise(go());
}
