// Training-data adapter: validating and uploading a file on disk through the package's Node
// helpers (`openai-fine-tuning/node`): the file is validated and uploaded as a stream.
import { stat } from 'node:fs/promises';
import type { OpenAiFile } from '../../../generated/types.gen.ts';
import {
  uploadTrainingFile,
  validateTrainingFile,
  type UploadTrainingFileOptions,
  type UploadedTrainingFile,
} from '../../node/index.ts';
import { UsageError } from '../errors.ts';
import type { FineTuning } from './client.ts';

export type { TrainingDataIssue, TrainingDataReport } from '../../training-data/index.ts';
import type { TrainingDataReport } from '../../training-data/index.ts';

export type { CliMethod } from '../parse.ts';
import type { CliMethod } from '../parse.ts';

/** Reads `path` or says in one line why it cannot. */
export async function checkReadable(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}. Check the path.`,
    );
  });
  if (!info.isFile())
    throw new UsageError(`${path} is not a file. Pass the path of a .jsonl file.`);
}

export type { TrainingDataProgress } from '../../training-data/index.ts';
import type { TrainingDataProgress } from '../../training-data/index.ts';

/** The size of a readable file, or a one-line usage error. */
export async function fileSize(path: string): Promise<number> {
  await checkReadable(path);
  return (await stat(path)).size;
}

export async function validateFile(
  path: string,
  o: {
    method: CliMethod;
    model?: string;
    epochs?: number;
    onProgress?: (p: TrainingDataProgress) => void;
  },
): Promise<TrainingDataReport> {
  await checkReadable(path);
  return validateTrainingFile(path, {
    method: o.method,
    ...(o.model ? { model: o.model } : {}),
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
}

export { InvalidTrainingDataError, type UploadTrainingFileOptions } from '../../node/index.ts';
export type { ValidationCheckpoint } from '../../node/index.ts';
export {
  UploadExpiredError,
  UploadInterruptedError,
  type UploadResumeState,
} from '../../upload/errors.ts';

/** Uploads (validating in the same read when asked): files.create when small, an Upload in parts when large. */
export async function uploadFile(
  ft: FineTuning,
  path: string,
  options: UploadTrainingFileOptions,
): Promise<UploadedTrainingFile> {
  await checkReadable(path);
  return uploadTrainingFile(ft, path, options);
}

export type { OpenAiFile };
