// The training-data entry's door for the package's other entries (docs/architecture.md, "Walls
// between entries"): the validation engine that `openai-fine-tuning/node` runs on worker threads
// and the local server runs on uploads. Not a public entry: it may change with any release.
export { checkBatch, checkTooLong, ReportMerger, type BatchResult } from './batch.ts';
export { Batcher, type Batch } from './batches.ts';
export type { CheckConfig } from './check.ts';
export { resolveOptions, type ResolvedValidateOptions } from './options.ts';
export { reportOnSpan } from './report-span.ts';
export { toChunks } from './source.ts';
export { loadCounter } from './tokens.ts';
export { validateUntraced } from './validate.ts';
