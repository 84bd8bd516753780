// The `openai-fine-tuning/node` entry: Node-only helpers that read training files from disk.
export { openTrainingFile } from './open-file.ts';
export { validateTrainingFile } from './validate-file.ts';
export {
  validateTrainingChunks,
  type ValidateTrainingChunksOptions,
} from './validate-chunks.ts';
export type {
  ValidationCheckpoint,
  ValidationCheckpointOptions,
} from './validation-checkpoint.ts';
export {
  uploadFile,
  uploadTrainingFile,
  type UploadFileOptions,
  type UploadTrainingFileOptions,
  type UploadedTrainingFile,
} from './upload-file.ts';
export { nodeWebhookHandler, type NodeWebhookHandlerOptions } from './webhook-handler.ts';
export { InvalidTrainingDataError, isInvalidTrainingDataError } from './errors.ts';
export {
  SourceChangedError,
  UploadExpiredError,
  UploadInterruptedError,
  isSourceChangedError,
  isUploadExpiredError,
  isUploadInterruptedError,
  type UploadResumeState,
} from '../upload/errors.ts';
