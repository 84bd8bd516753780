// Shared bits for the training-data tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TrainingDataIssue } from '../../src/training-data/index.ts';

export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const fixtureBytes = (name: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(readFileSync(fixture(name)));

/** Issues as [line, path, code] for exact comparisons. */
export const brief = (issues: TrainingDataIssue[]): Array<[number | null, string, string]> =>
  issues.map((i) => [i.line, i.path, i.code]);

/** A stream that hands out `bytes` in chunks of `size`. */
export function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}
