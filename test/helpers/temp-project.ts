// A throwaway copy of the project (spec, generated code, facade, configs) for tests that run
// spec:update: the real openapi/ and generated/ are never touched.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles } from '../../scripts/lib/drift.ts';
import { ROOT } from '../../scripts/lib/project.ts';

const COPIED = [
  'openapi',
  'generated',
  'src',
  'package.json',
  'tsconfig.json',
  'openapi-ts.config.ts',
];

export async function tempProject(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'oft-spec-update-'));
  for (const entry of COPIED) await cp(join(ROOT, entry), join(root, entry), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** sha256 of every file under `<root>/<dir>`, by relative path. */
export async function snapshot(root: string, dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await listFiles(join(root, dir))) {
    out[file] = createHash('sha256')
      .update(await readFile(join(root, dir, file)))
      .digest('hex');
  }
  return out;
}
