// The Node validator on worker threads gives the single-threaded validator's report, exactly:
// line numbers, first errors, counts, token and message statistics, duplicates. The merge is
// checked exhaustively in process (any lines, any chunking, any batch size, tiny issue caps), then
// the real worker threads on a few megabytes; plus backpressure, abort and bad options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.ts';
import { validateTrainingChunks } from '../../src/node/index.ts';
import { WORKER_MEMORY } from '../../src/node/validate-chunks.ts';
import { borrowPool, returnPool } from '../../src/node/validate-pool.ts';
import { checkBatch, checkTooLong, ReportMerger } from '../../src/training-data/batch.ts';
import { Batcher } from '../../src/training-data/batches.ts';
import {
  resolveOptions,
  type ValidateTrainingDataOptions,
} from '../../src/training-data/options.ts';
import { validateTrainingData, type TrainingDataReport } from '../../src/training-data/index.ts';
import { encodingFor, loadCounter } from '../../src/training-data/tokens.ts';

const enc = new TextEncoder();
const chat = (i: number, system: boolean, extra = '') =>
  JSON.stringify({
    messages: [
      ...(system ? [{ role: 'system', content: 'Be brief.' }] : []),
      { role: 'user', content: `Q${i} ${extra}` },
      { role: 'assistant', content: `A ${i} 東京 🎉` },
    ],
  });

/** Lines of every kind the validator tells apart. */
const lineKinds: Array<(i: number) => Uint8Array> = [
  (i) => enc.encode(chat(i, true)),
  (i) => enc.encode(chat(i, i % 3 === 0, 'x'.repeat(i % 50))),
  () => enc.encode(chat(1, true)), // a duplicate
  () => enc.encode('{"messages": [{"role": "user", "content": "no answer"}]}'),
  () => enc.encode('not json'),
  () => enc.encode('[1, 2]'),
  () => enc.encode('   '),
  () => enc.encode(''),
  (i) => enc.encode(`${chat(i, true)}\r`), // CRLF once joined
  (i) =>
    enc.encode(
      JSON.stringify({
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'y'.repeat(100 + i) },
        ],
        extra: 1,
      }),
    ),
  () => new Uint8Array([...enc.encode('{"messages": "'), 0xff, 0xfe, ...enc.encode('"}')]), // not UTF-8
];

const lineArb = fc
  .tuple(fc.nat({ max: lineKinds.length - 1 }), fc.nat({ max: 999 }))
  .map(([k, i]) => lineKinds[k]!(i));
const fileArb = fc.record({
  bom: fc.boolean(),
  lines: fc.array(lineArb, { maxLength: 60 }),
  /** Whether the last line ends with a newline (else it may be a truncated line). */
  terminated: fc.boolean(),
  truncate: fc.nat({ max: 30 }),
});

function fileBytes(f: {
  bom: boolean;
  lines: Uint8Array[];
  terminated: boolean;
  truncate: number;
}): Uint8Array<ArrayBuffer> {
  const parts: number[] = f.bom ? [0xef, 0xbb, 0xbf] : [];
  f.lines.forEach((line, i) => {
    const last = i === f.lines.length - 1;
    const bytes =
      last && !f.terminated ? line.subarray(0, Math.max(0, line.length - f.truncate)) : line;
    parts.push(...bytes);
    if (!last || f.terminated) parts.push(0x0a);
  });
  return new Uint8Array(parts);
}

