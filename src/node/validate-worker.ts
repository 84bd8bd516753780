// A validation worker thread: loads the tokenizer once, then checks each batch of lines it is
// sent and posts the result back. Started by ./validate-chunks.ts; built as dist/validate-worker.js
// and dist/validate-worker.cjs.
import { parentPort, workerData } from 'node:worker_threads';
import type { Encoding } from '../training-data/index.ts';
import {
  checkBatch,
  loadCounter,
  type BatchResult,
  type CheckConfig,
} from '../training-data/shared.ts';

/** What the worker is started with. */
export interface WorkerSetup {
  config: CheckConfig;
  /** The encoding to count tokens with, or null. */
  encoding: Encoding | null;
}

/** A batch to check. */
export interface WorkerTask {
  id: number;
  bytes: Uint8Array;
  first: boolean;
}

export type WorkerReply = { id: number; result: BatchResult } | { id: number; error: string };

const { config, encoding } = workerData as WorkerSetup;
const counter = encoding ? loadCounter(encoding) : Promise.resolve(null);
const port = parentPort!;

port.on('message', (task: WorkerTask) => {
  // Tasks run in the order they came: each waits on the same loaded counter.
  counter.then(
    (c) => {
      try {
        const result = checkBatch(config, c, task.first, task.bytes);
        port.postMessage({ id: task.id, result } satisfies WorkerReply, [result.valid.buffer]);
      } catch (error) {
        port.postMessage({
          id: task.id,
          error: (error as Error)?.stack ?? String(error),
        } satisfies WorkerReply);
      }
    },
    (error: unknown) =>
      port.postMessage({
        id: task.id,
        error: `the tokenizer could not be loaded: ${(error as Error)?.message ?? String(error)}`,
      } satisfies WorkerReply),
  );
});
