// Local-server adapter: `openai-ft server` starts `startLocalServer` of `openai-fine-tuning/testing`.
// That subpath ships as TypeScript (package.json `exports`) and reads openapi/fine-tuning.yaml
// beside it, so it is not bundled into dist/cli.mjs: it is loaded from the package's own
// src/testing/ at run time, through tsx's loader as bin/openai-fine-tuning-server.js does.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LocalServer, LocalServerOptions } from '../../testing/index.ts';
import { UsageError } from '../errors.ts';

export type RunningServer = Pick<LocalServer, 'baseUrl' | 'apiKey' | 'adminApiKey' | 'close'>;

/** The directory of the `openai-fine-tuning` package this file belongs to. */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'openai-fine-tuning') return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

// Non-literal specifiers, so the bundler leaves both imports to run time.
const TSX_API = 'tsx/esm/api';
const TESTING = 'src/testing/index.ts';

export async function startServer(options: Pick<LocalServerOptions, 'port' | 'host'>): Promise<RunningServer> {
  const root = packageRoot();
  if (!root || !existsSync(join(root, TESTING))) {
    throw new UsageError('cannot find src/testing/ of the openai-fine-tuning package next to this executable.', 'server');
  }
  try {
    const { register } = (await import(TSX_API)) as { register: () => unknown };
    register();
  } catch {
    throw new UsageError('the local server runs from TypeScript sources and needs the `tsx` package: npm install --save-dev tsx.', 'server');
  }
  const testing = (await import(pathToFileURL(join(root, TESTING)).href)) as typeof import('../../testing/index.ts');
  return testing.startLocalServer(options);
}
