// Compares two trees of text files and describes the differences briefly.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/** A short unified-style excerpt around the first block of changed lines. */
export function shortDiff(expected: string, actual: string, maxLines = 12): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  const lines = [`@@ line ${start + 1} @@`];
  for (const line of a.slice(start, Math.min(endA + 1, start + maxLines))) lines.push(`- ${line}`);
  if (endA + 1 - start > maxLines) lines.push(`- … ${endA + 1 - start - maxLines} more`);
  for (const line of b.slice(start, Math.min(endB + 1, start + maxLines))) lines.push(`+ ${line}`);
  if (endB + 1 - start > maxLines) lines.push(`+ … ${endB + 1 - start - maxLines} more`);
  return lines.join('\n');
}

export interface Difference {
  file: string;
  kind: 'changed' | 'missing' | 'unexpected';
  diff?: string;
}

/** `expected` is what the source gives; `actual` is what is committed. */
export async function compareTrees(
  expectedDir: string,
  actualDir: string,
  label: string,
): Promise<Difference[]> {
  const [expected, actual] = await Promise.all([listFiles(expectedDir), listFiles(actualDir)]);
  const differences: Difference[] = [];
  for (const file of expected) {
    if (!actual.includes(file)) {
      differences.push({ file: `${label}/${file}`, kind: 'missing' });
      continue;
    }
    const [want, have] = await Promise.all([
      readFile(join(expectedDir, file), 'utf8'),
      readFile(join(actualDir, file), 'utf8'),
    ]);
    if (want !== have)
      differences.push({ file: `${label}/${file}`, kind: 'changed', diff: shortDiff(want, have) });
  }
  for (const file of actual) {
    if (!expected.includes(file))
      differences.push({ file: `${label}/${file}`, kind: 'unexpected' });
  }
  return differences;
}
