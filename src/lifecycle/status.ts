import type { FineTuningJob } from '../../generated/types.gen.ts';

/**
 * A job's status. The API also reports `paused` (after `jobs.pause`), which the published spec's
 * enum does not list yet, so it is added here; Azure OpenAI also reports `pending` (a new job) and
 * `pausing` (after a pause), neither of which is finished.
 */
export type JobStatus = FineTuningJob['status'] | 'paused' | 'pending' | 'pausing';

const TERMINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Whether the job will not change any more. Any other status, including ones this package does
 * not know yet, counts as still alive: a new status must not end a stream early.
 */
export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}
