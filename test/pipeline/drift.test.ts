// scripts/check-drift.ts against a copy of the committed openapi/ and generated/.
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift } from '../../scripts/check-drift.ts';
import { ROOT } from '../../scripts/lib/project.ts';

let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'oft-drift-test-'));
  await cp(join(ROOT, 'openapi'), join(copy, 'openapi'), { recursive: true });
  await cp(join(ROOT, 'generated'), join(copy, 'generated'), { recursive: true });
});
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

describe('check:drift', () => {
  it('finds nothing when openapi/ and generated/ are as generated', async () => {
    expect(await checkDrift(copy)).toEqual([]);
  });

  it('reports every hand edit: a changed generated file, a changed trimmed spec, a missing and a stray file', async () => {
    await appendFile(join(copy, 'generated', 'sdk.gen.ts'), '\nexport const handEdit = 1;\n');
    await appendFile(join(copy, 'openapi', 'fine-tuning.yaml'), '# hand edit\n');
    await unlink(join(copy, 'generated', 'core', 'auth.gen.ts'));
    await writeFile(join(copy, 'generated', 'extra.ts'), 'export {};\n');
    const differences = await checkDrift(copy);
    expect(differences.map((d) => `${d.kind} ${d.file}`).sort()).toEqual([
      'changed generated/sdk.gen.ts',
      'changed openapi/fine-tuning.yaml',
      'missing generated/core/auth.gen.ts',
      'unexpected generated/extra.ts',
    ]);
    expect(differences.find((d) => d.file === 'generated/sdk.gen.ts')?.diff).toContain(
      '+ export const handEdit = 1;',
    );
    expect(differences.find((d) => d.file === 'openapi/fine-tuning.yaml')?.diff).toContain(
      '+ # hand edit',
    );
  });

  it('exits non-zero from the command line and names the file', async () => {
    const run = promisify(execFile);
    const result = await run(process.execPath, [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'scripts', 'check-drift.ts'),
      copy,
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('generated/sdk.gen.ts differs from what its source gives');
    expect(result.stderr).toContain('npm run spec:trim && npm run generate');
  });
});
