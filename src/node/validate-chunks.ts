// validateTrainingChunks: the training-data validator over a byte stream, spread over worker
// threads. The stream is cut into batches of whole lines (about 1 MiB, copied, so the caller's
// buffers stay untouched for an upload reading the same bytes); each worker checks a batch as the
// single-threaded validator checks lines, and the results are merged in order, so the report is
// the one validateTrainingData gives. At most WORKERS × 2 batches are read ahead of the merge: the
// stream is not pulled further until the oldest batch is merged (backpressure, bounded memory).
//
// node:worker_threads directly rather than a pool package (tinypool, piscina): the pool needed is
// a fixed set of workers fed in order with one message type, which is a few lines, and the Node
// entry keeps no runtime dependency besides the tokenizer.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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
import {
  checksKey,
  usableCheckpoint,
  type ValidationCheckpointOptions,
} from './validation-checkpoint.ts';
import type { WorkerReply, WorkerSetup, WorkerTask } from './validate-worker.ts';

/** Options of `validateTrainingChunks` and `validateTrainingFile`. */
export interface ValidateTrainingChunksOptions
  extends ValidateTrainingDataOptions,
    ValidationCheckpointOptions {
  /**
   * Worker threads to check lines on; 0 checks them on the calling thread. Sources under 4 MiB
   * (when `totalBytes` says so, or when the stream ends before the first batch) are checked on the
   * calling thread whatever this says: starting workers would cost more than it saves.
   * @default the number of cores (os.availableParallelism()), at most 16
   */
  workers?: number;
}

/** Bytes per batch sent to a worker. */
export const BATCH_BYTES = 1 << 20;
/** Below this size (when known), no worker is started. */
const SMALL_SOURCE = 4 * BATCH_BYTES;
/** Batches read ahead of the merge, per worker. */
const AHEAD_PER_WORKER = 2;

const WHAT = 'validateTrainingChunks';

interface WorkerModule {
  url: URL;
  /** Code to run instead of `url` (eval), when the module needs a loader first. */
  source?: string;
}

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

function resolveWorkers(workers: number | undefined): number {
  if (workers === undefined) return Math.min(16, availableParallelism());
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

/** A fixed set of workers; each takes batches in order, the least busy one gets the next. */
class Pool {
  readonly #workers: Array<{ worker: Worker; busy: number }> = [];
  readonly #waiting = new Map<
    number,
    { resolve: (r: BatchResult) => void; reject: (e: unknown) => void; slot: number }
  >();
  #failure: unknown;

  constructor(size: number, module: WorkerModule, setup: WorkerSetup) {
    for (let i = 0; i < size; i++) {
      const worker = module.source
        ? new Worker(module.source, { eval: true, workerData: setup })
        : new Worker(module.url, { workerData: setup });
      worker.on('message', (reply: WorkerReply) => {
        const task = this.#waiting.get(reply.id);
        if (!task) return;
        this.#waiting.delete(reply.id);
        this.#workers[task.slot]!.busy -= 1;
        if ('error' in reply)
          task.reject(
            new UnreadableTrainingDataError(`${WHAT}: a validation worker failed: ${reply.error}`),
          );
        else task.resolve(reply.result);
      });
      worker.on('error', (error) =>
        this.fail(
          new UnreadableTrainingDataError(
            `${WHAT}: a validation worker stopped: ${error.message}. Pass { workers: 0 } to validate on the calling thread.`,
            { cause: error },
          ),
        ),
      );
      worker.on('exit', (code) => {
        if (this.#waiting.size > 0)
          this.fail(
            new UnreadableTrainingDataError(
              `${WHAT}: a validation worker exited (code ${code}) with batches unchecked.`,
            ),
          );
      });
      this.#workers.push({ worker, busy: 0 });
    }
  }

  run(id: number, bytes: Uint8Array<ArrayBuffer>, first: boolean): Promise<BatchResult> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    let slot = 0;
    for (let i = 1; i < this.#workers.length; i++)
      if (this.#workers[i]!.busy < this.#workers[slot]!.busy) slot = i;
    const entry = this.#workers[slot]!;
    entry.busy += 1;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject, slot });
      entry.worker.postMessage({ id, bytes, first } satisfies WorkerTask, [bytes.buffer]);
    });
  }

  /** Rejects every batch in flight with `reason`. */
  fail(reason: unknown): void {
    if (this.#failure === undefined) this.#failure = reason;
    for (const task of this.#waiting.values()) task.reject(reason);
    this.#waiting.clear();
  }

  async close(): Promise<void> {
    this.#waiting.clear();
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }
}

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
  const workers = resolveWorkers(userOptions?.workers);
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
  const submit = (batch: Batch, last: boolean): void => {
    const id = ids++;
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
        result: counter.then((c) => checkBatch(config, c, id === 0 && !resumed, bytes)),
        bytes: bytes.length,
      });
    } else {
      pool ??= new Pool(workers, module, { config, encoding });
      const size = batch.bytes.length;
      const result = pool.run(id, batch.bytes, id === 0 && !resumed);
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
    await pool?.close();
  }
}
