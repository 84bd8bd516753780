// The validation workers, kept warm across validations: loading a tokenizer takes a worker about a
// second, which on a 50 MB file cost more than the workers saved (21.6 MB/s with 2 workers against
// 36 MB/s on one thread, issue #32). One pool per encoding; a validation borrows it, and it is let
// go (its threads unref'd, so they hold no process open) when the validation ends, then ended after
// IDLE_MS without use. A pool whose worker failed is ended and not lent again.
import { Worker } from 'node:worker_threads';
import { UnreadableTrainingDataError, type Encoding } from '../training-data/index.ts';
import type { BatchResult, CheckConfig } from '../training-data/shared.ts';
import type { WorkerReply, WorkerSetup, WorkerTask } from './validate-worker.ts';

/** How long a pool is kept after its last validation. */
const IDLE_MS = 30_000;

export interface WorkerModule {
  url: URL;
  /** Code to run instead of `url` (eval), when the module needs a loader first. */
  source?: string;
}

type Task = { resolve: (r: BatchResult) => void; reject: (e: unknown) => void; slot: number };

/** A set of workers; the least busy ready one gets the next batch. */
export class Pool {
  readonly #workers: Array<{ worker: Worker; busy: number; ready: boolean }> = [];
  readonly #waiting = new Map<number, Task>();
  #failure: unknown;
  #ids = 0;
  #idle: NodeJS.Timeout | undefined;
  #lent = 0;
  /** Whether a worker has ever failed: then the pool is not lent again. */
  broken = false;

  constructor(
    readonly size: number,
    readonly encoding: Encoding | null,
    readonly what: string,
    module: WorkerModule,
  ) {
    const setup: WorkerSetup = { encoding };
    for (let slot = 0; slot < size; slot++) {
      const worker = module.source
        ? new Worker(module.source, { eval: true, workerData: setup })
        : new Worker(module.url, { workerData: setup });
      const entry = { worker, busy: 0, ready: false };
      worker.on('message', (reply: WorkerReply) => this.#answer(entry, reply));
      worker.on('error', (error) =>
        this.fail(
          new UnreadableTrainingDataError(
            `${what}: a validation worker stopped: ${error.message}. Pass { workers: 0 } to validate on the calling thread.`,
            { cause: error },
          ),
        ),
      );
      worker.on('exit', (code) => {
        this.broken = true;
        if (this.#waiting.size > 0)
          this.fail(
            new UnreadableTrainingDataError(
              `${what}: a validation worker exited (code ${code}) with batches unchecked.`,
            ),
          );
      });
      this.#workers.push(entry);
    }
  }

  #answer(entry: { busy: number; ready: boolean }, reply: WorkerReply): void {
    if ('ready' in reply) {
      entry.ready = true;
      return;
    }
    const task = this.#waiting.get(reply.id);
    if (!task) return;
    this.#waiting.delete(reply.id);
    entry.busy -= 1;
    if ('error' in reply) {
      this.broken = true;
      task.reject(
        new UnreadableTrainingDataError(`${this.what}: a validation worker failed: ${reply.error}`),
      );
    } else task.resolve(reply.result);
  }

  /** Whether a worker has its tokenizer loaded (until then the caller checks batches itself). */
  get ready(): boolean {
    return this.#workers.some((w) => w.ready);
  }

  /** Whether every ready worker has `depth` batches or more waiting (none ready counts as busy). */
  busy(depth: number): boolean {
    return this.#workers.every((w) => !w.ready || w.busy >= depth);
  }

  run(config: CheckConfig, bytes: Uint8Array<ArrayBuffer>, first: boolean): Promise<BatchResult> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    let slot = -1;
    for (let i = 0; i < this.#workers.length; i++) {
      const w = this.#workers[i]!;
      if (w.ready && (slot < 0 || w.busy < this.#workers[slot]!.busy)) slot = i;
    }
    if (slot < 0) slot = 0;
    const entry = this.#workers[slot]!;
    entry.busy += 1;
    const id = this.#ids++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject, slot });
      entry.worker.postMessage({ id, bytes, first, config } satisfies WorkerTask, [bytes.buffer]);
    });
  }

  /** Rejects every batch in flight with `reason`; the pool is not lent again. */
  fail(reason: unknown): void {
    this.broken = true;
    if (this.#failure === undefined) this.#failure = reason;
    for (const task of this.#waiting.values()) task.reject(reason);
    this.#waiting.clear();
  }

  borrow(): void {
    this.#lent += 1;
    clearTimeout(this.#idle);
    for (const { worker } of this.#workers) worker.ref();
  }

  /** The validation is over: unref'd and kept warm for the next, or ended if broken. */
  giveBack(): Promise<void> {
    this.#lent -= 1;
    this.#waiting.clear();
    if (this.broken) return this.end();
    if (this.#lent > 0) return Promise.resolve();
    for (const { worker } of this.#workers) worker.unref();
    this.#idle = setTimeout(() => void this.end(), IDLE_MS);
    this.#idle.unref();
    return Promise.resolve();
  }

  async end(): Promise<void> {
    clearTimeout(this.#idle);
    if (pools.get(this.encoding) === this) pools.delete(this.encoding);
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }
}

const pools = new Map<Encoding | null, Pool>();

/**
 * A warm pool of `size` workers for `encoding`, lent to one validation at a time (a second one at
 * the same time gets its own, ended when it is given back).
 */
export function borrowPool(
  size: number,
  encoding: Encoding | null,
  what: string,
  module: WorkerModule,
): Pool {
  const warm = pools.get(encoding);
  if (warm && !warm.broken && warm.size === size && !lent.has(warm)) {
    lent.add(warm);
    warm.borrow();
    return warm;
  }
  const pool = new Pool(size, encoding, what, module);
  if (!warm || warm.broken || !lent.has(warm)) {
    if (warm && !lent.has(warm)) void warm.end();
    pools.set(encoding, pool);
  }
  lent.add(pool);
  pool.borrow();
  return pool;
}

const lent = new Set<Pool>();

/** Gives a borrowed pool back: kept warm if it is the one kept for its encoding, else ended. */
export function returnPool(pool: Pool): Promise<void> {
  lent.delete(pool);
  if (pools.get(pool.encoding) !== pool) return pool.giveBack().then(() => pool.end());
  return pool.giveBack();
}