function* chunksOf(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** The worker pipeline run in process: Batcher → checkBatch per batch → ReportMerger in order. */
async function merged(
  bytes: Uint8Array,
  sizes: number[],
  batchBytes: number,
  userOptions: ValidateTrainingDataOptions,
): Promise<TrainingDataReport> {
  const options = resolveOptions(userOptions);
  const counter = options.countTokens ? await loadCounter(encodingFor(options.model)) : null;
  const merger = new ReportMerger(options);
  const batcher = new Batcher(batchBytes, options.maxLineBytes);
  let id = 0;
  const take = (batch: ReturnType<Batcher['end']>) => {
    if (!batch) return;
    if (batch.kind === 'tooLong')
      merger.add(checkTooLong(options, batch.length, batch.terminated), 0);
    else merger.add(checkBatch(options, counter, id === 0, batch.bytes), batch.bytes.length);
    id += 1;
  };
  for (const chunk of chunksOf(bytes, sizes)) for (const batch of batcher.push(chunk)) take(batch);
  take(batcher.end());
  merger.counts.bytes = bytes.length;
  return merger.finish(counter ? counter.encoding : null);
}

describe('merging batches checked apart', () => {
  it('gives the single-threaded report for any lines, chunking, batch size and caps (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fileArb,
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 600 }),
        fc.record({
          maxIssues: fc.integer({ min: 0, max: 6 }),
          maxLineBytes: fc.integer({ min: 20, max: 400 }),
          countTokens: fc.boolean(),
          method: fc.constantFrom('supervised', 'dpo') as fc.Arbitrary<'supervised' | 'dpo'>,
        }),
        async (file, sizes, batchBytes, opts) => {
          const bytes = fileBytes(file);
          const seenSingle: unknown[] = [];
          const seenMerged: unknown[] = [];
          const single = await validateTrainingData(new Blob([bytes]), {
            ...opts,
            onExample: (e) => seenSingle.push(e),
          });
          const parallel = await merged(bytes, sizes, batchBytes, {
            ...opts,
            onExample: (e) => seenMerged.push(e),
          });
          expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
          expect(seenMerged).toEqual(seenSingle);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A few megabytes of varied lines, errors and duplicates spread through. */
function bigFile(lines: number): Uint8Array<ArrayBuffer> {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (i % 1009 === 0) out.push('not json');
    else if (i % 1301 === 0) out.push(out[7]!);
    else if (i % 2003 === 0) out.push('');
    else out.push(chat(i, i % 11 !== 0, 'lorem ipsum dolor sit amet '.repeat(i % 17)));
  }
  return enc.encode(`${out.join('\n')}\n`);
}

// Worker threads started from the sources load tsx first: slow on a busy machine, hence the timeout.
describe('validateTrainingChunks on worker threads', { timeout: 90_000 }, () => {
  const bytes = bigFile(30_000);

  it('counts tokens on the workers as on one thread', async () => {
    // A stream of unknown size: workers start at the first full batch (1 MiB).
    const part = bytes.subarray(0, bytes.indexOf(0x0a, 2_500_000) + 1);
    const single = await validateTrainingData(new Blob([part]), { method: 'supervised' });
    const parallel = await validateTrainingChunks(new Blob([part]).stream(), {
      method: 'supervised',
      workers: 2,
    });
    expect(parallel.tokens!.total).toBeGreaterThan(0);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
  });

  it('gives the single-threaded report and leaves the chunks untouched', async () => {
    expect(bytes.length).toBeGreaterThan(5 * 2 ** 20);
    const chunks = [...chunksOf(bytes, [65_536, 1_000_003, 7])].map((c) => c.slice());
    const copies = chunks.map((c) => c.slice());
    const progress: Array<{ bytes: number; lines: number; totalBytes?: number }> = [];
    async function* source() {
      yield* chunks;
    }
    const single = await validateTrainingData(new Blob([bytes]), {
      method: 'supervised',
      maxIssues: 20,
      countTokens: false,
    });
    const parallel = await validateTrainingChunks(source(), {
      method: 'supervised',
      maxIssues: 20,
      countTokens: false,
      workers: 2,
      totalBytes: bytes.length,
      onProgress: (p) => progress.push(p),
    });
    expect(parallel).toEqual(single);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
    expect(parallel.counts.warnings.duplicate_example).toBeGreaterThan(10);
    expect(parallel.counts.unlisted.errors).toBeGreaterThan(0);
    for (const [i, c] of chunks.entries()) expect(Buffer.compare(c, copies[i]!)).toBe(0);
    // Progress: growing, and last the whole source.
    expect(progress.at(-1)).toEqual({
      bytes: bytes.length,
      totalBytes: bytes.length,
      lines: single.counts.lines,
    });
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.bytes).toBeGreaterThanOrEqual(progress[i - 1]!.bytes);
  });

  it('reads no further ahead of the merge than a few batches (backpressure)', async () => {
    let pulled = 0;
    let ahead = 0;
    const chunk = 64 * 1024;
    async function* source() {
      for (let at = 0; at < bytes.length; at += chunk) {
        const piece = bytes.subarray(at, at + chunk);
        pulled += piece.length;
        yield piece;
      }
    }
    // Line starts, to know how many bytes are merged when a line's example is reported.
    const ends: number[] = [0];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) ends.push(i + 1);
    const report = await validateTrainingChunks(source(), {
      method: 'supervised',
      countTokens: false,
      workers: 2,
      onExample: ({ line }) => {
        ahead = Math.max(ahead, pulled - ends[line]!);
      },
    });
    expect(report.counts.lines).toBe(30_000);
    // 2 workers × 2 batches of 1 MiB in flight, one being merged, one being cut, one chunk.
    expect(ahead).toBeLessThan(6 * 2 ** 20 + chunk);
    expect(ahead).toBeGreaterThan(0);
  });

  it('stops on abort with the signal reason', async () => {
    const controller = new AbortController();
    async function* source() {
      for (let at = 0; at < bytes.length; at += 1 << 20) {
        if (at >= 3 << 20) controller.abort(new Error('stop here'));
        yield bytes.subarray(at, at + (1 << 20));
      }
    }
    await expect(
      validateTrainingChunks(source(), {
        method: 'supervised',
        countTokens: false,
        workers: 2,
        signal: controller.signal,
      }),
    ).rejects.toThrow('stop here');
  });

  it('rejects a bad workers option or source with a typed error', async () => {
    await expect(validateTrainingChunks([] as never, { method: 'supervised' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(
      validateTrainingChunks(new Blob(['x']).stream(), { method: 'supervised', workers: -1 }),
    ).rejects.toThrow(/`workers` must be a whole number >= 0/);
    await expect(
      validateTrainingChunks(new Blob(['x']).stream(), { method: 'supervised', workers: 1.5 }),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it('keeps its workers warm for the next validation, tokenizer loaded', async () => {
    const part = bytes.subarray(0, bytes.indexOf(0x0a, 2_500_000) + 1);
    const options = { method: 'supervised' as const, workers: 2 };
    const first = await validateTrainingChunks(new Blob([part]).stream(), options);
    // The pool the next validation borrows has its tokenizers loaded already.
    const pool = borrowPool(2, 'o200k_base', 'test', { url: new URL('file:///unused') });
    expect(pool.ready).toBe(true);
    await returnPool(pool);
    const second = await validateTrainingChunks(new Blob([part]).stream(), options);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(second.tokens!.total).toBeGreaterThan(0);
  });

  it('starts no worker when maxMemory is below one worker, with the same report', async () => {
    const part = bytes.subarray(0, bytes.indexOf(0x0a, 2_500_000) + 1);
    const options = { method: 'supervised' as const, countTokens: false, totalBytes: part.length };
    expect(
      await validateTrainingChunks(new Blob([part]).stream(), {
        ...options,
        maxMemory: WORKER_MEMORY - 1,
      }),
    ).toEqual(await validateTrainingData(new Blob([part]), options));
    await expect(
      validateTrainingChunks(new Blob(['x']).stream(), { method: 'supervised', maxMemory: -5 }),
    ).rejects.toThrow(/`maxMemory` must be a whole number of bytes/);
  });

  it('checks small sources on the calling thread with the same report', async () => {
    const small = bytes.subarray(0, 200_000);
    const cut = small.subarray(0, small.lastIndexOf(0x0a) + 1);
    expect(
      await validateTrainingChunks(new Blob([cut]).stream(), {
        method: 'supervised',
        countTokens: false,
      }),
    ).toEqual(
      await validateTrainingData(new Blob([cut]), { method: 'supervised', countTokens: false }),
    );
  });
});
