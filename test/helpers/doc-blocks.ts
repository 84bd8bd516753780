// Finds the TypeScript examples of the documentation: every ```ts block of README.md and
// docs/*.md (docs/api/, TypeDoc's output, excluded). A block fenced ```ts live needs the real API:
// it is only type-checked. Used by test/docs/examples.test.ts; a new guide needs no change here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface DocBlock {
  /** The Markdown file, relative to the repository root (`docs/jobs.md`). */
  file: string;
  /** The line of the opening fence (1-based), so `file:line` opens the block in an editor. */
  line: number;
  /** `true` for ```ts live: type-checked only. */
  live: boolean;
  code: string;
}

const OPEN = /^```(ts|typescript)(?:\s+(.*))?$/;

/** The ```ts blocks of one Markdown text. An unclosed block is an error naming its line. */
export function extractBlocks(file: string, markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  let open: { line: number; live: boolean; lang: boolean; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (!open) {
      if (!text.startsWith('```')) continue;
      const m = OPEN.exec(text.trimEnd());
      const info = (m?.[2] ?? '').trim().split(/\s+/).filter(Boolean);
      const unknown = info.filter((w) => w !== 'live');
      if (m && unknown.length > 0)
        throw new Error(
          `${file}:${i + 1}: unknown fence word(s) ${unknown.join(', ')}; use \`\`\`ts or \`\`\`ts live.`,
        );
      open = { line: i + 1, live: info.includes('live'), lang: m !== null, body: [] };
      continue;
    }
    if (text.trimEnd() === '```') {
      if (open.lang)
        blocks.push({ file, line: open.line, live: open.live, code: `${open.body.join('\n')}\n` });
      open = undefined;
    } else open.body.push(text);
  }
  if (open) throw new Error(`${file}:${open.line}: this code block is never closed.`);
  return blocks;
}

/** README.md and every docs/*.md (not docs/api/), in a stable order. */
export function documentationFiles(root: string): string[] {
  const docs = join(root, 'docs');
  let guides: string[] = [];
  try {
    guides = readdirSync(docs, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.md'))
      .map((e) => join(docs, e.name))
      .sort();
  } catch {
    guides = [];
  }
  return [join(root, 'README.md'), ...guides];
}

export function allBlocks(root: string): DocBlock[] {
  return documentationFiles(root).flatMap((path) =>
    extractBlocks(relative(root, path), readFileSync(path, 'utf8')),
  );
}
