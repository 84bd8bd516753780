// The extractor behind test/docs/examples.test.ts: which blocks run, which are only type-checked,
// and the file:line a failure points at.
import { describe, expect, it } from 'vitest';
import { extractBlocks } from '../helpers/doc-blocks.ts';

describe('extractBlocks', () => {
  it('takes ```ts and ```typescript blocks with the line of their fence; ```ts live is type-checked only', () => {
    const md = [
      '# Guide',
      '',
      '```ts',
      'const a = 1;',
      '```',
      '',
      '```sh',
      'npm test',
      '```',
      '```ts live',
      'await fetch("x");',
      '```',
      '```typescript',
      'let b = 2;',
      '```',
    ].join('\n');
    expect(extractBlocks('docs/g.md', md)).toEqual([
      { file: 'docs/g.md', line: 3, live: false, code: 'const a = 1;\n' },
      { file: 'docs/g.md', line: 10, live: true, code: 'await fetch("x");\n' },
      { file: 'docs/g.md', line: 13, live: false, code: 'let b = 2;\n' },
    ]);
  });

  it('leaves other languages and inline fences alone, and reads CRLF files', () => {
    const md =
      'Every ```` ```ts ```` block runs.\r\n```console\r\n$ openai-ft --help\r\n```\r\n```ts\r\nx();\r\n```\r\n';
    expect(extractBlocks('README.md', md)).toEqual([
      { file: 'README.md', line: 5, live: false, code: 'x();\n' },
    ]);
  });

  it('refuses an unknown fence word and an unclosed block, naming file and line', () => {
    expect(() => extractBlocks('docs/g.md', 'text\n```ts skip\nx\n```\n')).toThrow(
      'docs/g.md:2: unknown fence word(s) skip; use ```ts or ```ts live.',
    );
    expect(() => extractBlocks('docs/g.md', 'a\nb\n```ts\nx\n')).toThrow(
      'docs/g.md:3: this code block is never closed.',
    );
  });
});
