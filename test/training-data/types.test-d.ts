// The public types of the training-data and node entries.
import { expectTypeOf, it } from 'vitest';
import type { FineTuning } from '../../src/index.ts';
import type { UploadedTrainingFile } from '../../src/node/index.ts';
import { uploadTrainingFile } from '../../src/node/index.ts';
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
});

it('types uploads', () => {
  expectTypeOf(uploadTrainingFile).returns.resolves.toEqualTypeOf<UploadedTrainingFile>();
  expectTypeOf<Parameters<FineTuning['files']['create']>[0]['file']>().toEqualTypeOf<Blob | File | string | ReadableStream<Uint8Array>>();
});
