// Picking the best checkpoint by a metric, from a list or from a job's checkpoints over HTTP.
import { describe, expect, it } from 'vitest';
import { bestCheckpoint, FineTuning, InvalidArgumentError } from '../../src/index.ts';
import { checkpointFixture } from '../helpers/jobs.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const checkpoints = [
  checkpointFixture(100, {
    step: 100,
    train_loss: 0.9,
    valid_loss: 1.1,
    full_valid_loss: 1.05,
    valid_mean_token_accuracy: 0.7,
  }),
  checkpointFixture(200, {
    step: 200,
    train_loss: 0.5,
    valid_loss: 0.8,
    full_valid_loss: 0.95,
    valid_mean_token_accuracy: 0.78,
  }),
  checkpointFixture(300, {
    step: 300,
    train_loss: 0.2,
    valid_loss: 0.9,
    full_valid_loss: 0.97,
    valid_mean_token_accuracy: 0.75,
  }),
];

describe('bestCheckpoint', () => {
  it('picks the lowest full_valid_loss by default', () => {
    expect(bestCheckpoint(checkpoints)?.step_number).toBe(200);
  });

  it('minimises losses and maximises accuracies unless told otherwise', () => {
    expect(bestCheckpoint(checkpoints, { metric: 'train_loss' })?.step_number).toBe(300);
    expect(bestCheckpoint(checkpoints, { metric: 'valid_mean_token_accuracy' })?.step_number).toBe(
      200,
    );
    expect(bestCheckpoint(checkpoints, { metric: 'train_loss', goal: 'max' })?.step_number).toBe(
      100,
    );
  });

  it('falls back to valid_loss, then train_loss, when no checkpoint has full_valid_loss', () => {
    const noFull = [
      checkpointFixture(1, { train_loss: 0.3, valid_loss: 0.9 }),
      checkpointFixture(2, { train_loss: 0.6, valid_loss: 0.7 }),
    ];
    expect(bestCheckpoint(noFull)?.step_number).toBe(2);
    const trainOnly = [
      checkpointFixture(1, { train_loss: 0.3 }),
      checkpointFixture(2, { train_loss: 0.6 }),
    ];
    expect(bestCheckpoint(trainOnly)?.step_number).toBe(1);
  });

  it('prefers the later step on a tie, skips checkpoints without the metric, and gives undefined when none has it', () => {
    const tie = [
      checkpointFixture(1, { valid_loss: 0.5 }),
      checkpointFixture(3, {}),
      checkpointFixture(2, { valid_loss: 0.5 }),
    ];
    expect(bestCheckpoint(tie, { metric: 'valid_loss' })?.step_number).toBe(2);
    expect(bestCheckpoint([checkpointFixture(1, {})])).toBeUndefined();
    expect(bestCheckpoint([])).toBeUndefined();
  });

  it('rejects an unknown metric or goal with the allowed values', () => {
    expect(() => bestCheckpoint(checkpoints, { metric: 'loss' as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => bestCheckpoint(checkpoints, { metric: 'loss' as never })).toThrow(
      /metric must be one of step, train_loss, .*; got "loss"/,
    );
    expect(() => bestCheckpoint(checkpoints, { goal: 'lowest' as never })).toThrow(
      /goal must be 'min' or 'max'; got "lowest"/,
    );
  });

  it('ft.jobs.bestCheckpoint reads every page of the job checkpoints', async () => {
    const ft = new FineTuning({ apiKey: 'sk-test', baseUrl: BASE_URL });
    const path = '/v1/fine_tuning/jobs/ftjob-1/checkpoints';
    nock(BASE)
      .get(path)
      .query({ limit: '100' })
      .reply(200, { object: 'list', data: checkpoints.slice(0, 2), has_more: true });
    nock(BASE)
      .get(path)
      .query({ limit: '100', after: 'ftckpt-200' })
      .reply(200, { object: 'list', data: checkpoints.slice(2), has_more: false });
    const best = await ft.jobs.bestCheckpoint('ftjob-1', { metric: 'valid_loss' });
    expect(best?.fine_tuned_model_checkpoint).toBe('ft:gpt-4o-mini-2024-07-18:org::ckpt-step-200');
  });
});
