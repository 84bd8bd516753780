// scripts/check-drift.ts covers the legacy spec and generated/legacy/ too.
import { appendFile, cp, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift } from '../../scripts/check-drift.ts';
import { ROOT } from '../../scripts/lib/project.ts';

let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'oft-drift-legacy-'));
  await cp(join(ROOT, 'openapi'), join(copy, 'openapi'), { recursive: true });
  await cp(join(ROOT, 'generated'), join(copy, 'generated'), { recursive: true });
});
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

describe('check:drift on the legacy pipeline', () => {
  it('reports a hand-edited legacy spec, a changed and a missing generated/legacy file', async () => {
    await appendFile(join(copy, 'openapi', 'legacy-fine-tunes.yaml'), '# hand edit\n');
    await appendFile(
      join(copy, 'generated', 'legacy', 'types.gen.ts'),
      '\nexport type HandEdit = 1;\n',
    );
    await unlink(join(copy, 'generated', 'legacy', 'sdk.gen.ts'));
    const differences = await checkDrift(copy);
    expect(differences.map((d) => `${d.kind} ${d.file}`).sort()).toEqual([
      'changed generated/legacy/types.gen.ts',
      'changed openapi/legacy-fine-tunes.yaml',
      'missing generated/legacy/sdk.gen.ts',
    ]);
    expect(differences.find((d) => d.file === 'openapi/legacy-fine-tunes.yaml')?.diff).toContain(
      '+ # hand edit',
    );
  });
});
