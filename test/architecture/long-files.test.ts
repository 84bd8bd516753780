// No file of src/ over 300 lines without a reason: a file that long says why at its top, in its
// opening comment, with a sentence that starts "Long because" (docs/architecture.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT = 300;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name).split('\\').join('/')]
        : [],
  );
}

/** The lines a file's text has, as `wc -l` counts them (newlines). */
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** Whether the comment lines that open the file hold a "Long because" sentence. */
function saysWhyLong(text: string): boolean {
  const opening: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('//')) break;
    opening.push(line.replace(/^\/\/\s?/, ''));
  }
  return /\bLong because\b/.test(opening.join(' '));
}

/** The files of `texts` over the limit that do not say why. */
function unexplained(texts: ReadonlyMap<string, string>): string[] {
  return [...texts]
    .filter(([, text]) => lineCount(text) > LIMIT && !saysWhyLong(text))
    .map(([file, text]) => `${file}: ${lineCount(text)} lines`);
}

describe('long files in src/', () => {
  it(`every file over ${LIMIT} lines says at its top why it is long`, () => {
    const texts = new Map(sources('src').map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
    expect(unexplained(texts)).toEqual([]);
  });

  it('the check catches a long file without the reason, and only the opening comment counts', () => {
    const body = 'export const x = 1;\n'.repeat(LIMIT);
    const texts = new Map([
      ['short.ts', '// A file.\nexport const x = 1;\n'],
      ['exactly.ts', `// A file.\n${'x;\n'.repeat(LIMIT - 1)}`],
      ['explained.ts', `// A file.\n// Long because it is one table.\n${body}`],
      ['silent.ts', `// A file.\n${body}`],
      ['late.ts', `// A file.\n${body}// Long because it is one table.\n`],
    ]);
    expect(unexplained(texts)).toEqual([
      `silent.ts: ${LIMIT + 1} lines`,
      `late.ts: ${LIMIT + 2} lines`,
    ]);
  });
});
