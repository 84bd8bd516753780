// The billed-token estimate. Supervised and preference jobs are billed per training token:
// each example's tokens (capped at the model's limit) times the number of epochs. Without an
// explicit `n_epochs`, the API picks epochs from the example count; this mirrors the rule OpenAI
// publishes in its data-preparation guide (aim for ~3 passes, at least 100 and at most 25,000
// example visits, between 1 and 25 epochs).
import type { BillingEstimate, TrainingMethod } from './report.ts';

/** The epochs the API picks for `n_epochs: 'auto'` from the number of examples. */
export function defaultEpochs(examples: number): number {
  if (examples <= 0) return 3;
  if (examples * 3 < 100) return Math.min(25, Math.floor(100 / examples));
  if (examples * 3 > 25_000) return Math.max(1, Math.floor(25_000 / examples));
  return 3;
}

export function estimateBilling(
  method: TrainingMethod,
  examples: number,
  tokensPerEpoch: number,
  epochs: number | undefined,
): BillingEstimate {
  const chosen = epochs ?? defaultEpochs(examples);
  const epochsSource = epochs === undefined ? 'auto' : 'given';
  if (method === 'reinforcement') {
    return {
      epochs: chosen,
      epochsSource,
      tokensPerEpoch,
      estimatedBilledTokens: null,
      note: 'Reinforcement fine-tuning is billed by training time, not tokens; tokensPerEpoch counts prompt tokens only.',
    };
  }
  return {
    epochs: chosen,
    epochsSource,
    tokensPerEpoch,
    estimatedBilledTokens: tokensPerEpoch * chosen,
    note:
      method === 'dpo'
        ? 'Counts the input and both outputs of each pair; an estimate, the API reports trained_tokens on the job.'
        : 'An estimate from the same token counting OpenAI publishes; the API reports trained_tokens on the job.',
  };
}
