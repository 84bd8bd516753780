// The public types of follow and wait.
import { expectTypeOf, test } from 'vitest';
import {
  FineTuning,
  type FineTuningJob,
  type FineTuningJobCheckpoint,
  type FineTuningJobEvent,
  type FollowUpdate,
  type JobProgress,
  type JobStatus,
} from '../../src/index.ts';

const ft = new FineTuning({ apiKey: 'sk-test' });

test('follow yields a union narrowed by type', () => {
  expectTypeOf(ft.jobs.follow('ftjob-1')).toEqualTypeOf<
    AsyncGenerator<FollowUpdate, void, undefined>
  >();
  expectTypeOf<
    Extract<FollowUpdate, { type: 'event' }>['event']
  >().toEqualTypeOf<FineTuningJobEvent>();
  expectTypeOf<Extract<FollowUpdate, { type: 'status' }>['status']>().toEqualTypeOf<JobStatus>();
  expectTypeOf<FollowUpdate['progress']>().toEqualTypeOf<JobProgress>();
  expectTypeOf<FollowUpdate['job']>().toEqualTypeOf<FineTuningJob>();
});

test('wait and bestCheckpoint resolve with API types', () => {
  expectTypeOf(ft.jobs.wait('ftjob-1')).toEqualTypeOf<Promise<FineTuningJob>>();
  expectTypeOf(ft.jobs.bestCheckpoint('ftjob-1')).toEqualTypeOf<
    Promise<FineTuningJobCheckpoint | undefined>
  >();
  // @ts-expect-error not a checkpoint metric
  void ft.jobs.bestCheckpoint('ftjob-1', { metric: 'accuracy' });
  // @ts-expect-error pollInterval is milliseconds, not a string
  void ft.jobs.follow('ftjob-1', { pollInterval: '5s' });
});
