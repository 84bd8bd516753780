// The `openai-fine-tuning/training-data` entry: validate JSONL training files before uploading.
// It lives apart from the main entry because it depends on a tokenizer (gpt-tokenizer).
export { validateTrainingData, type ValidateTrainingDataOptions } from './validate.ts';
export { UnreadableTrainingDataError } from './errors.ts';
export { referencedFields } from './reinforcement.ts';
export { defaultEpochs } from './billing.ts';
export { encodingFor, tokenLimitFor, type Encoding } from './tokens.ts';
export type { TrainingDataSource } from './source.ts';
export type {
  BillingEstimate,
  IssueCode,
  TokenStats,
  TrainingDataIssue,
  TrainingDataReport,
  TrainingMethod,
} from './report.ts';
