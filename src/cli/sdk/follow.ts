// Lifecycle adapter: following a job. The types mirror the SDK's `FollowUpdate` and `JobProgress`
// (lifecycle helpers); when `ft.jobs.follow` is in the SDK, this file re-exports those types and
// `followJob` becomes `ft.jobs.follow(jobId, { signal, pollInterval: intervalMs })`. Until then it
// polls `retrieve` and `listEvents` itself, with the same update shape.
import type { FineTuningJob, FineTuningJobEvent } from '../../../generated/types.gen.ts';
import type { FineTuning } from './client.ts';
import { eachItem } from './lists.ts';

export interface JobProgress {
  status: string;
  step: number | undefined;
  totalSteps: number | undefined;
  fraction: number | undefined;
  trainLoss: number | undefined;
  validLoss: number | undefined;
  fullValidLoss: number | undefined;
  estimatedFinish: Date | undefined;
  metrics: Readonly<Record<string, number>>;
}

export type FollowUpdate =
  | { type: 'event'; event: FineTuningJobEvent; job: FineTuningJob; progress: JobProgress }
  | { type: 'status'; status: string; previous: string | undefined; job: FineTuningJob; progress: JobProgress };

export interface FollowJobOptions {
  signal: AbortSignal;
  intervalMs: number;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
export const isTerminal = (status: string): boolean => TERMINAL.has(status);

function withEvent(p: JobProgress, event: FineTuningJobEvent): JobProgress {
  const data = event.type === 'metrics' ? (event.data as Record<string, unknown> | undefined) : undefined;
  if (!data) return p;
  const num = (k: string) => (typeof data[k] === 'number' && Number.isFinite(data[k]) ? (data[k] as number) : undefined);
  const metrics: Record<string, number> = { ...p.metrics };
  for (const key of Object.keys(data)) if (num(key) !== undefined) metrics[key] = num(key)!;
  const step = num('step') ?? p.step;
  const totalSteps = num('total_steps') ?? p.totalSteps;
  return {
    ...p,
    step,
    totalSteps,
    fraction: step !== undefined && totalSteps ? Math.min(1, step / totalSteps) : p.fraction,
    metrics,
    trainLoss: num('train_loss'),
    validLoss: num('valid_loss'),
    fullValidLoss: num('full_valid_loss'),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export async function* followJob(ft: FineTuning, jobId: string, o: FollowJobOptions): AsyncGenerator<FollowUpdate, void, undefined> {
  const seen = new Set<string>();
  let progress: JobProgress = {
    status: 'validating_files',
    step: undefined,
    totalSteps: undefined,
    fraction: undefined,
    trainLoss: undefined,
    validLoss: undefined,
    fullValidLoss: undefined,
    estimatedFinish: undefined,
    metrics: {},
  };
  let previous: string | undefined;
  while (!o.signal.aborted) {
    const job = await ft.jobs.retrieve(jobId, { signal: o.signal });
    const fresh: FineTuningJobEvent[] = [];
    // Events come newest first: read back to the first one already seen.
    for await (const event of eachItem((after) => ft.jobs.listEvents(jobId, { limit: 100, ...(after ? { after } : {}) }, { signal: o.signal }))) {
      if (seen.has(event.id)) break;
      fresh.push(event);
    }
    const finish = typeof job.estimated_finish === 'number' && job.estimated_finish > 0 ? new Date(job.estimated_finish * 1000) : undefined;
    progress = { ...progress, status: job.status, estimatedFinish: finish };
    for (const event of fresh.reverse()) {
      seen.add(event.id);
      progress = withEvent(progress, event);
      yield { type: 'event', event, job, progress };
    }
    if (job.status !== previous) yield { type: 'status', status: job.status, previous, job, progress };
    previous = job.status;
    if (isTerminal(job.status)) return;
    await sleep(o.intervalMs, o.signal);
  }
}
