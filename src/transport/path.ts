import { InvalidArgumentError } from '../errors.ts';
import { describeValue } from './args.ts';

// The request client percent-encodes path parameters, so `a/b?c` or `../files` stay one segment.
// What encoding cannot save: an empty id (`/files/` lists files instead of reading one) and the
// dot segments `.` and `..`, which URL parsing resolves even when encoded as `%2e`.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/** Throws before any request when a path parameter could change which resource is addressed. */
export function checkPathParams(path: unknown): void {
  if (!path || typeof path !== 'object') return;
  for (const [name, value] of Object.entries(path as Record<string, unknown>)) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InvalidArgumentError(
        `\`${name}\` must be a non-empty string, got ${value === '' ? 'an empty string' : describeValue(value)}. Pass the id the API returned.`,
      );
    }
    if (DOT_SEGMENT.test(value)) {
      throw new InvalidArgumentError(
        `\`${name}\` cannot be ${JSON.stringify(value)}: it would address a different path. Pass the id the API returned.`,
      );
    }
  }
}
