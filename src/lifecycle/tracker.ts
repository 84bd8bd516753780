// What `follow` and `watch` keep per job: the events already seen, the job as last seen and its
// progress; and turning a fresh look at the job (plus its new events) into updates, in order.
import type { FineTuningJob, FineTuningJobEvent } from '../../generated/types.gen.ts';
import type { RequestOptions } from '../calls/call.ts';
import { markSeen, readNewEvents, type EventPage } from './new-events.ts';
import { completed, initialProgress, withEvent, withJob, type JobProgress } from './progress.ts';
import type { JobStatus } from './status.ts';

/** Reads a page of a job's events (`ft.jobs.listEvents`). */
export interface EventLister {
  listEvents(
    jobId: string,
    params?: { after?: string; limit?: number },
    options?: RequestOptions,
  ): PromiseLike<EventPage>;
}

/** A new event of the job, in the order the job emitted it. */
export interface EventUpdate {
  type: 'event';
  event: FineTuningJobEvent;
  /** The job as last retrieved. */
  job: FineTuningJob;
  /** Progress including this event. */
  progress: JobProgress;
}

/** The job's status changed (the first update of a stream reports the status it started in). */
export interface StatusUpdate {
  type: 'status';
  status: JobStatus;
  /** The status before, undefined for the first update. */
  previous: JobStatus | undefined;
  job: FineTuningJob;
  progress: JobProgress;
}

/** One update from `jobs.follow`: a new event, or a status change. */
export type FollowUpdate = EventUpdate | StatusUpdate;

export class JobTracker {
  readonly jobId: string;
  readonly #history: boolean;
  readonly #seen = new Set<string>();
  #first = true;
  /** The job as last seen; undefined before the first look. */
  job: FineTuningJob | undefined;
  progress: JobProgress = initialProgress();

  /** `history`: whether the events from before the first look are reported (they count towards progress either way). */
  constructor(jobId: string, history: boolean) {
    this.jobId = jobId;
    this.#history = history;
  }

  /** The events not reported yet, oldest first; nothing is marked seen until `absorb`. */
  newEvents(
    source: EventLister,
    pageSize: number,
    request: RequestOptions,
  ): Promise<FineTuningJobEvent[]> {
    return readNewEvents(
      (after) =>
        source.listEvents(this.jobId, { ...(after ? { after } : {}), limit: pageSize }, request),
      this.#seen,
    );
  }

  /**
   * Whether the job moved since it was last seen: its status, or what it reports of its progress
   * (estimated finish, trained tokens, model, error). A job that did not move has no new events
   * worth a request.
   */
  moved(current: FineTuningJob): boolean {
    const last = this.job;
    return (
      last === undefined ||
      last.status !== current.status ||
      last.estimated_finish !== current.estimated_finish ||
      last.trained_tokens !== current.trained_tokens ||
      last.fine_tuned_model !== current.fine_tuned_model ||
      last.finished_at !== current.finished_at ||
      (last.error?.message ?? null) !== (current.error?.message ?? null)
    );
  }

  /**
   * Takes a fresh look at the job and its new events, and gives the updates they make: each event
   * (unless it came before the first look and history is off), then the status if it changed.
   */
  *absorb(
    current: FineTuningJob,
    fresh: readonly FineTuningJobEvent[],
  ): Generator<FollowUpdate, void, undefined> {
    markSeen(this.#seen, fresh);
    const previous = this.job?.status as JobStatus | undefined;
    const job = current;
    this.job = current;
    this.progress = withJob(this.progress, current);
    const report = !this.#first || this.#history;
    this.#first = false;
    for (const event of fresh) {
      this.progress = withEvent(this.progress, event);
      if (report) yield { type: 'event', event, job, progress: this.progress };
    }
    // A succeeded job is done once every event of the look is in (fraction 1).
    this.progress = completed(this.progress);
    if (current.status !== previous)
      yield {
        type: 'status',
        status: current.status as JobStatus,
        previous,
        job,
        progress: this.progress,
      };
  }
}
