// The `openai-fine-tuning/training-data` entry: validate JSONL training files before uploading.
// It lives apart from the main entry because it depends on a tokenizer (gpt-tokenizer).
export { validateTrainingData } from './validate.ts';
export type { ValidateTrainingDataOptions, TrainingDataProgress } from './options.ts';
export { UnreadableTrainingDataError, isUnreadableTrainingDataError } from './errors.ts';
export { referencedFields } from './reinforcement.ts';
export { defaultEpochs } from './billing.ts';
export { encodingFor, tokenLimitFor, type Encoding } from './tokens.ts';
export type { TrainingDataSource } from './source.ts';
export type { EstimateReason } from './estimates.ts';
export type {
  BillingEstimate,
  IssueCode,
  MessageStats,
  TokenStats,
  TrainingDataIssue,
  TrainingDataReport,
  TrainingMethod,
  TrainingMethodName,
} from './report.ts';
