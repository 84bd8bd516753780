// Vitest global setup: builds the executables (`openai-ft` and `openai-fine-tuning-server`) once
// with the package's own tsdown config (the `cli` entry), so the tests run the files that ship.
// They go to a fresh directory inside the package (node_modules/.cache), as dist/ is, so the
// local server finds openapi/fine-tuning.yaml in a directory above, as it does from dist/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type UserConfig } from 'tsdown';
import type { TestProject } from 'vitest/node';
import configs from '../../../tsdown.config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    cliBin: string;
    serverBin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cache = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url));
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'openai-ft-bin-'));
  const cli = (configs as UserConfig[]).find(
    (c) => typeof c.entry === 'object' && 'cli' in (c.entry as object),
  );
  if (!cli) throw new Error('tsdown.config.ts has no `cli` entry.');
  await build({ ...cli, outDir, config: false, logLevel: 'warn' });
  project.provide('cliBin', join(outDir, 'cli.mjs'));
  project.provide('serverBin', join(outDir, 'server.mjs'));
  return () => rm(outDir, { recursive: true, force: true });
}
