// test/ mirrors src/ (docs/architecture.md, "Where tests live"): every folder of test/ is a folder
// of src/ or one of the cross-cutting folders listed there, and no CLI test lives outside test/cli.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CROSS_CUTTING = [
  'facade',
  'architecture',
  'docs',
  'fuzz',
  'replay',
  'integration',
  'pipeline',
  'spec',
  'scripts',
  'bench',
  'helpers',
  'fixtures',
];

const folders = (dir: string) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

/** The test folders that are neither a folder of src/ nor a listed cross-cutting one. */
function strayFolders(testFolders: string[], srcFolders: string[]): string[] {
  return testFolders.filter((name) => !srcFolders.includes(name) && !CROSS_CUTTING.includes(name));
}

describe('where tests live', () => {
  it('every test folder mirrors a src/ folder or is a listed cross-cutting one', () => {
    expect(strayFolders(folders('test'), folders('src'))).toEqual([]);
  });

  it('catches a folder that mirrors nothing (a crafted layout)', () => {
    expect(strayFolders(['uploads', 'upload', 'docs'], ['upload'])).toEqual(['uploads']);
  });

  it('keeps every test of the openai-ft command in test/cli', () => {
    const stray = folders('test')
      .filter((name) => name !== 'cli')
      .flatMap((name) =>
        readdirSync(join(ROOT, 'test', name))
          .filter((file) => /^cli\.test\.ts$/.test(file))
          .map((file) => `test/${name}/${file}`),
      );
    expect(stray).toEqual([]);
  });
});
