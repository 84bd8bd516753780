// `jobs.bestCheckpoint`: reads a job's checkpoints and picks the best. Loaded on first use (the
// main entry exports `bestCheckpoint`, so it loads at start; this does not).
import type { FineTuningJobCheckpoint } from '../../generated/types.gen.ts';
import { bestCheckpoint, type BestCheckpointOptions } from './best-checkpoint.ts';

/** The call `findBestCheckpoint` needs; `ft.jobs` has it. */
export interface CheckpointSource {
  listCheckpoints(
    jobId: string,
    params?: { after?: string; limit?: number },
    options?: { signal?: AbortSignal | undefined },
  ): PromiseLike<{ data: FineTuningJobCheckpoint[]; has_more: boolean }>;
}

/** A bound on pages read, so a listing that never ends cannot hang the call. */
const MAX_PAGES = 100;

/** Reads every checkpoint of a job (following `after`) and picks the best one. */
export async function findBestCheckpoint(
  jobs: CheckpointSource,
  jobId: string,
  options: BestCheckpointOptions & { signal?: AbortSignal | undefined } = {},
): Promise<FineTuningJobCheckpoint | undefined> {
  const all: FineTuningJobCheckpoint[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await jobs.listCheckpoints(
      jobId,
      { ...(after ? { after } : {}), limit: 100 },
      { signal: options.signal },
    );
    all.push(...page.data);
    const last = page.data.at(-1)?.id;
    if (!page.has_more || last === undefined || last === after) break;
    after = last;
  }
  return bestCheckpoint(all, options);
}
