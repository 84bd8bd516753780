import type { FineTuningJobEvent } from '../../generated/types.gen.ts';

/** One page of events, newest first, as `jobs.listEvents` gives it. */
export interface EventPage {
  data: FineTuningJobEvent[];
  has_more: boolean;
}

/** Fetches the page of events older than `after` (the newest page when `after` is undefined). */
export type FetchEventPage = (after: string | undefined) => PromiseLike<EventPage>;

/** A safety bound on pages read in one poll, so a server that never ends a listing cannot hang us. */
export const MAX_PAGES_PER_POLL = 1_000;

/**
 * The events not seen before, oldest first.
 *
 * The API lists events newest first and pages backwards with `after`. Reading from the newest page
 * down until the first event already seen gives exactly what happened since the last poll, however
 * the pages and polls overlap; an event repeated within the read (a page boundary that shifted
 * because new events arrived meanwhile) is kept once. `seen` is not changed: the caller marks the
 * events seen once the whole read succeeded, so a failed read is simply repeated.
 */
export async function readNewEvents(
  fetchPage: FetchEventPage,
  seen: ReadonlySet<string>,
): Promise<FineTuningJobEvent[]> {
  const fresh: FineTuningJobEvent[] = [];
  const ids = new Set<string>();
  let after: string | undefined;
  for (let pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
    const page = await fetchPage(after);
    for (const event of page.data) {
      if (seen.has(event.id)) return fresh.reverse();
      if (ids.has(event.id)) continue;
      ids.add(event.id);
      fresh.push(event);
    }
    const last = page.data.at(-1)?.id;
    // An empty page or a cursor that does not move would repeat the same request forever.
    if (!page.has_more || last === undefined || last === after) break;
    after = last;
  }
  return fresh.reverse();
}

/** How many event ids `follow` remembers. */
export const SEEN_WINDOW = 10_000;

/**
 * Marks events seen, forgetting the oldest ids beyond `max`. A read stops at the newest event
 * already seen, so only recent ids matter; the window keeps memory flat on a job with a very long
 * history, while leaving ample room for a listing whose order wobbles.
 */
export function markSeen(
  seen: Set<string>,
  events: readonly FineTuningJobEvent[],
  max = SEEN_WINDOW,
): void {
  for (const event of events) {
    seen.delete(event.id); // re-adding moves it to the newest end
    seen.add(event.id);
  }
  for (const id of seen) {
    if (seen.size <= max) break;
    seen.delete(id);
  }
}
