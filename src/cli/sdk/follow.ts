// Lifecycle adapter: following a job, through the SDK's `ft.jobs.follow` (adaptive polling is
// replaced by the CLI's fixed interval; transient poll failures are retried by the SDK; an abort
// ends the stream without throwing).
import type { FollowUpdate } from '../../lifecycle/follow.ts';
import type { FineTuning } from './client.ts';

export type { FollowUpdate } from '../../lifecycle/follow.ts';
export type { JobProgress } from '../../lifecycle/progress.ts';
export { isTerminal } from '../../lifecycle/status.ts';

export interface FollowJobOptions {
  signal: AbortSignal;
  intervalMs: number;
}

export function followJob(
  ft: FineTuning,
  jobId: string,
  o: FollowJobOptions,
): AsyncGenerator<FollowUpdate, void, undefined> {
  return ft.jobs.follow(jobId, { signal: o.signal, pollInterval: o.intervalMs });
}
