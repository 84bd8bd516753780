// The legacy generated types under names that carry the deprecation and the modern replacement.
import type * as Legacy from '../../generated/legacy/types.gen.ts';

/** The body of a legacy `POST /fine-tunes`.
 * @deprecated The legacy /fine-tunes API is deprecated; use `CreateFineTuningJobRequest` (see `toModernJobRequest`). */
export type CreateFineTuneRequest = Legacy.CreateFineTuneRequest;
/** A legacy fine-tune.
 * @deprecated The legacy /fine-tunes API is deprecated; use `FineTuningJob` from `FineTuning#jobs`. */
export type FineTune = Legacy.FineTune;
/** One event of a legacy fine-tune.
 * @deprecated The legacy /fine-tunes API is deprecated; use `FineTuningJobEvent` from `FineTuning#jobs.listEvents()`. */
export type FineTuneEvent = Legacy.FineTuneEvent;
/** The events of a legacy fine-tune.
 * @deprecated The legacy /fine-tunes API is deprecated; use `ListFineTuningJobEventsResponse`. */
export type ListFineTuneEventsResponse = Legacy.ListFineTuneEventsResponse;
/** The list of legacy fine-tunes.
 * @deprecated The legacy /fine-tunes API is deprecated; use `ListPaginatedFineTuningJobsResponse`. */
export type ListFineTunesResponse = Legacy.ListFineTunesResponse;
