// validateTrainingFile: validateTrainingData over a file read from disk as a stream.
import { createReadStream } from 'node:fs';
import type { TrainingDataReport } from '../training-data/report.ts';
import type { ValidateTrainingDataOptions } from '../training-data/options.ts';
import { validateTrainingData } from '../training-data/validate.ts';
import { checkFile } from './open-file.ts';

/** 1 MiB reads: large enough for throughput, small enough that memory stays flat. */
const READ_SIZE = 1 << 20;

/**
 * Validates the JSONL file at `path`, reading it as a stream in constant memory.
 * @example
 * const report = await validateTrainingFile('train.jsonl', { method: 'supervised' });
 */
export async function validateTrainingFile(path: string, options: ValidateTrainingDataOptions): Promise<TrainingDataReport> {
  await checkFile(path, 'validateTrainingFile');
  const stream = createReadStream(path, { highWaterMark: READ_SIZE, signal: options?.signal });
  try {
    return await validateTrainingData(stream as AsyncIterable<Uint8Array>, options);
  } finally {
    stream.destroy();
  }
}
