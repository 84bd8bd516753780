import { ConfigurationError } from '../errors/base.ts';
import type { KeySource, ResolvedOptions } from './options.ts';

/**
 * One entry of a generated operation's `security`.
 * @internal Plumbing between the generated functions and the transport.
 */
export interface Security {
  type: string;
  scheme?: string;
  name?: string;
}

const usable = (key: unknown): string | undefined =>
  typeof key === 'string' && key.trim() ? key.trim() : undefined;

/**
 * The `Authorization` header an operation needs, from its generated `security`. openapi/
 * fine-tuning.yaml marks the admin-key operations with the `AdminApiKeyAuth` scheme, an `apiKey`
 * scheme named `Authorization` (see scripts/lib/trim.ts for why); every other operation uses the
 * bearer `ApiKeyAuth` scheme. A key that is not configured fails before any request. A key given
 * as a string is answered at once; a key function is awaited.
 */
export function authorization(
  options: ResolvedOptions,
  security: readonly Security[] | undefined,
): string | undefined | Promise<string | undefined> {
  if (!security?.length) return undefined;
  const admin = security[0]!.type === 'apiKey' && security[0]!.name === 'Authorization';
  const source: KeySource | undefined = admin ? options.adminApiKey : options.apiKey;
  const header = (key: string | undefined): string => {
    if (!key) {
      throw new ConfigurationError(
        admin
          ? 'This operation requires an admin API key: pass `adminApiKey` to new FineTuning() or set OPENAI_ADMIN_KEY.'
          : 'No API key: pass `apiKey` to new FineTuning() or set OPENAI_API_KEY.',
      );
    }
    return `Bearer ${key}`;
  };
  if (typeof source !== 'function') return header(usable(source));
  // A key function is awaited anyway: what checks its answer (./key-function.ts) loads then.
  return import('./key-function.ts').then((m) => m.keyFromFunction(source, admin, header));
}
