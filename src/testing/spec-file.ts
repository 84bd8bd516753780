// Where the package's openapi/ directory is, from the sources or from a bundle. Light (no Ajv, no
// YAML parser), so `openai-ft` can read the spec's schemas without loading the local server.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPEC_FILE = join('openapi', 'fine-tuning.yaml');

/**
 * The package's openapi/ directory (fine-tuning.yaml and its siblings). This file runs from
 * src/testing/ (sources) or from a bundle in dist/ (or a test build elsewhere inside the
 * package), so the spec is looked up in the nearest enclosing directory that has it rather than
 * at one fixed relative path.
 */
export function specDir(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, SPEC_FILE))) return join(dir, 'openapi');
    if (dirname(dir) === dir) {
      throw new Error(
        `The local server cannot find ${SPEC_FILE} in ${start} or any directory above it; reinstall openai-fine-tuning.`,
      );
    }
  }
}
