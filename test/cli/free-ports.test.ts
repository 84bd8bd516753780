// `npm test` passes while `openai-ft server` runs on its default port (4010), as the docs suggest:
// every test that starts `openai-ft server` (or `openai-fine-tuning-server`) passes `--port`
// (`0` picks a free one), and no test names port 4010.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? testFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('tests pick free ports', () => {
  const files = testFiles(join(ROOT, 'test')).filter((f) => !f.endsWith('free-ports.test.ts'));

  it('every `openai-ft server` a test starts has --port', () => {
    const starts: string[] = [];
    const without: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:cli|startCli)\(\s*\[\s*'server'([\s\S]*?)\]/g)) {
        const where = `${relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`;
        starts.push(where);
        if (!m[1]!.includes("'--port'")) without.push(where);
      }
    }
    expect(starts.length).toBeGreaterThan(1);
    expect(without).toEqual([]);
  });

  it('no test names the default port 4010', () => {
    const named = files.filter((f) => /\b4010\b/.test(readFileSync(f, 'utf8')));
    expect(named.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
