// Progress from metric events and job status: fraction, step, latest losses, estimated finish.
import { describe, expect, it } from 'vitest';
import { initialProgress, withEvent, withJob } from '../../src/lifecycle/progress.ts';
import { eventFixture, jobFixture } from '../helpers/jobs.ts';

describe('progress', () => {
  it('starts unknown', () => {
    expect(initialProgress()).toEqual({
      status: 'validating_files',
      step: undefined,
      totalSteps: undefined,
      fraction: undefined,
      trainLoss: undefined,
      validLoss: undefined,
      fullValidLoss: undefined,
      metrics: {},
      estimatedFinish: undefined,
    });
  });

  it('takes step, total steps and losses from metric events, keeping the latest of each metric', () => {
    let p = withJob(initialProgress(), jobFixture('ftjob-1', 'running'));
    p = withEvent(
      p,
      eventFixture(1, 'Step 10/40', {
        step: 10,
        total_steps: 40,
        train_loss: 1.5,
        valid_loss: 1.7,
        train_mean_token_accuracy: 0.6,
      }),
    );
    p = withEvent(
      p,
      eventFixture(2, 'Step 20/40', {
        step: 20,
        total_steps: 40,
        train_loss: 1.2,
        train_mean_token_accuracy: 0.7,
      }),
    );
    expect(p).toMatchObject({
      status: 'running',
      step: 20,
      totalSteps: 40,
      fraction: 0.5,
      trainLoss: 1.2,
      validLoss: 1.7,
      fullValidLoss: undefined,
    });
    expect(p.metrics).toEqual({
      step: 20,
      total_steps: 40,
      train_loss: 1.2,
      valid_loss: 1.7,
      train_mean_token_accuracy: 0.7,
    });
  });

  it('ignores message events and non-numeric metric values, returning the same object', () => {
    const p = withEvent(
      initialProgress('running'),
      eventFixture(1, 'Step 5/10', { step: 5, total_steps: 10 }),
    );
    expect(withEvent(p, eventFixture(2, 'Job started'))).toBe(p);
    const odd = withEvent(
      p,
      eventFixture(3, 'odd', { step: 'six', train_loss: Number.NaN, valid_loss: null }),
    );
    expect(odd).toMatchObject({ step: 5, trainLoss: undefined, validLoss: undefined });
  });

  it('clamps the fraction to [0, 1] and leaves it unknown without total steps', () => {
    const over = withEvent(
      initialProgress('running'),
      eventFixture(1, 'x', { step: 12, total_steps: 10 }),
    );
    expect(over.fraction).toBe(1);
    const noTotal = withEvent(initialProgress('running'), eventFixture(1, 'x', { step: 3 }));
    expect(noTotal.fraction).toBeUndefined();
  });

  it('is done once the job succeeded, and reads estimated_finish as a Date', () => {
    const running = withJob(
      initialProgress(),
      jobFixture('ftjob-1', 'running', { estimated_finish: 1721770000 }),
    );
    expect(running.estimatedFinish).toEqual(new Date(1721770000 * 1000));
    expect(
      withJob(running, jobFixture('ftjob-1', 'running', { estimated_finish: 1721770000 })),
    ).toBe(running);
    const done = withJob(running, jobFixture('ftjob-1', 'succeeded', { estimated_finish: null }));
    expect(done).toMatchObject({ status: 'succeeded', fraction: 1, estimatedFinish: undefined });
  });
});
