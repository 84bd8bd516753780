// validateTrainingChunks: the training-data validator over a byte stream, spread over worker
// threads. The stream is cut into batches of whole lines (about 1 MiB, copied, so the caller's
// buffers stay untouched for an upload reading the same bytes); each worker checks a batch as the
// single-threaded validator checks lines, and the results are merged in order, so the report is
// the one validateTrainingData gives. At most WORKERS × 2 batches are read ahead of the merge: the
// stream is not pulled further until the oldest batch is merged (backpressure, bounded memory).
//
// node:worker_threads directly rather than a pool package (tinypool, piscina): the pool needed is
// a set of workers fed in order with one message type (./validate-pool.ts), which is a few lines, and the Node
// entry keeps no runtime dependency besides the tokenizer.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '../errors.ts';
import {
  encodingFor,
  UnreadableTrainingDataError,
  type Encoding,
  type TrainingDataReport,
  type ValidateTrainingDataOptions,
} from '../training-data/index.ts';
import {
  Batcher,
  checkBatch,
  checkTooLong,
  loadCounter,
  ReportMerger,
  resolveOptions,
  toChunks,
  validateUntraced,
  type Batch,
  type BatchResult,
  type CheckConfig,
  type ResolvedValidateOptions,
} from '../training-data/shared.ts';
import { defaultMaxMemory, machine } from './machine.ts';
import { borrowPool, returnPool, type Pool, type WorkerModule } from './validate-pool.ts';
import {
  checksKey,
  usableCheckpoint,
  type ValidationCheckpointOptions,
} from './validation-checkpoint.ts';

/** Options of `validateTrainingChunks` and `validateTrainingFile`. */
export interface ValidateTrainingChunksOptions
  extends ValidateTrainingDataOptions,
    ValidationCheckpointOptions {
  /**
   * Worker threads to check lines on; 0 checks them on the calling thread. Sources under 4 MiB
   * (when `totalBytes` says so, or when the stream ends before the first batch) are checked on the
   * calling thread whatever this says: starting workers would cost more than it saves.
   * @default one fewer than the cores (os.availableParallelism()), at most 16: the calling thread
   * checks batches too
   */
  workers?: number;
  /**
   * The most bytes the workers may take (each holds its own tokenizer tables, about
   * WORKER_MEMORY): fewer workers when it is tight, none (the calling thread) below one worker's
   * worth. `workers` given explicitly is kept.
   * @default a quarter of the container's memory limit, when it has one (no cap otherwise)
   */
  maxMemory?: number;
}

/**
 * What one validation worker adds to the process's RSS with o200k_base loaded: a thread's heap and
 * its own copy of the tokenizer's tables (measured with `npm run bench -- training-data`: 2
 * workers took 362 MB on the 50 MB file against 189 MB for an idle process, so about 85 MB each).
 */
export const WORKER_MEMORY = 96 * 2 ** 20;

/** Bytes per batch sent to a worker. */
export const BATCH_BYTES = 1 << 20;
/** Below this size (when known), no worker is started. */
const SMALL_SOURCE = 4 * BATCH_BYTES;
/** Batches read ahead of the merge, per worker. */
const AHEAD_PER_WORKER = 2;

const WHAT = 'validateTrainingChunks';

/** The worker module next to this one: .ts from the sources; .js, .cjs (package entries) or .mjs (the CLI) when built. */
function workerModule(): WorkerModule | undefined {
  const here = import.meta.url;
  const ext = /\.(ts|cjs|mjs)$/.exec(here)?.[0] ?? '.js';
  const url = new URL(`./validate-worker${ext}`, here);
  // Bundled into an application without the worker file: check on the calling thread instead.
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return undefined;
  if (ext !== '.ts') return { url };
  // From the sources (this project's tests): the worker loads tsx's loader, then the module.
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return {
    url,
    source: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
  };
}

function resolveWorkers(workers: number | undefined, maxMemory: number | undefined): number {
  if (maxMemory !== undefined && !(Number.isInteger(maxMemory) && maxMemory > 0)) {
    throw new InvalidArgumentError(
      `${WHAT}: \`maxMemory\` must be a whole number of bytes, got ${String(maxMemory)}.`,
    );
  }
  if (workers === undefined) {
    const { cores } = machine();
    const budget = maxMemory ?? defaultMaxMemory();
    const fit = budget === undefined ? 16 : Math.floor(budget / WORKER_MEMORY);
    // The calling thread checks batches as well (see `submit`): one worker per other core.
    return Math.min(16, cores - 1, fit);
  }
  if (!(Number.isInteger(workers) && workers >= 0)) {
    throw new InvalidArgumentError(
      `${WHAT}: \`workers\` must be a whole number >= 0 (0 checks on the calling thread), got ${String(workers)}.`,
    );
  }
  return workers;
}

const configOf = (o: ResolvedValidateOptions): CheckConfig => ({
  method: o.method,
  model: o.model,
  fields: o.fields,
  tokenLimit: o.tokenLimit,
  maxIssues: o.maxIssues,
  maxLineBytes: o.maxLineBytes,
});

