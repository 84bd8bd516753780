// A generated 100,000-line file validates in constant memory: the heap retained after a GC stays
// flat while the file is read, and stays far below the file's size. Checked for memory, not time.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import { validateTrainingFile } from '../../src/node/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const dir = mkdtempSync(join(tmpdir(), 'training-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = 100_000;

function generate(path: string): void {
  const words = [
    'alpha',
    'bravo',
    'charlie',
    'delta',
    'echo',
    'foxtrot',
    'golf',
    'hotel',
    'india',
    'juliet',
  ];
  const parts: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const text = Array.from({ length: 60 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(
      ' ',
    );
    parts.push(
      JSON.stringify({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: `${i}: ${text}` },
          { role: 'assistant', content: text.slice(0, 120) },
        ],
      }),
    );
    if (i === 5_000) parts.push('{"messages": 1}'); // one bad line in the middle
  }
  writeFileSync(path, `${parts.join('\n')}\n`);
}

it('validates 100,000 lines with a flat retained heap', async () => {
  const path = join(dir, 'large.jsonl');
  generate(path);
  writeFileSync(
    join(dir, 'warm.jsonl'),
    '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n',
  );
  const size = statSync(path).size;
  // Load the tokenizer first: its tables are a fixed cost, not memory that grows with the file.
  await validateTrainingFile(join(dir, 'warm.jsonl'), { method: 'supervised' });
  gc();
  const base = process.memoryUsage();
  const retained: number[] = [];
  const report = await validateTrainingFile(path, {
    method: 'supervised',
    // This thread's heap is what is sampled: check the lines here (worker threads have heaps of
    // their own; their memory is in the bench's peak RSS rows).
    workers: 0,
    onExample: ({ line }) => {
      if (line % 10_000 === 0) {
        gc();
        const now = process.memoryUsage();
        retained.push(now.heapUsed + now.arrayBuffers - base.heapUsed - base.arrayBuffers);
      }
    },
  });
  expect(report.counts).toMatchObject({ lines: LINES + 1, examples: LINES, invalidLines: 1 });
  expect(report.errors.map((e) => [e.line, e.code])).toEqual([[5_002, 'wrong_type']]);
  expect(report.tokens?.examples).toBe(LINES);
  expect(retained).toHaveLength(10);
  const MB = 2 ** 20;
  expect(size).toBeGreaterThan(40 * MB);
  // Nothing accumulates per line: the floor of the last five samples is within 2 MB of the first
  // five's (a sample can catch a read chunk or two in flight, hence floors, not single samples)...
  const floor = (samples: number[]) => Math.min(...samples);
  expect(floor(retained.slice(5)) - floor(retained.slice(0, 5))).toBeLessThan(2 * MB);
  // ...and at most a few read chunks are held at any point (about 2 MB here, 8 MB at a peak).
  expect(Math.max(...retained)).toBeLessThan(16 * MB);
});
