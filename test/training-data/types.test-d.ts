// The public types of the training-data and node entries.
import { expectTypeOf, it } from 'vitest';
import type { FineTuning } from '../../src/index.ts';
import type { UploadedTrainingFile } from '../../src/node/index.ts';
import {
  uploadTrainingFile,
  validateTrainingChunks,
  type ValidateTrainingChunksOptions,
} from '../../src/node/index.ts';
import {
  validateTrainingData,
  type TrainingDataIssue,
  type TrainingDataReport,
  type TrainingDataSource,
  type TrainingMethod,
} from '../../src/training-data/index.ts';

it('types the validator', () => {
  expectTypeOf<TrainingMethod>().toEqualTypeOf<'supervised' | 'dpo' | 'reinforcement'>();
  expectTypeOf<string>().toExtend<TrainingDataSource>();
  expectTypeOf<File>().toExtend<TrainingDataSource>();
  expectTypeOf<ReadableStream<Uint8Array>>().toExtend<TrainingDataSource>();
  expectTypeOf<number>().not.toExtend<TrainingDataSource>();
  expectTypeOf(validateTrainingData).returns.resolves.toEqualTypeOf<TrainingDataReport>();
  expectTypeOf<TrainingDataIssue['line']>().toEqualTypeOf<number | null>();
  // @ts-expect-error: the method is required
  void validateTrainingData('', {});
  // The API's name for DPO, and the alias kept for it.
  void validateTrainingData('', { method: 'dpo' });
  void validateTrainingData('', { method: 'preference' });
  // @ts-expect-error: not a method
  void validateTrainingData('', { method: 'sft' });
});

it('types the parallel validator over a byte stream', () => {
  expectTypeOf(validateTrainingChunks).returns.resolves.toEqualTypeOf<TrainingDataReport>();
  expectTypeOf<AsyncIterable<Uint8Array>>().toExtend<
    Parameters<typeof validateTrainingChunks>[0]
  >();
  expectTypeOf<ReadableStream<Uint8Array>>().toExtend<
    Parameters<typeof validateTrainingChunks>[0]
  >();
  expectTypeOf<ValidateTrainingChunksOptions['workers']>().toEqualTypeOf<number | undefined>();
  expectTypeOf<
    Parameters<NonNullable<ValidateTrainingChunksOptions['onProgress']>>[0]
  >().toEqualTypeOf<{ bytes: number; totalBytes: number | undefined; lines: number }>();
});

it('types uploads', () => {
  expectTypeOf(uploadTrainingFile).returns.resolves.toEqualTypeOf<UploadedTrainingFile>();
  expectTypeOf<Parameters<FineTuning['files']['create']>[0]['file']>().toEqualTypeOf<
    Blob | File | string | ReadableStream<Uint8Array>
  >();
});
