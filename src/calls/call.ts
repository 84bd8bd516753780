import { ApiPromise } from './api-promise.ts';
import type { CallSettings, RequestClient } from '../transport/transport.ts';
import type { RequestOptions } from './call-options.ts';

export type { RequestOptions };

/**
 * A generated operation function, as the facade calls it: with its client and the per-call
 * settings, which the generated function passes on with the rest of its options.
 */
type Operation<TParams, TData> = (
  options: TParams & { client: never; throwOnError: true },
) => Promise<{ data: TData; response: Response }>;

/** Calls a generated operation through the facade's client and wraps the result. */
export function call<TParams, TData>(
  client: RequestClient,
  operation: Operation<TParams, TData>,
  params: TParams,
  options: RequestOptions | undefined,
  extra?: Record<string, unknown>,
  settings?: CallSettings,
): ApiPromise<TData> {
  const base = extra?.parseAs === 'stream' ? { ...settings, streamResponse: true } : settings;
  const send = (settings: CallSettings | undefined) =>
    operation({
      ...params,
      ...extra,
      client: client as never,
      throwOnError: true,
      signal: options?.signal,
      settings,
      ...(options?.headers ? { headers: options.headers } : {}),
    });
  let exchange: Promise<{ data: TData; response: Response }>;
  try {
    // A call's own options are checked (and turned into transport settings) by ./call-options.ts,
    // loaded the first time a call is given options.
    exchange =
      options === undefined
        ? send(base)
        : import('./call-options.ts').then((m) => send(m.settingsOf(options, base)));
  } catch (error) {
    exchange = Promise.reject(error);
  }
  return new ApiPromise(exchange);
}