/**
 * Validates JSONL training data given as a stream of byte chunks, on worker threads, in bounded
 * memory; resolves with the report `validateTrainingData` gives for the same bytes. The chunks are
 * only read, never changed or kept, so the same stream can feed an upload at the same time.
 * @example
 * import { createReadStream } from 'node:fs';
 * const report = await validateTrainingChunks(createReadStream('train.jsonl'), { method: 'supervised', onProgress: console.log });
 */
export async function validateTrainingChunks(
  chunks: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  userOptions: ValidateTrainingChunksOptions,
): Promise<TrainingDataReport> {
  const options = resolveOptions(userOptions);
  const workers = resolveWorkers(userOptions?.workers, userOptions?.maxMemory);
  const source = toChunks(chunks);
  const module =
    workers > 0 && !(options.totalBytes !== undefined && options.totalBytes < SMALL_SOURCE)
      ? workerModule()
      : undefined;
  if (!module) return validateUntraced(source, userOptions);

  const config = configOf(options);
  const encoding: Encoding | null = options.countTokens ? encodingFor(options.model) : null;
  const merger = new ReportMerger(options);
  const batcher = new Batcher(BATCH_BYTES, options.maxLineBytes);
  const checks = checksKey(options);
  const resumed = usableCheckpoint(userOptions.resumeFrom, options);
  if (resumed) merger.add(resumed.result, resumed.bytes);
  /** Bytes of the source still to skip: those the checkpoint checked. */
  let skip = resumed?.bytes ?? 0;
  const queue: Array<{ result: Promise<BatchResult>; bytes: number; done?: boolean }> = [];
  let pool: Pool | undefined;
  let ids = 0;
  let read = 0;
  const { signal } = options;
  const onAbort = () => pool?.fail(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  const mergeOldest = async (): Promise<void> => {
    const { result, bytes } = queue.shift()!;
    merger.add(await result, bytes);
    userOptions.onCheckpoint?.({
      bytes: merger.counts.bytes,
      checks,
      result: merger.snapshot() as unknown as Record<string, unknown>,
    });
  };
  // The tokenizer on this thread (loaded once per process): batches are checked here while the
  // workers load theirs and whenever each has one in hand.
  let local: Awaited<ReturnType<typeof loadCounter>> | null | undefined;
  const startLocal = () => {
    if (!encoding) local = null;
    else
      loadCounter(encoding).then(
        (c) => (local = c),
        () => undefined,
      );
  };
  const submit = (batch: Batch, last: boolean): void => {
    const id = ids++;
    const first = id === 0 && !resumed;
    if (batch.kind === 'tooLong') {
      queue.push({
        result: Promise.resolve(checkTooLong(config, batch.length, batch.terminated)),
        bytes: batch.length + (batch.terminated ? 1 : 0),
      });
    } else if (!pool && last) {
      // The whole source in one batch: checked here, no worker started.
      const bytes = batch.bytes;
      const counter = encoding ? loadCounter(encoding) : Promise.resolve(null);
      queue.push({
        result: counter.then((c) => checkBatch(config, c, first, bytes)),
        bytes: bytes.length,
      });
    } else {
      if (!pool) {
        pool = borrowPool(workers, encoding, WHAT, module);
        startLocal();
      }
      const size = batch.bytes.length;
      const bytes = batch.bytes;
      // This thread checks a batch too when every worker is loading or has one in hand: it is
      // one more checker (so the default is one worker fewer than the cores, and one tokenizer
      // fewer in memory), and the file does not wait on a cold start.
      const result =
        local !== undefined && pool.busy(1)
          ? (async () => checkBatch(config, local!, first, bytes))()
          : pool.run(config, bytes, first);
      // Merged (and awaited) in order; a rejection is seen there, not as an unhandled one.
      result.catch(() => {});
      const entry: (typeof queue)[number] = { result, bytes: size };
      // Merged once checked, not only when the queue is full: checkpoints follow the workers.
      result.then(() => (entry.done = true)).catch(() => {});
      queue.push(entry);
    }
  };

  try {
    try {
      for await (const chunk of source) {
        signal?.throwIfAborted();
        read += chunk.length;
        let bytes = chunk;
        if (skip > 0) {
          const skipped = Math.min(skip, bytes.length);
          skip -= skipped;
          bytes = bytes.subarray(skipped);
          if (bytes.length === 0) continue;
        }
        for (const batch of batcher.push(bytes)) {
          submit(batch, false);
          while (queue.length >= workers * AHEAD_PER_WORKER) await mergeOldest();
        }
        while (queue[0]?.done) await mergeOldest();
      }
    } catch (error) {
      if (
        signal?.aborted ||
        error instanceof InvalidArgumentError ||
        error instanceof UnreadableTrainingDataError
      )
        throw error;
      throw new UnreadableTrainingDataError(
        `${WHAT}: the source could not be read after ${read} bytes: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      );
    }
    const last = batcher.end();
    if (last) submit(last, true);
    while (queue.length > 0) await mergeOldest();
    signal?.throwIfAborted();
    merger.counts.bytes = read;
    return merger.finish(encoding);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (pool) await returnPool(pool);
  }
}
