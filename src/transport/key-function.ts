// A key given as a function (`apiKey: () => …`): its answer is checked as the option itself was,
// a string that fetch can send. Loaded by auth.ts when a key function is first called.
import { ConfigurationError } from '../errors/base.ts';
import type { KeySource } from './options.ts';
import { checkHeaderValue } from './headers.ts';
import { describeValue } from './args.ts';

/** Calls the key function and returns the header built from its answer; its value is never echoed, nor kept in an error. */
export function keyFromFunction(
  source: Exclude<KeySource, string>,
  admin: boolean,
  header: (key: string | undefined) => string,
): Promise<string> {
  const option = admin ? 'adminApiKey' : 'apiKey';
  return Promise.resolve()
    .then(source)
    .then(
      (key: unknown) => {
        if (key !== undefined && key !== null && typeof key !== 'string') {
          throw new ConfigurationError(
            `The \`${option}\` function must return a string, got ${describeValue(key)}.`,
          );
        }
        const value = typeof key === 'string' && key.trim() ? key.trim() : undefined;
        if (value)
          checkHeaderValue(
            value,
            `The key returned by the \`${option}\` function`,
            ConfigurationError,
          );
        return header(value);
      },
      (error: unknown) => {
        if (error instanceof ConfigurationError) throw error;
        throw new ConfigurationError(
          `The \`${option}\` function failed (${error instanceof Error ? error.name : typeof error}; see \`cause\`); no request was sent. Check where it reads the key from.`,
          { cause: error },
        );
      },
    );
}
