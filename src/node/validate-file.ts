// validateTrainingFile: the parallel validator (validateTrainingChunks) over a file read from disk
// as a stream.
import { createReadStream } from 'node:fs';
import type { TrainingDataReport } from '../training-data/index.ts';
import { checkFile } from './open-file.ts';
import { withSpan } from '../telemetry/spans.ts';
import { reportOnSpan } from '../training-data/shared.ts';
import { validateTrainingChunks, type ValidateTrainingChunksOptions } from './validate-chunks.ts';

/** 1 MiB reads: large enough for throughput, small enough that memory stays flat. */
const READ_SIZE = 1 << 20;

/**
 * Validates the JSONL file at `path`, reading it as a stream in bounded memory, on worker threads
 * (one per core) for files of 4 MiB and more.
 * @example
 * const report = await validateTrainingFile('train.jsonl', { method: 'supervised' });
 */
export function validateTrainingFile(
  path: string,
  options: ValidateTrainingChunksOptions,
): Promise<TrainingDataReport> {
  // One span over the whole validation (when an OpenTelemetry provider is registered).
  return withSpan(
    'validateTrainingFile',
    { 'openai.fine_tuning.method': options?.method },
    (span) => validateFile(path, options).then((report) => reportOnSpan(span, report)),
  );
}

async function validateFile(
  path: string,
  options: ValidateTrainingChunksOptions,
): Promise<TrainingDataReport> {
  const size = await checkFile(path, 'validateTrainingFile');
  const stream = createReadStream(path, { highWaterMark: READ_SIZE, signal: options?.signal });
  try {
    return await validateTrainingChunks(stream as AsyncIterable<Uint8Array>, {
      ...options,
      totalBytes: options?.totalBytes ?? size,
    });
  } finally {
    stream.destroy();
  }
}
