// The simulated training curve: deterministic, shaped by the hyperparameters, with the result
// file's columns and cadence of a real job (full validation at epoch ends only).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLoss, metricsAt, RESULT_COLUMNS, toCsv } from '../../src/testing/metrics.ts';
import { TRAINING_JSONL, useLocalServer } from '../helpers/local-server.ts';

const shape = (over: Partial<Parameters<typeof metricsAt>[1]> = {}) => ({
  totalSteps: 30,
  stepsPerEpoch: 10,
  learningRateMultiplier: 1,
  batchSize: 1,
  seed: 42,
  withValidation: true,
  ...over,
});

describe('metricsAt', () => {
  it('gives the same rows for the same seed and different noise for another', () => {
    const a = Array.from({ length: 30 }, (_, i) => metricsAt(i + 1, shape()));
    const b = Array.from({ length: 30 }, (_, i) => metricsAt(i + 1, shape()));
    const c = Array.from({ length: 30 }, (_, i) => metricsAt(i + 1, shape({ seed: 43 })));
    expect(a).toEqual(b);
    expect(a.map((r) => r.train_loss)).not.toEqual(c.map((r) => r.train_loss));
  });

  it('measures the full validation set at the end of each epoch only', () => {
    const rows = Array.from({ length: 30 }, (_, i) => metricsAt(i + 1, shape()));
    expect(rows.filter((r) => r.full_valid_loss !== undefined).map((r) => r.step)).toEqual([
      10, 20, 30,
    ]);
    expect(rows.every((r) => r.valid_loss !== undefined)).toBe(true);
    const none = metricsAt(10, shape({ withValidation: false }));
    expect(Object.keys(none).sort()).toEqual(['step', 'train_loss', 'train_mean_token_accuracy']);
  });

  it('makes a middling learning rate end with the lowest validation loss after 3 epochs', () => {
    const end = (lr: number) => cleanLoss(3, lr, 1);
    expect(end(1).valid).toBeLessThan(end(0.3).valid);
    expect(end(1).valid).toBeLessThan(end(4).valid);
    // A higher rate still fits the training data more closely: the gap is overfitting.
    expect(end(4).train).toBeLessThan(end(1).train);
  });

  it('damps the noise with a larger batch', () => {
    const spread = (batchSize: number) => {
      const rows = Array.from({ length: 200 }, (_, i) =>
        metricsAt(i + 1, shape({ batchSize, totalSteps: 200, stepsPerEpoch: 200 })),
      );
      const clean = rows.map((r) => cleanLoss(r.step / 200, 1, batchSize).train);
      return Math.max(...rows.map((r, i) => Math.abs(r.train_loss / clean[i]! - 1)));
    };
    expect(spread(16)).toBeLessThan(spread(1) / 2);
  });

  it('keeps every value finite, losses positive and accuracies in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (step, perEpoch, lr, batchSize, seed) => {
          const r = metricsAt(step, {
            totalSteps: 500,
            stepsPerEpoch: perEpoch,
            learningRateMultiplier: lr,
            batchSize,
            seed,
            withValidation: true,
          });
          for (const v of [r.train_loss, r.valid_loss!]) expect(v).toBeGreaterThan(0);
          for (const v of [r.train_mean_token_accuracy, r.valid_mean_token_accuracy!]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes the result file with the real columns, leaving unmeasured values empty', () => {
    const csv = toCsv([metricsAt(1, shape()), metricsAt(10, shape())])
      .trim()
      .split('\n');
    expect(csv[0]).toBe(RESULT_COLUMNS.join(','));
    expect(csv[1]!.split(',')).toHaveLength(8);
    expect(csv[1]!.split(',').slice(6)).toEqual(['', '']);
    expect(
      csv[2]!
        .split(',')
        .slice(6)
        .every((v) => v !== ''),
    ).toBe(true);
  });
});

describe('an offline sweep on the local server', () => {
  const ctx = useLocalServer();

  it('ends with different losses for different learning rates, and a meaningful best', async () => {
    const training = await ctx.ft.files.create({
      file: TRAINING_JSONL,
      filename: 't.jsonl',
      purpose: 'fine-tune',
    });
    const validation = await ctx.ft.files.create({
      file: TRAINING_JSONL,
      filename: 'v.jsonl',
      purpose: 'fine-tune',
    });
    const jobs = [];
    for (const lr of [0.3, 1, 4]) {
      jobs.push(
        await ctx.ft.jobs.create({
          model: 'gpt-4o-mini',
          training_file: training.id,
          validation_file: validation.id,
          seed: 1,
          hyperparameters: { n_epochs: 3, learning_rate_multiplier: lr },
        }),
      );
    }
    ctx.server.settle();
    const finalValid = [];
    for (const job of jobs) {
      const done = await ctx.ft.jobs.retrieve(job.id);
      expect(done.status).toBe('succeeded');
      const csv = atob(await (await ctx.ft.files.content(done.result_files[0]!)).text());
      const last = csv.trim().split('\n').at(-1)!.split(',');
      finalValid.push(Number(last[6]));
    }
    expect(new Set(finalValid).size).toBe(3);
    expect(Math.min(...finalValid)).toBe(finalValid[1]);
  });
});
