import type { Auth } from '../../generated/client/index.ts';
import { ConfigurationError } from '../errors.ts';
import type { KeySource, ResolvedOptions } from '../options.ts';

async function resolveKey(source: KeySource | undefined): Promise<string | undefined> {
  const key = typeof source === 'function' ? await source() : source;
  return typeof key === 'string' && key.trim() ? key.trim() : undefined;
}

/**
 * The generated client's auth callback. openapi/fine-tuning.yaml marks the admin-key operations
 * with the `AdminApiKeyAuth` scheme, which reaches us as an `apiKey` auth object for the
 * `Authorization` header (see scripts/lib/trim.ts for why); every other operation uses the bearer
 * `ApiKeyAuth` scheme.
 */
export function authFor(options: ResolvedOptions) {
  return async (auth: Auth): Promise<string> => {
    if (auth.type === 'apiKey' && auth.name === 'Authorization') {
      const key = await resolveKey(options.adminApiKey);
      if (!key) {
        throw new ConfigurationError(
          'This operation requires an admin API key: pass `adminApiKey` to new FineTuning() or set OPENAI_ADMIN_KEY.',
        );
      }
      return `Bearer ${key}`;
    }
    const key = await resolveKey(options.apiKey);
    if (!key) {
      throw new ConfigurationError(
        'No API key: pass `apiKey` to new FineTuning() or set OPENAI_API_KEY.',
      );
    }
    return key;
  };
}
