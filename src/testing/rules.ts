// Rules the API documents beyond its schemas, enforced by the local server. Each names its source;
// a rule no OpenAI document states is not enforced (docs/local-server.md lists them all in one table).
import { invalid } from './errors.ts';

/**
 * `metadata`: "Set of 16 key-value pairs … Keys are strings with a maximum length of 64 characters.
 * Values are strings with a maximum length of 512 characters." Source: the `Metadata` schema's
 * description in openapi/fine-tuning.yaml (and the API reference).
 */
export const METADATA_LIMITS = { pairs: 16, keyLength: 64, valueLength: 512 } as const;

export function checkMetadata(
  metadata: Record<string, string> | null | undefined,
  param = 'metadata',
): void {
  if (!metadata) return;
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_LIMITS.pairs) {
    throw invalid(
      `Invalid '${param}': too many properties. Expected an object with at most ${METADATA_LIMITS.pairs} properties, but got an object with ${entries.length} properties instead.`,
      param,
      'object_above_max_properties',
    );
  }
  for (const [key, value] of entries) {
    if (key.length > METADATA_LIMITS.keyLength) {
      throw invalid(
        `Invalid '${param}': key '${key.slice(0, 20)}…' is too long. Expected a key with maximum length ${METADATA_LIMITS.keyLength}, but got a key with length ${key.length} instead.`,
        param,
        'string_above_max_length',
      );
    }
    if (value.length > METADATA_LIMITS.valueLength) {
      throw invalid(
        `Invalid '${param}.${key}': string too long. Expected a string with maximum length ${METADATA_LIMITS.valueLength}, but got a string with length ${value.length} instead.`,
        `${param}.${key}`,
        'string_above_max_length',
      );
    }
  }
}
