// The legacy generated types under names that carry the deprecation and the modern replacement.
import type * as Legacy from '../../generated/legacy/types.gen.ts';

/** @deprecated The legacy /fine-tunes API is deprecated; use `CreateFineTuningJobRequest` (see `toModernJobRequest`). */
export type CreateFineTuneRequest = Legacy.CreateFineTuneRequest;
/** @deprecated The legacy /fine-tunes API is deprecated; use `FineTuningJob` from `FineTuning#jobs`. */
export type FineTune = Legacy.FineTune;
/** @deprecated The legacy /fine-tunes API is deprecated; use `FineTuningJobEvent` from `FineTuning#jobs.listEvents()`. */
export type FineTuneEvent = Legacy.FineTuneEvent;
/** @deprecated The legacy /fine-tunes API is deprecated; use `ListFineTuningJobEventsResponse`. */
export type ListFineTuneEventsResponse = Legacy.ListFineTuneEventsResponse;
/** @deprecated The legacy /fine-tunes API is deprecated; use `ListPaginatedFineTuningJobsResponse`. */
export type ListFineTunesResponse = Legacy.ListFineTunesResponse;
