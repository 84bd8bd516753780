// toModernJobRequest: what maps, what is replaced, and what is reported instead of being lost.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidArgumentError, type CreateFineTuningJobRequest } from '../../src/index.ts';
import { toModernJobRequest } from '../../src/legacy/index.ts';

describe('toModernJobRequest', () => {
  it('moves n_epochs, batch_size and learning_rate_multiplier into method.supervised', () => {
    const { request, unmapped, replaced } = toModernJobRequest({
      training_file: 'file-train',
      validation_file: 'file-valid',
      model: 'gpt-3.5-turbo-0613',
      suffix: 'my-model',
      hyperparameters: { n_epochs: 3 },
      batch_size: 8,
      learning_rate_multiplier: 0.05,
    });
    expectTypeOf(request).toEqualTypeOf<CreateFineTuningJobRequest>();
    expect(request).toEqual({
      model: 'gpt-3.5-turbo-0613',
      training_file: 'file-train',
      validation_file: 'file-valid',
      suffix: 'my-model',
      method: {
        type: 'supervised',
        supervised: {
          hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 0.05 },
        },
      },
    });
    expect(unmapped).toEqual([]);
    expect(replaced).toEqual([]);
  });

  it('reports every field with no modern equivalent, with its value and why, and does not send it', () => {
    const { request, unmapped } = toModernJobRequest({
      training_file: 'file-train',
      model: 'babbage-002',
      prompt_loss_weight: 0.1,
      compute_classification_metrics: true,
      classification_n_classes: 3,
      classification_positive_class: ' yes',
      classification_betas: [0.5, 1],
    });
    expect(unmapped.map((n) => [n.field, n.value])).toEqual([
      ['prompt_loss_weight', 0.1],
      ['compute_classification_metrics', true],
      ['classification_n_classes', 3],
      ['classification_positive_class', ' yes'],
      ['classification_betas', [0.5, 1]],
    ]);
    expect(unmapped[0]!.reason).toMatch(/no prompt loss weight/);
    expect(unmapped[1]!.reason).toMatch(/no classification metrics/);
    expect(Object.keys(request).sort()).toEqual(['method', 'model', 'training_file']);
    expect(request.method).toEqual({ type: 'supervised' });
  });

  it('does not report nulls and the default compute_classification_metrics: false (nothing is lost)', () => {
    const { unmapped, request } = toModernJobRequest({
      training_file: 'file-train',
      model: 'babbage-002',
      prompt_loss_weight: null,
      compute_classification_metrics: false,
      classification_betas: null,
      batch_size: null,
      suffix: null,
      validation_file: null,
    });
    expect(unmapped).toEqual([]);
    expect(request).toEqual({
      model: 'babbage-002',
      training_file: 'file-train',
      method: { type: 'supervised' },
    });
  });

  it('reports fields it does not know, at the top level and inside hyperparameters', () => {
    const legacy = {
      training_file: 'file-train',
      model: 'davinci-002',
      hyperparameters: { n_epochs: 2, warmup: 10 },
      user: 'me',
    };
    const { unmapped } = toModernJobRequest(legacy as Parameters<typeof toModernJobRequest>[0]);
    expect(unmapped.map((n) => n.field)).toEqual(['user', 'hyperparameters.warmup']);
  });

  it('replaces the retired base models, the legacy default curie included, and says so', () => {
    const cases: [string | null | undefined, string][] = [
      ['ada', 'babbage-002'],
      ['babbage', 'babbage-002'],
      ['curie', 'davinci-002'],
      ['davinci', 'davinci-002'],
      [null, 'davinci-002'],
      [undefined, 'davinci-002'],
    ];
    for (const [model, expected] of cases) {
      const { request, replaced } = toModernJobRequest({ training_file: 'file-train', model });
      expect(request.model, String(model)).toBe(expected);
      expect(replaced).toHaveLength(1);
      expect(replaced[0]).toMatchObject({ field: 'model', value: model ?? null });
      expect(replaced[0]!.reason).toContain(expected);
    }
  });

  it('takes options.model over the legacy one, and reports the change', () => {
    const { request, replaced } = toModernJobRequest(
      { training_file: 'f', model: 'curie' },
      { model: 'gpt-4o-mini-2024-07-18' },
    );
    expect(request.model).toBe('gpt-4o-mini-2024-07-18');
    expect(replaced).toEqual([
      {
        field: 'model',
        value: 'curie',
        reason: 'replaced by options.model (gpt-4o-mini-2024-07-18)',
      },
    ]);
  });

  it('accepts n_epochs at the top level (older legacy bodies) and refuses two that disagree', () => {
    expect(
      toModernJobRequest({ training_file: 'f', model: 'babbage-002', n_epochs: 'auto' }).request
        .method,
    ).toEqual({
      type: 'supervised',
      supervised: { hyperparameters: { n_epochs: 'auto' } },
    });
    expect(() =>
      toModernJobRequest({ training_file: 'f', n_epochs: 2, hyperparameters: { n_epochs: 4 } }),
    ).toThrow(/`n_epochs` \(2\) and `hyperparameters.n_epochs` \(4\) disagree/);
  });

  it('refuses what it cannot convert, saying what to do', () => {
    expect(() =>
      toModernJobRequest({ training_file: 'f', model: 'curie:ft-acme-2023-01-01-00-00-00' }),
    ).toThrow(/made by the legacy API.*Pass a current base model/);
    expect(() => toModernJobRequest({ training_file: '' })).toThrow(InvalidArgumentError);
    expect(() => toModernJobRequest(null as never)).toThrow(/takes the legacy create body/);
    expect(() => toModernJobRequest({ training_file: 'f' }, { model: ' ' })).toThrow(
      /options.model/,
    );
    expect(() => toModernJobRequest({ training_file: 'f', hyperparameters: 4 as never })).toThrow(
      /hyperparameters/,
    );
  });

  it('strict: throws listing the unmapped fields instead of returning them', () => {
    expect(() =>
      toModernJobRequest({ training_file: 'f', prompt_loss_weight: 0.2 }, { strict: true }),
    ).toThrow(/1 field\(s\) with no modern equivalent: prompt_loss_weight/);
    expect(
      toModernJobRequest({ training_file: 'f', model: 'babbage-002' }, { strict: true }).unmapped,
    ).toEqual([]);
  });
});
