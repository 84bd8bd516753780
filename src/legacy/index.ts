// The `openai-fine-tuning/legacy` entry: the deprecated /fine-tunes API and the way off it.
export {
  LegacyFineTunes,
  type LegacyClientOptions,
  type LegacyListEventsParams,
} from './client.ts';
export { LegacyEventStream, type EventStreamOptions } from './event-stream.ts';
export { EventStreamError, isEventStreamError } from './errors.ts';
export {
  toModernJobRequest,
  type ModernJobRequest,
  type MigrationNote,
  type LegacyCreateRequest,
} from './migrate.ts';
export {
  toChatExample,
  toChatExamples,
  type ChatExample,
  type CompletionExample,
  type ToChatOptions,
} from './convert.ts';
export type {
  CreateFineTuneRequest,
  FineTune,
  FineTuneEvent,
  ListFineTuneEventsResponse,
  ListFineTunesResponse,
} from './types.ts';
